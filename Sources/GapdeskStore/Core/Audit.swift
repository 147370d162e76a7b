import Foundation

/// Appends to the audit table. Always called inside the transaction that makes
/// the change, so a change and its audit entry are recorded together or not at all.
enum Audit {
    static func record(_ db: any SQLSession, at: Date, actor: String, action: String, entity: String,
                       entityId: String, before: String?, after: String?) throws {
        try db.execute(
            sql: "INSERT INTO audit(at, actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [at.epochSeconds, actor, action, entity, entityId, before, after])
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
