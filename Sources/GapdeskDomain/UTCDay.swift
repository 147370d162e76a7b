import Foundation

/// Whole days since 1970 in UTC: the unit the daily summaries, the header's
/// 30 days and the gap ranking's window count in. A UTC day is the same for
/// every site and every viewer, so figures kept per day add up the same for all.
public enum UTCDay {
    public static let seconds: Int64 = 86_400

    /// The day an instant falls on (floor division, so instants before 1970 work too).
    public static func of(epochSeconds: Int64) -> Int64 {
        epochSeconds >= 0 ? epochSeconds / seconds : -((-epochSeconds + seconds - 1) / seconds)
    }

    public static func of(_ date: Date) -> Int64 {
        of(epochSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// The first second of a day.
    public static func start(_ day: Int64) -> Date { Date(timeIntervalSince1970: Double(day * seconds)) }

    /// The `count` days ending with `last`: `last` and the `count - 1` before it.
    public static func ending(_ last: Int64, count: Int) -> ClosedRange<Int64> {
        (last - Int64(max(1, count)) + 1)...last
    }
}

/// Times are stored as whole seconds since 1970 (UTC).
extension Date {
    public var epochSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }
    public init(epochSeconds: Int64) { self.init(timeIntervalSince1970: Double(epochSeconds)) }
}
