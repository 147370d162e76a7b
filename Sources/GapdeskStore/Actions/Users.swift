import Foundation
import GapdeskDomain

/// An account's role as stored (the schema allows only the three roles).
struct StoredUser: Decodable {
    var account: String, role: Role, addedAt: Int64, addedBy: String
}

extension Store {
    public func users() throws(StoreError) -> [(account: String, role: Role, addedAt: Date, addedBy: String, sites: [String])] {
        try read { db in
            try db.fetchAll(records: StoredUser.self, sql: "SELECT account, role, added_at, added_by FROM app_user ORDER BY account").map { user in
                (user.account, user.role, Date(epochSeconds: user.addedAt), user.addedBy, try SiteScope.of(db, account: user.account)?.names ?? [])
            }
        }
    }

    /// Gives an account a role (admins only), at `sites` only when given (at
    /// every site otherwise); changing an existing role or its sites is allowed and audited.
    public func addUser(_ account: String, role: Role, sites: [String]? = nil, by actor: String, at now: Date) throws -> String {
        let name = account.trimmingCharacters(in: .whitespaces)
        guard Self.isAccountName(name) else {
            throw ActionRefusal.invalid("An account name is one word as the operating system knows it: letters, digits and . _ - @ $ (e.g. amira).")
        }
        let wanted = (sites ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if sites != nil && wanted.isEmpty {
            throw ActionRefusal.invalid("--sites names the sites, separated by commas (e.g. \"Leeds,York\"); leave it out for every site.")
        }
        return try perform(.manageUsers, by: actor, changes: [.other]) { db in
            var siteIds: [Int64] = []
            for site in wanted {
                guard let found = try Self.site(db, named: site) else {
                    throw ActionRefusal.invalid("There is no site called \"\(site)\". The sites are: \(try Self.siteChoices(db)).")
                }
                siteIds.append(found.id)
            }
            let before = try Self.role(db, of: name)
            let beforeSites = try SiteScope.of(db, account: name)
            try db.execute(sql: """
                INSERT INTO app_user(account, role, added_at, added_by) VALUES (?, ?, ?, ?)
                ON CONFLICT(account) DO UPDATE SET role = excluded.role
                """, arguments: [name, role.rawValue, now.epochSeconds, actor])
            try db.execute(sql: "DELETE FROM app_user_site WHERE account = ?", arguments: [name])
            for id in Set(siteIds) {
                try db.execute(sql: "INSERT INTO app_user_site(account, site_id) VALUES (?, ?)", arguments: [name, id])
            }
            try engine.allowWriting(name, true)
            let after = try SiteScope.of(db, account: name)
            let reach = after.map { " at \($0.description) only" } ?? " at every site"
            try Audit.record(db, at: now, actor: actor, action: ActionKind.manageUsers.rawValue, entity: "user", entityId: name,
                             before: before.map { "role=\($0.rawValue)" + (beforeSites.map { ", sites=\($0.description)" } ?? "") } ?? "no role",
                             after: "role=\(role.rawValue)" + (after.map { ", sites=\($0.description)" } ?? ""))
            return (before == nil ? "\(name) is now a \(role.rawValue)" : "\(name) changed from \(before!.rawValue) to \(role.rawValue)") + reach + "."
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
            try engine.allowWriting(account, false)
            try Audit.record(db, at: now, actor: actor, action: ActionKind.manageUsers.rawValue, entity: "user", entityId: account,
                             before: "role=\(role.rawValue)", after: "no role")
            return "\(account) no longer has a role: they can look but not change anything."
        }
    }

    /// Audit entries at or after `since`, oldest first, at most `limit`.
    /// An account limited to sites reads the entries it wrote.
    public func auditEntries(since: Date?, limit: Int) throws(StoreError) -> [AuditEntry] {
        try read { db in
            let own = try scope(db) == nil ? "" : " AND actor = ?"
            return try db.fetchAll(records: AuditEntry.self, sql: """
                SELECT * FROM (SELECT * FROM audit\(db.dialect.indexedBy("audit_by_time")) WHERE at >= ?\(own)\(db.dialect.leavesOutDescribedRowEntries) ORDER BY at DESC, id DESC LIMIT ?) AS latest
                ORDER BY at, id
                """, arguments: own.isEmpty ? [since?.epochSeconds ?? Int64.min, limit] : [since?.epochSeconds ?? Int64.min, account, limit])
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
