import Foundation

/// How much of the business the feedback covers: of the contacts (visits,
/// jobs, deliveries, sales) a site, staff member or kind of contact had, how
/// many were rated. A contact is rated when its customer gave feedback at
/// its site about that day: a response about it, or any response of theirs
/// there whose contact (else its arrival) fell on the same UTC day.
///
/// Each group's response rate carries its 95% Wilson interval and its change
/// from the window before (Newcombe's interval). A blind spot is a group
/// rated far less often than the rest: a one-sided z-test of its rate p
/// against the rate p0 of every other group's contacts together,
/// z = (p − p0) / √(p0 (1 − p0) / n), with z < −3 (chance would give a rate
/// this far below less than 1 time in 700) and p under half of p0, over at
/// least 20 contacts.
public enum Coverage {
    public static let zThreshold = PressureSignals.zThreshold
    public static let minimumContacts = 20

    /// What the lines are grouped by.
    public enum Grouping: String, CaseIterable, Sendable {
        case site, staff, kind
    }

    /// One group's contacts, and those rated, over a window and the window before it.
    public struct Tally: Sendable, Equatable {
        /// What the group is in the store (a site's or staff member's id; a kind's place among the kinds).
        public var id: Int64
        public var name: String
        public var contacts: Int
        public var rated: Int
        public var previousContacts: Int
        public var previousRated: Int

        public init(id: Int64 = 0, name: String, contacts: Int, rated: Int, previousContacts: Int = 0, previousRated: Int = 0) {
            self.id = id; self.name = name; self.contacts = contacts; self.rated = rated
            self.previousContacts = previousContacts; self.previousRated = previousRated
        }
    }

    /// A difference of two rates with its interval.
    public struct Change: Sendable, Hashable {
        public var value: Double
        public var interval: ClosedRange<Double>

        public init(value: Double, interval: ClosedRange<Double>) { self.value = value; self.interval = interval }
    }

    /// One group's coverage, read.
    public struct Line: Sendable, Hashable {
        public var id: Int64
        public var name: String
        public var share: Proportion
        public var previous: Proportion
        /// This window's rate less the window before's; nil when either had no contacts.
        public var change: Change?
        /// The blind-spot test's z against every other group; nil when there are too few contacts, or no others.
        public var z: Double?
        public var restRate: Double?

        public init(id: Int64 = 0, name: String, share: Proportion, previous: Proportion, change: Change?, z: Double? = nil, restRate: Double? = nil) {
            self.id = id; self.name = name; self.share = share; self.previous = previous; self.change = change; self.z = z; self.restRate = restRate
        }

        public var isBlindSpot: Bool {
            guard let z, let restRate, let rate = share.rate else { return false }
            return z < -Coverage.zThreshold && rate < restRate / 2
        }

        /// How often chance alone would give a rate this far below the rest's (one-sided).
        public var pValue: Double? { z.map { 0.5 * erfc(-$0 / 2.0.squareRoot()) } }
    }

    /// Each group read, in the order given, against the rest.
    public static func lines(_ tallies: [Tally]) -> [Line] {
        let total = tallies.reduce(into: (contacts: 0, rated: 0)) { $0.contacts += $1.contacts; $0.rated += $1.rated }
        return tallies.map { tally in
            let share = Proportion(successes: tally.rated, trials: tally.contacts)
            let previous = Proportion(successes: tally.previousRated, trials: tally.previousContacts)
            let change = Proportion.difference(share, previous).map { Change(value: $0.value, interval: $0.interval) }
            let restContacts = total.contacts - tally.contacts
            var z: Double?, restRate: Double?
            if restContacts > 0 {
                let p0 = Double(total.rated - tally.rated) / Double(restContacts)
                restRate = p0
                if tally.contacts >= minimumContacts, p0 > 0, p0 < 1, let p = share.rate {
                    z = (p - p0) / (p0 * (1 - p0) / Double(tally.contacts)).squareRoot()
                }
            }
            return Line(id: tally.id, name: tally.name, share: share, previous: previous, change: change, z: z, restRate: restRate)
        }
    }

    /// Every group's contacts together.
    public static func total(_ tallies: [Tally]) -> (now: Proportion, previous: Proportion) {
        (Proportion(successes: tallies.reduce(0) { $0 + $1.rated }, trials: tallies.reduce(0) { $0 + $1.contacts }),
         Proportion(successes: tallies.reduce(0) { $0 + $1.previousRated }, trials: tallies.reduce(0) { $0 + $1.previousContacts }))
    }
}

/// Staff (or sites) who may be choosing whom to ask ("survey gating"): their
/// contacts are rated far less often than their peers', while the ratings
/// they do get are far more often top scores. Both tests are one-sided
/// z-tests against everyone else's contacts and responses together:
/// the rate z < −3 and the top-score share z > 3 (each less than 1 time in
/// 700 by chance), over at least 20 contacts and 20 responses.
public enum SelectiveAsking {
    public struct Tally: Sendable, Equatable {
        public var name: String
        public var contacts: Int
        public var rated: Int
        public var responses: Int
        public var topScores: Int

        public init(name: String, contacts: Int, rated: Int, responses: Int, topScores: Int) {
            self.name = name; self.contacts = contacts; self.rated = rated; self.responses = responses; self.topScores = topScores
        }
    }

    public struct Signal: Sendable, Equatable {
        public var name: String
        public var contacts: Int
        public var rated: Int
        public var rate: Double
        public var peerRate: Double
        public var rateZ: Double
        public var responses: Int
        public var topShare: Double
        public var peerTopShare: Double
        public var topZ: Double

        /// How often chance alone would give each (one-sided).
        public var ratePValue: Double { 0.5 * erfc(-rateZ / 2.0.squareRoot()) }
        public var topPValue: Double { 0.5 * erfc(topZ / 2.0.squareRoot()) }
    }

    public static func signals(_ tallies: [Tally]) -> [Signal] {
        let total = tallies.reduce(into: (contacts: 0, rated: 0, responses: 0, top: 0)) {
            $0.contacts += $1.contacts; $0.rated += $1.rated; $0.responses += $1.responses; $0.top += $1.topScores
        }
        return tallies.compactMap { tally in
            let peerContacts = total.contacts - tally.contacts, peerResponses = total.responses - tally.responses
            guard tally.contacts >= Coverage.minimumContacts, tally.responses >= PressureSignals.minimumResponses,
                  peerContacts > 0, peerResponses > 0 else { return nil }
            let rate = Double(tally.rated) / Double(tally.contacts), peerRate = Double(total.rated - tally.rated) / Double(peerContacts)
            let top = Double(tally.topScores) / Double(tally.responses), peerTop = Double(total.top - tally.topScores) / Double(peerResponses)
            guard peerRate > 0, peerRate < 1, peerTop > 0, peerTop < 1 else { return nil }
            let rateZ = (rate - peerRate) / (peerRate * (1 - peerRate) / Double(tally.contacts)).squareRoot()
            let topZ = (top - peerTop) / (peerTop * (1 - peerTop) / Double(tally.responses)).squareRoot()
            guard rateZ < -Coverage.zThreshold, topZ > PressureSignals.zThreshold else { return nil }
            return Signal(name: tally.name, contacts: tally.contacts, rated: tally.rated, rate: rate, peerRate: peerRate, rateZ: rateZ,
                          responses: tally.responses, topShare: top, peerTopShare: peerTop, topZ: topZ)
        }.sorted { $0.rateZ < $1.rateZ }
    }
}
