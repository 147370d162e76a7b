import Foundation

/// Times as people say them, in the zone of the place they belong to: a
/// site's response, call or retry is shown in the site's own zone whatever
/// the machine's or the SSH session's zone is, and the zone is named only
/// when the viewer's own differs at that moment ("10:00 BST").
public enum FriendlyTime {
    /// "09:01" today, "tomorrow 10:00", "yesterday 16:30", "Tue 10:00" in the
    /// coming week, "last Sat 16:36" in the week gone, "3 Mar 10:00" this year,
    /// "3 Mar 2025 10:00" before it; days counted in `zone` from `now`. A bare
    /// weekday only ever means one to come.
    public static func at(_ date: Date, now: Date, zone: TimeZone, viewer: TimeZone? = nil) -> String {
        let time = format(date, "HH:mm", zone) + zoneSuffix(date, zone: zone, viewer: viewer)
        switch day(of: date, from: now, zone: zone) {
        case .today: return time
        case .tomorrow: return "tomorrow " + time
        case .yesterday: return "yesterday " + time
        case .thisWeek(let name): return name + " " + time
        case .lastWeek(let name): return "last \(name) " + time
        case .date(let date): return date + " " + time
        }
    }

    /// For a sentence: "at 09:01", "yesterday at 16:30", "on Tue at 09:01", "last Sat at 16:36", "on 3 Mar at 09:01".
    public static func when(_ date: Date, now: Date, zone: TimeZone, viewer: TimeZone? = nil) -> String {
        let time = format(date, "HH:mm", zone) + zoneSuffix(date, zone: zone, viewer: viewer)
        switch day(of: date, from: now, zone: zone) {
        case .today: return "at " + time
        case .tomorrow: return "tomorrow at " + time
        case .yesterday: return "yesterday at " + time
        case .thisWeek(let name): return "on \(name) at " + time
        case .lastWeek(let name): return "last \(name) at " + time
        case .date(let date): return "on \(date) at " + time
        }
    }

    enum Day { case today, tomorrow, yesterday, thisWeek(String), lastWeek(String), date(String) }

    /// Which day `date` is, seen from `now`, in `zone`.
    static func day(of date: Date, from now: Date, zone: TimeZone) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: now), to: calendar.startOfDay(for: date)).day ?? 0
        switch days {
        case 0: return .today
        case 1: return .tomorrow
        case -1: return .yesterday
        case 2...6: return .thisWeek(format(date, "EEE", zone))
        case -6 ... -2: return .lastWeek(format(date, "EEE", zone))
        default:
            let sameYear = calendar.component(.year, from: date) == calendar.component(.year, from: now)
            return .date(format(date, sameYear ? "d MMM" : "d MMM yyyy", zone))
        }
    }

    /// "Mon 2 Mar 2026 09:00", for details, with the zone when the viewer's differs.
    public static func full(_ date: Date, zone: TimeZone, viewer: TimeZone? = nil) -> String {
        format(date, "EEE d MMM yyyy HH:mm", zone) + zoneSuffix(date, zone: zone, viewer: viewer)
    }

    /// " BST" when the viewer's clock reads differently at that moment; "" otherwise.
    public static func zoneSuffix(_ date: Date, zone: TimeZone, viewer: TimeZone?) -> String {
        guard let viewer, viewer.secondsFromGMT(for: date) != zone.secondsFromGMT(for: date) else { return "" }
        return " " + format(date, "zzz", zone)
    }

    public static func format(_ date: Date, _ pattern: String, _ zone: TimeZone) -> String {
        Formatters.shared.string(date, format: pattern, zone: zone)
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
