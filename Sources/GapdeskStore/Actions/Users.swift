import Foundation
import GapdeskDomain

/// One entry of the audit, as `gapdesk report audit` prints it.
extension Store {
    public func users() throws(StoreError) -> [(account: String, role: Role, addedAt: Date, addedBy: String)] {
        try read { db in
            try db.fetchAll(sql: "SELECT * FROM app_user ORDER BY account").compactMap { row in
                Role(rawValue: row["role"]).map { (row["account"], $0, Date(epochSeconds: row["added_at"]), row["added_by"]) }
            }
        }
    }

    /// Gives an account a role (admins only); changing an existing role is allowed and audited.
    public func addUser(_ account: String, role: Role, by actor: String, at now: Date) throws -> String {
        let name = account.trimmingCharacters(in: .whitespaces)
        guard Self.isAccountName(name) else {
            throw ActionRefusal.invalid("An account name is one word as the operating system knows it: letters, digits and . _ - @ $ (e.g. amira).")
        }
        return try perform(.manageUsers, by: actor, changes: [.other]) { db in
            let before = try Self.role(db, of: name)
            try db.execute(sql: """
                INSERT INTO app_user(account, role, added_at, added_by) VALUES (?, ?, ?, ?)
                ON CONFLICT(account) DO UPDATE SET role = excluded.role
                """, arguments: [name, role.rawValue, now.epochSeconds, actor])
            try Audit.record(db, at: now, actor: actor, action: ActionKind.manageUsers.rawValue, entity: "user", entityId: name,
                             before: before.map { "role=\($0.rawValue)" } ?? "no role", after: "role=\(role.rawValue)")
            return before == nil ? "\(name) is now a \(role.rawValue)." : "\(name) changed from \(before!.rawValue) to \(role.rawValue)."
        }
    }

    /// What an operating-system account name may hold (POSIX's portable set, and @ and $ for domain and machine accounts).
    static func isAccountName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "-", name.unicodeScalars.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-@$".unicodeScalars.contains($0)) }
    }

    /// Takes an account's role away (admins only); the last admin cannot be removed.
    public func removeUser(_ account: String, by actor: String, at now: Date) throws -> String {
        try perform(.manageUsers, by: actor, changes: [.other]) { db in
            guard let role = try Self.role(db, of: account) else { throw ActionRefusal.unknown(what: "user", id: account) }
            if role == .admin, try db.fetchOne(Int.self, sql: "SELECT count(*) FROM app_user WHERE role = 'admin'") == 1 {
                throw ActionRefusal.invalid("\(account) is the last admin; make someone else admin first.")
            }
            try db.execute(sql: "DELETE FROM app_user WHERE account = ?", arguments: [account])
            try Audit.record(db, at: now, actor: actor, action: ActionKind.manageUsers.rawValue, entity: "user", entityId: account,
                             before: "role=\(role.rawValue)", after: "no role")
            return "\(account) no longer has a role: they can look but not change anything."
        }
    }

    /// Audit entries at or after `since`, oldest first, at most `limit`.
    public func auditEntries(since: Date?, limit: Int) throws(StoreError) -> [AuditEntry] {
        try read { db in
            try db.fetchAll(sql: """
                SELECT * FROM (SELECT * FROM audit\(db.dialect.indexedBy("audit_by_time")) WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?) AS latest
                ORDER BY at, id
                """, arguments: [since?.epochSeconds ?? Int64.min, limit]).map { row in
                AuditEntry(at: Date(epochSeconds: row["at"]), actor: row["actor"], action: row["action"], entity: row["entity"],
                           entityId: row["entity_id"], before: row["before"], after: row["after"])
            }
        }
    }

    /// Finds a gap by id or by name (case-insensitive).
    public func causeId(named text: String) throws(StoreError) -> Int64? {
        try read { db in
            if let id = Int64(text), try db.fetchOne(Bool.self, sql: "SELECT count(*) > 0 FROM root_cause WHERE id = ?", arguments: [id]) == true {
                return id
            }
            return try db.fetchOne(Int64.self, sql: "SELECT id FROM root_cause WHERE name = ?", arguments: [text])
        }
    }
}
