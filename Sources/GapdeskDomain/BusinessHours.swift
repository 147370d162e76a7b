import Foundation

/// A day of the week, numbered as ISO 8601 does (Monday = 1 ... Sunday = 7).
public enum Weekday: Int, CaseIterable, Comparable, Sendable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }

    public var shortName: String {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][rawValue - 1]
    }

    public init?(shortName: String) {
        guard let day = Weekday.allCases.first(where: { $0.shortName == shortName.lowercased().prefix(3) })
        else { return nil }
        self = day
    }

    /// 1970-01-01 was a Thursday; `day` counts days since then.
    static func of(daysSinceEpoch day: Int64) -> Weekday {
        let index = ((day + 3) % 7 + 7) % 7  // 0 = Monday
        return Weekday(rawValue: Int(index) + 1)!
    }
}

/// When a site is open: the same hours on each of its business days, in its
/// own time zone. Callback due times are counted in these hours, so a response
/// received on Friday evening is due within Monday's hours.
public struct BusinessHours: Hashable, Sendable {
    public var timeZone: TimeZone
    /// Seconds after local midnight when the site opens and closes.
    public var opens: Int
    public var closes: Int
    public var days: Set<Weekday>

    public static let standard = BusinessHours(
        timeZone: TimeZone(identifier: "UTC")!, opens: 9 * 3600, closes: 17 * 3600,
        days: [.monday, .tuesday, .wednesday, .thursday, .friday])

    public init(timeZone: TimeZone, opens: Int, closes: Int, days: Set<Weekday>) {
        self.timeZone = timeZone
        self.opens = opens
        self.closes = closes
        self.days = days
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case noBusinessDays, closesBeforeOpening, outsideDay
        public var description: String {
            switch self {
            case .noBusinessDays: "a site needs at least one business day"
            case .closesBeforeOpening: "a site must close after it opens"
            case .outsideDay: "opening hours must lie within one day (00:00 to 24:00)"
            }
        }
    }

    public func validate() throws(Problem) {
        if days.isEmpty { throw .noBusinessDays }
        if opens < 0 || closes > 86_400 { throw .outsideDay }
        if closes <= opens { throw .closesBeforeOpening }
    }

    /// Seconds the site is open on one business day.
    public var dayLength: Int { closes - opens }

    /// The instant `seconds` of open time after `start`. Time outside the
    /// opening hours does not count. Invalid hours count every second.
    public func adding(businessSeconds seconds: Int, to start: Date) -> Date {
        guard (try? validate()) != nil else { return start.addingTimeInterval(Double(seconds)) }
        var remaining = Int64(max(0, seconds))
        let startUTC = Int64(start.timeIntervalSince1970.rounded(.down))
        var local = startUTC + Int64(timeZone.secondsFromGMT(for: start))
        var day = floorDiv(local, 86_400)
        var secondOfDay = local - day * 86_400
        // Bounded: at most `remaining / dayLength` open days, each within a week.
        while true {
            if days.contains(Weekday.of(daysSinceEpoch: day)) && secondOfDay < Int64(closes) {
                let begin = max(secondOfDay, Int64(opens))
                let available = Int64(closes) - begin
                if remaining <= available {
                    local = day * 86_400 + begin + remaining
                    return utcDate(forLocal: local)
                }
                remaining -= available
            }
            day += 1
            secondOfDay = 0
        }
    }

    /// Converts local wall-clock seconds back to an instant, using the offset
    /// in force at that moment (correct across daylight-saving changes).
    func utcDate(forLocal local: Int64) -> Date {
        let guess = Date(timeIntervalSince1970: Double(local))
        let offset = Int64(timeZone.secondsFromGMT(for: guess))
        let firstTry = Date(timeIntervalSince1970: Double(local - offset))
        let corrected = Int64(timeZone.secondsFromGMT(for: firstTry))
        return Date(timeIntervalSince1970: Double(local - corrected))
    }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
