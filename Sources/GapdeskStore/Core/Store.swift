import Foundation
import GRDB
import GRDBSQLite
import GapdeskDomain

/// The store: the one interface the dashboard and the command line use,
/// whichever engine holds the data. On SQLite it is one file shared by everyone
/// on the machine, in WAL mode so that readers never wait for writers (writers
/// wait out each other's locks instead of failing). On PostgreSQL it is a
/// database on a server that a group's machines share (see `PGEngine`).
public final class Store: Sendable {
    /// The store layout this build writes (the count of its migrations).
    public static var schemaVersion: Int { Schema.version }

    /// Where the store is: a file's path, or the PostgreSQL address as given.
    public let path: String
    public let readOnly: Bool
    let backend: Backend

    enum Backend: Sendable {
        /// How imports give way to other writers (see `WriteTurns`); nil when read-only.
        case sqlite(DatabasePool, turns: WriteTurns?)
        case postgres(PGEngine)
    }

    /// The SQLite pool, for what only SQLite does (checkpoints, pragmas, its own tests).
    var pool: DatabasePool {
        guard case .sqlite(let pool, _) = backend else { preconditionFailure("a PostgreSQL store has no SQLite pool") }
        return pool
    }

    var turns: WriteTurns? {
        guard case .sqlite(_, let turns) = backend else { return nil }
        return turns
    }

    public var engine: SQLDialect.Engine {
        if case .postgres = backend { return .postgres }
        return .sqlite
    }

    /// Where the store is, for messages: the path, or the server and database without a password.
    public var name: String {
        if case .postgres(let engine) = backend { return engine.display }
        return path
    }

    /// Who this store knows you as: the operating-system account on SQLite,
    /// the database login on PostgreSQL (never a name the client claims).
    /// What it may see (its sites) follows from it.
    public let account: String

    /// What reads run together look up once (see `readingTogether`).
    let memo = ReadMemo()

    /// How long a write waits for another process's lock before giving up.
    static let busyTimeout: TimeInterval = 5

    /// Waits out another connection's lock by looking every 2 ms, up to the
    /// busy timeout. SQLite's own handler sleeps up to 100 ms between looks,
    /// so a writer would sleep through most of the moment an import gives way.
    static let busy = Database.BusyMode.callback { tries in
        usleep(2_000)
        return Double(tries) * 0.002 < busyTimeout
    }

    private init(path: String, pool: DatabasePool, readOnly: Bool, account: String = Account.current()) {
        self.path = path
        self.readOnly = readOnly
        self.account = account
        backend = .sqlite(pool, turns: readOnly ? nil : WriteTurns(storePath: path))
    }

    init(postgres engine: PGEngine, account: String, readOnly: Bool) {
        path = engine.address
        self.readOnly = readOnly
        self.account = account
        backend = .postgres(engine)
    }

    /// The same SQLite store as another operating-system account would see it
    /// (tests of what each account sees; on PostgreSQL a login connects itself).
    func seen(by other: String) -> Store {
        Store(path: path, pool: pool, readOnly: readOnly, account: other)
    }

    /// Opens an existing store; never creates one in its place, and never
    /// writes to a file that is not a gapdesk store.
    /// `onUpgrade` is called before a store written by an older gapdesk is
    /// upgraded (a one-off that recounts its summaries: seconds for millions).
    public static func open(path: String, readOnly: Bool = false, onUpgrade: () -> Void = {}) throws(StoreError) -> Store {
        if PGAddress.isPostgres(path) { return try openPostgres(address: path, readOnly: readOnly, onUpgrade: onUpgrade) }
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path: path) }
        if isDirectory.boolValue { throw .notAStore(path: path) }
        guard files.isReadableFile(atPath: path) else { throw .unreadable(path: path) }
        if !readOnly && !files.isWritableFile(atPath: path) { throw .readOnly(path: path) }
        try checkIsStore(path: path)
        do {
            let store = try connect(path: path, readOnly: readOnly)
            try store.checkSchema(onUpgrade: onUpgrade)
            return store
        } catch .folderNotWritable(let path) {
            throw StoreError.folderNotWritable(path: path)
        } catch .readOnly(let path) where readOnly, .unreadable(let path) where readOnly {
            // SQLite cannot read a WAL store through a read-only handle when nobody has
            // it open (its -shm file must be made). A read-write handle can, and this
            // store's own read-only flag still refuses every write.
            let store = try connectForReading(path: path)
            try store.checkSchema(onUpgrade: onUpgrade)
            return store
        }
    }

    /// Creates a new, empty store, readable and writable by its owner only.
    /// With `sharedGroup` it (and its WAL and SHM files) belong to that group, read-write.
    public static func create(path: String, creator: String, at now: Date, sharedGroup: String? = nil) throws(StoreError) -> Store {
        if PGAddress.isPostgres(path) {
            if sharedGroup != nil {
                throw .cannotCreate(path: PGAddress.display(path), reason: "--shared-group is for a store file; on PostgreSQL the server's roles say who may use it")
            }
            return try createPostgres(address: path, at: now)
        }
        var groupId: gid_t?
        if let sharedGroup {
            guard let entry = getgrnam(sharedGroup) else {
                throw .cannotCreate(path: path, reason: "there is no group called \"\(sharedGroup)\" on this machine")
            }
            groupId = entry.pointee.gr_gid
        }
        let files = FileManager.default
        if files.fileExists(atPath: path) {
            throw .cannotCreate(path: path, reason: "a file is already there")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                          attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotCreate(path: path, reason: "the folder \(directory) cannot be created")
            }
        }
        // SQLite gives the WAL and SHM files the main file's permissions, so
        // setting them on an empty file first covers all three.
        let mode: mode_t = groupId == nil ? 0o600 : 0o660
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        if let groupId, fchown(descriptor, uid_t.max, groupId) != 0 {
            close(descriptor)
            try? files.removeItem(atPath: path)
            throw .cannotCreate(path: path, reason: "you are not a member of that group (\(String(cString: strerror(errno))))")
        }
        fchmod(descriptor, mode)  // the umask may have removed bits
        close(descriptor)
        do {
            let store = try connect(path: path, readOnly: false)
            try Schema.migrator.migrate(store.pool)
            try store.pool.writeSession { db in
                try Summaries.rebuildMarked(db)
                try db.execute(
                    sql: "INSERT INTO app_user(account, role, added_at, added_by) VALUES (?, 'admin', ?, ?)",
                    arguments: [creator, now.epochSeconds, creator])
                try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES ('creator', ?)", arguments: [creator])
                try Audit.record(db, at: now, actor: creator, action: ActionKind.manageUsers.rawValue,
                                 entity: "user", entityId: creator, before: nil, after: "role=admin (created the store)")
            }
            if let groupId {
                for suffix in ["-wal", "-shm", "-writers"] where files.fileExists(atPath: path + suffix) {
                    chown(path + suffix, uid_t.max, groupId)
                    chmod(path + suffix, mode)
                }
            }
            return store
        } catch let error as StoreError {
            try? files.removeItem(atPath: path)
            throw error
        } catch {
            try? files.removeItem(atPath: path)
            throw .cannotCreate(path: path, reason: describe(error))
        }
    }

    private static func connectForReading(path: String) throws(StoreError) -> Store {
        var configuration = Configuration()
        configuration.busyMode = busy
        do {
            return Store(path: path, pool: try DatabasePool(path: path, configuration: configuration), readOnly: true)
        } catch {
            throw classifyOpening(error, path: path, readOnly: true)
        }
    }

    private static func connect(path: String, readOnly: Bool) throws(StoreError) -> Store {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        configuration.busyMode = busy
        configuration.label = "gapdesk"
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            return Store(path: path, pool: pool, readOnly: readOnly)
        } catch {
            throw classifyOpening(error, path: path, readOnly: readOnly)
        }
    }

    /// Refuses a file that is not a gapdesk store before SQLite opens it for
    /// writing (which would switch another program's database to WAL mode, or
    /// turn an empty file into a database): it must start with SQLite's
    /// header and hold gapdesk's tables. A store in use has a -wal file, and
    /// its latest pages may be there rather than in the file: it is read the
    /// usual way, read-only. Otherwise the file is read as it stands (SQLite's
    /// `immutable`: no locks, and no -wal or -shm files made beside someone
    /// else's database), and again the usual way if it came into use meanwhile.
    private static func checkIsStore(path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path: path) }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        guard header == Data("SQLite format 3\u{0}".utf8) else { throw .notAStore(path: path) }
        let inUse = { FileManager.default.fileExists(atPath: path + "-wal") }
        do {
            if !inUse(), (try? holdsGapdeskTables(URL(fileURLWithPath: path).absoluteString + "?immutable=1")) == true { return }
            guard inUse(), try holdsGapdeskTables(path) else { throw StoreError.notAStore(path: path) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw classifyOpening(error, path: path, readOnly: true)
        }
    }

    /// Whether the database at `location` (a path or a `file:` URI) has
    /// gapdesk's tables, through SQLite's C interface (so a URI works whatever
    /// SQLite was built with), read-only.
    private static func holdsGapdeskTables(_ location: String) throws -> Bool {
        var connection: OpaquePointer?
        defer { sqlite3_close(connection) }
        func check(_ code: Int32) throws {
            guard code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) })
            }
        }
        try check(sqlite3_open_v2(location, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil))
        sqlite3_busy_timeout(connection, Int32(busyTimeout * 1000))
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        try check(sqlite3_prepare_v2(connection, """
            SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('grdb_migrations', 'response', 'store_meta')
            """, -1, &statement, nil))
        try check(sqlite3_step(statement))
        return sqlite3_column_int(statement, 0) == 3
    }

    private func checkSchema(onUpgrade: () -> Void) throws(StoreError) {
        do {
            let migrator = Schema.migrator
            let state = try pool.read { db in
                (superseded: try migrator.hasBeenSuperseded(db),
                 complete: try migrator.hasCompletedMigrations(db),
                 rebuilds: try Summaries.marked(GRDBSession(db)))
            }
            if state.superseded { throw StoreError.newerVersion(path: path) }
            if !state.complete || !state.rebuilds.isEmpty {
                if readOnly { throw StoreError.failed("\(path) needs an upgrade by this version of gapdesk; open it once without --read-only.") }
                onUpgrade()
                try migrator.migrate(pool)
                _ = try pool.writeSession { db in try Summaries.rebuildMarked(db) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Store.classifyOpening(error, path: path, readOnly: readOnly)
        }
    }

    /// Reading a WAL store needs its -shm file; without write access to the
    /// folder it cannot be made, which SQLite reports as read-only or can't-open.
    static func classifyOpening(_ error: any Error, path: String, readOnly: Bool) -> StoreError {
        let classified = classify(error, path: path)
        let folder = (path as NSString).deletingLastPathComponent
        if readOnly, classified == .readOnly(path: path) || classified == .unreadable(path: path),
           !FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) {
            return .folderNotWritable(path: path)
        }
        return classified
    }

    /// Turns a SQLite failure into a sentence.
    static func classify(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else { return .failed(describe(error)) }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notAStore(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
        case .SQLITE_READONLY: return .readOnly(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: return .unreadable(path: path)
        default: return .failed("The store \(path) reported a problem: \(error.message ?? "\(error.resultCode)").")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return String(describing: error)
    }

    /// Runs a read in one snapshot, turning failures into `StoreError`.
    func read<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T {
        do {
            switch backend {
            case .sqlite(let pool, _): return try pool.readSession(body)
            case .postgres(let engine): return try engine.read(body)
            }
        } catch {
            throw classify(error)
        }
    }

    /// A failure of this store's engine, in a sentence.
    func classify(_ error: any Error) -> StoreError {
        if case .postgres(let engine) = backend { return Store.classifyServer(error, name: engine.display) }
        return Store.classify(error, path: path)
    }
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
}

extension Store {
    /// Settings of this process's SQLite writer (cache, syncing, foreign-key
    /// checks) for a bulk write; a PostgreSQL server keeps its own.
    func setSQLitePragmas(_ pragmas: String) throws(StoreError) {
        guard case .sqlite(let pool, _) = backend else { return }
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: pragmas) }
        } catch {
            throw Store.classify(error, path: path)
        }
    }

    /// Removes this store, a demo: its files, or its tables and functions on the
    /// server (the database and its group roles stay for the next demo).
    public func removeDemo() throws {
        guard try isDemo() else { throw StoreError.failed("\(name) holds a real gapdesk store; only a demo is removed.") }
        switch backend {
        case .sqlite:
            for suffix in ["", "-wal", "-shm", "-writers"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(let engine):
            do {
                try engine.write { db in
                    let tables = try db.fetchAll(String.self, sql: "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                    if !tables.isEmpty { try db.execute(sql: "DROP TABLE \(tables.map(Store.quoted).joined(separator: ", ")) CASCADE") }
                    for function in try db.fetchAll(String.self, sql: """
                        SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = 'public' AND p.proname LIKE 'gapdesk\\_%'
                        """) {
                        try db.execute(sql: "DROP FUNCTION \(function) CASCADE")
                    }
                }
            } catch {
                throw classify(error)
            }
        }
    }

    /// Copies the write-ahead log into the store file and empties it (after a bulk load).
    /// On PostgreSQL: measures the tables again (ANALYZE), so the planner
    /// knows what a bulk load added before autovacuum gets to it.
    public func checkpoint() throws(StoreError) {
        if case .postgres(let engine) = backend {
            do { _ = try engine.withConnection { try $0.runScript("ANALYZE") } } catch { throw classify(error) }
            return
        }
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw Store.classify(error, path: path)
        }
    }
}
