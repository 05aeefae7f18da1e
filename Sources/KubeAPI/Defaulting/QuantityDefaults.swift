import Foundation

/// `SetDefaults_ResourceList`: quantities rounded up to milli precision and written in canonical form, as
/// kube-apiserver stores them (`cpu: 0.5` becomes `"500m"`, `memory: 1024Mi` becomes `"1Gi"`).
enum QuantityDefaults {
    static func canonicalize(_ list: inout JSONValue, _ key: String) {
        guard var fields = list[key]?.objectValue else { return }
        for (name, value) in fields {
            guard let quantity = Quantity(json: value) else { continue }
            fields[name] = .string(quantity.roundedUpToMilli.canonical)
        }
        list[key] = .object(fields)
    }
}

extension Quantity {
    /// `RoundUp(-3)`: no precision finer than milli.
    var roundedUpToMilli: Quantity {
        let scaled = value * 1000
        var source = scaled
        var rounded = scaled
        NSDecimalRound(&rounded, &source, 0, value < 0 ? .down : .up)
        return Quantity(value: rounded / 1000, format: format)
    }
}
