import Foundation
import GapdeskDomain

/// A record of past work, written as it happened: rows with the times, people
/// and outcomes they had, for a store being filled rather than worked in (the
/// demo). Rows with ids get them ahead, so they refer to each other before any
/// is written, and each table's rows are written at once when the
/// transaction ends (the import's bulk path, `PendingRows`). The daily
/// summaries are marked to be rebuilt from the rows (`Store.rebuildSummaries`,
/// or the next open if that is cut short), as a migration marks them.
///
/// The small tables (sites, staff, causes, fixes, users, settings) are
/// written at once; the rest wait for the end of the transaction.
///
/// Nothing here checks who may do what: it records what was done, by whoever
/// did it. Only an admin may record a past (see `Store.recordPast`).
public struct PastRecords {
    private let db: any SQLSession
    private let ahead: Int
    private var pending = PendingRows([.pastCustomer, .pastContact, .pastResponse, .responseCause, .pastCallback, .pastAttempt,
                                       .pastGuarantee, .pastAudit])
    /// The team's settings when the recording began: which ratings are critical, when calls fall due.
    public let settings: TeamSettings

    init(_ db: any SQLSession, ahead: Int) throws {
        self.db = db
        self.ahead = ahead
        settings = try Store.teamSettings(db)
        try Figures.markAll(db)
    }

    public func site(_ name: String, hours: BusinessHours) throws -> Int64 {
        try Store.insertSite(db, name: name, hours: hours)
    }

    public func staff(_ name: String, siteId: Int64) throws -> Int64 {
        try db.insert(sql: "INSERT INTO staff(name, site_id) VALUES (?, ?)", arguments: [name, siteId])
    }

    public func cause(_ name: String, kind: GapKind, team: String?, createdAt: Date) throws -> Int64 {
        try db.insert(sql: "INSERT INTO root_cause(name, kind, team, created_at) VALUES (?, ?, ?, ?)",
                      arguments: [name, kind.rawValue, team, createdAt.epochSeconds])
    }

    /// A gap's fix as it stands, last changed at `updatedAt` by `updatedBy`.
    public func fix(causeId: Int64, status: FixStatus, owner: String?, effort: Double?, note: String?, startedAt: Date?,
                             doneAt: Date?, updatedAt: Date, updatedBy: String) throws {
        try db.execute(sql: """
            INSERT INTO fix(cause_id, status, owner, effort, note, started_at, done_at, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [causeId, status.rawValue, owner, effort, note, startedAt?.epochSeconds, doneAt?.epochSeconds,
                             updatedAt.epochSeconds, updatedBy])
    }

    public func user(_ account: String, role: Role, addedAt: Date, addedBy: String) throws {
        try db.execute(sql: "INSERT INTO app_user(account, role, added_at, added_by) VALUES (?, ?, ?, ?)",
                       arguments: [account, role.rawValue, addedAt.epochSeconds, addedBy])
    }

    public func setting(_ key: String, _ value: String, changedAt: Date, changedBy: String) throws {
        try db.execute(sql: "INSERT INTO setting(key, value, changed_at, changed_by) VALUES (?, ?, ?, ?)",
                       arguments: [key, value, changedAt.epochSeconds, changedBy])
    }

    /// Marks the store a demo, which `gapdesk demo` may rebuild: `description` says how it was made.
    public func markDemo(_ description: String) throws {
        try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES ('demo', ?)", arguments: [description])
    }

    public mutating func customer(name: String, phone: String?, email: String?, value: Double?, siteId: Int64) throws -> Int64 {
        try add(.pastCustomer) { [$0, .of(name), .of(phone), .of(email), .of(value), .of(siteId)] }
    }

    /// A contact; `givenName`: the name its row gave, where it is not the customer's (see `SharedContactDetails`).
    public mutating func contact(kind: ContactKind, siteId: Int64, staffId: Int64?, customerId: Int64, at: Date, summary: String,
                                 givenName: String? = nil) throws -> Int64 {
        try add(.pastContact) { [$0, .of(kind.rawValue), .of(siteId), .of(staffId), .of(customerId), .of(at.epochSeconds), .of(summary), .of(givenName)] }
    }

    /// A response; whether it is critical follows the team's rule (`settings`).
    public mutating func response(externalId: String, contactId: Int64?, customerId: Int64, siteId: Int64, staffId: Int64?,
                                  scale: RatingScale, rating: Int, comment: String, channel: String, receivedAt: Date) throws -> Int64 {
        let critical = settings.criticalRule.isCritical(rating, on: scale)
        return try add(.pastResponse) { [$0, .of(externalId), .of(contactId), .of(customerId), .of(siteId), .of(staffId), .of(scale.code),
                                         .of(rating), .of(scale.shortfall(rating)), .of(critical), .of(comment), .of(channel),
                                         .of(receivedAt.epochSeconds)] }
    }

    /// A tag of a response that arrived at `receivedAt`.
    public mutating func tag(responseId: Int64, receivedAt: Date, causeId: Int64, at: Date, by: String) {
        pending.add(.responseCause, [.of(responseId), .of(causeId), .of(receivedAt.epochSeconds), .of(at.epochSeconds), .of(by)])
    }

    /// A callback as it stands: due at `dueAt`, and done at `doneAt` with `outcome` when it is closed.
    public mutating func callback(responseId: Int64, createdAt: Date, firstDueAt: Date, dueAt: Date, assignee: String?, attempts: Int,
                                  outcome: CallOutcome?, note: String?, doneAt: Date?, doneBy: String?) throws -> Int64 {
        try add(.pastCallback) { [$0, .of(responseId), .of(createdAt.epochSeconds), .of(firstDueAt.epochSeconds), .of(dueAt.epochSeconds),
                                  .of(assignee), .of(attempts), .of(outcome?.rawValue), .of(note), .of(doneAt?.epochSeconds), .of(doneBy)] }
    }

    public mutating func attempt(callbackId: Int64, at: Date, by: String, outcome: CallOutcome, note: String?, retryAt: Date?) {
        pending.add(.pastAttempt, [.of(callbackId), .of(at.epochSeconds), .of(by), .of(outcome.rawValue), .of(note), .of(retryAt?.epochSeconds)])
    }

    public mutating func guarantee(responseId: Int64, callbackId: Int64, amount: Double, approvedBy: String, at: Date) {
        pending.add(.pastGuarantee, [.of(responseId), .of(callbackId), .of(amount), .of(approvedBy), .of(at.epochSeconds)])
    }

    /// An entry of the audit as it was made (on PostgreSQL the server names the login that writes it).
    public mutating func audit(at: Date, actor: String, action: String, entity: String, entityId: String, before: String?, after: String?) {
        pending.add(.pastAudit, [.of(at.epochSeconds), .of(actor), .of(action), .of(entity), .of(entityId), .of(before), .of(after),
                                 .of(Date().epochSeconds)])
    }

    private mutating func add(_ table: PendingRows.Table, _ values: (SQLValue) -> [SQLValue]) throws -> Int64 {
        try pending.add(table, in: db, ahead: ahead, values)
    }

    mutating func write() throws { try pending.write(db) }
}

extension Store {
    /// Records a past (see `PastRecords`) in one transaction, about
    /// `rowsAhead` rows to a table; refused unless `actor` is an admin.
    public func recordPast<T>(rowsAhead: Int, by actor: String, _ body: (inout PastRecords) throws -> T) throws -> T {
        try transaction(changes: ChangeTopic.everything) { db in
            // It writes users and settings as well as the team's work: an admin's to record.
            try acting(db, .manageUsers, by: actor)
            var records = try PastRecords(db, ahead: rowsAhead)
            let result = try body(&records)
            try records.write()
            return result
        }
    }

    /// Rebuilds the daily summaries marked to be rebuilt (after recording a past).
    public func rebuildSummaries() throws {
        _ = try transaction(changes: ChangeTopic.everything) { db in try Figures.rebuildMarked(db) }
    }

    /// Runs `body`, a store being filled from nothing, with SQLite's writes not
    /// waiting for the disk (a store rebuilt rather than recovered: a power cut
    /// may lose it) and a large cache for index pages touched in no useful order.
    public func fillingAfresh<T>(_ body: () throws -> T) throws -> T {
        try tune(.fillingAfresh)
        defer { try? tune(.ordinary) }
        return try body()
    }
}

extension PendingRows.Table {
    // What a past writes: rows as their history left them.
    static let pastCustomer = Self(name: "customer", columns: ["id", "name", "phone", "email", "value", "site_id"])
    static let pastContact = Self(name: "contact", columns: ["id", "kind", "site_id", "staff_id", "customer_id", "occurred_at", "summary",
                                                             "given_name"])
    static let pastResponse = Self(name: "response", columns: ["id", "external_id", "contact_id", "customer_id", "site_id", "staff_id", "scale",
                                                               "rating", "shortfall", "critical", "comment", "channel", "received_at"])
    static let pastCallback = Self(name: "callback", columns: ["id", "response_id", "created_at", "first_due_at", "due_at", "assignee",
                                                               "attempts", "outcome", "note", "done_at", "done_by"])
    static let pastAttempt = Self(name: "call_attempt", columns: ["callback_id", "made_at", "made_by", "outcome", "note", "retry_at"])
    static let pastGuarantee = Self(name: "guarantee", columns: ["response_id", "callback_id", "amount", "approved_by", "invoked_at"])
    static let pastAudit = Self(name: "audit", columns: ["at", "actor", "action", "entity", "entity_id", "before", "after", "written_at"])
}
