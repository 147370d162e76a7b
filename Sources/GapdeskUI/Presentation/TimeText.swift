import Foundation
import GapdeskDomain

/// Short, scannable times: "45m", "3h05", "2d4h", and clock times in the zone
/// of the site they belong to (see `FriendlyTime`).
public enum TimeText {
    /// A `coarse` duration drops the hours from ten days on ("69d", not "69d15h").
    public static func duration(_ seconds: TimeInterval, coarse: Bool = false) -> String {
        let total = Int(abs(seconds)) / 60
        let days = total / 1440, hours = (total % 1440) / 60, minutes = total % 60
        if days > 0 { return hours > 0 && !(coarse && days >= 10) ? "\(days)d\(hours)h" : "\(days)d" }
        if hours > 0 { return String(format: "%dh%02d", hours, minutes) }
        return "\(minutes)m"
    }

    /// "overdue 2h05", "in 45m", "tomorrow 09:00", "Tue 09:00 BST".
    public static func due(_ dueAt: Date, clock: Clock, zone: TimeZone) -> String {
        let delta = dueAt.timeIntervalSince(clock.now)
        if delta < 0 { return "overdue " + duration(delta) }
        if delta < 12 * 3600 { return "in " + duration(delta) }
        return FriendlyTime.at(dueAt, now: clock.now, zone: zone, viewer: clock.timeZone)
    }

    /// The same in at most 10 columns: "late 2h05", "late 69d", "in 45m", "Tue 09:00".
    public static func dueCompact(_ dueAt: Date, clock: Clock, zone: TimeZone) -> String {
        let delta = dueAt.timeIntervalSince(clock.now)
        if delta < 0 { return "late " + duration(delta, coarse: true) }
        if delta < 12 * 3600 { return "in " + duration(delta) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: clock.now), to: calendar.startOfDay(for: dueAt)).day ?? 0
        return FriendlyTime.format(dueAt, days < 7 ? "EEE HH:mm" : "d MMM", zone)
    }

    /// How long ago, for a column titled "Age": "now", "5m", "3h05", "2d4h", "69d".
    public static func age(_ date: Date, clock: Clock) -> String {
        let delta = clock.now.timeIntervalSince(date)
        return delta < 60 ? "now" : duration(delta, coarse: true)
    }

    /// Full local time for detail views: "Mon 2 Mar 2026 09:00", in the site's zone.
    public static func full(_ date: Date, clock: Clock, zone: TimeZone) -> String {
        FriendlyTime.full(date, zone: zone, viewer: clock.timeZone)
    }
}
