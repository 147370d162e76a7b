import Foundation
import GapdeskDomain

/// The order of day, month and year in a date written with slashes (or dots).
public enum DateOrder: String, CaseIterable, Sendable {
    /// 01/03/2026 is 1 March (most of the world).
    case dmy
    /// 01/03/2026 is 3 January (the United States).
    case mdy
    /// 2026/03/01.
    case ymd
}

/// Reads the dates survey exports use, by hand (they are on the hot path of
/// large files): ISO 8601, and dates written with slashes or dots followed by
/// an optional 24- or 12-hour time and zone. A time without a zone is UTC.
///
/// A slash date is read only in a known order: the year first, or the order
/// given (the preset's own, or `--date-order`). Without one, a date whose day
/// and month could each be the other (01/03/2026) is not guessed: it is
/// reported as ambiguous, naming `--date-order`.
public struct DateReader: Sendable {
    public var order: DateOrder?

    public init(order: DateOrder? = nil) { self.order = order }

    public enum Reading: Equatable, Sendable {
        case date(Date)
        case unreadable
        /// Could be either; the two readings, day-month first.
        case ambiguous(dayFirst: Date, monthFirst: Date)
    }

    /// The date, or nil when it cannot be read for any reason.
    public func parse(_ text: String) -> Date? {
        if case .date(let date) = read(text) { return date }
        return nil
    }

    public func read(_ text: String) -> Reading {
        let trimmed = text.trimmedSpaces
        if trimmed.isEmpty { return .unreadable }
        if let date = Self.iso(trimmed) { return .date(date) }
        // Text shaped like an ISO date that did not parse (31 February, hour 25) is wrong, not another format.
        if Self.looksISO(trimmed) { return .unreadable }
        return slashed(Array(trimmed.utf8))
    }

    static func looksISO(_ text: String) -> Bool {
        let b = Array(text.utf8.prefix(10))
        return b.count == 10 && b[4] == 45 && b[7] == 45 && b.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }
    }

    /// `YYYY-MM-DD`, optionally `[T ]HH:MM[:SS[.fff]]` and `Z` or `±HH[:]MM`.
    static func iso(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 10, b[4] == 45, b[7] == 45, let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2)
        else { return nil }
        var clock = Time()
        if b.count > 10 {
            guard b[10] == 84 || b[10] == 32, let time = Self.time(b[11...], twelveHour: false) else { return nil }
            clock = time
        }
        return instant(year: year, month: month, day: day, time: clock)
    }

    /// A date with slashes or dots: the order decides which number is the day.
    func slashed(_ b: [UInt8]) -> Reading {
        let end = b.firstIndex(of: 32) ?? b.count
        let parts = b[..<end].split(omittingEmptySubsequences: false) { $0 == 47 || $0 == 46 }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { (48...57).contains($0) } }) else {
            return .unreadable
        }
        let values = parts.map { $0.reduce(0) { $0 * 10 + Int($1 - 48) } }
        var clock = Time()
        if end < b.count {
            guard let time = Self.time(b[(end + 1)...], twelveHour: true) else { return .unreadable }
            clock = time
        }
        func on(_ year: Int, _ month: Int, _ day: Int) -> Date? { Self.instant(year: year, month: month, day: day, time: clock) }
        if parts[0].count == 4 {
            // The year first is never written day before month.
            return on(values[0], values[1], values[2]).map(Reading.date) ?? .unreadable
        }
        guard parts[2].count == 4, order != .ymd else { return .unreadable }
        let (a, b, year) = (values[0], values[1], values[2])
        switch order {
        case .dmy?: return on(year, b, a).map(Reading.date) ?? .unreadable
        case .mdy?: return on(year, a, b).map(Reading.date) ?? .unreadable
        default:
            let dayFirst = on(year, b, a), monthFirst = on(year, a, b)
            switch (dayFirst, monthFirst) {
            case (let one?, let other?): return one == other ? .date(one) : .ambiguous(dayFirst: one, monthFirst: other)
            case (let one?, nil), (nil, let one?): return .date(one)
            case (nil, nil): return .unreadable
            }
        }
    }

    struct Time { var hour = 0, minute = 0, second = 0, fraction = 0.0, offset = 0 }

    /// `H:MM[:SS[.fff]]`, then for slash dates an optional ` AM`/` PM`, then an
    /// optional zone: `Z`, `±HH[:]MM`, ` UTC`, ` GMT`, ` GMT+1`.
    static func time(_ b: ArraySlice<UInt8>, twelveHour: Bool) -> Time? {
        var time = Time()
        var i = b.startIndex
        func digits(_ count: ClosedRange<Int>) -> Int? {
            var value = 0, read = 0
            while i < b.endIndex, read < count.upperBound, (48...57).contains(b[i]) { value = value * 10 + Int(b[i] - 48); i += 1; read += 1 }
            return count.contains(read) ? value : nil
        }
        guard let hour = digits(1...2), i < b.endIndex, b[i] == 58 else { return nil }
        i += 1
        guard let minute = digits(2...2) else { return nil }
        time.hour = hour; time.minute = minute
        if i < b.endIndex && b[i] == 58 {
            i += 1
            guard let second = digits(2...2) else { return nil }
            time.second = second
            if i < b.endIndex && b[i] == 46 {
                i += 1
                var scale = 0.1
                while i < b.endIndex, (48...57).contains(b[i]) { time.fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            }
        }
        var rest = String(decoding: b[i...], as: UTF8.self).uppercased()
        if twelveHour, let meridiem = ["AM", "PM"].first(where: { rest.trimmedSpaces.hasPrefix($0) }) {
            guard (1...12).contains(time.hour) else { return nil }
            time.hour = time.hour % 12 + (meridiem == "PM" ? 12 : 0)
            rest = String(rest.trimmedSpaces.dropFirst(2))
        }
        guard time.hour < 24, time.minute < 60, time.second < 61, let offset = zone(rest) else { return nil }
        time.offset = offset
        return time
    }

    /// Seconds east of UTC for a zone suffix; 0 for none.
    static func zone(_ text: String) -> Int? {
        var rest = Substring(text)
        if rest.first == " " { rest = Substring(rest.trimmedSpaces) }
        if rest.isEmpty || rest == "Z" || rest == "UTC" || rest == "GMT" { return 0 }
        for name in ["UTC", "GMT"] where rest.hasPrefix(name) { rest = rest.dropFirst(name.count) }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let digits = rest.dropFirst().filter { $0 != ":" }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), (1...4).contains(digits.count) else { return nil }
        let hours = digits.count <= 2 ? Int(digits)! : Int(digits.prefix(digits.count - 2))!
        let minutes = digits.count <= 2 ? 0 : Int(digits.suffix(2))!
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
    }

    static func number(_ b: [UInt8], _ from: Int, _ count: Int) -> Int? {
        guard from + count <= b.count else { return nil }
        var value = 0
        for i in from..<(from + count) {
            let d = Int(b[i]) - 48
            guard (0...9).contains(d) else { return nil }
            value = value * 10 + d
        }
        return value
    }

    /// The instant of a civil date and time, nil for a day that does not exist (31 February).
    static func instant(year: Int, month: Int, day: Int, time: Time) -> Date? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm), no Calendar needed.
        let y = year - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86_400 + time.hour * 3600 + time.minute * 60 + time.second - time.offset
        return Date(timeIntervalSince1970: Double(seconds) + time.fraction)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The earliest date an export may hold: nothing gapdesk serves is older.
    public static let earliest = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01T00:00:00Z
}
