import Foundation

/// Sums kept in integers, so that adding the same amounts in any order, in
/// any number of transactions, gives the same total to the last digit.
public enum Exact {
    /// Points of return on satisfaction, in billionths.
    public static func billionths(_ points: Double) -> Int64 { Int64((points * 1e9).rounded()) }
    public static func points(billionths: Int64) -> Double { Double(billionths) / 1e9 }
    /// Money, in cents.
    public static func cents(_ amount: Double) -> Int64 { Int64((amount * 100).rounded()) }
    public static func amount(cents: Int64) -> Double { Double(cents) / 100 }
}

/// One gap's tagged critical responses on one UTC day, as the store keeps them.
public struct GapDay: Sendable, Equatable {
    public var day: Int64
    public var responses: Int
    /// Σ shortfall × value × 1/k of the day's responses (see `ReturnOnSatisfaction`), in billionths.
    public var unaged: Int64
    /// The part of `unaged` from customers worth more than the median (value weight above 1).
    public var unagedValued: Int64
    /// Guarantee money waived on the day's responses, in cents.
    public var waived: Int64
    /// Customers whose latest response tagged with the gap is on this day, and
    /// the sum of their values in cents: counting these over the days of a
    /// period that ends today counts each customer of the period once.
    public var customersLast: Int
    public var valueLast: Int64

    public init(day: Int64, responses: Int, unaged: Int64, unagedValued: Int64 = 0, waived: Int64, customersLast: Int, valueLast: Int64) {
        self.day = day; self.responses = responses; self.unaged = unaged; self.unagedValued = unagedValued; self.waived = waived
        self.customersLast = customersLast; self.valueLast = valueLast
    }

    /// From amounts in points and money.
    public init(day: Int64, responses: Int, points: Double, valuedPoints: Double = 0, waived: Double = 0, customersLast: Int = 0,
                valueLast: Double = 0) {
        self.init(day: day, responses: responses, unaged: Exact.billionths(points), unagedValued: Exact.billionths(valuedPoints),
                  waived: Exact.cents(waived), customersLast: customersLast, valueLast: Exact.cents(valueLast))
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
    /// Distinct customers behind the last 30 days' responses, and behind the window's.
    public private(set) var customers30d = 0, customersInWindow = 0
    /// The parts of `weightedSum` from the last 30 days, and from customers worth more than the median.
    public private(set) var recentWeightedSum = 0.0, valuedWeightedSum = 0.0
    /// Responses per week of the window, oldest first; the last week ends today.
    public private(set) var weekly: [Int]
    /// Guarantees waived, and the value of the customers affected, in the window, in cents.
    private var waivedCents: Int64 = 0, valueCents: Int64 = 0

    public var waived: Double { Exact.amount(cents: waivedCents) }
    public var valueOfCustomers: Double { Exact.amount(cents: valueCents) }
    public var moneyAtRisk: Double { Exact.amount(cents: waivedCents + valueCents) }

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
        customersInWindow += sums.customersLast
        let recency = ReturnOnSatisfaction.recency(ageDays: age, halfLifeDays: parameters.halfLifeDays)
        let weighted = Exact.points(billionths: sums.unaged) * recency
        weightedSum += weighted
        if age < 30 { recentWeightedSum += weighted }
        valuedWeightedSum += Exact.points(billionths: sums.unagedValued) * recency
        let week = Int(age / 7)
        if week < weekly.count { weekly[weekly.count - 1 - week] += sums.responses }
        waivedCents += sums.waived
        valueCents += sums.valueLast
    }

    /// Is the last week far above the gap's own baseline (see `EarlyWarning`)?
    public var warning: Bool { warningProbability < EarlyWarning.threshold }

    /// How likely the last week's count, or more, is at the gap's own baseline.
    public var warningProbability: Double {
        EarlyWarning.probability(lastWeek: count7d, countBefore: countInWindow - count7d, windowDays: parameters.windowDays)
    }

    /// What the last week's count would usually be, at the gap's own baseline.
    public var usualWeek: Double {
        EarlyWarning.baseline(countBefore: countInWindow - count7d, windowDays: parameters.windowDays)
    }
}
