import Foundation
import GapdeskDomain

/// Returns by what happened, kept current by the writes that change them (see
/// `Results` for the definitions):
/// - `result_response`: each response that can be in the results (critical
///   with a customer to call, or at the top of its scale), its contact date,
///   its group, its call's speed, and its customer's first contact after it;
/// - `result_day`: their counts per UTC day of contact and site, by group and
///   speed, with those that returned within `results.return_days`, in one
///   `ResultTally` a row.
/// The results then read a row per day and site, at any store size.
/// Responses and contacts added are counted as they are written
/// (`responseRecorded`, `contactRecorded`, `settle`, `apply`); a call
/// recorded or undone counts its response's entry, and the days and sites
/// it falls on, again (`recount`).
struct ResultSummary {
    struct Entry: Equatable {
        var customerId: Int64
        var siteId: Int64
        var contactAt: Int64
        var group: ResultGroup
        var speed: CallSpeed
        var nextContactAt: Int64?

        /// In words, as `check` compares it.
        var words: String {
            "customer \(customerId), site \(siteId), contact at \(contactAt), \(group.rawValue), \(speed.rawValue), "
                + "next contact \(nextContactAt.map(String.init) ?? "none")"
        }

        /// Its `result_response` row, in the columns `write` names.
        func row(responseId: Int64) -> [SQLValue] {
            [.of(responseId), .of(customerId), .of(siteId), .of(contactAt), .of(group.rawValue), .of(speed.rawValue), .of(nextContactAt)]
        }
    }

    struct Key: Hashable, Comparable {
        var day: Int64, siteId: Int64
        static func < (a: Key, b: Key) -> Bool { (a.day, a.siteId) < (b.day, b.siteId) }
    }
    private var changes: [Key: ResultTally] = [:]
    private var hours: [Int64: BusinessHours] = [:]
    let returnDays: Int

    init(_ db: any SQLSession) throws {
        returnDays = try Store.teamSettings(db).returnDays
    }

    private mutating func count(_ entry: Entry, sign: Int) {
        let key = Key(day: UTCDay.of(epochSeconds: entry.contactAt), siteId: entry.siteId)
        let returned = Results.returned(contactAt: entry.contactAt, next: entry.nextContactAt, returnDays: returnDays) ? sign : 0
        changes[key, default: ResultTally()].add(group: entry.group, speed: entry.speed, responses: sign, returned: returned)
    }

    /// The response's entry as its rows make it now; nil when it cannot be in
    /// the results (anonymous: nobody to return; critical by a lower threshold
    /// but not at the top; not critical and not at the top).
    mutating func entry(_ db: any SQLSession, responseId: Int64) throws -> Entry? {
        guard let row = try db.fetchOne(sql: """
            SELECT r.customer_id, r.site_id, r.critical, r.shortfall, r.received_at, coalesce(c.occurred_at, r.received_at), cu.anonymous, cb.id
            FROM response r JOIN customer cu ON cu.id = r.customer_id LEFT JOIN contact c ON c.id = r.contact_id
            LEFT JOIN callback cb ON cb.response_id = r.id
            WHERE r.id = ?
            """, arguments: [responseId]) else { return nil }
        let customerId: Int64 = row[0], siteId: Int64 = row[1], critical: Bool = row[2], shortfall: Double = row[3]
        let receivedAt: Int64 = row[4], contactAt: Int64 = row[5], anonymous: Bool = row[6], callbackId: Int64? = row[7]
        guard !anonymous, critical || shortfall == 0 else { return nil }
        var attempts: [Attempt] = []
        if critical, let callbackId {
            try db.forEachRow(sql: "SELECT outcome, made_at, id FROM call_attempt WHERE callback_id = ? ORDER BY made_at, id",
                              arguments: [callbackId]) { row in
                if let outcome = CallOutcome(rawValue: row[0]) { attempts.append(Attempt(outcome: outcome, madeAt: row[1], id: row[2])) }
            }
        }
        return try entry(db, customerId: customerId, siteId: siteId, critical: critical, receivedAt: receivedAt, contactAt: contactAt,
                         attempts: attempts, next: try Self.nextContact(db, customerId: customerId, after: contactAt))
    }

    struct Attempt { var outcome: CallOutcome; var madeAt: Int64; var id: Int64 }

    /// The entry of a response that can be in the results, from its facts:
    /// its call's attempts in the order made, and its customer's next contact.
    private mutating func entry(_ db: any SQLSession, customerId: Int64, siteId: Int64, critical: Bool, receivedAt: Int64, contactAt: Int64,
                                attempts: [Attempt], next: Int64?) throws -> Entry {
        var group = ResultGroup.neverCritical, speed = CallSpeed.none
        if critical {
            group = ResultGroup.of(attempts: attempts.map(\.outcome))
            let reachedAt = attempts.first { $0.outcome.reachedCustomer }?.madeAt
            speed = CallSpeed.of(receivedAt: Date(epochSeconds: receivedAt), reachedAt: reachedAt.map(Date.init(epochSeconds:)),
                                 hours: try siteHours(db, siteId))
        }
        return Entry(customerId: customerId, siteId: siteId, contactAt: contactAt, group: group, speed: speed, nextContactAt: next)
    }

    /// The customer's first contact after a moment: the return, if it is soon enough.
    static func nextContact(_ db: any SQLSession, customerId: Int64, after contactAt: Int64) throws -> Int64? {
        try db.fetchOne(Int64.self, sql: UpkeepRead.nextContact.sql(db.dialect), arguments: [customerId, contactAt])
    }

    private mutating func siteHours(_ db: any SQLSession, _ siteId: Int64) throws -> BusinessHours {
        if let known = hours[siteId] { return known }
        let found = try Store.site(db, id: siteId)?.hours ?? .standard
        hours[siteId] = found
        return found
    }

    static func stored(_ db: any SQLSession, responseId: Int64) throws -> Entry? {
        try db.fetchOne(sql: "SELECT customer_id, site_id, contact_at, grp, speed, next_contact_at FROM result_response WHERE response_id = ?",
                         arguments: [responseId]).flatMap(entry)
    }

    /// Responses recorded in this transaction that can be in the results, and
    /// the contacts recorded, for `settle` once their rows are written.
    private var recordedResponses: [(responseId: Int64, entry: Entry)] = []
    private var recordedContacts: [Int64: [Int64]] = [:]

    /// A response just recorded: no call yet; its customer's next contact is found by `settle`.
    mutating func responseRecorded(responseId: Int64, customerId: Int64, siteId: Int64, contactAt: Int64, critical: Bool) {
        recordedResponses.append((responseId, Entry(customerId: customerId, siteId: siteId, contactAt: contactAt,
                                                    group: critical ? .notCalled : .neverCritical, speed: .none, nextContactAt: nil)))
    }

    /// A contact just recorded: a return for the customer's earlier responses (see `settle`).
    mutating func contactRecorded(customerId: Int64, occurredAt: Int64) {
        recordedContacts[customerId, default: []].append(occurredAt)
    }

    /// After the recorded rows are written: brings forward the next contact
    /// of the stored entries the new contacts are a return for, then adds the
    /// new responses' entries with their customers' first contact after them.
    /// A contact can only bring a next contact earlier, so the order the rows
    /// came in does not matter. A query for the batch, not one per row.
    mutating func settle(_ db: any SQLSession) throws {
        if !recordedContacts.isEmpty {
            var moved: [[SQLValue]] = []
            try db.forEachRow(sql: """
                SELECT r.customer_id, r.site_id, r.contact_at, r.grp, r.speed, r.next_contact_at, r.response_id
                FROM \(db.dialect.keyTable(.integer)) CROSS JOIN result_response r WHERE r.customer_id = k.value
                """, arguments: [SQLValue.list(recordedContacts.keys)]) { row in
                guard var entry = Self.entry(row), let next = Self.first(recordedContacts[entry.customerId] ?? [], after: entry.contactAt),
                      next < entry.nextContactAt ?? .max else { return }
                count(entry, sign: -1)
                entry.nextContactAt = next
                count(entry, sign: 1)
                moved.append([.integer(row[6]), .integer(next)])
            }
            try db.updateRows("result_response", key: "response_id", columns: ["next_contact_at"], moved)
            recordedContacts.removeAll()
        }
        guard !recordedResponses.isEmpty else { return }
        var contacts: [Int64: [Int64]] = [:]
        try db.forEachRow(sql: UpkeepRead.contactTimes.sql(db.dialect),
                          arguments: [SQLValue.list(Set(recordedResponses.map(\.entry.customerId)))]) { row in
            contacts[row[0], default: []].append(row[1])
        }
        try Self.write(db, recordedResponses.map { responseId, entry in
            var entry = entry
            entry.nextContactAt = Self.first(contacts[entry.customerId] ?? [], after: entry.contactAt)
            count(entry, sign: 1)
            return entry.row(responseId: responseId)
        })
        recordedResponses.removeAll()
    }

    /// The earliest of `times` after `moment`: a customer's return.
    private static func first(_ times: [Int64], after moment: Int64) -> Int64? {
        times.filter { $0 > moment }.min()
    }

    /// Writes entries (rows from `Entry.row`), replacing those already stored.
    private static func write(_ db: any SQLSession, _ rows: [[SQLValue]]) throws {
        try db.insertRows(into: "result_response", columns: ["response_id", "customer_id", "site_id", "contact_at", "grp", "speed",
                                                              "next_contact_at"], rows, conflict: """
            ON CONFLICT(response_id) DO UPDATE SET customer_id = excluded.customer_id, site_id = excluded.site_id,
                contact_at = excluded.contact_at, grp = excluded.grp, speed = excluded.speed, next_contact_at = excluded.next_contact_at
            """)
    }

    /// An entry from the columns customer_id, site_id, contact_at, grp, speed and next_contact_at, in that order.
    private static func entry(_ row: SQLRow) -> Entry? {
        guard let group = ResultGroup(rawValue: row[3]), let speed = CallSpeed(rawValue: row[4]) else { return nil }
        return Entry(customerId: row[0], siteId: row[1], contactAt: row[2], group: group, speed: speed, nextContactAt: row[5])
    }

    /// Writes the counts gathered so far, and resets.
    mutating func apply(_ db: any SQLSession) throws {
        guard !changes.isEmpty else { return }
        var stored: [Key: ResultTally] = [:]
        try db.forEachRow(sql: """
            SELECT day, site_id, tally FROM result_day WHERE day IN \(db.dialect.listed(.integer)) AND site_id IN \(db.dialect.listed(.integer))
            """, arguments: [SQLValue.list(Set(changes.keys.map(\.day))), SQLValue.list(Set(changes.keys.map(\.siteId)))]) { row in
            stored[Key(day: row[0], siteId: row[1])] = ResultTally(encoded: [UInt8](row[2] as Data))
        }
        var kept: [[SQLValue]] = []
        for (key, change) in changes where !change.isEmpty {
            var tally = stored[key] ?? ResultTally()
            tally.add(change)
            if tally.isEmpty {
                try db.execute(sql: "DELETE FROM result_day WHERE day = ? AND site_id = ?", arguments: [key.day, key.siteId])
            } else {
                kept.append([.integer(key.day), .integer(key.siteId), .blob(Data(tally.encoded))])
            }
        }
        try db.insertRows(into: "result_day", columns: ["day", "site_id", "tally"], kept,
                          conflict: "ON CONFLICT(day, site_id) DO UPDATE SET tally = excluded.tally")
        changes.removeAll()
    }

    /// Every response an entry may be counted for, in id order: one pass over
    /// the store (pages of `WHERE id > last LIMIT n` cost PostgreSQL a new plan
    /// and a new start of each join every page).
    private static let countedSQL = """
        SELECT r.id, r.customer_id, r.site_id, r.critical, r.received_at, coalesce(c.occurred_at, r.received_at), cb.id,
               (SELECT min(n.occurred_at) FROM contact n WHERE n.customer_id = r.customer_id AND n.occurred_at > coalesce(c.occurred_at, r.received_at))
        FROM response r JOIN customer cu ON cu.id = r.customer_id LEFT JOIN contact c ON c.id = r.contact_id
        LEFT JOIN callback cb ON cb.response_id = r.id
        WHERE cu.anonymous = 0 AND (r.critical = 1 OR r.shortfall = 0) ORDER BY r.id
        """

    /// The entries of `rows` (from `countedSQL`), with their calls' attempts read at once.
    private mutating func counted(_ db: any SQLSession, _ rows: [SQLRow]) throws -> [(responseId: Int64, entry: Entry)] {
        var attempts: [Int64: [Attempt]] = [:]
        try db.forEachRow(sql: """
            SELECT a.callback_id, a.outcome, a.made_at, a.id FROM \(db.dialect.keyTable(.integer)) CROSS JOIN call_attempt a WHERE a.callback_id = k.value
            """, arguments: [SQLValue.list(rows.compactMap { $0[6] as Int64? })]) { row in
            if let outcome = CallOutcome(rawValue: row[1]) { attempts[row[0], default: []].append(Attempt(outcome: outcome, madeAt: row[2], id: row[3])) }
        }
        return try rows.map { row in
            let critical: Bool = row[3], callbackId: Int64? = row[6]
            let made = (callbackId.flatMap { attempts[$0] } ?? []).sorted { ($0.madeAt, $0.id) < ($1.madeAt, $1.id) }
            return (row[0], try entry(db, customerId: row[1], siteId: row[2], critical: critical, receivedAt: row[4], contactAt: row[5],
                                      attempts: made, next: row[7]))
        }
    }

    /// An entry in words, as `check` reports it (nil: a stored row gapdesk cannot read).
    private static func words(_ entry: Entry?) -> String { entry?.words ?? "an entry gapdesk cannot read" }

    /// The stored entries of the responses after `lastId` up to `upTo` (nil: one gapdesk cannot read).
    private static func stored(_ db: any SQLSession, after lastId: Int64, upTo: Int64) throws -> [Int64: Entry?] {
        var entries: [Int64: Entry?] = [:]
        try db.forEachRow(sql: """
            SELECT customer_id, site_id, contact_at, grp, speed, next_contact_at, response_id FROM result_response
            WHERE response_id > ? AND response_id <= ?
            """, arguments: [lastId, upTo]) { row in entries[row[6]] = .some(entry(row)) }
        return entries
    }

    /// Every entry counted from the rows in one pass, handed on a page at a
    /// time in id order, with their tallies by day and site.
    private static func countAll(_ db: any SQLSession, _ page: ([(responseId: Int64, entry: Entry)]) throws -> Void) throws -> [Key: ResultTally] {
        var summary = try ResultSummary(db)
        var rows: [SQLRow] = []
        func flush() throws {
            guard !rows.isEmpty else { return }
            let entries = try summary.counted(db, rows)
            for (_, entry) in entries { summary.count(entry, sign: 1) }
            try page(entries)
            rows.removeAll(keepingCapacity: true)
        }
        try db.scan(sql: countedSQL, arguments: []) { row in
            rows.append(row)
            if rows.count == 4_096 { try flush() }
        }
        try flush()
        return summary.changes.filter { !$0.value.isEmpty }
    }
}

extension ResultSummary: FollowingFigure {
    static let name = "results"
    static let tables = ["result_response", "result_day"]
    static let sources: Set<String> = ["response", "callback", "call_attempt", "contact"]

    /// Which responses are critical, and how soon a customer must come back to count as returned.
    static func counts(setting key: String) -> Bool { key.hasPrefix("critical.below.") || key == "results.return_days" }

    static func rebuild(_ db: any SQLSession) throws {
        try db.execute(sql: "DELETE FROM result_response; DELETE FROM result_day")
        let tallies = try countAll(db) { entries in try write(db, entries.map { $0.entry.row(responseId: $0.responseId) }) }
        try db.insertRows(into: "result_day", columns: ["day", "site_id", "tally"],
                          tallies.map { [.integer($0.key.day), .integer($0.key.siteId), .blob(Data($0.value.encoded))] }, conflict: "")
    }

    static func verify(_ db: any SQLSession) throws -> FigureDifference? {
        var compared = Int64.min
        var difference: FigureDifference?
        let tallies = try countAll(db) { entries in
            guard difference == nil, let last = entries.last?.responseId else { return }
            let counted = Dictionary(uniqueKeysWithValues: entries.map { ($0.responseId, Optional($0.entry)) })
            difference = FigureComparison.first(name, "result_response", stored: try Self.stored(db, after: compared, upTo: last), recounted: counted,
                                                describe: { "response \($0)" }, words: Self.words)
            compared = last
        }
        if let difference { return difference }
        if let (id, entry) = try Self.stored(db, after: compared, upTo: .max).min(by: { $0.key < $1.key }) {
            return FigureDifference(figure: name, table: "result_response", key: "response \(id)", stored: Self.words(entry), recounted: nil)
        }
        var stored: [Key: String] = [:]
        try db.scan(sql: "SELECT day, site_id, tally FROM result_day", arguments: []) { row in
            let tally = ResultTally(encoded: [UInt8](row[2] as Data))
            if !tally.isEmpty { stored[Key(day: row[0], siteId: row[1])] = "\(tally.entries.map { "\($0)" })" }
        }
        return FigureComparison.first(name, "result_day", stored: stored, recounted: tallies.mapValues { "\($0.entries.map { "\($0)" })" },
                                      describe: { "\(FigureComparison.day($0.day)), site \($0.siteId)" })
    }

    /// The responses whose entries a change reaches, and the days and sites their stored entries fall on.
    struct Keys: FigureKeys {
        var responses: Set<Int64> = [], days: Set<Key> = []

        mutating func formUnion(_ other: Keys) {
            responses.formUnion(other.responses)
            days.formUnion(other.days)
        }
    }

    static func keys(_ db: any SQLSession, _ touched: Touched) throws -> Keys {
        var keys = Keys(responses: touched.responses)
        try db.forEachRow(sql: """
            SELECT r.contact_at, r.site_id FROM \(db.dialect.keyTable(.integer)) CROSS JOIN result_response r WHERE r.response_id = k.value
            """, arguments: [SQLValue.list(touched.responses)]) { row in
            keys.days.insert(Key(day: UTCDay.of(epochSeconds: row[0]), siteId: row[1]))
        }
        return keys
    }

    /// Counts each response's entry again, then each day and site its entry
    /// falls on, before and after, from the entries stored for it.
    static func recount(_ db: any SQLSession, _ keys: Keys) throws {
        var summary = try ResultSummary(db)
        var days = keys.days
        for id in keys.responses {
            let after = try summary.entry(db, responseId: id)
            guard after != (try Self.stored(db, responseId: id)) else { continue }
            if let after {
                days.insert(Key(day: UTCDay.of(epochSeconds: after.contactAt), siteId: after.siteId))
                try write(db, [after.row(responseId: id)])
            } else {
                try db.execute(sql: "DELETE FROM result_response WHERE response_id = ?", arguments: [id])
            }
        }
        for key in days {
            var tally = ResultTally()
            try db.forEachRow(sql: """
                SELECT grp, speed, contact_at, next_contact_at FROM result_response\(db.dialect.indexedBy("result_response_by_date"))
                WHERE contact_at >= ? AND contact_at < ? AND site_id = ?
                """, arguments: [key.day * UTCDay.seconds, (key.day + 1) * UTCDay.seconds, key.siteId]) { row in
                guard let group = ResultGroup(rawValue: row[0]), let speed = CallSpeed(rawValue: row[1]) else { return }
                let returned = Results.returned(contactAt: row[2], next: row[3], returnDays: summary.returnDays)
                tally.add(group: group, speed: speed, responses: 1, returned: returned ? 1 : 0)
            }
            if tally.isEmpty {
                try db.execute(sql: "DELETE FROM result_day WHERE day = ? AND site_id = ?", arguments: [key.day, key.siteId])
            } else {
                try db.execute(sql: """
                    INSERT INTO result_day(day, site_id, tally) VALUES (?, ?, ?) ON CONFLICT(day, site_id) DO UPDATE SET tally = excluded.tally
                    """, arguments: [key.day, key.siteId, Data(tally.encoded)])
            }
        }
    }
}

/// Returns counted for one window of contact dates: per group, and per call
/// speed of the critical responses.
public struct ResultCounts: Sendable, Equatable {
    public var groups: [ResultGroup: Proportion] = [:]
    public var speeds: [CallSpeed: Proportion] = [:]

    public init() {}

    mutating func add(group: ResultGroup, speed: CallSpeed, responses: Int, returned: Int) {
        let old = groups[group] ?? Proportion(successes: 0, trials: 0)
        groups[group] = Proportion(successes: old.successes + returned, trials: old.trials + responses)
        guard group != .neverCritical else { return }
        let byspeed = speeds[speed] ?? Proportion(successes: 0, trials: 0)
        speeds[speed] = Proportion(successes: byspeed.successes + returned, trials: byspeed.trials + responses)
    }

    public func group(_ group: ResultGroup) -> Proportion { groups[group] ?? Proportion(successes: 0, trials: 0) }
    public func speed(_ speed: CallSpeed) -> Proportion { speeds[speed] ?? Proportion(successes: 0, trials: 0) }

    /// Every critical response whose call got through, as one group.
    public var reached: Proportion {
        ResultGroup.allCases.filter(\.reached).reduce(Proportion(successes: 0, trials: 0)) {
            Proportion(successes: $0.successes + group($1).successes, trials: $0.trials + group($1).trials)
        }
    }
}
