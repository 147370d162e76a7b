import Foundation
import GapdeskDomain

/// The store: the one interface the dashboard and the command line use,
/// whichever engine holds the data (see `StoreEngine`): one SQLite file
/// shared by everyone on the machine, or a database on a PostgreSQL server
/// that a group's machines share.
public final class Store: Sendable {
    /// The store layout this build writes: the same version on both engines.
    public static let schemaVersion = 18

    /// Where the store is: a file's path, or the PostgreSQL address as given.
    public var path: String { engine.location }
    public let readOnly: Bool
    let engine: any StoreEngine

    /// Where the store is, for messages: the path, or the server and database without a password.
    public var name: String { engine.name }

    var dialect: SQLDialect { engine.dialect }
    /// Which engine holds it, for what only a person or a benchmark needs told apart.
    public var engineKind: SQLDialect.Engine { engine.dialect.engine }

    /// Who this store knows you as: the operating-system account on SQLite,
    /// the database login on PostgreSQL (never a name the client claims).
    /// What it may see (its sites) follows from it.
    public let account: String

    /// What reads run together look up once (see `readingTogether`).
    let memo = ReadMemo()
    /// Verified fixes found with a follow-up for every customer (see `createDueFollowups`).
    let fixesTold = FixesTold()

    /// One of the account's sites its reads are narrowed to (a site's review), if any.
    let onlySite: (id: Int64, name: String)?
    public var narrowedSite: String? { onlySite?.name }

    init(engine: any StoreEngine, account: String, readOnly: Bool, onlySite: (id: Int64, name: String)? = nil) {
        self.engine = engine
        self.account = account
        self.readOnly = readOnly
        self.onlySite = onlySite
    }

    /// The same store as another account would see it (tests of what each
    /// account sees on SQLite; on PostgreSQL a login connects itself).
    func seen(by other: String) -> Store {
        Store(engine: engine, account: other, readOnly: readOnly)
    }

    /// The same store, read as if the account were limited to one of its
    /// sites (by name or short label): every list and figure that follows
    /// site scope counts that site alone. Read-only.
    public func narrowed(toSite name: String) throws(StoreError) -> Store {
        let site = try read { db in
            let scope = try scope(db)
            guard let found = try Self.site(db, named: name, where: scope.condition("id")) else {
                throw StoreError.failed("There is no site called \"\(name)\". Sites are: \(try Self.siteChoices(db, where: scope.condition("id"))).")
            }
            return found
        }
        return Store(engine: engine, account: account, readOnly: true, onlySite: site)
    }

    /// Opens an existing store; never creates one in its place, never writes
    /// to a file or database that is not a gapdesk store, and never upgrades
    /// one made by an older gapdesk (`upgrade` does, on request).
    public static func open(path: String, readOnly: Bool = false) throws(StoreError) -> Store {
        let (engine, account) = try Engines.open(path, readOnly: readOnly)
        let store = Store(engine: engine, account: account, readOnly: readOnly)
        let version = try store.storedVersion()
        if version > schemaVersion { throw .newerVersion(path: engine.name) }
        if version < schemaVersion { throw .needsUpgrade(path: engine.name, from: version, to: schemaVersion) }
        try store.rebuildMarkedSummaries()
        return store
    }

    /// The schema version the store is at.
    func storedVersion() throws(StoreError) -> Int {
        do { return try engine.schema.storedVersion() } catch { throw engine.classify(error) }
    }

    /// Summaries a migration or `migrate` marked to be rebuilt, rebuilt by
    /// the first writer who sees every site (on a server a login limited to
    /// sites does not see the rows a recount needs).
    func rebuildMarkedSummaries() throws(StoreError) {
        guard !readOnly && !engine.readOnlyForThisAccount else { return }
        let pending = try read { db in
            let marked = try Figures.marked(db)
            return try !marked.isEmpty && SiteScope.of(db, account: account) == nil
        }
        guard pending else { return }
        do {
            _ = try transaction(changes: ChangeTopic.everything) { db in try Figures.rebuildMarked(db) }
        } catch {
            throw engine.classify(error)
        }
    }

    /// Creates a new, empty store; the account that creates it is its admin.
    /// A file is readable and writable by its owner only, or with
    /// `sharedGroup` by that group too (and its WAL and SHM files).
    public static func create(path: String, creator: String, at now: Date, sharedGroup: String? = nil) throws(StoreError) -> Store {
        let (engine, account) = try Engines.create(path, creator: creator, sharedGroup: sharedGroup) { db, account in
            try Figures.rebuildMarked(db)
            try db.execute(sql: "INSERT INTO app_user(account, role, added_at, added_by) VALUES (?, 'admin', ?, ?)",
                           arguments: [account, now.epochSeconds, account])
            try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES ('creator', ?)", arguments: [account])
            try Audit.record(db, at: now, actor: account, action: ActionKind.manageUsers.rawValue,
                             entity: "user", entityId: account, before: nil, after: "role=admin (created the store)")
        }
        return Store(engine: engine, account: account, readOnly: false)
    }

    /// Runs a read in one snapshot, turning failures into `StoreError`.
    func read<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T {
        do {
            return try engine.read(body)
        } catch {
            throw engine.classify(error)
        }
    }

    /// A failure of this store's engine, in a sentence.
    func classify(_ error: any Error) -> StoreError { engine.classify(error) }
}

extension Store {
    /// True for a store built by `gapdesk demo` (which may be rebuilt freely).
    public func isDemo() throws(StoreError) -> Bool {
        try read { db in try db.fetchOne(Bool.self, sql: "SELECT count(*) > 0 FROM store_meta WHERE key = 'demo'") ?? false }
    }

    /// The account that created the store (stores made before this was kept:
    /// the account the audit names as its creator).
    public func creator() throws(StoreError) -> String? {
        try read { db in
            try db.fetchOne(String.self, sql: "SELECT value FROM store_meta WHERE key = 'creator'")
                ?? db.fetchOne(String.self, sql: "SELECT actor FROM audit WHERE entity = 'user' AND after LIKE '%(created the store)' ORDER BY id LIMIT 1")
        }
    }

    /// Removes this store, a demo: its files, or its tables and functions on the
    /// server (the database and its group roles stay for the next demo).
    public func removeDemo() throws {
        guard try isDemo() else { throw StoreError.failed("\(name) holds a real gapdesk store; only a demo is removed.") }
        do { try engine.removeStore() } catch { throw classify(error) }
    }

    /// After a bulk load: empties SQLite's write-ahead log into the file, or
    /// measures the tables again for PostgreSQL's planner.
    public func checkpoint() throws(StoreError) {
        do { try engine.checkpoint() } catch { throw classify(error) }
    }

    /// Sets up this process's writer for a bulk write (see `BulkTuning`).
    func tune(_ tuning: BulkTuning) throws(StoreError) {
        guard !readOnly else { return }
        do { try engine.tuneForBulkWrites(tuning) } catch { throw classify(error) }
    }
}
