import Foundation

/// Does calling back pay? The rules for returns, from the team's own data.
///
/// A response is in the results when its contact date d (the contact's date,
/// else when the response arrived) is on one of the `window_days` whole UTC
/// days that end the day before `today - return_days`: the return window of
/// every response counted has fully passed. It **returned** when the same customer has
/// another contact (any kind, with or without a response) dated after d and
/// no later than d + return_days. These are observed differences between
/// groups, never proof that calling caused them.
public enum Results {
    /// Below this many responses a group shows its counts and "too few to say".
    public static let minimumResponses = 20
    /// The 95% normal quantile.
    public static let z = 1.959964

    /// The UTC days whose contacts' responses are in the results at `now`.
    public static func contactDays(now: Date, windowDays: Int, returnDays: Int) -> ClosedRange<Int64> {
        let last = UTCDay.of(now) - Int64(returnDays) - 1
        return (last - Int64(windowDays) + 1)...last
    }

    /// Whether a contact at `next` after one at `contactAt` is a return.
    public static func returned(contactAt: Int64, next: Int64?, returnDays: Int) -> Bool {
        guard let next else { return false }
        return next > contactAt && next <= contactAt + Int64(returnDays) * 86_400
    }
}

/// What a critical response's callback came to; the baseline is responses at
/// the top of their scale in the same dates.
public enum ResultGroup: String, CaseIterable, Sendable, Codable {
    case thanked, recovered, unhappy, guarantee
    case notReached = "not-reached"
    case notCalled = "not-called"
    case neverCritical = "never-critical"

    public var label: String {
        switch self {
        case .thanked: "thanked"
        case .recovered: "recovered"
        case .unhappy: "still unhappy"
        case .guarantee: "guarantee"
        case .notReached: "not reached"
        case .notCalled: "not called"
        case .neverCritical: "never critical"
        }
    }

    /// Called and reached: the groups whose call got through.
    public var reached: Bool { [.thanked, .recovered, .unhappy, .guarantee].contains(self) }

    /// The group of a critical response from its call attempts, oldest first:
    /// the outcome of the latest attempt that reached the customer; not
    /// reached when every attempt was a no-answer; not called when none.
    public static func of(attempts: [CallOutcome]) -> ResultGroup {
        guard !attempts.isEmpty else { return .notCalled }
        switch attempts.last(where: \.reachedCustomer) {
        case .thanked?: return .thanked
        case .recovered?: return .recovered
        case .unhappy?: return .unhappy
        case .guarantee?: return .guarantee
        case .noAnswer?, .unreachable?, nil: return .notReached
        }
    }
}

/// How soon the first call that reached the customer came, in the site's
/// business time after the response arrived.
public enum CallSpeed: String, CaseIterable, Sendable, Codable {
    case fourHours = "4h"
    case oneDay = "1d"
    case threeDays = "3d"
    case later
    case none

    public var label: String {
        switch self {
        case .fourHours: "within 4 business hours"
        case .oneDay: "within 1 business day"
        case .threeDays: "within 3 business days"
        case .later: "later"
        case .none: "not reached or not called"
        }
    }

    public static func of(receivedAt: Date, reachedAt: Date?, hours: BusinessHours) -> CallSpeed {
        guard let reachedAt else { return .none }
        if reachedAt <= hours.adding(businessSeconds: 4 * 3600, to: receivedAt) { return .fourHours }
        if reachedAt <= hours.adding(businessSeconds: hours.dayLength, to: receivedAt) { return .oneDay }
        if reachedAt <= hours.adding(businessSeconds: 3 * hours.dayLength, to: receivedAt) { return .threeDays }
        return .later
    }
}

/// Responses and returns per group and call speed for one day and site, as
/// the daily summary keeps them: one value a row, however many there are.
public struct ResultTally: Sendable, Equatable {
    static let slots = ResultGroup.allCases.count * CallSpeed.allCases.count
    /// For each group and speed: responses, then returns.
    public private(set) var counts = [Int](repeating: 0, count: 2 * slots)

    public init() {}

    static func slot(_ group: ResultGroup, _ speed: CallSpeed) -> Int {
        ResultGroup.allCases.firstIndex(of: group)! * CallSpeed.allCases.count + CallSpeed.allCases.firstIndex(of: speed)!
    }

    public mutating func add(group: ResultGroup, speed: CallSpeed, responses: Int, returned: Int) {
        let slot = Self.slot(group, speed)
        counts[2 * slot] += responses
        counts[2 * slot + 1] += returned
    }

    public mutating func add(_ other: ResultTally) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    public var isEmpty: Bool { counts.allSatisfy { $0 == 0 } }

    /// Each non-empty group and speed with its counts.
    public var entries: [(group: ResultGroup, speed: CallSpeed, responses: Int, returned: Int)] {
        ResultGroup.allCases.flatMap { group in
            CallSpeed.allCases.compactMap { speed in
                let slot = Self.slot(group, speed)
                return counts[2 * slot] == 0 && counts[2 * slot + 1] == 0 ? nil : (group, speed, counts[2 * slot], counts[2 * slot + 1])
            }
        }
    }

    /// Little-endian 32-bit counts.
    public var encoded: [UInt8] {
        counts.flatMap { value -> [UInt8] in
            let bits = UInt32(bitPattern: Int32(clamping: value))
            return [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
        }
    }

    public init(encoded bytes: [UInt8]) {
        for index in counts.indices where 4 * index + 3 < bytes.count {
            let bits = UInt32(bytes[4 * index]) | UInt32(bytes[4 * index + 1]) << 8 | UInt32(bytes[4 * index + 2]) << 16 | UInt32(bytes[4 * index + 3]) << 24
            counts[index] = Int(Int32(bitPattern: bits))
        }
    }
}

/// A share of successes, with its 95% Wilson score interval.
public struct Proportion: Sendable, Hashable {
    public var successes: Int
    public var trials: Int

    public init(successes: Int, trials: Int) { self.successes = successes; self.trials = trials }

    public var rate: Double? { trials > 0 ? Double(successes) / Double(trials) : nil }
    /// Enough responses to state a rate.
    public var isEnough: Bool { trials >= Results.minimumResponses }

    /// Wilson's interval: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
    public var interval: ClosedRange<Double>? {
        guard trials > 0 else { return nil }
        let n = Double(trials), p = Double(successes) / n, z = Results.z, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / (1 + z2 / n)
        return max(0, centre - half)...min(1, centre + half)
    }

    /// a − b, with Newcombe's hybrid score interval (from the two Wilson intervals).
    public static func difference(_ a: Proportion, _ b: Proportion) -> (value: Double, interval: ClosedRange<Double>)? {
        guard let p1 = a.rate, let p2 = b.rate, let i1 = a.interval, let i2 = b.interval else { return nil }
        let d = p1 - p2
        let lower = d - ((p1 - i1.lowerBound) * (p1 - i1.lowerBound) + (i2.upperBound - p2) * (i2.upperBound - p2)).squareRoot()
        let upper = d + ((i1.upperBound - p1) * (i1.upperBound - p1) + (p2 - i2.lowerBound) * (p2 - i2.lowerBound)).squareRoot()
        return (d, lower...upper)
    }
}

/// What calling back appears to keep: (return rate of the called-and-reached
/// minus that of the not called) × the called-and-reached responses × the
/// median customer value. An observed difference, not a proven effect.
public struct ValueKept: Sendable, Equatable {
    public var difference: Double
    public var differenceInterval: ClosedRange<Double>
    public var reached: Int
    public var medianValue: Double
    public var value: Double { difference * Double(reached) * medianValue }
    public var interval: ClosedRange<Double> {
        let scale = Double(reached) * medianValue
        return (differenceInterval.lowerBound * scale)...(differenceInterval.upperBound * scale)
    }

    public init?(reached: Proportion, notCalled: Proportion, medianValue: Double?) {
        guard let medianValue, reached.isEnough, notCalled.isEnough,
              let (difference, interval) = Proportion.difference(reached, notCalled) else { return nil }
        self.difference = difference; self.differenceInterval = interval; self.reached = reached.trials; self.medianValue = medianValue
    }
}

/// A share as people say it: "37%".
public func percentText(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

/// The results' sentences: what the figures allow saying, and no more.
public enum ResultWords {

    /// "42% (35% to 49%)".
    public static func rate(_ p: Proportion) -> String {
        guard let rate = p.rate, let interval = p.interval else { return "no responses" }
        return "\(percentText(rate)) (\(percentText(interval.lowerBound)) to \(percentText(interval.upperBound)))"
    }

    /// How far apart two differences must stay for "about as often".
    public static let sameWithin = 0.05

    /// The recovery paradox: recovered customers against the never critical, in one sentence.
    public static func paradox(recovered: Proportion, baseline: Proportion) -> String {
        guard recovered.isEnough, baseline.isEnough, let (_, interval) = Proportion.difference(recovered, baseline) else {
            return "Too few recovered customers (\(recovered.trials)) or never-critical ones (\(baseline.trials)) to compare yet: "
                + "at least \(Results.minimumResponses) of each are needed."
        }
        let figures = "\(rate(recovered)) against \(rate(baseline))"
        if interval.lowerBound > 0 {
            return "Recovered customers came back more often than those who were never unhappy: \(figures)."
        }
        if interval.upperBound < 0 {
            return "Recovered customers came back less often than those who were never unhappy: \(figures)."
        }
        if interval.lowerBound >= -sameWithin && interval.upperBound <= sameWithin {
            return "Recovered customers came back about as often as those who were never unhappy: \(figures)."
        }
        return "The data cannot yet tell whether recovered customers come back more or less often than those who were never unhappy: \(figures)."
    }
}
