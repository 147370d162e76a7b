import Foundation
import GapdeskDomain

/// Appends to the audit table. Always called inside the transaction that makes
/// the change, so a change and its audit entry are recorded together or not at all.
/// An entry keeps the time the action states (`at`: `--now`, a call recorded
/// late) and when it was written (on PostgreSQL, by the server's clock).
enum Audit {
    static func record(_ db: any SQLSession, at: Date, actor: String, action: String, entity: String,
                       entityId: String, before: String?, after: String?) throws {
        try StatedTime.check(at)
        try db.execute(sql: db.dialect.appendsAuditEntry,
                       arguments: [at.epochSeconds, actor, action, entity, entityId, before, after, Date().epochSeconds])
    }

    /// Entries moved from another store, as rows of `columns` (those an
    /// entry is made of; any others are left to the store).
    static func append(_ db: any SQLSession, columns: [String], rows: [[SQLValue]]) throws {
        let order = ["at", "actor", "action", "entity", "entity_id", "before", "after", "written_at"]
        let positions = order.map { columns.firstIndex(of: $0) }
        for row in rows {
            try db.execute(sql: db.dialect.appendsAuditEntry, arguments: SQLArguments(positions.map { $0.map { row[$0] } ?? .null }))
        }
    }
}

/// A time an action states is when it happened: it may be earlier than the
/// real now (a call recorded late, a demo's past), never later (a few minutes
/// of another machine's clock aside), and never before what it records.
enum StatedTime {
    static let skew: TimeInterval = 10 * 60

    static func check(_ stated: Date) throws {
        guard stated.timeIntervalSinceNow <= skew else {
            throw ActionRefusal.invalid("The time given, \(Clock.formatInstant(stated)), is after the real time: an action can be dated earlier "
                                        + "than now, never later. Nothing was changed.")
        }
    }

    /// `what` (a call, a tag) cannot be dated before `earliest`, when `that` (the feedback) came.
    static func check(_ stated: Date, notBefore earliest: Int64?, what: String, that: String) throws {
        try check(stated)
        guard let earliest, stated.epochSeconds < earliest else { return }
        throw ActionRefusal.invalid("\(what) cannot be dated \(Clock.formatInstant(stated)), before \(that) (\(Clock.formatInstant(Date(epochSeconds: earliest)))). "
                                    + "Nothing was changed.")
    }
}

/// The operating-system account running gapdesk: actions are attributed to it.
public enum Account {
    /// From the process's real user id, not `$USER` (which anyone can set).
    public static func current() -> String {
        let uid = getuid()
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }
}
