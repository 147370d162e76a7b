import Foundation
import GapdeskDomain

/// Reads the dates survey exports use. ISO 8601 is parsed by hand (it is the
/// hot path on large files); the presets' own formats go through formatters.
/// A time without a zone is taken as UTC.
public final class DateReader: @unchecked Sendable {
    private let formatters: [DateFormatter]

    public init() {
        formatters = ["MM/dd/yyyy hh:mm:ss a", "MM/dd/yyyy h:mm:ss a", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "yyyy/MM/dd h:mm:ss a z",
                      "yyyy/MM/dd h:mm:ss a", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "M/d/yyyy"].map { format in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            formatter.isLenient = false
            return formatter
        }
    }

    public func parse(_ text: String) -> Date? {
        let trimmed = text.trimmedSpaces
        if trimmed.isEmpty { return nil }
        if let date = Self.iso(trimmed) { return date }
        // Text shaped like an ISO date that did not parse (31 February, hour 25) is wrong, not another format.
        if Self.looksISO(trimmed) { return nil }
        for formatter in formatters {
            if let date = formatter.date(from: trimmed) { return date }
        }
        return Clock.parseInstant(trimmed)
    }

    static func looksISO(_ text: String) -> Bool {
        let b = Array(text.utf8.prefix(10))
        return b.count == 10 && b[4] == 45 && b[7] == 45 && b.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }
    }

    /// `YYYY-MM-DD`, optionally `[T ]HH:MM[:SS[.fff]]` and `Z` or `±HH[:]MM`.
    static func iso(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard b.count >= 10, b[4] == 45, b[7] == 45, let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0, fraction = 0.0, offset = 0
        var i = 10
        if i < b.count {
            guard b[i] == 84 || b[i] == 32, let h = number(i + 1, 2), b.count > i + 3, b[i + 3] == 58, let m = number(i + 4, 2) else { return nil }
            hour = h; minute = m; i += 6
            if i < b.count && b[i] == 58 {
                guard let s = number(i + 1, 2) else { return nil }
                second = s; i += 3
                if i < b.count && b[i] == 46 {
                    var scale = 0.1
                    i += 1
                    while i < b.count, (48...57).contains(b[i]) { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
                }
            }
            if i < b.count {
                if b[i] == 90 && i == b.count - 1 { i += 1 }
                else if b[i] == 43 || b[i] == 45 {
                    let sign = b[i] == 43 ? 1 : -1
                    guard let oh = number(i + 1, 2) else { return nil }
                    var om = 0
                    if i + 3 < b.count { om = number(b[i + 3] == 58 ? i + 4 : i + 3, 2) ?? -1 }
                    guard om >= 0, oh <= 14 else { return nil }
                    offset = sign * (oh * 3600 + om * 60)
                    i = b.count
                } else { return nil }
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
        }
        guard i == b.count else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm), no Calendar needed.
        let y = year - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        // Reject dates like 31 February: the day must survive the round trip.
        if day > 28 {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let back = calendar.component(.day, from: Date(timeIntervalSince1970: Double(days * 86_400)))
            if back != day { return nil }
        }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
