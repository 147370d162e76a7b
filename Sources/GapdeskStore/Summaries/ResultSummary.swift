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
struct ResultSummary {
    struct Entry: Equatable {
        var customerId: Int64
        var siteId: Int64
        var contactAt: Int64
        var group: ResultGroup
        var speed: CallSpeed
        var nextContactAt: Int64?

        /// Its `result_response` row, in the columns `write` names.
        func row(responseId: Int64) -> [SQLValue] {
            [.of(responseId), .of(customerId), .of(siteId), .of(contactAt), .of(group.rawValue), .of(speed.rawValue), .of(nextContactAt)]
        }
    }

    private struct Key: Hashable { var day: Int64; var siteId: Int64 }
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
            try db.forEachRow(sql: "SELECT outcome, made_at FROM call_attempt WHERE callback_id = ? ORDER BY made_at, id",
                              arguments: [callbackId]) { row in
                if let outcome = CallOutcome(rawValue: row[0]) { attempts.append(Attempt(outcome: outcome, madeAt: row[1])) }
            }
        }
        return try entry(db, customerId: customerId, siteId: siteId, critical: critical, receivedAt: receivedAt, contactAt: contactAt,
                         attempts: attempts, next: try Self.nextContact(db, customerId: customerId, after: contactAt))
    }

    struct Attempt { var outcome: CallOutcome; var madeAt: Int64 }

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

    /// Brings the responses' entries up to what their rows say now (after a
    /// response is recorded, a call recorded or undone).
    mutating func refresh(_ db: any SQLSession, responseIds: [Int64]) throws {
        for id in responseIds {
            let before = try Self.stored(db, responseId: id)
            let after = try entry(db, responseId: id)
            guard before != after else { continue }
            if let before { count(before, sign: -1) }
            if let after {
                count(after, sign: 1)
                try Self.write(db, [after.row(responseId: id)])
            } else {
                try db.execute(sql: "DELETE FROM result_response WHERE response_id = ?", arguments: [id])
            }
        }
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

    /// Refreshes some responses' entries and writes the counts, in one go.
    static func refreshing(_ db: any SQLSession, responseIds: [Int64]) throws {
        var summary = try ResultSummary(db)
        try summary.refresh(db, responseIds: responseIds)
        try summary.apply(db)
    }

    /// Recounts everything from the responses, calls and contacts.
    static func rebuild(_ db: any SQLSession) throws {
        try db.execute(sql: "DELETE FROM result_response; DELETE FROM result_day")
        var summary = try ResultSummary(db)
        // Every call's attempts, then every response with its next contact: two queries, not a few per response.
        var attempts: [Int64: [Attempt]] = [:]
        try db.forEachRow(sql: "SELECT callback_id, outcome, made_at FROM call_attempt ORDER BY callback_id, made_at, id", arguments: []) { row in
            if let outcome = CallOutcome(rawValue: row[1]) { attempts[row[0], default: []].append(Attempt(outcome: outcome, madeAt: row[2])) }
        }
        var entries: [[SQLValue]] = []
        try db.forEachRow(sql: """
            SELECT r.id, r.customer_id, r.site_id, r.critical, r.received_at, coalesce(c.occurred_at, r.received_at), cb.id,
                   (SELECT min(n.occurred_at) FROM contact n WHERE n.customer_id = r.customer_id AND n.occurred_at > coalesce(c.occurred_at, r.received_at))
            FROM response r JOIN customer cu ON cu.id = r.customer_id LEFT JOIN contact c ON c.id = r.contact_id
            LEFT JOIN callback cb ON cb.response_id = r.id
            WHERE cu.anonymous = 0 AND (r.critical = 1 OR r.shortfall = 0)
            """, arguments: []) { row in
            let critical: Bool = row[3], callbackId: Int64? = row[6]
            let entry = try summary.entry(db, customerId: row[1], siteId: row[2], critical: critical, receivedAt: row[4], contactAt: row[5],
                                          attempts: callbackId.flatMap { attempts[$0] } ?? [], next: row[7])
            summary.count(entry, sign: 1)
            entries.append(entry.row(responseId: row[0]))
            if entries.count == 4_096 {
                try Self.write(db, entries)
                entries.removeAll(keepingCapacity: true)
            }
        }
        try Self.write(db, entries)
        try summary.apply(db)
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
