import Foundation
import GapdeskDomain

/// Reads a time a manager types for "call again": `+2h`, `+30m`, `+1d`,
/// `14:30` (today, or tomorrow if already past), `tomorrow 09:00`, or ISO 8601.
public enum TimeInput {
    public static func parse(_ input: String, clock: Clock) -> Date? {
        let text = input.trimmingCharacters(in: .whitespaces).lowercased()
        if text.isEmpty { return nil }
        if let relative = relative(text) { return clock.now.addingTimeInterval(relative) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = clock.timeZone
        var dayOffset = 0
        var timeText = text
        if text.hasPrefix("tomorrow") {
            dayOffset = 1
            timeText = String(text.dropFirst("tomorrow".count)).trimmingCharacters(in: .whitespaces)
            if timeText.isEmpty { timeText = "09:00" }
        }
        if let minutes = clockTime(timeText) {
            let start = calendar.startOfDay(for: clock.now)
            guard let day = calendar.date(byAdding: .day, value: dayOffset, to: start),
                  var date = calendar.date(bySettingHour: minutes / 60, minute: minutes % 60, second: 0, of: day) else { return nil }
            if dayOffset == 0 && date <= clock.now, let next = calendar.date(byAdding: .day, value: 1, to: date) { date = next }
            return date
        }
        return Clock.parseInstant(input)
    }

    static func relative(_ text: String) -> TimeInterval? {
        var body = text
        if body.hasPrefix("in ") { body.removeFirst(3) } else if body.hasPrefix("+") { body.removeFirst() } else { return nil }
        body = body.trimmingCharacters(in: .whitespaces)
        guard let unit = body.last, let amount = Double(body.dropLast().trimmingCharacters(in: .whitespaces)),
              amount > 0, amount < 10_000 else { return nil }
        switch unit {
        case "m": return amount * 60
        case "h": return amount * 3600
        case "d": return amount * 86_400
        default: return nil
        }
    }

    static func clockTime(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }
}
