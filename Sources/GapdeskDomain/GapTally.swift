import Foundation

/// One gap's tagged critical responses on one UTC day, as the store keeps them.
public struct GapDay: Sendable, Equatable {
    public var day: Int64
    public var responses: Int
    /// Σ shortfall × value × 1/k of the day's responses (see `ReturnOnSatisfaction`).
    public var unaged: Double
    /// Guarantee money waived on the day's responses.
    public var waived: Double
    /// Customers whose latest response tagged with the gap is on this day, and
    /// the sum of their values: counting these over the days of a period that
    /// ends today counts each customer of the period once.
    public var customersLast: Int
    public var valueLast: Double

    public init(day: Int64, responses: Int, unaged: Double, waived: Double = 0, customersLast: Int = 0, valueLast: Double = 0) {
        self.day = day; self.responses = responses; self.unaged = unaged; self.waived = waived
        self.customersLast = customersLast; self.valueLast = valueLast
    }
}

/// One gap's figures, summed day by day: the cost is the number of days, not
/// of responses. Periods are whole UTC days ending today.
public struct GapTally: Sendable, Equatable {
    public let today: Int64
    public let parameters: ReturnOnSatisfaction.Parameters
    /// Σ shortfall × recency × value × 1/k over the window.
    public private(set) var weightedSum = 0.0
    public private(set) var countInWindow = 0
    /// The last 30 days, the 30 before them, and the last 7.
    public private(set) var count30d = 0, countPrevious30d = 0, count7d = 0
    /// Distinct customers behind the last 30 days' responses.
    public private(set) var customers30d = 0
    /// Responses per week of the window, oldest first; the last week ends today.
    public private(set) var weekly: [Int]
    /// Guarantees waived, and the value of the customers affected, in the window.
    public private(set) var waived = 0.0
    public private(set) var valueOfCustomers = 0.0

    public var moneyAtRisk: Double { waived + valueOfCustomers }

    /// The days a tally reads: the window, or the 60 the 30-day trend compares, whichever is longer.
    public static func daysNeeded(now: Date, parameters: ReturnOnSatisfaction.Parameters) -> ClosedRange<Int64> {
        UTCDay.ending(UTCDay.of(now), count: max(parameters.windowDays, 60))
    }

    public init(now: Date, parameters: ReturnOnSatisfaction.Parameters) {
        today = UTCDay.of(now)
        self.parameters = parameters
        weekly = Array(repeating: 0, count: max(1, (parameters.windowDays + 6) / 7))
    }

    public mutating func add(_ sums: GapDay) {
        let age = today - sums.day
        guard age >= 0 else { return }  // dated after today: counted when its day comes
        if age < 30 {
            count30d += sums.responses
            customers30d += sums.customersLast
        } else if age < 60 {
            countPrevious30d += sums.responses
        }
        if age < 7 { count7d += sums.responses }
        guard age < Int64(parameters.windowDays) else { return }
        countInWindow += sums.responses
        weightedSum += sums.unaged * ReturnOnSatisfaction.recency(ageDays: age, halfLifeDays: parameters.halfLifeDays)
        let week = Int(age / 7)
        if week < weekly.count { weekly[weekly.count - 1 - week] += sums.responses }
        waived += sums.waived
        valueOfCustomers += sums.valueLast
    }

    /// Is the last week far above the gap's own baseline (see `EarlyWarning`)?
    public var warning: Bool {
        EarlyWarning.isWarning(lastWeek: count7d, countBefore: countInWindow - count7d, windowDays: parameters.windowDays)
    }
}
