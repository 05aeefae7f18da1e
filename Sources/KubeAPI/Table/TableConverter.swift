import Foundation

/// Turns objects into the `meta.k8s.io/v1` Table kube-apiserver 1.32 serves when kubectl asks for
/// `application/json;as=Table;v=v1;g=meta.k8s.io`: the same columns, the same cells (computed at `now`,
/// wide ones included) and rows that carry each object's metadata.
///
/// Built-in kinds use kube-apiserver's printers; built-in kinds without one (Role, ClusterRole, LimitRange,
/// CustomResourceDefinition) get its default NAME / CREATED AT table; custom resources get NAME and the
/// definition's `additionalPrinterColumns` (AGE when it declares none).
///
/// ```swift
/// let table = TableConverter.table(for: pods, type: podType, resourceVersion: "42", now: Date())
/// print(HumanReadablePrinter().print(table: table))
/// ```
public enum TableConverter {
    /// The column definitions for a type. `printerColumns` are a custom resource's declared columns
    /// (``CustomResourceColumn/columns(fromDefinition:version:)``); built-in types ignore them.
    public static func columns(for type: ResourceType, printerColumns: [CustomResourceColumn]? = nil) -> [TableColumn] {
        columns(of: printer(for: type, printerColumns: printerColumns))
    }

    /// One object's cells, one per column of ``columns(for:printerColumns:)``.
    public static func cells(
        for object: KubeObject, type: ResourceType, printerColumns: [CustomResourceColumn]? = nil, now: Date
    ) -> [JSONValue] {
        cells(for: object, printer: printer(for: type, printerColumns: printerColumns), now: now)
    }

    /// The Table for a list (or, with one object and its resourceVersion, for a single get), as kube-apiserver
    /// serializes it.
    public static func table(
        for objects: [KubeObject], type: ResourceType, printerColumns: [CustomResourceColumn]? = nil,
        resourceVersion: String, includeObject: TableObjectInclusion = .metadata, now: Date
    ) -> JSONValue {
        let printer = printer(for: type, printerColumns: printerColumns)
        var objects = objects
        if case .kind(let table) = printer, let order = table.rowOrder { objects.sort(by: order) }
        let rows = objects.map { object -> JSONValue in
            var row: [String: JSONValue] = ["cells": .array(cells(for: object, printer: printer, now: now))]
            if case .kind(let table) = printer, let conditions = table.conditions(object) {
                row["conditions"] = conditions
            }
            switch includeObject {
            case .none: row["object"] = .null
            case .metadata:
                row["object"] = [
                    "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": object.metadata,
                ]
            case .object: row["object"] = object.json
            }
            return .object(row)
        }
        // The default table builds its rows by appending, so an empty list serializes as null.
        let rowsValue: JSONValue = if case .objectMeta = printer, objects.isEmpty { .null } else { .array(rows) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "metadata": resourceVersion.isEmpty ? .emptyObject : ["resourceVersion": .string(resourceVersion)],
            "columnDefinitions": .array(columns(of: printer).map(\.json)),
            "rows": rowsValue,
        ]
    }

    // MARK: - Choosing a printer

    private enum Printer {
        case kind(KindTable)
        case objectMeta
        case custom([CustomResourceColumn])
    }

    private static func printer(for type: ResourceType, printerColumns: [CustomResourceColumn]?) -> Printer {
        // A view of another version prints its objects as the storage version does (kube-apiserver prints the
        // internal object, whatever version was asked for).
        if let conversion = type.conversion, case .kind(var table) = printer(for: conversion.storage, printerColumns: nil) {
            let (cells, conditions) = (table.cells, table.conditions)
            table.cells = { object, now in cells((try? type.toStorage(object)) ?? object, now) }
            table.conditions = { object in conditions((try? type.toStorage(object)) ?? object) }
            return .kind(table)
        }
        if let table = KindTable.printer(group: type.group, kind: type.kind) { return .kind(table) }
        if BuiltinResources.all.contains(where: { $0.group == type.group && $0.kind == type.kind }) {
            return .objectMeta
        }
        guard let printerColumns, !printerColumns.isEmpty else { return .custom(CustomResourceColumn.defaultColumns) }
        return .custom(printerColumns)
    }

    private static func columns(of printer: Printer) -> [TableColumn] {
        switch printer {
        case .kind(let table): table.columns
        case .objectMeta: objectMetaColumns
        case .custom(let columns): [.nameColumn] + columns.map(\.tableColumn)
        }
    }

    private static func cells(for object: KubeObject, printer: Printer, now: Date) -> [JSONValue] {
        switch printer {
        case .kind(let table):
            return table.cells(object, now)
        case .objectMeta:
            let created = object.creationTimestamp.flatMap(RFC3339Timestamp.date(from:))
            return [
                .string(object.name), .string(created.map(RFC3339Timestamp.string(from:)) ?? RFC3339Timestamp.zero),
            ]
        case .custom(let columns):
            return [.string(object.name)] + columns.map { $0.cell(for: object, now: now) }
        }
    }

    /// The default table's columns (apiserver `pkg/registry/rest/table.go`).
    private static let objectMetaColumns = [
        TableColumn.nameColumn,
        TableColumn(name: "Created At", type: "date", description: APIFieldDocs.objectMetaCreationTimestamp),
    ]
}
