import Foundation
import GapdeskDomain

/// Short, scannable times: "45m", "3h05", "2d4h", and clock times in the viewer's zone.
public enum TimeText {
    public static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(abs(seconds)) / 60
        let days = total / 1440, hours = (total % 1440) / 60, minutes = total % 60
        if days > 0 { return hours > 0 ? "\(days)d\(hours)h" : "\(days)d" }
        if hours > 0 { return String(format: "%dh%02d", hours, minutes) }
        return "\(minutes)m"
    }

    /// "overdue 2h05", "due in 45m", "tomorrow 09:00", "Mon 09:00".
    public static func due(_ dueAt: Date, clock: Clock) -> String {
        let delta = dueAt.timeIntervalSince(clock.now)
        if delta < 0 { return "overdue " + duration(delta) }
        if delta < 12 * 3600 { return "in " + duration(delta) }
        return dayAndTime(dueAt, clock: clock)
    }

    /// "14:05" today, "Tue 14:05" this week, "3 Mar" before that.
    public static func dayAndTime(_ date: Date, clock: Clock) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = clock.timeZone
        let days = abs(calendar.dateComponents([.day], from: calendar.startOfDay(for: clock.now),
                                               to: calendar.startOfDay(for: date)).day ?? 0)
        return Formatters.shared.string(date, format: days == 0 ? "HH:mm" : days < 6 ? "EEE HH:mm" : "d MMM", zone: clock.timeZone)
    }

    /// "5m ago", "3h ago", "2d ago".
    public static func ago(_ date: Date, clock: Clock) -> String {
        let delta = clock.now.timeIntervalSince(date)
        return delta < 60 ? "now" : duration(delta) + " ago"
    }

    /// Full local time for detail views: "Mon 2 Mar 2026 09:00".
    public static func full(_ date: Date, clock: Clock) -> String {
        Formatters.shared.string(date, format: "EEE d MMM yyyy HH:mm", zone: clock.timeZone)
    }
}

/// Date formatters are costly to make and rows are drawn on every refresh: one
/// per format and time zone is kept.
final class Formatters: @unchecked Sendable {
    static let shared = Formatters()
    private var cache: [String: DateFormatter] = [:]
    private let lock = NSLock()

    func string(_ date: Date, format: String, zone: TimeZone) -> String {
        lock.lock(); defer { lock.unlock() }
        let key = zone.identifier + "|" + format
        let formatter = cache[key] ?? {
            let made = DateFormatter()
            made.locale = Locale(identifier: "en_GB")
            made.timeZone = zone
            made.dateFormat = format
            cache[key] = made
            return made
        }()
        return formatter.string(from: date)
    }
}
