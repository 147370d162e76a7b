import Foundation

/// Business hours written as a person would: `mon-fri 09:00-17:00 Europe/London`.
/// Days are a range or a comma list (`mon,wed,sat`); the time zone is optional (UTC).
public enum HoursSpec {
    public static func parse(_ text: String) throws(SettingError) -> BusinessHours {
        let fail = SettingError.invalid(key: "hours", value: text,
                                        expected: "days, times and a time zone, e.g. \"mon-fri 09:00-17:00 Europe/London\"")
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count == 2 || words.count == 3 else { throw fail }
        guard let days = parseDays(words[0]) else { throw fail }
        let times = words[1].split(separator: "-").map(String.init)
        guard times.count == 2, let opens = parseTime(times[0]), let closes = parseTime(times[1]) else { throw fail }
        let zone: TimeZone
        if words.count == 3 {
            guard let named = TimeZone(identifier: words[2]) else {
                throw .invalid(key: "hours", value: words[2], expected: "a time zone name such as Europe/London or America/New_York")
            }
            zone = named
        } else {
            zone = TimeZone(identifier: "UTC")!
        }
        let hours = BusinessHours(timeZone: zone, opens: opens, closes: closes, days: days)
        do { try hours.validate() } catch {
            throw .invalid(key: "hours", value: text, expected: error.description)
        }
        return hours
    }

    public static func format(_ hours: BusinessHours) -> String {
        "\(formatDays(hours.days)) \(formatTime(hours.opens))-\(formatTime(hours.closes)) \(hours.timeZone.identifier)"
    }

    static func parseDays(_ text: String) -> Set<Weekday>? {
        var days: Set<Weekday> = []
        for part in text.lowercased().split(separator: ",") {
            let ends = part.split(separator: "-").map(String.init)
            guard let first = ends.first.flatMap(Weekday.init(shortName:)),
                  let last = ends.last.flatMap(Weekday.init(shortName:)), ends.count <= 2,
                  first <= last else { return nil }
            for raw in first.rawValue...last.rawValue { days.insert(Weekday(rawValue: raw)!) }
        }
        return days.isEmpty ? nil : days
    }

    static func formatDays(_ days: Set<Weekday>) -> String {
        let sorted = days.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "" }
        if sorted.count > 2 && last.rawValue - first.rawValue + 1 == sorted.count {
            return "\(first.shortName)-\(last.shortName)"
        }
        return sorted.map(\.shortName).joined(separator: ",")
    }

    static func parseTime(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 24 * 60 else { return nil }
        return hour * 3600 + minute * 60
    }

    static func formatTime(_ seconds: Int) -> String {
        let minutes = seconds / 60
        return String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
