import Foundation

extension KindTable {
    /// `kubectl get podtemplates`: NAME CONTAINERS IMAGES POD LABELS (`printPodTemplate`; no age column).
    static let podTemplates = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Containers", description: "Names of each container in the template."),
            TableColumn(name: "Images", description: "Images referenced by each container in the template."),
            TableColumn(name: "Pod Labels", description: "The labels for the pod template."),
        ],
        cells: { podTemplate, _ in
            let template = podTemplate.json["template"]
            return [.string(podTemplate.name)] + containerCells(template?[["spec", "containers"]])
                + [.string(LabelFormatting.labels(template?[["metadata", "labels"]]))]
        })

    /// `kubectl get runtimeclasses`: NAME HANDLER AGE (`printRuntimeClass`).
    static let runtimeClasses = KindTable(
        columns: [.nameColumn, TableColumn(name: "Handler", description: ""), .ageColumn],
        cells: { runtimeClass, now in
            [.string(runtimeClass.name), .string(text(runtimeClass.json["handler"])), age(runtimeClass, now)]
        })

    /// `kubectl get ingressclasses`: NAME CONTROLLER PARAMETERS AGE, the parameters as `Kind[.group]/name`
    /// (`printIngressClass`).
    static let ingressClasses = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Controller", description: "Controller that is responsible for handling this class"),
            TableColumn(name: "Parameters", description: "A reference to a resource with additional parameters"),
            .ageColumn,
        ],
        cells: { ingressClass, now in
            let spec = ingressClass.spec
            var parameters = "<none>"
            if let reference = spec?["parameters"], reference.objectValue != nil {
                parameters = text(reference["kind"])
                if let group = reference["apiGroup"]?.stringValue { parameters += "." + group }
                parameters += "/" + text(reference["name"])
            }
            return [.string(ingressClass.name), .string(text(spec?["controller"])), .string(parameters), age(ingressClass, now)]
        })

    /// `kubectl get componentstatuses`: NAME STATUS MESSAGE ERROR from the `Healthy` condition: `Healthy` when
    /// it is True, `Unhealthy` otherwise, `Unknown` without one (`printComponentStatus`).
    static let componentStatuses = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Status", description: "Status of the component conditions"),
            TableColumn(name: "Message", description: "Message of the component conditions"),
            TableColumn(name: "Error", description: "Error of the component conditions"),
        ],
        cells: { component, _ in
            let healthy = (component.json["conditions"]?.arrayValue ?? []).first { $0["type"]?.stringValue == "Healthy" }
            guard let healthy else { return [.string(component.name), "Unknown", "", ""] }
            let status = healthy["status"]?.stringValue == "True" ? "Healthy" : "Unhealthy"
            return [.string(component.name), .string(status), .string(text(healthy["message"])), .string(text(healthy["error"]))]
        })
}
