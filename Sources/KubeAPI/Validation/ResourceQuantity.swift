import Foundation

/// Resource quantities as whole numbers, as the control plane counts them (`resource.Quantity`'s `Value()` and
/// `MilliValue()`, both rounded up): what the scheduler adds up and compares against a node's allocatable.
public enum ResourceQuantity {
    /// The quantity in units (`1Gi` → 1073741824, `1500m` → 2); nil when it is not a quantity.
    public static func value(_ json: JSONValue?) -> Int64? {
        scaled(json, by: 1)
    }

    /// The quantity in thousandths (`500m` → 500, `2` → 2000), for CPU; nil when it is not a quantity.
    public static func milliValue(_ json: JSONValue?) -> Int64? {
        scaled(json, by: 1000)
    }

    private static func scaled(_ json: JSONValue?, by factor: Decimal) -> Int64? {
        guard let quantity = Quantity(json: json) else { return nil }
        var source = quantity.value * factor
        var rounded = Decimal()
        NSDecimalRound(&rounded, &source, 0, .up)
        guard rounded <= Decimal(Int64.max), rounded >= Decimal(Int64.min) else { return rounded > 0 ? .max : .min }
        return NSDecimalNumber(decimal: rounded).int64Value
    }
}
