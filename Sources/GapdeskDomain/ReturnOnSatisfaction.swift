import Foundation

/// Return on satisfaction (RoS): how much satisfaction fixing a gap would win
/// back, for the effort. Over the responses received in the window (today
/// and the N − 1 whole UTC days before it, 90 by default):
///
///     RoS = (Σ shortfall × recency × value × (1/k)  +  waived ÷ money per point)  ÷  effort
///
/// - shortfall = (top of the scale − rating) / (top − bottom): CSAT 1-5 gives
///   (5 − r)/4, NPS 0-10 gives (10 − r)/10; only critical responses count;
/// - recency = 0.5 ^ (age / half-life), age in whole days (0 for today's
///   responses, 1 for yesterday's), half-life 30 days by default;
/// - value = the customer's value ÷ the median value of customers that have
///   one, clamped to [0.5, 3]; 1 when unknown. The median is the one the
///   store last measured (after each import, and when the ranking is
///   recounted), so a score does not wobble with every new customer;
/// - a response tagged with k root causes gives 1/k of its weight to each;
/// - waived = the guarantee money waived on the gap's responses in the window,
///   in points of `money per point` (100 by default): money and shortfall are
///   in different units, and a point is what one of today's responses at the
///   bottom of its scale from a customer of median value adds;
/// - effort = the fix's estimate (default 1).
/// Ages count whole days so that a day's responses age together: the store
/// keeps Σ shortfall × value × 1/k per gap and day, and a score is a sum over
/// days, whatever the number of responses.
/// Ties: more responses in the window first, then name.
public enum ReturnOnSatisfaction {
    public struct Parameters: Sendable, Equatable {
        public var windowDays: Int
        public var halfLifeDays: Double
        public var valueWeightRange: ClosedRange<Double>
        public var defaultEffort: Double
        public var moneyPerPoint: Double

        public init(windowDays: Int = 90, halfLifeDays: Double = 30, valueWeightRange: ClosedRange<Double> = 0.5...3,
                    defaultEffort: Double = 1, moneyPerPoint: Double = 100) {
            self.windowDays = windowDays; self.halfLifeDays = halfLifeDays
            self.valueWeightRange = valueWeightRange; self.defaultEffort = defaultEffort; self.moneyPerPoint = moneyPerPoint
        }

        public init(_ settings: TeamSettings) {
            self.init(windowDays: settings.rankingWindowDays, halfLifeDays: settings.halfLifeDays,
                      valueWeightRange: settings.valueWeightRange, defaultEffort: settings.defaultEffort,
                      moneyPerPoint: settings.moneyPerPoint)
        }

        /// The formula and its factors with these numbers, as `?` and why-this-rank show them;
        /// `median` is the one in use where it is known.
        public func explanation(median: Double?) -> [String] {
            func number(_ value: Double) -> String { String(format: "%g", value) }
            return [
                "RoS = (sum over tagged critical responses of shortfall x recency x value x 1/k"
                    + " + guarantees waived / \(number(moneyPerPoint))) / effort",
                "shortfall = (top - rating)/(top - bottom); recency = 0.5^(age in whole days/\(number(halfLifeDays)));",
                "value = customer value / median \(median.map { String(format: "%.0f", $0) } ?? "value") (re-measured after imports), "
                    + "clamped to [\(number(valueWeightRange.lowerBound)), \(number(valueWeightRange.upperBound))], 1 if unknown;",
                "k = root causes on the response; effort = the fix's estimate (default \(number(defaultEffort))).",
            ]
        }
    }

    /// One critical response tagged with the gap.
    public struct Input: Sendable, Equatable {
        public var responseId: Int64
        public var receivedAt: Date
        public var shortfall: Double
        public var customerValue: Double?
        /// How many root causes the response is tagged with.
        public var tagCount: Int

        public init(responseId: Int64, receivedAt: Date, shortfall: Double, customerValue: Double?, tagCount: Int) {
            self.responseId = responseId; self.receivedAt = receivedAt; self.shortfall = shortfall
            self.customerValue = customerValue; self.tagCount = tagCount
        }
    }

    /// How one response adds to a gap's score: every factor, so the sum can be checked.
    public struct Contribution: Sendable, Equatable {
        public var responseId: Int64
        public var shortfall: Double
        public var recency: Double
        public var value: Double
        public var share: Double
        public var amount: Double { unaged * recency }
        /// shortfall × value × 1/k: what the store sums per day before ageing.
        public var unaged: Double { shortfall * value * share }

        public init(responseId: Int64, shortfall: Double, recency: Double, value: Double, share: Double) {
            self.responseId = responseId; self.shortfall = shortfall; self.recency = recency; self.value = value; self.share = share
        }
    }

    public static func valueWeight(_ value: Double?, median: Double?, range: ClosedRange<Double>) -> Double {
        guard let value, let median, median > 0 else { return 1 }
        return min(range.upperBound, max(range.lowerBound, value / median))
    }

    /// 0.5 ^ (age / half-life), age in whole days.
    public static func recency(ageDays: Int64, halfLifeDays: Double) -> Double {
        pow(0.5, Double(max(0, ageDays)) / halfLifeDays)
    }

    /// Whole UTC days from the day `instant` falls on to the day of `now`.
    public static func ageDays(_ instant: Date, now: Date) -> Int64 {
        UTCDay.of(now) - UTCDay.of(instant)
    }

    /// The window's days: today and the `days - 1` before it.
    public static func window(now: Date, days: Int) -> ClosedRange<Int64> {
        UTCDay.ending(UTCDay.of(now), count: days)
    }

    /// True when `instant` falls on one of the window's days (later today counts; tomorrow does not).
    public static func inWindow(_ instant: Date, now: Date, days: Int) -> Bool {
        window(now: now, days: days).contains(UTCDay.of(instant))
    }

    /// What one response adds to its gap's score; nil outside the window.
    public static func contribution(of input: Input, now: Date, medianValue: Double?, parameters: Parameters) -> Contribution? {
        guard inWindow(input.receivedAt, now: now, days: parameters.windowDays) else { return nil }
        return Contribution(responseId: input.responseId, shortfall: input.shortfall,
                            recency: recency(ageDays: ageDays(input.receivedAt, now: now), halfLifeDays: parameters.halfLifeDays),
                            value: valueWeight(input.customerValue, median: medianValue, range: parameters.valueWeightRange),
                            share: 1 / Double(max(1, input.tagCount)))
    }

    /// Guarantee money waived, in points of the ranking (see the type's description).
    public static func guaranteePoints(waived: Double, parameters: Parameters) -> Double {
        waived / parameters.moneyPerPoint
    }

    /// A gap's score from its window's weighted sum and guarantees, for its fix's effort.
    public static func score(weightedSum: Double, waived: Double, effort: Double?, parameters: Parameters) -> Double {
        (weightedSum + guaranteePoints(waived: waived, parameters: parameters)) / usedEffort(effort, parameters: parameters)
    }

    /// The fix's estimate, or the default when there is none.
    public static func usedEffort(_ effort: Double?, parameters: Parameters) -> Double {
        (effort ?? 0) > 0 ? effort! : parameters.defaultEffort
    }

    /// Ranking order: higher RoS, then more responses in the window, then name.
    public static func ranksBefore(_ a: (score: Double, count: Int, name: String), _ b: (score: Double, count: Int, name: String)) -> Bool {
        if abs(a.score - b.score) > 1e-12 { return a.score > b.score }
        if a.count != b.count { return a.count > b.count }
        return a.name.localizedCaseInsensitiveCompare(b.name) == .orderedAscending
    }
}

/// Is a gap recurring faster than it used to?
///
/// The baseline is the gap's own rate over the rest of the window, scaled to
/// 7 days (at least 0.25, so a brand-new gap needs 3 in a week). The last 7
/// days' count is flagged when a Poisson variable with that mean would reach
/// it with probability under 1%.
public enum EarlyWarning {
    public static let threshold = 0.01
    public static let minimumBaseline = 0.25

    public static func baseline(countBefore: Int, windowDays: Int) -> Double {
        let days = max(1, windowDays - 7)
        return max(minimumBaseline, Double(countBefore) * 7 / Double(days))
    }

    /// P(X >= k) for X ~ Poisson(mean).
    public static func tailProbability(atLeast k: Int, mean: Double) -> Double {
        guard k > 0 else { return 1 }
        var term = exp(-mean)
        var below = term
        for i in 1..<k {
            term *= mean / Double(i)
            below += term
        }
        return max(0, 1 - below)
    }

    /// How likely the last week's count is, or more, at the gap's own baseline rate.
    public static func probability(lastWeek: Int, countBefore: Int, windowDays: Int) -> Double {
        tailProbability(atLeast: lastWeek, mean: baseline(countBefore: countBefore, windowDays: windowDays))
    }

    public static func isWarning(lastWeek: Int, countBefore: Int, windowDays: Int) -> Bool {
        probability(lastWeek: lastWeek, countBefore: countBefore, windowDays: windowDays) < threshold
    }
}

/// Where a gap's fix stands, judged from the data.
public enum FixVerdict: Hashable, Sendable {
    case none
    case open
    case inProgress
    /// Done, quiet so far for this many days.
    case done(quietDays: Int)
    /// Done and quiet for the whole quiet period: the fix worked.
    case verified
    /// A tagged response arrived after the fix was done.
    case recurred(count: Int)

    public static func judge(status: FixStatus?, doneAt: Date?, taggedSinceDone: Int, now: Date, quietPeriodDays: Int) -> FixVerdict {
        switch status {
        case nil: return .none
        case .open?: return .open
        case .inProgress?: return .inProgress
        case .done?:
            if taggedSinceDone > 0 { return .recurred(count: taggedSinceDone) }
            let quiet = Int(now.timeIntervalSince(doneAt ?? now) / 86_400)
            return quiet >= quietPeriodDays ? .verified : .done(quietDays: quiet)
        }
    }

    public var label: String {
        switch self {
        case .none: "no fix"
        case .open: "open"
        case .inProgress: "in progress"
        case .done(let days): "done, quiet \(days)d"
        case .verified: "verified"
        case .recurred(let count): "recurred (\(count) since)"
        }
    }

    /// The same in a few letters, for a narrow column.
    public var shortLabel: String {
        switch self {
        case .none: "-"
        case .open: "open"
        case .inProgress: "started"
        case .done(let days): "done \(days)d"
        case .verified: "verified"
        case .recurred: "recurred"
        }
    }

    public var isFixed: Bool {
        switch self {
        case .done, .verified, .recurred: true
        default: false
        }
    }
}
