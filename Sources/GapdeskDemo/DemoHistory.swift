import Foundation
import GapdeskDomain
import GapdeskStore

/// The demo's year before the last 90 days, so the results have something
/// true to show: critical feedback whose return window has passed, what each
/// callback came to and how soon, and the contacts (visits, jobs, deliveries,
/// without a survey) that followed. Returns depend on what happened: thanked
/// and recovered customers come back more often than those never called,
/// fast calls more than slow ones. Each of these customers has one rated
/// contact, so their returns are theirs alone. Before the team used
/// callbacks some feedback was never called ("not called": no callback), and
/// calls nobody answered were closed after a few tries ("not reached").
extension DemoGenerator {
    typealias DemoSite = (id: Int64, spec: DemoCatalogue.SiteSpec, hours: BusinessHours, staff: [Int64])

    /// How likely a customer is to come back within 180 days, by what happened.
    static let returnChance: [ResultGroup: Double] = [
        .neverCritical: 0.55, .thanked: 0.52, .recovered: 0.58, .guarantee: 0.50, .unhappy: 0.24, .notReached: 0.30, .notCalled: 0.28,
    ]
    static let speedEffect: [CallSpeed: Double] = [.fourHours: 0.06, .oneDay: 0.0, .threeDays: -0.08, .later: -0.16, .none: 0]

    mutating func generateHistory(into store: Store, actor: String, sites: [DemoSite], causeIds: [Int64], summary: inout DemoSummary) throws {
        let now = options.now
        let count = options.responses / 2
        guard count > 0 else { return }
        let (first, last) = (now.addingTimeInterval(-545 * 86_400), now.addingTimeInterval(-185 * 86_400))
        let batch = 20_000
        var index = 0
        while index < count {
            let end = min(count, index + batch)
            try store.recordPast(rowsAhead: end - index, by: actor) { records in
                for i in index..<end {
                    let receivedAt = first.addingTimeInterval(Double.random(in: 0..<1, using: &random) * last.timeIntervalSince(first))
                    let site = sites[random.weighted([3, 2, 2, 1, 4])]
                    let name = "\(random.pick(DemoCatalogue.firstNames)) \(random.pick(DemoCatalogue.lastNames))"
                    let value: Double? = random.chance(0.7) ? (exp(Double.random(in: 5.5...8.5, using: &random))).rounded() : nil
                    let customerId = try records.customer(name: name, phone: String(format: "07700 8%05d", i % 100_000), email: nil, value: value,
                                                          siteId: site.id)
                    try addPastResponse(number: i, receivedAt: receivedAt, customerId: customerId, site: site, causeIds: causeIds,
                                        records: &records, summary: &summary)
                }
            }
            index = end
        }
    }

    private mutating func addPastResponse(number: Int, receivedAt: Date, customerId: Int64, site: DemoSite, causeIds: [Int64],
                                          records: inout PastRecords, summary: inout DemoSummary) throws {
        let staffId = site.staff[Int.random(in: 0..<site.staff.count, using: &random)]
        let contactAt = receivedAt.addingTimeInterval(-Double.random(in: 3_600...259_200, using: &random))
        let contactId = try records.contact(kind: site.spec.kind, siteId: site.id, staffId: staffId, customerId: customerId, at: contactAt,
                                            summary: "Visit")
        let scale = site.spec.scale
        let rating = drawPastRating(scale)
        let critical = records.settings.criticalRule.isCritical(rating, on: scale)
        let cause = critical ? site.spec.causes[random.weighted(site.spec.causes.map { DemoCatalogue.causes[$0].weight })] : nil
        let comment = cause.map { random.pick(DemoCatalogue.causes[$0].comments) } ?? ""
        let responseId = try records.response(externalId: "demo-past-\(number + 1)", contactId: contactId, customerId: customerId,
                                              siteId: site.id, staffId: staffId, scale: scale, rating: rating, comment: comment, channel: "survey",
                                              receivedAt: receivedAt)
        summary.pastResponses += 1
        var group = ResultGroup.neverCritical, speed = CallSpeed.none
        if critical, let cause {
            records.tag(responseId: responseId, receivedAt: receivedAt, causeId: causeIds[cause], at: receivedAt.addingTimeInterval(7_200), by: "amira")
            (group, speed) = try addPastCallback(responseId: responseId, receivedAt: receivedAt, hours: site.hours,
                                                 records: &records, summary: &summary)
        } else if rating != scale.top {
            return
        }
        // Returns: a visit, job or delivery within 180 days, more likely after a good call.
        let chance = (Self.returnChance[group] ?? 0.3) + (Self.speedEffect[speed] ?? 0)
        let returnAt: Date?
        if random.chance(chance) {
            returnAt = contactAt.addingTimeInterval(Double.random(in: 5...178, using: &random) * 86_400)
        } else {
            returnAt = random.chance(0.3) ? contactAt.addingTimeInterval(Double.random(in: 200...330, using: &random) * 86_400) : nil
        }
        if let returnAt, returnAt < options.now {
            _ = try records.contact(kind: site.spec.kind, siteId: site.id, staffId: staffId, customerId: customerId, at: returnAt,
                                    summary: "Came back")
            summary.contacts += 1
        }
    }

    /// What the call came to and how soon, written as the team would have recorded it.
    private mutating func addPastCallback(responseId: Int64, receivedAt: Date, hours: BusinessHours, records: inout PastRecords,
                                          summary: inout DemoSummary) throws -> (ResultGroup, CallSpeed) {
        let groups: [ResultGroup] = [.thanked, .recovered, .unhappy, .guarantee, .notReached, .notCalled]
        let group = groups[random.weighted([40, 20, 8, 6, 9, 17])]
        guard group != .notCalled else { return (.notCalled, .none) }
        let day = hours.dayLength
        let business: Int = switch random.weighted([35, 30, 20, 15]) {
        case 0: Int.random(in: 600...(4 * 3600), using: &random)
        case 1: Int.random(in: (4 * 3600 + 1)...max(4 * 3600 + 2, day), using: &random)
        case 2: Int.random(in: (day + 1)...(3 * day), using: &random)
        default: Int.random(in: (3 * day + 1)...(10 * day), using: &random)
        }
        let callAt = hours.adding(businessSeconds: business, to: receivedAt)
        let firstDue = CallbackRules.dueTime(receivedAt: receivedAt, hours: hours, businessDays: records.settings.callbackDueBusinessDays)
        let caller = DemoCatalogue.managers[Int(responseId % 4)]
        if group == .notReached {
            let tries = Int.random(in: 1...3, using: &random)
            let callbackId = try records.callback(responseId: responseId, createdAt: receivedAt, firstDueAt: firstDue, dueAt: firstDue, assignee: caller,
                                                  attempts: tries, outcome: nil, note: "Closed after \(tries) unanswered calls.",
                                                  doneAt: callAt.addingTimeInterval(Double(tries) * 86_400), doneBy: caller)
            for attempt in 0..<tries {
                records.attempt(callbackId: callbackId, at: callAt.addingTimeInterval(Double(attempt) * 86_400), by: caller, outcome: .noAnswer,
                                note: nil, retryAt: callAt.addingTimeInterval(Double(attempt + 1) * 86_400))
            }
            summary.callbacks += 1
            return (.notReached, .none)
        }
        let outcome: CallOutcome = switch group {
        case .recovered: .recovered
        case .unhappy: .unhappy
        case .guarantee: .guarantee
        default: .thanked
        }
        let callbackId = try records.callback(responseId: responseId, createdAt: receivedAt, firstDueAt: firstDue, dueAt: firstDue, assignee: caller,
                                              attempts: 1, outcome: outcome, note: nil, doneAt: callAt, doneBy: caller)
        records.attempt(callbackId: callbackId, at: callAt, by: caller, outcome: outcome, note: nil, retryAt: nil)
        if outcome == .guarantee {
            records.guarantee(responseId: responseId, callbackId: callbackId, amount: (Double.random(in: 40...400, using: &random) / 5).rounded() * 5,
                              approvedBy: caller, at: callAt)
            summary.guarantees += 1
        }
        summary.callbacks += 1
        return (group, CallSpeed.of(receivedAt: receivedAt, reachedAt: callAt, hours: hours))
    }

    /// Ratings the year before: about half at the top, the rest critical.
    private mutating func drawPastRating(_ scale: RatingScale) -> Int {
        random.chance(0.5) ? scale.top : Int.random(in: scale.bottom...(scale.top - 1), using: &random)
    }
}
