import Foundation
import GapdeskDomain
import GapdeskStore

/// What `gapdesk demo` builds.
public struct DemoOptions: Sendable {
    public var responses: Int
    public var seed: UInt64
    public var now: Date
    public var days: Int

    public init(responses: Int = 3_000, seed: UInt64 = 1, now: Date, days: Int = 90) {
        self.responses = responses; self.seed = seed; self.now = now; self.days = days
    }
}

public struct DemoSummary: Sendable, Equatable {
    public var responses = 0
    public var critical = 0
    public var customers = 0
    public var callbacks = 0
    public var openCallbacks = 0
    public var guarantees = 0
    /// Responses from the year before the last 90 days, and the contacts without a survey that followed them.
    public var pastResponses = 0
    public var contacts = 0
    /// Contacts of the last 90 days nobody was asked to rate (see `generateCoverage`).
    public var contactsWithoutSurvey = 0
}

/// Builds a deterministic, realistic store: the same options give the same
/// rows. It decides what happened; the store records it as it happened
/// (`PastRecords`: each table's rows at once, the summaries rebuilt after).
public struct DemoGenerator {
    let options: DemoOptions
    var random: SeededRandom
    /// Responses of the last 90 days by staff member: how many contacts coverage gives each.
    var responsesByStaff: [Int64: Int] = [:]

    /// How each fix in the demo stands, so the feedback that follows agrees with it.
    enum FixPlot {
        case rising                          // no fix yet, and getting worse lately
        case open(owner: String?)
        case inProgress(owner: String, startedDaysAgo: Int)
        case verified(owner: String, doneDaysAgo: Int)   // stopped after the fix
        case recurred(owner: String, doneDaysAgo: Int)   // came back after the fix
    }

    static let plots: [String: FixPlot] = [
        "alignment not checked": .rising,
        "price higher than quoted": .open(owner: "chloe"),
        "car not ready when promised": .inProgress(owner: "ben", startedDaysAgo: 18),
        "no contact phone on the delivery order": .inProgress(owner: "chloe", startedDaysAgo: 9),
        "car returned dirty": .verified(owner: "dev", doneDaysAgo: 62),
        "long wait at the service desk": .verified(owner: "ben", doneDaysAgo: 48),
        "delivery slot missed": .recurred(owner: "chloe", doneDaysAgo: 24),
    ]

    public init(options: DemoOptions) {
        self.options = options
        self.random = SeededRandom(seed: options.seed)
    }

    public mutating func generate(into store: Store, actor: String) throws -> DemoSummary {
        var summary = DemoSummary()
        let now = options.now
        let start = now.addingTimeInterval(-Double(options.days) * 86_400)

        // Sites, staff, causes, fixes, users: small, one transaction.
        var sites: [DemoSite] = []
        var causeIds: [Int64] = []
        try store.recordPast(rowsAhead: 1, by: actor) { records in
            // From the start each time: the server may ask for this transaction again (a login made elsewhere at once).
            sites = []
            causeIds = []
            try records.markDemo("seed=\(options.seed) now=\(Clock.formatInstant(now)) responses=\(options.responses)")
            for spec in DemoCatalogue.sites {
                let hours = try HoursSpec.parse(spec.hours)
                let siteId = try records.site(spec.name, hours: hours)
                let staff = try spec.staff.map { try records.staff($0, siteId: siteId) }
                sites.append((siteId, spec, hours, staff))
            }
            for cause in DemoCatalogue.causes {
                causeIds.append(try records.cause(cause.name, kind: cause.kind, team: cause.team, createdAt: start.addingTimeInterval(-30 * 86_400)))
            }
            for (index, cause) in DemoCatalogue.causes.enumerated() {
                guard let plot = Self.plots[cause.name] else { continue }
                try recordFix(&records, causeId: causeIds[index], plot: plot)
            }
            for (index, manager) in DemoCatalogue.managers.enumerated() where manager != actor {
                try records.user(manager, role: index == 2 ? .supervisor : .manager, addedAt: start, addedBy: actor)
            }
            for (keyword, cause) in DemoCatalogue.taggingRules {
                try records.setting(TaggingRules.settingPrefix + keyword, cause, changedAt: start, changedBy: actor)
            }
            for (key, value) in DemoCatalogue.settings {
                try records.setting(key, value, changedAt: start, changedBy: actor)
            }
        }

        // Customers: about one per three responses, each attached to a home site.
        let customerCount = max(20, options.responses / 3)
        var customerSite = [Int](repeating: 0, count: customerCount)
        var firstCustomerId: Int64 = 0
        try store.recordPast(rowsAhead: customerCount, by: actor) { records in
            for index in 0..<customerCount {
                let siteIndex = random.weighted([3, 2, 2, 1, 4])
                customerSite[index] = siteIndex
                let first = random.pick(DemoCatalogue.firstNames)
                let last = random.pick(DemoCatalogue.lastNames)
                let phone: String? = random.chance(0.08) ? nil
                    : String(format: "07700 9%05d", Int.random(in: 0..<100_000, using: &random))
                let email: String? = random.chance(0.6) ? "\(first.lowercased()).\(last.lowercased().filter(\.isLetter))\(index)@example.com" : nil
                let isDelivery = sites[siteIndex].spec.kind == .delivery
                let value: Double? = random.chance(isDelivery ? 0.3 : 0.8)
                    ? (exp(Double.random(in: 5.5...8.5, using: &random))).rounded() : nil
                let customerId = try records.customer(name: "\(first) \(last)", phone: phone, email: email, value: value, siteId: sites[siteIndex].id)
                if index == 0 { firstCustomerId = customerId }
            }
        }
        summary.customers = customerCount

        try store.fillingAfresh {
            // Responses, in time order, committed in batches so the WAL stays small.
            let span = now.timeIntervalSince(start)
            let batch = 25_000
            var index = 0
            while index < options.responses {
                let end = min(options.responses, index + batch)
                try store.recordPast(rowsAhead: end - index, by: actor) { records in
                    for i in index..<end {
                        let offset = (Double(i) + Double.random(in: 0..<1, using: &random)) / Double(options.responses) * span
                        let receivedAt = start.addingTimeInterval(offset)
                        let customerIndex = Int.random(in: 0..<customerCount, using: &random)
                        try addResponse(number: i, receivedAt: receivedAt, customerId: firstCustomerId + Int64(customerIndex),
                                        site: sites[customerSite[customerIndex]], causeIds: causeIds, records: &records, summary: &summary)
                    }
                }
                index = end
            }
            try generateHistory(into: store, actor: actor, sites: sites, causeIds: causeIds, summary: &summary)
            let customers = sites.indices.map { site in customerSite.indices.filter { customerSite[$0] == site }.map { firstCustomerId + Int64($0) } }
            try generateCoverage(into: store, actor: actor, sites: sites, customers: customers, summary: &summary)
            try store.recordPast(rowsAhead: 1, by: actor) { records in
                records.audit(at: now, actor: actor, action: "demo", entity: "store", entityId: store.path, before: nil,
                              after: "generated \(summary.responses) responses (seed \(options.seed))")
            }
            try store.rebuildSummaries()
        }
        return summary
    }

    private mutating func addResponse(number: Int, receivedAt: Date, customerId: Int64, site: DemoSite,
                                      causeIds: [Int64], records: inout PastRecords, summary: inout DemoSummary) throws {
        let now = options.now
        let staffIndex = Int.random(in: 0..<site.staff.count, using: &random)
        let staffId = site.staff[staffIndex]
        let occurredAt = receivedAt.addingTimeInterval(-Double.random(in: 3_600...259_200, using: &random))
        let what: String
        switch site.spec.kind {
        case .service, .visit, .job: what = random.pick(["Annual service", "MOT and service", "Brake pads and discs", "Tyres (4)", "Warranty repair", "Clutch replacement"])
        case .delivery: what = random.pick(["Parcel delivery", "Two-man delivery", "Next-day parcel", "Return collection"])
        case .sale: what = random.pick(["Used car purchase", "New car handover", "Part exchange"])
        }
        let contactId = try records.contact(kind: site.spec.kind, siteId: site.id, staffId: staffId, customerId: customerId, at: occurredAt,
                                            summary: what)

        let scale = site.spec.scale
        let pushed = site.spec.staff[staffIndex] == DemoCatalogue.pusher
        let rating = pushed && random.chance(0.9) ? scale.top : drawRating(scale)
        let critical = records.settings.criticalRule.isCritical(rating, on: scale)
        let age = now.timeIntervalSince(receivedAt) / 86_400
        var causes: [Int] = []
        var comment: String
        if !critical {
            comment = pushed && random.chance(0.9) ? "" : random.pick(DemoCatalogue.praise)
        } else if rating == scale.top - 1 && random.chance(0.5) {
            comment = random.pick(DemoCatalogue.mildCritical)
        } else {
            let first = drawCause(site.spec.causes, ageDays: age)
            causes = [first]
            comment = random.pick(DemoCatalogue.causes[first].comments)
            if random.chance(0.1) {
                let second = drawCause(site.spec.causes, ageDays: age)
                if second != first {
                    causes.append(second)
                    comment += " " + random.pick(DemoCatalogue.causes[second].comments)
                }
            }
        }
        if critical && random.chance(0.15) {
            comment = (comment + " Dealt with by \(site.spec.staff[staffIndex].split(separator: " ")[0]).").trimmingCharacters(in: .whitespaces)
        }
        let channel = random.chance(0.06) ? "phone" : "survey"
        let responseId = try records.response(externalId: "demo-\(number + 1)", contactId: contactId, customerId: customerId, siteId: site.id,
                                              staffId: staffId, scale: scale, rating: rating, comment: comment, channel: channel,
                                              receivedAt: receivedAt)
        summary.responses += 1
        responsesByStaff[staffId, default: 0] += 1
        guard critical else { return }
        summary.critical += 1

        // Older feedback has mostly been tagged; the last few days' mostly not yet.
        let manager = DemoCatalogue.managers[Int(site.id) % 2 == 0 ? 0 : 1 + Int(customerId % 3)]
        if !causes.isEmpty && random.chance(age > 1 ? 0.9 : 0.5) {
            let taggedAt = receivedAt.addingTimeInterval(Double.random(in: 3_600...86_400, using: &random))
            if taggedAt <= now {
                for cause in causes {
                    records.tag(responseId: responseId, receivedAt: receivedAt, causeId: causeIds[cause], at: taggedAt, by: manager)
                }
            }
        }
        try addCallback(responseId: responseId, receivedAt: receivedAt, hours: site.hours, assignee: manager,
                        records: &records, summary: &summary)
    }

    private mutating func addCallback(responseId: Int64, receivedAt: Date, hours: BusinessHours, assignee: String,
                                      records: inout PastRecords, summary: inout DemoSummary) throws {
        let now = options.now
        let firstDue = CallbackRules.dueTime(receivedAt: receivedAt, hours: hours,
                                             businessDays: records.settings.callbackDueBusinessDays)
        let pastDue = now.timeIntervalSince(firstDue)
        let doneChance = pastDue > 7 * 86_400 ? 0.997 : pastDue > 86_400 ? 0.9 : pastDue > 0 ? 0.55 : 0.3
        // Most calls land inside the due time; some are late.
        let window = max(600, firstDue.timeIntervalSince(receivedAt))
        let delay = random.chance(0.82) ? Double.random(in: 0.05...1, using: &random) * window
            : window + Double.random(in: 3_600...259_200, using: &random)
        var doneAt: Date? = receivedAt.addingTimeInterval(delay)
        if !random.chance(doneChance) || doneAt! > now { doneAt = nil }

        let outcome: CallOutcome? = doneAt == nil ? nil
            : [CallOutcome.thanked, .recovered, .unhappy, .guarantee][random.weighted([56, 28, 12, 4])]
        var attempts = 0
        var noAnswerAt: Date?
        if random.chance(0.2) {
            let tried = receivedAt.addingTimeInterval(Double.random(in: 600...max(601, min(delay, window)), using: &random))
            if tried < now && (doneAt == nil || tried < doneAt!) { noAnswerAt = tried; attempts += 1 }
        }
        if doneAt != nil { attempts += 1 }
        // After "no answer" the call is due again at the retry time.
        let retryAt = noAnswerAt.map { $0.addingTimeInterval(4 * 3600) }
        let dueAt = doneAt == nil ? (retryAt ?? firstDue) : firstDue
        let note: String? = switch outcome {
        case .thanked?: random.pick(["Thanked for the honest feedback.", "Thanked; happy with the follow-up.", ""])
        case .recovered?: random.pick(["Booked back in free of charge.", "Refunded the difference.", "Re-delivered next morning."])
        case .unhappy?: random.pick(["Still unhappy, wants a manager to call.", "Did not accept the apology."])
        case .guarantee?: "Guarantee invoked: customer paid what they felt it was worth."
        default: nil
        }
        let callbackId = try records.callback(responseId: responseId, createdAt: receivedAt, firstDueAt: firstDue, dueAt: dueAt, assignee: assignee,
                                              attempts: attempts, outcome: outcome, note: note, doneAt: doneAt, doneBy: doneAt == nil ? nil : assignee)
        summary.callbacks += 1
        if doneAt == nil { summary.openCallbacks += 1 }
        if let noAnswerAt {
            records.attempt(callbackId: callbackId, at: noAnswerAt, by: assignee, outcome: .noAnswer, note: nil, retryAt: retryAt)
            records.audit(at: noAnswerAt, actor: assignee, action: ActionKind.recordCall.rawValue, entity: "callback", entityId: String(callbackId),
                          before: "open", after: "no-answer")
        }
        if let doneAt, let outcome {
            records.attempt(callbackId: callbackId, at: doneAt, by: assignee, outcome: outcome, note: note, retryAt: nil)
            records.audit(at: doneAt, actor: assignee, action: ActionKind.recordCall.rawValue, entity: "callback", entityId: String(callbackId),
                          before: "open", after: outcome.rawValue)
            if outcome == .guarantee {
                let amount = (Double.random(in: 40...400, using: &random) / 5).rounded() * 5
                records.guarantee(responseId: responseId, callbackId: callbackId, amount: amount, approvedBy: assignee, at: doneAt)
                summary.guarantees += 1
            }
        }
    }

    private mutating func drawRating(_ scale: RatingScale) -> Int {
        switch scale {
        case .nps10:
            return [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0][random.weighted([40, 22, 12, 8, 5, 4, 3, 2, 2, 1, 1])]
        default:
            return [5, 4, 3, 2, 1][random.weighted([58, 24, 9, 5, 4])]
        }
    }

    /// Picks a root cause for a critical response `ageDays` old, following each fix's plot.
    private mutating func drawCause(_ candidates: [Int], ageDays: Double) -> Int {
        let weights = candidates.map { index -> Double in
            let cause = DemoCatalogue.causes[index]
            switch Self.plots[cause.name] {
            case .rising?: return cause.weight * (ageDays < 7 ? 14 : 1)
            case .verified(_, let doneDaysAgo)?: return ageDays < Double(doneDaysAgo) ? 0 : cause.weight
            case .recurred(_, let doneDaysAgo)?:
                return ageDays < Double(doneDaysAgo) && ageDays > Double(doneDaysAgo) - 12 ? 0 : cause.weight * 0.7
            default: return cause.weight
            }
        }
        return candidates[random.weighted(weights)]
    }

    private func recordFix(_ records: inout PastRecords, causeId: Int64, plot: FixPlot) throws {
        let now = options.now
        func daysAgo(_ days: Int) -> Date { now.addingTimeInterval(-Double(days) * 86_400) }
        let row: (status: FixStatus, owner: String?, started: Date?, done: Date?, note: String?)
        switch plot {
        case .rising: return
        case .open(let owner): row = (.open, owner, nil, nil, "Review how quotes are given by phone.")
        case .inProgress(let owner, let started): row = (.inProgress, owner, daysAgo(started), nil, "Trialling a new process.")
        case .verified(let owner, let done): row = (.done, owner, daysAgo(done + 14), daysAgo(done), "New checklist in place.")
        case .recurred(let owner, let done): row = (.done, owner, daysAgo(done + 10), daysAgo(done), "Slots now confirmed by text.")
        }
        try records.fix(causeId: causeId, status: row.status, owner: row.owner, effort: row.status == .open ? nil : 2.0, note: row.note,
                        startedAt: row.started, doneAt: row.done, updatedAt: row.done ?? row.started ?? now, updatedBy: row.owner ?? "chloe")
    }
}
