import Foundation

/// A `corev1.ResourceList` as quota arithmetic uses it (`pkg/quota/v1/resources.go`): resource names to
/// quantities, added, masked and compared exactly; a sum keeps the format of its first term.
struct ResourceList: Sendable, Equatable {
    var quantities: [String: Quantity] = [:]

    init(_ quantities: [String: Quantity] = [:]) {
        self.quantities = quantities
    }

    /// A list written as a JSON object of quantity strings; entries that do not parse are left out.
    init(json: JSONValue?) {
        for (name, value) in json?.objectValue ?? [:] {
            if let quantity = Quantity(json: value) { quantities[name] = quantity }
        }
    }

    static func one(_ names: String...) -> ResourceList {
        ResourceList(Dictionary(uniqueKeysWithValues: names.map { ($0, Quantity(value: 1, format: .decimalSI)) }))
    }

    var names: [String] { quantities.keys.sorted() }
    var isZero: Bool { quantities.values.allSatisfy { $0.value == 0 } }

    subscript(_ name: String) -> Quantity? {
        get { quantities[name] }
        set { quantities[name] = newValue }
    }

    /// `quota.Add`.
    func adding(_ other: ResourceList) -> ResourceList {
        var result = self
        for (name, quantity) in other.quantities {
            result.quantities[name] = result.quantities[name].map { Quantity(value: $0.value + quantity.value, format: $0.format) } ?? quantity
        }
        return result
    }

    /// `quota.Subtract`: what `other` has that this list lacks counts as negative.
    func subtracting(_ other: ResourceList) -> ResourceList {
        var result = self
        for (name, quantity) in other.quantities {
            result.quantities[name] = result.quantities[name].map { Quantity(value: $0.value - quantity.value, format: $0.format) }
                ?? Quantity(value: -quantity.value, format: quantity.format)
        }
        return result
    }

    /// `quota.Mask`: only the named resources.
    func masked(to names: [String]) -> ResourceList {
        ResourceList(quantities.filter { names.contains($0.key) })
    }

    /// `quota.LessThanOrEqual`: whether every resource `limits` also names is within it, and those that are not.
    func fits(within limits: ResourceList) -> (Bool, exceeded: [String]) {
        let exceeded = names.filter { name in limits[name].map { quantities[name]!.value > $0.value } ?? false }
        return (exceeded.isEmpty, exceeded)
    }

    /// Equal as quantities, whatever their formats (`quota.Equals`).
    func sameQuantities(as other: ResourceList) -> Bool {
        names == other.names && quantities.allSatisfy { other.quantities[$0.key]?.value == $0.value.value }
    }

    /// `prettyPrint`: `name=quantity` in name order, joined by commas.
    var pretty: String { names.map { "\($0)=\(quantities[$0]!.canonical)" }.joined(separator: ",") }

    /// The list as a JSON object of canonical quantity strings.
    var json: JSONValue { .object(quantities.mapValues { .string($0.canonical) }) }
}
