import Foundation

/// The ranges of the numbers people type. A number outside its range is
/// refused with a sentence that names the range, so no score or figure built
/// from them is ever infinite or not a number.
public enum Limits {
    /// Money waived by one guarantee.
    public static let guaranteeAmount: ClosedRange<Double> = 0...1_000_000
    /// A fix's effort estimate (return on satisfaction is divided by it).
    public static let effort: ClosedRange<Double> = 0.1...1_000
    /// A customer's value.
    public static let customerValue: ClosedRange<Double> = 0...1_000_000_000

    /// "from 0.1 to 1,000".
    public static func describe(_ range: ClosedRange<Double>) -> String {
        "from \(number(range.lowerBound)) to \(number(range.upperBound))"
    }

    static func number(_ value: Double) -> String {
        value.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_GB")))
    }

    /// The value when it is a finite number in `range`.
    public static func check(_ value: Double?, in range: ClosedRange<Double>) -> Double? {
        guard let value, value.isFinite, range.contains(value) else { return nil }
        return value
    }
}
