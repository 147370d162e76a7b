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
        guard !anonymous else { return nil }
        var group = ResultGroup.neverCritical, speed = CallSpeed.none
        if critical {
            var outcomes: [CallOutcome] = []
            var reachedAt: Int64?
            if let callbackId {
                try db.forEachRow(sql: "SELECT outcome, made_at FROM call_attempt WHERE callback_id = ? ORDER BY made_at, id",
                                   arguments: [callbackId]) { attempt in
                    guard let outcome = CallOutcome(rawValue: attempt[0]) else { return }
                    outcomes.append(outcome)
                    if outcome != .noAnswer && reachedAt == nil { reachedAt = attempt[1] }
                }
            }
            group = ResultGroup.of(attempts: outcomes)
            speed = CallSpeed.of(receivedAt: Date(epochSeconds: receivedAt), reachedAt: reachedAt.map(Date.init(epochSeconds:)),
                                 hours: try siteHours(db, siteId))
        } else if shortfall != 0 {
            return nil
        }
        let next = try Self.nextContact(db, customerId: customerId, after: contactAt)
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
                         arguments: [responseId]).flatMap { row in
            guard let group = ResultGroup(rawValue: row[3]), let speed = CallSpeed(rawValue: row[4]) else { return nil }
            return Entry(customerId: row[0], siteId: row[1], contactAt: row[2], group: group, speed: speed, nextContactAt: row[5])
        }
    }

    /// A response just recorded: no call yet, so only its customer's next contact is looked up.
    mutating func responseRecorded(_ db: any SQLSession, responseId: Int64, customerId: Int64, siteId: Int64, contactAt: Int64, critical: Bool) throws {
        let next = try Self.nextContact(db, customerId: customerId, after: contactAt)
        let entry = Entry(customerId: customerId, siteId: siteId, contactAt: contactAt, group: critical ? .notCalled : .neverCritical,
                          speed: .none, nextContactAt: next)
        count(entry, sign: 1)
        try db.execute(sql: """
            INSERT INTO result_response(response_id, customer_id, site_id, contact_at, grp, speed, next_contact_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [responseId, customerId, siteId, contactAt, entry.group.rawValue, entry.speed.rawValue, next])
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
                try db.execute(sql: """
                    INSERT INTO result_response(response_id, customer_id, site_id, contact_at, grp, speed, next_contact_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(response_id) DO UPDATE SET customer_id = excluded.customer_id, site_id = excluded.site_id,
                        contact_at = excluded.contact_at, grp = excluded.grp, speed = excluded.speed, next_contact_at = excluded.next_contact_at
                    """, arguments: [id, after.customerId, after.siteId, after.contactAt, after.group.rawValue, after.speed.rawValue,
                                     after.nextContactAt])
            } else {
                try db.execute(sql: "DELETE FROM result_response WHERE response_id = ?", arguments: [id])
            }
        }
    }

    /// A contact of the customer's at `occurredAt`: it is the next contact of
    /// their earlier responses whose next one was later or none.
    mutating func contactRecorded(_ db: any SQLSession, customerId: Int64, occurredAt: Int64) throws {
        let earlier = try db.fetchAll(sql: """
            SELECT response_id, customer_id, site_id, contact_at, grp, speed, next_contact_at FROM result_response
            WHERE customer_id = ? AND contact_at < ? AND (next_contact_at IS NULL OR next_contact_at > ?)
            """, arguments: [customerId, occurredAt, occurredAt])
        for row in earlier {
            guard let group = ResultGroup(rawValue: row[4]), let speed = CallSpeed(rawValue: row[5]) else { continue }
            var entry = Entry(customerId: row[1], siteId: row[2], contactAt: row[3], group: group, speed: speed, nextContactAt: row[6])
            count(entry, sign: -1)
            entry.nextContactAt = occurredAt
            count(entry, sign: 1)
            try db.execute(sql: "UPDATE result_response SET next_contact_at = ? WHERE response_id = ?", arguments: [occurredAt, row[0] as Int64])
        }
    }

    /// Writes the counts gathered so far, and resets.
    mutating func apply(_ db: any SQLSession) throws {
        for (key, change) in changes where !change.isEmpty {
            var tally = ResultTally(encoded: [UInt8](try db.fetchOne(Data.self, sql: "SELECT tally FROM result_day WHERE day = ? AND site_id = ?",
                                                                     arguments: [key.day, key.siteId]) ?? Data()))
            tally.add(change)
            if tally.isEmpty {
                try db.execute(sql: "DELETE FROM result_day WHERE day = ? AND site_id = ?", arguments: [key.day, key.siteId])
            } else {
                try db.execute(sql: """
                    INSERT INTO result_day(day, site_id, tally) VALUES (?, ?, ?) ON CONFLICT(day, site_id) DO UPDATE SET tally = excluded.tally
                    """, arguments: [key.day, key.siteId, Data(tally.encoded)])
            }
        }
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
        var batch: [Int64] = []
        try db.forEachRow(sql: """
            SELECT r.id FROM response r JOIN customer cu ON cu.id = r.customer_id
            WHERE cu.anonymous = 0 AND (r.critical = 1 OR r.shortfall = 0)
            """, arguments: []) { row in
            batch.append(row[0])
            if batch.count == 4096 {
                try summary.refresh(db, responseIds: batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try summary.refresh(db, responseIds: batch)
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
