import Foundation
import GapdeskDomain

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
}

/// Builds a deterministic, realistic store: the same options give the same
/// rows. Each table's rows are written at once when their transaction ends (see `DemoRows`).
public struct DemoGenerator {
    let options: DemoOptions
    var random: SeededRandom
    let settings = TeamSettings()

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
        var sites: [(id: Int64, spec: DemoCatalogue.SiteSpec, hours: BusinessHours, staff: [Int64])] = []
        var causeIds: [Int64] = []
        try store.transaction(changes: ChangeTopic.everything) { db in
            for spec in DemoCatalogue.sites {
                let hours = try HoursSpec.parse(spec.hours)
                let siteId = try Store.insertSite(db, name: spec.name, hours: hours)
                var staff: [Int64] = []
                for name in spec.staff {
                    staff.append(try db.insert(sql: "INSERT INTO staff(name, site_id) VALUES (?, ?)", arguments: [name, siteId]))
                }
                sites.append((siteId, spec, hours, staff))
            }
            for cause in DemoCatalogue.causes {
                causeIds.append(try db.insert(sql: "INSERT INTO root_cause(name, kind, team, created_at) VALUES (?, ?, ?, ?)",
                                              arguments: [cause.name, cause.kind.rawValue, cause.team, start.epochSeconds - 30 * 86_400]))
            }
            for (index, cause) in DemoCatalogue.causes.enumerated() {
                guard let plot = Self.plots[cause.name] else { continue }
                try insertFix(db, causeId: causeIds[index], plot: plot)
            }
            for (index, manager) in DemoCatalogue.managers.enumerated() where manager != actor {
                try db.execute(sql: "INSERT INTO app_user(account, role, added_at, added_by) VALUES (?, ?, ?, ?)",
                               arguments: [manager, index == 2 ? "supervisor" : "manager", start.epochSeconds, actor])
            }
            for (keyword, cause) in DemoCatalogue.taggingRules {
                try db.execute(sql: "INSERT INTO setting(key, value, changed_at, changed_by) VALUES (?, ?, ?, ?)",
                               arguments: [TaggingRules.settingPrefix + keyword, cause, start.epochSeconds, actor])
            }
            for (key, value) in DemoCatalogue.settings {
                try db.execute(sql: "INSERT INTO setting(key, value, changed_at, changed_by) VALUES (?, ?, ?, ?)",
                               arguments: [key, value, start.epochSeconds, actor])
            }
            try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES ('demo', ?)",
                           arguments: ["seed=\(options.seed) now=\(Clock.formatInstant(now)) responses=\(options.responses)"])
        }

        // Customers: about one per three responses, each attached to a home site.
        let customerCount = max(20, options.responses / 3)
        var customerSite = [Int](repeating: 0, count: customerCount)
        var firstCustomerId: Int64 = 0
        try store.transaction(changes: ChangeTopic.everything) { db in
            var demoRows = DemoRows(db, ahead: customerCount)
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
                let customerId = try demoRows.insert(.demoCustomer, "\(first) \(last)", phone, email, value, sites[siteIndex].id)
                if index == 0 { firstCustomerId = customerId }
            }
            try demoRows.write()
        }
        summary.customers = customerCount

        // A demo store is rebuilt rather than recovered, so its writes need not wait for the disk;
        // a large cache keeps the randomly ordered index pages in memory while it fills.
        try store.setSQLitePragmas("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
        defer { try? store.setSQLitePragmas("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000") }
        // Responses, in time order, committed in batches so the WAL stays small.
        let span = now.timeIntervalSince(start)
        let batch = 25_000
        var index = 0
        while index < options.responses {
            let end = min(options.responses, index + batch)
            try store.transaction(changes: ChangeTopic.everything) { db in
                var demoRows = DemoRows(db, ahead: end - index)
                for i in index..<end {
                    let offset = (Double(i) + Double.random(in: 0..<1, using: &random)) / Double(options.responses) * span
                    let receivedAt = start.addingTimeInterval(offset)
                    let customerIndex = Int.random(in: 0..<customerCount, using: &random)
                    let site = sites[customerSite[customerIndex]]
                    try addResponse(number: i, receivedAt: receivedAt, customerId: firstCustomerId + Int64(customerIndex),
                                    site: (site.id, site.spec, site.hours, site.staff),
                                    causeIds: causeIds, demoRows: &demoRows, summary: &summary)
                }
                try demoRows.write()
            }
            index = end
        }
        try generateHistory(into: store, sites: sites, causeIds: causeIds, summary: &summary)
        try store.transaction(changes: ChangeTopic.everything) { db in
            try LoopSummary.rebuild(db)
            try PressureSummary.rebuild(db)
            try GapSummary.remeasure(db, always: true)
            try ResultSummary.rebuild(db)
            try Audit.record(db, at: now, actor: actor, action: "demo", entity: "store", entityId: store.path,
                             before: nil, after: "generated \(summary.responses) responses (seed \(options.seed))")
        }
        return summary
    }

    /// The demo's rows, each table's written at once when its transaction
    /// ends (`write`), with ids given ahead (see `PendingRows`).
    struct DemoRows {
        private let db: any SQLSession
        private let ahead: Int
        private var pending = PendingRows([.demoCustomer, .demoContact, .demoResponse, .responseCause, .demoCallback, .attempt, .guarantee,
                                           .audit])

        init(_ db: any SQLSession, ahead: Int) {
            self.db = db
            self.ahead = ahead
        }

        /// A row of a table with ids; answers its id.
        mutating func insert(_ table: PendingRows.Table, _ values: (any SQLValueConvertible)?...) throws -> Int64 {
            try pending.add(table, in: db, ahead: ahead, values.map { $0?.sqlValue ?? .null })
        }

        mutating func add(_ table: PendingRows.Table, _ values: (any SQLValueConvertible)?...) {
            pending.add(table, values.map { $0?.sqlValue ?? .null })
        }

        mutating func write() throws { try pending.write(db) }
    }

    private mutating func addResponse(number: Int, receivedAt: Date, customerId: Int64,
                                      site: (id: Int64, spec: DemoCatalogue.SiteSpec, hours: BusinessHours, staff: [Int64]),
                                      causeIds: [Int64], demoRows: inout DemoRows, summary: inout DemoSummary) throws {
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
        let contactId = try demoRows.insert(.demoContact, site.spec.kind.rawValue, site.id, staffId, customerId, occurredAt.epochSeconds, what)

        let scale = site.spec.scale
        let pushed = site.spec.staff[staffIndex] == DemoCatalogue.pusher
        let rating = pushed && random.chance(0.9) ? scale.top : drawRating(scale)
        let critical = settings.criticalRule.isCritical(rating, on: scale)
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
        let responseId = try demoRows.insert(.demoResponse, 
            "demo-\(number + 1)", contactId, customerId, site.id, staffId, scale.code, rating,
            scale.shortfall(rating), critical ? 1 : 0, comment, channel, receivedAt.epochSeconds,
        )
        summary.responses += 1
        guard critical else { return }
        summary.critical += 1

        // Older feedback has mostly been tagged; the last few days' mostly not yet.
        let manager = DemoCatalogue.managers[Int(site.id) % 2 == 0 ? 0 : 1 + Int(customerId % 3)]
        if !causes.isEmpty && random.chance(age > 1 ? 0.9 : 0.5) {
            let taggedAt = receivedAt.addingTimeInterval(Double.random(in: 3_600...86_400, using: &random))
            if taggedAt <= now {
                for cause in causes {
                    demoRows.add(.responseCause, responseId, causeIds[cause], taggedAt.epochSeconds, manager)
                }
            }
        }
        try addCallback(responseId: responseId, receivedAt: receivedAt, hours: site.hours, assignee: manager,
                        demoRows: &demoRows, summary: &summary)
    }

    private mutating func addCallback(responseId: Int64, receivedAt: Date, hours: BusinessHours, assignee: String,
                                      demoRows: inout DemoRows, summary: inout DemoSummary) throws {
        let now = options.now
        let firstDue = CallbackRules.dueTime(receivedAt: receivedAt, hours: hours,
                                             businessDays: settings.callbackDueBusinessDays)
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
        let callbackId = try demoRows.insert(.demoCallback, 
            responseId, receivedAt.epochSeconds, firstDue.epochSeconds, dueAt.epochSeconds, assignee, attempts,
            outcome?.rawValue, note, doneAt?.epochSeconds, doneAt == nil ? nil : assignee,
        )
        summary.callbacks += 1
        if doneAt == nil { summary.openCallbacks += 1 }
        if let noAnswerAt {
            demoRows.add(.attempt, callbackId, noAnswerAt.epochSeconds, assignee, CallOutcome.noAnswer.rawValue, nil, retryAt?.epochSeconds)
            demoRows.add(.audit, noAnswerAt.epochSeconds, assignee, ActionKind.recordCall.rawValue, "callback", String(callbackId), "open", "no-answer")
        }
        if let doneAt, let outcome {
            demoRows.add(.attempt, callbackId, doneAt.epochSeconds, assignee, outcome.rawValue, note, nil)
            demoRows.add(.audit, doneAt.epochSeconds, assignee, ActionKind.recordCall.rawValue, "callback", String(callbackId), "open", outcome.rawValue)
            if outcome == .guarantee {
                let amount = (Double.random(in: 40...400, using: &random) / 5).rounded() * 5
                demoRows.add(.guarantee, responseId, callbackId, amount, assignee, doneAt.epochSeconds)
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

    private func insertFix(_ db: any SQLSession, causeId: Int64, plot: FixPlot) throws {
        let now = options.now
        func daysAgo(_ days: Int) -> Int64 { now.epochSeconds - Int64(days) * 86_400 }
        let row: (status: FixStatus, owner: String?, started: Int64?, done: Int64?, note: String?)
        switch plot {
        case .rising: return
        case .open(let owner): row = (.open, owner, nil, nil, "Review how quotes are given by phone.")
        case .inProgress(let owner, let started): row = (.inProgress, owner, daysAgo(started), nil, "Trialling a new process.")
        case .verified(let owner, let done): row = (.done, owner, daysAgo(done + 14), daysAgo(done), "New checklist in place.")
        case .recurred(let owner, let done): row = (.done, owner, daysAgo(done + 10), daysAgo(done), "Slots now confirmed by text.")
        }
        try db.execute(sql: """
            INSERT INTO fix(cause_id, status, owner, effort, note, started_at, done_at, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [causeId, row.status.rawValue, row.owner, row.status == .open ? nil : 2.0, row.note,
                             row.started, row.done, row.done ?? row.started ?? now.epochSeconds, row.owner ?? "chloe"])
    }
}

extension PendingRows.Table {
    // What the demo writes: rows as their history left them.
    static let demoCustomer = Self(name: "customer", columns: ["id", "name", "phone", "email", "value", "site_id"])
    static let demoContact = Self(name: "contact", columns: ["id", "kind", "site_id", "staff_id", "customer_id", "occurred_at", "summary"])
    static let demoResponse = Self(name: "response", columns: ["id", "external_id", "contact_id", "customer_id", "site_id", "staff_id", "scale",
                                                               "rating", "shortfall", "critical", "comment", "channel", "received_at"])
    static let demoCallback = Self(name: "callback", columns: ["id", "response_id", "created_at", "first_due_at", "due_at", "assignee",
                                                               "attempts", "outcome", "note", "done_at", "done_by"])
    static let attempt = Self(name: "call_attempt", columns: ["callback_id", "made_at", "made_by", "outcome", "note", "retry_at"])
    static let guarantee = Self(name: "guarantee", columns: ["response_id", "callback_id", "amount", "approved_by", "invoked_at"])
    static let audit = Self(name: "audit", columns: ["at", "actor", "action", "entity", "entity_id", "before", "after"])
}
