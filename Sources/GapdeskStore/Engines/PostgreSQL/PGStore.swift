import Foundation
import GapdeskDomain

/// Creating and opening a store on a PostgreSQL server.
extension Store {
    /// Makes the store in an empty database: tables, the group roles and their
    /// grants, the policies, and the login that ran it as the first admin.
    /// The login needs CREATEROLE (for the group roles) and CREATE on the database.
    static func createPostgres(address: String, at now: Date) throws(StoreError) -> Store {
        let engine = PGEngine(address: address)
        do {
            let account = try engine.sessionUser()
            if try engine.read({ db in try db.fetchOne(Bool.self, sql: "SELECT to_regclass('public.gapdesk_migration') IS NOT NULL") }) == true {
                throw StoreError.cannotCreate(path: engine.display, reason: "a gapdesk store is already there")
            }
            if try engine.read({ db in try db.fetchOne(Int.self, sql: "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") }) != 0 {
                throw StoreError.cannotCreate(path: engine.display, reason: "the database is not empty; gapdesk makes its store in an empty database")
            }
            try engine.write { db in
                let database = try db.fetchOne(String.self, sql: "SELECT current_database()") ?? "gapdesk"
                let prefix = rolePrefix(database)
                for role in Role.allCases {
                    let name = prefix + "_" + role.rawValue
                    if try db.fetchOne(Bool.self, sql: "SELECT count(*) > 0 FROM pg_roles WHERE rolname = ?", arguments: [name]) != true {
                        try db.execute(sql: "CREATE ROLE \(quoted(name)) NOLOGIN")
                    }
                }
                try db.execute(sql: PGSchema.tables)
                try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES ('role_prefix', ?), ('creator', ?)", arguments: [prefix, account])
                var rules = PGSchema.rules + "\n" + PGSchema.upkeepReads
                for role in Role.allCases { rules = rules.replacingOccurrences(of: "{\(role.rawValue)}", with: quoted(prefix + "_" + role.rawValue)) }
                try db.execute(sql: rules)
                try db.execute(sql: PGSchema.policies)
                try db.execute(sql: "INSERT INTO gapdesk_migration(version, name, applied_at) VALUES (?, ?, ?)",
                               arguments: [PGSchema.baseVersion, "the store as of schema \(PGSchema.baseVersion)", now.epochSeconds])
                try Summaries.rebuildMarked(db)
                try db.execute(sql: "INSERT INTO app_user(account, role, added_at, added_by) VALUES (?, 'admin', ?, ?)",
                               arguments: [account, now.epochSeconds, account])
                try Audit.record(db, at: now, actor: account, action: ActionKind.manageUsers.rawValue,
                                 entity: "user", entityId: account, before: nil, after: "role=admin (created the store)")
            }
            return Store(postgres: engine, account: account, readOnly: false)
        } catch let error as StoreError {
            throw error
        } catch let failure as SQLFailure where failure.code == .notPermitted {
            throw .cannotCreate(path: engine.display, reason: "the server refused (\(failure.message)); the login that runs init needs "
                + "CREATEROLE and CREATE on the database: ask the server's administrator (ALTER ROLE … CREATEROLE)")
        } catch {
            throw classifyServer(error, name: engine.display)
        }
    }

    static func openPostgres(address: String, readOnly: Bool, onUpgrade: () -> Void) throws(StoreError) -> Store {
        let engine = PGEngine(address: address)
        do {
            let account = try engine.sessionUser()
            let version: Int?
            do {
                version = try engine.read { db -> Int? in
                    guard try db.fetchOne(Bool.self, sql: "SELECT to_regclass('public.gapdesk_migration') IS NOT NULL") == true else { return nil }
                    return try db.fetchOne(Int.self, sql: "SELECT max(version) FROM gapdesk_migration")
                }
            } catch let failure as SQLFailure where failure.code == .notPermitted {
                // The server grants a store's tables to its roles only: a login without one sees nothing.
                throw StoreError.failed("\(account) has no role in the store \(engine.display), so the server shows it nothing. "
                    + "An admin can run `gapdesk user add \(account) --role manager`.")
            }
            guard let version else {
                throw StoreError.failed("\(engine.display) holds no gapdesk store. Create one with `gapdesk init --db \"\(engine.display)\"`.")
            }
            if version > PGSchema.version { throw StoreError.newerVersion(path: engine.display) }
            let store = Store(postgres: engine, account: account, readOnly: readOnly)
            // Recounts left for an account that sees every site (see `remeasureValueMedian`).
            if !readOnly, version == PGSchema.version,
               try engine.read({ db in try SiteScope.of(db, account: account) == nil && !Summaries.marked(db).isEmpty }) {
                _ = try engine.write { db in try Summaries.rebuildMarked(db) }
            }
            if version < PGSchema.version {
                if readOnly { throw StoreError.failed("\(engine.display) needs an upgrade by this version of gapdesk; open it once without --read-only.") }
                onUpgrade()
                try engine.write { db in
                    for (offset, migration) in PGSchema.migrations.enumerated() where PGSchema.baseVersion + offset + 1 > version {
                        try db.execute(sql: migration.sql)
                        try db.execute(sql: "INSERT INTO gapdesk_migration(version, name, applied_at) VALUES (?, ?, ?)",
                                       arguments: [PGSchema.baseVersion + offset + 1, migration.name, Date().epochSeconds])
                    }
                    try Summaries.rebuildMarked(db)
                }
            }
            return store
        } catch let error as StoreError {
            throw error
        } catch {
            throw classifyServer(error, name: engine.display)
        }
    }

    /// A server failure in a sentence.
    static func classifyServer(_ error: any Error, name: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let failure = error as? SQLFailure else { return .failed(describe(error)) }
        switch failure.code {
        case .connectionLost: return .serverUnreachable(name: name, reason: failure.message)
        case .notPermitted: return .refusedByServer(name: name, reason: failure.message)
        case .busy: return .busy(path: name)
        case .constraint, .other: return .failed("The store \(name) reported a problem: \(failure.message).")
        }
    }

    /// The group roles' prefix: the database's name in the characters a role name keeps unquoted.
    static func rolePrefix(_ database: String) -> String {
        let cleaned = String(database.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber || $0 == "_" ? $0 : "_" }.prefix(40))
        return cleaned.first?.isLetter == true ? cleaned : "gapdesk_" + cleaned
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

extension Store {
    /// The store's group roles on the server (`<database>_manager`, ...).
    public func serverRoles() throws(StoreError) -> [String] {
        try read { db in
            let prefix = try db.fetchOne(String.self, sql: "SELECT value FROM store_meta WHERE key = 'role_prefix'") ?? ""
            return Role.allCases.map { prefix + "_" + $0.rawValue }
        }
    }
}
