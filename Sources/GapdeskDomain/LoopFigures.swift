import Foundation

/// The loop's headline figures: not "average score versus target", but how
/// well the business is closing the loop on critical feedback. The 30-day
/// figures cover today and the 29 whole days (UTC) before it.
public struct LoopFigures: Equatable, Sendable {
    /// Open callbacks due later today (not yet overdue).
    public var dueToday: Int
    /// Open callbacks whose due time has passed.
    public var overdue: Int
    /// Call attempts recorded today, whatever their outcome.
    public var madeToday: Int
    /// Of the callbacks due in the last 30 days, the share closed by their
    /// original due time; nil when none fell due.
    public var shareOnTime30d: Double?
    /// Median time from a response arriving to its callback closing, over
    /// callbacks closed in the last 30 days; nil when none closed.
    public var medianTimeToCall30d: TimeInterval?
    /// Fixes marked done in the last 30 days that have held (no feedback since).
    public var gapsFixed30d: Int
    /// Gaps marked rising, and gaps marked recurred (a recurred gap shows that
    /// mark, not rising): the header counts what the ranking marks.
    public var risingGaps: Int
    public var recurredGaps: Int
    /// The rising gaps whose fix is under way, by rank: starting a fix divides
    /// a gap's return by its effort, so the ranking (what to start next) may
    /// put them far down, and the screen names them instead.
    public var risingUnderWay: [GapUnderWay] = []
    /// Critical responses received in the last 30 days.
    public var critical30d: Int
    /// Contacts of the last 30 days and those rated (see `Coverage`); nil when there were none.
    public var contactsRated30d: Proportion? = nil

    public init(dueToday: Int = 0, overdue: Int = 0, madeToday: Int = 0, shareOnTime30d: Double? = nil,
                medianTimeToCall30d: TimeInterval? = nil, gapsFixed30d: Int = 0, critical30d: Int = 0, risingGaps: Int = 0, recurredGaps: Int = 0) {
        self.dueToday = dueToday; self.overdue = overdue; self.madeToday = madeToday
        self.shareOnTime30d = shareOnTime30d; self.medianTimeToCall30d = medianTimeToCall30d
        self.gapsFixed30d = gapsFixed30d; self.critical30d = critical30d
        self.risingGaps = risingGaps; self.recurredGaps = recurredGaps
    }

    public static let window: TimeInterval = 30 * 86_400
}

/// A gap whose fix someone has started: its rank, its name and who owns the fix.
public struct GapUnderWay: Equatable, Sendable {
    public var rank: Int
    public var name: String
    public var owner: String?

    public init(rank: Int, name: String, owner: String?) { self.rank = rank; self.name = name; self.owner = owner }
}

public enum Statistics {
    /// The median of values already sorted ascending; the mean of the two
    /// middle values for an even count.
    public static func median(ofSorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }

    /// `value` to `digits` significant figures: 1234.5 → 1200, 0.0456 → 0.046.
    public static func rounded(_ value: Double, significantDigits digits: Int) -> Double {
        guard value.isFinite, value != 0 else { return value }
        // Powers of ten at or above 1 are exact: divide by one rather than multiply by its inverse.
        let exponent = Double(digits) - 1 - floor(log10(abs(value)))
        let scale = pow(10, abs(exponent))
        return exponent >= 0 ? (value * scale).rounded() / scale : (value / scale).rounded() * scale
    }
}
