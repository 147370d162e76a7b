import Foundation

/// "Now" and the time zone days are counted in. Injected everywhere so that
/// tests and demos can fix the time.
public struct Clock: Sendable {
    public var now: Date
    public var timeZone: TimeZone

    public init(now: Date, timeZone: TimeZone = .current) {
        self.now = now
        self.timeZone = timeZone
    }

    public var today: DayWindow { DayWindow(containing: now, in: timeZone) }

    /// Parses ISO 8601 instants: `2026-03-02T09:00:00Z`, with an offset, with
    /// fractional seconds, or a bare date (midnight UTC).
    public static func parseInstant(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        let styles: [Date.ISO8601FormatStyle] = [
            .iso8601,
            Date.ISO8601FormatStyle(includingFractionalSeconds: true),
            Date.ISO8601FormatStyle().year().month().day(),
        ]
        for style in styles {
            if let date = try? style.parse(trimmed) { return date }
        }
        return nil
    }

    public static func formatInstant(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
