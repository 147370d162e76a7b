import Foundation
import GapdeskDomain

/// Making and opening a store on a PostgreSQL server.
extension PGEngine {
    /// Makes the store in an empty database: the group roles, the schema at
    /// this build's version, and `firstWrite`, all in one transaction.
    /// The login needs CREATEROLE (for the group roles) and CREATE on the database.
    static func create(address: String, firstWrite: (any SQLSession, String) throws -> Void) throws(StoreError) -> (PGEngine, account: String) {
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
                try PGSchema.make(db, upTo: PGSchema.version)
                try firstWrite(db, account)
            }
            return (engine, account)
        } catch let error as StoreError {
            throw error
        } catch let failure as SQLFailure where failure.code == .notPermitted {
            throw .cannotCreate(path: engine.display, reason: "the server refused (\(failure.message)); the login that runs init needs "
                + "CREATEROLE and CREATE on the database: ask the server's administrator (ALTER ROLE … CREATEROLE)")
        } catch {
            throw classify(error, name: engine.display)
        }
    }

    /// Opens the store in a database, after making sure it is one (see `isStore`).
    static func open(address: String) throws(StoreError) -> (PGEngine, account: String) {
        let engine = PGEngine(address: address)
        do {
            let account = try engine.sessionUser()
            let isStore: Bool
            do {
                isStore = try engine.read { db in
                    guard try Self.isStore(db) else { return false }
                    // What every session reads first: a login without a role is refused it here.
                    _ = try db.fetchOne(Int.self, sql: "SELECT max(version) FROM gapdesk_migration")
                    return true
                }
            } catch let failure as SQLFailure where failure.code == .notPermitted {
                // The server grants a store's tables to its roles only: a login without one sees nothing.
                throw StoreError.failed("\(account) has no role in the store \(engine.display), so the server shows it nothing. "
                    + "An admin can run `gapdesk user add \(account) --role manager`.")
            }
            guard isStore else {
                throw StoreError.failed("\(engine.display) holds no gapdesk store. Create one with `gapdesk init --db \"\(engine.display)\"`.")
            }
            return (engine, account)
        } catch let error as StoreError {
            throw error
        } catch {
            throw classify(error, name: engine.display)
        }
    }

    /// A database holds a gapdesk store when its migrations table carries
    /// the store's mark (a comment only the owner can set, from version 11),
    /// or, made before that, holds version 10 as gapdesk's base made it.
    static func isStore(_ db: any SQLSession) throws -> Bool {
        guard try db.fetchOne(Bool.self, sql: "SELECT to_regclass('public.gapdesk_migration') IS NOT NULL") == true else { return false }
        if try db.fetchOne(String.self, sql: "SELECT obj_description('public.gapdesk_migration'::regclass, 'pg_class')") == "gapdesk store" {
            return true
        }
        return try db.fetchOne(String.self, sql: "SELECT name FROM gapdesk_migration WHERE version = ?",
                               arguments: [PGSchema.migrations[0].version]) == PGSchema.migrations[0].name
    }

    /// The group roles' prefix: the database's name in the characters a role name keeps unquoted.
    static func rolePrefix(_ database: String) -> String {
        let cleaned = String(database.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber || $0 == "_" ? $0 : "_" }.prefix(40))
        return cleaned.first?.isLetter == true ? cleaned : "gapdesk_" + cleaned
    }
}

extension PGSchema {
    /// Makes the store's group roles and its schema as of `version`, in an empty database.
    static func make(_ db: any SQLSession, upTo version: Int) throws {
        let database = try db.fetchOne(String.self, sql: "SELECT current_database()") ?? "gapdesk"
        let prefix = PGEngine.rolePrefix(database)
        for role in Role.allCases {
            let name = prefix + "_" + role.rawValue
            if try db.fetchOne(Bool.self, sql: "SELECT count(*) > 0 FROM pg_roles WHERE rolname = ?", arguments: [name]) != true {
                try db.execute(sql: "CREATE ROLE \(Store.quoted(name)) NOLOGIN")
            }
        }
        for migration in migrations where migration.version <= version {
            try apply(migration, db, rolePrefix: prefix)
            if migration.version == migrations[0].version {
                try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES ('role_prefix', ?)", arguments: [prefix])
            }
        }
    }

    /// Runs one migration and records it.
    static func apply(_ migration: (version: Int, name: String, sql: String), _ db: any SQLSession, rolePrefix: String) throws {
        try db.execute(sql: text(migration.sql, rolePrefix: rolePrefix))
        try db.execute(sql: "INSERT INTO gapdesk_migration(version, name, applied_at) VALUES (?, ?, ?)",
                       arguments: [migration.version, migration.name, Date().epochSeconds])
    }

    func storedVersion() throws -> Int {
        try engine.read { db in try db.fetchOne(Int.self, sql: "SELECT max(version) FROM gapdesk_migration") ?? 0 }
    }

    func pending() throws -> [String] {
        let stored = try storedVersion()
        return Self.migrations.filter { $0.version > stored }.map { "v\($0.version): \($0.name)" }
    }

    /// In one transaction, as the store's owner (who alone may change its
    /// tables); it waits at most a few seconds for anyone's lock on them
    /// rather than queueing behind a long import.
    func upgrade(then after: (any SQLSession) throws -> Void) throws {
        try engine.write { db in
            let stored = try db.fetchOne(Int.self, sql: "SELECT max(version) FROM gapdesk_migration") ?? 0
            let owner = try db.fetchOne(String.self, sql: "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'gapdesk_migration'")
            let login = try db.fetchOne(String.self, sql: "SELECT session_user") ?? ""
            guard owner == login else {
                throw StoreError.failed("Only the store's owner, \(owner ?? "the login that made it"), can upgrade it; \(login) cannot. Nothing was changed.")
            }
            try db.execute(sql: "SET LOCAL lock_timeout = '5s'")
            let prefix = try db.fetchOne(String.self, sql: "SELECT value FROM store_meta WHERE key = 'role_prefix'") ?? ""
            for migration in Self.migrations where migration.version > stored { try Self.apply(migration, db, rolePrefix: prefix) }
            try after(db)
        }
    }

    func expected(version: Int) throws -> SchemaDescription? {
        PGShippedSchemas.digests[version].map(SchemaDescription.init(digests:))
    }
}

extension Store {
    /// The store's group roles on the server (`<database>_manager`, ...).
    public func serverRoles() throws(StoreError) -> [String] {
        try read { db in
            let prefix = try db.fetchOne(String.self, sql: "SELECT value FROM store_meta WHERE key = 'role_prefix'") ?? ""
            return Role.allCases.map { prefix + "_" + $0.rawValue }
        }
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

extension PGSchema {
    /// Each column, constraint, index, function, trigger, policy and grant
    /// of the store's own, as the server's catalog describes it, with the
    /// store's group roles written `{manager}`, `{supervisor}` and `{admin}`.
    func describe(_ db: any SQLSession) throws -> [String] {
        let prefix = try db.fetchOne(String.self, sql: "SELECT value FROM store_meta WHERE key = 'role_prefix'") ?? ""
        let owner = try db.fetchOne(String.self, sql: "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'gapdesk_migration'") ?? ""
        var lines: [String] = []
        for query in Self.catalogQueries {
            lines += try db.fetchAll(String.self, sql: query)
        }
        return lines.compactMap { line -> String? in
            var line = line
            for role in Role.allCases { line = line.replacingOccurrences(of: prefix + "_" + role.rawValue, with: "{\(role.rawValue)}") }
            return line.contains("grant ") && line.hasSuffix(" to " + owner) ? nil : line
        }.sorted()
    }

    /// The catalog read as one line an object (extensions' own objects left out: citext's are the server's).
    private static let catalogQueries = [
        """
        SELECT 'column ' || c.relname || '.' || a.attname || ': ' || format_type(a.atttypid, a.atttypmod)
            || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
            || CASE WHEN a.attidentity <> '' THEN ' identity' ELSE '' END
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        """,
        """
        SELECT 'table ' || relname || ':' || CASE WHEN relrowsecurity THEN ' row security' ELSE '' END
            || coalesce(' comment ' || obj_description(oid, 'pg_class'), '')
        FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
        """,
        """
        SELECT 'constraint ' || conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        """,
        "SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'",
        """
        SELECT 'function ' || p.oid::regprocedure::text || ': ' || pg_get_functiondef(p.oid) FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = p.oid AND e.deptype = 'e')
        """,
        """
        SELECT 'trigger ' || c.relname || '.' || t.tgname || ': ' || pg_get_triggerdef(t.oid)
            || CASE WHEN t.tgenabled = 'D' THEN ' (disabled)' ELSE '' END
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
        """,
        """
        SELECT 'policy ' || tablename || '.' || policyname || ': ' || permissive || ' ' || cmd || ' to ' || array_to_string(roles, ',')
            || ' using ' || coalesce(qual, '-') || ' check ' || coalesce(with_check, '-')
        FROM pg_policies WHERE schemaname = 'public'
        """,
        """
        SELECT 'grant ' || c.relname || ' ' || g.privilege_type || ' to ' || g.grantee::regrole::text
        FROM pg_class c, aclexplode(c.relacl) g WHERE c.relnamespace = 'public'::regnamespace AND g.grantee <> 0
        """,
        """
        SELECT 'grant ' || c.relname || '.' || a.attname || ' ' || g.privilege_type || ' to ' || g.grantee::regrole::text
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid, aclexplode(a.attacl) g
        WHERE c.relnamespace = 'public'::regnamespace AND g.grantee <> 0
        """,
        """
        SELECT 'grant ' || p.oid::regprocedure::text || ' ' || g.privilege_type || ' to ' || g.grantee::regrole::text
        FROM pg_proc p, aclexplode(p.proacl) g
        WHERE p.pronamespace = 'public'::regnamespace AND g.grantee <> 0
            AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = p.oid AND e.deptype = 'e')
        """,
    ]
}
