/// What kube-apiserver checks beyond the legacy rules when an Event is created through events.k8s.io/v1
/// (kubernetes `pkg/apis/core/validation/events.go`, `ValidateEventCreate` for a request version newer than
/// core/v1 and events.k8s.io/v1beta1), on the event in its stored core/v1 form with events.k8s.io/v1's field names
/// in the messages.
enum EventValidation {
    static func validateEventsV1Create(_ event: KubeObject) -> [FieldError] {
        var errors: [FieldError] = []
        let json = event.json
        if let series = json["series"], !series.isNull {
            if (series.integer("count") ?? 0) < 2 {
                errors.append(.invalid(FieldPath("series").child("count"), string: "", "should be at least 2"))
            }
            if series["lastObservedTime"]?.stringValue == nil {
                errors.append(.required(FieldPath("series").child("lastObservedTime")))
            }
        }
        if json["eventTime"]?.stringValue == nil { errors.append(.required("eventTime")) }
        let type = json.text("type")
        if type != "Normal" && type != "Warning" {
            errors.append(.invalid("type", string: "", "has invalid value: \(type)"))
        }
        if json["firstTimestamp"]?.stringValue != nil {
            errors.append(.invalid("deprecatedFirstTimestamp", string: "", "needs to be unset"))
        }
        if json["lastTimestamp"]?.stringValue != nil {
            errors.append(.invalid("deprecatedLastTimestamp", string: "", "needs to be unset"))
        }
        if (json.integer("count") ?? 0) != 0 { errors.append(.invalid("deprecatedCount", string: "", "needs to be unset")) }
        let source = json.object("source")
        if !source.text("component").isEmpty || !source.text("host").isEmpty {
            errors.append(.invalid("deprecatedSource", string: "", "needs to be unset"))
        }
        return errors
    }
}
