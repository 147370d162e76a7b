import Foundation
import GRDB
import GRDBSQLite

/// The store as one SQLite file shared by everyone on the machine, in WAL
/// mode so that readers never wait for writers (writers wait out each other's
/// locks instead of failing). Writes from several processes take turns
/// (`WriteTurns`): an import gives way to a colleague waiting to write.
final class SQLiteEngine: StoreEngine {
    let location: String
    let pool: DatabasePool
    let writeTurns: WriteTurns?
    /// A team's store file that does not list this account as a writer (see `FileAccess`).
    let readOnlyForThisAccount: Bool
    var name: String { location }
    var dialect: SQLDialect { .sqlite }
    let traits = EngineTraits(actsAsLogin: false, hidesOtherSitesRows: false, importTransactionTime: .seconds(2))
    var schema: any EngineSchema { SQLiteSchema(engine: self) }

    /// How long a write waits for another process's lock before giving up.
    static let busyTimeout: TimeInterval = 5

    /// Waits out another connection's lock by looking every 2 ms, up to the
    /// busy timeout. SQLite's own handler sleeps up to 100 ms between looks,
    /// so a writer would sleep through most of the moment an import gives way.
    static let busy = Database.BusyMode.callback { tries in
        usleep(2_000)
        return Double(tries) * 0.002 < busyTimeout
    }

    private init(path: String, pool: DatabasePool, readOnly: Bool, forThisAccount: Bool = false) {
        location = path
        self.pool = pool
        writeTurns = readOnly ? nil : WriteTurns(storePath: path)
        readOnlyForThisAccount = forThisAccount
    }

    // MARK: Opening and creating

    /// Opens an existing store file; never creates one in its place, and never
    /// writes to a file that is not a gapdesk store (see `SQLiteStoreMark`).
    static func open(path: String, readOnly: Bool) throws(StoreError) -> SQLiteEngine {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path: path) }
        if isDirectory.boolValue { throw .notAStore(path: path) }
        guard files.isReadableFile(atPath: path) else { throw .unreadable(path: path) }
        // A team's store that does not list this account as a writer opens to look.
        let lookOnly = !readOnly && !FileAccess.mayWrite(path: path) && FileAccess.isShared(path: path)
        if !readOnly && !lookOnly && !files.isWritableFile(atPath: path) { throw .readOnly(path: path) }
        try SQLiteStoreMark.check(path: path)
        do {
            return try connect(path: path, readOnly: readOnly || lookOnly, forThisAccount: lookOnly)
        } catch .readOnly(let path) where readOnly, .unreadable(let path) where readOnly {
            // SQLite cannot read a WAL store through a read-only handle when nobody has
            // it open (its -shm file must be made). A read-write handle can, and the
            // store's own read-only flag still refuses every write.
            return try connectForReading(path: path)
        }
    }

    /// Creates the file, readable and writable by its owner only (with
    /// `sharedGroup`, by that group too, and its WAL and SHM files likewise),
    /// with the schema at this build's version. The file is removed if
    /// anything after its creation fails, `firstWrite` included (which runs
    /// in the write that follows the schema).
    static func create(path: String, sharedGroup: String?, firstWrite: (any SQLSession) throws -> Void) throws(StoreError) -> SQLiteEngine {
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
        if !directory.isEmpty && !files.fileExists(atPath: directory) {
            do {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                          attributes: [.posixPermissions: groupId == nil ? 0o700 : 0o750])
                if let groupId { chown(directory, uid_t.max, groupId) }
            } catch {
                throw .cannotCreate(path: path, reason: "the folder \(directory) cannot be created")
            }
        }
        if groupId != nil { try FileAccess.checkFolder(of: path) }
        // SQLite gives the WAL and SHM files the main file's permissions, so
        // setting them on an empty file first covers all three; a team's
        // group reads them, and its writers are listed on them (`FileAccess`).
        let mode: mode_t = groupId == nil ? 0o600 : 0o640
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
            // Listed as a team's before SQLite opens it, so its -wal and -shm files are kept from the first.
            if let groupId { try FileAccess.share(path: path, group: groupId) }
            let engine = try connect(path: path, readOnly: false)
            try SQLiteSchema.migrator.migrate(engine.pool)
            try engine.write(firstWrite)
            if let groupId { try FileAccess.share(path: path, group: groupId) }
            return engine
        } catch let error as StoreError {
            removeFiles(path)
            throw error
        } catch {
            removeFiles(path)
            throw .cannotCreate(path: path, reason: describe(error))
        }
    }

    private static func removeFiles(_ path: String) {
        for suffix in FileAccess.suffixes { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private static func connectForReading(path: String) throws(StoreError) -> SQLiteEngine {
        var configuration = Configuration()
        configuration.busyMode = busy
        do {
            return SQLiteEngine(path: path, pool: try DatabasePool(path: path, configuration: configuration), readOnly: true)
        } catch {
            throw classifyOpening(error, path: path, readOnly: true)
        }
    }

    private static func connect(path: String, readOnly: Bool, forThisAccount: Bool = false) throws(StoreError) -> SQLiteEngine {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        configuration.busyMode = busy
        configuration.label = "gapdesk"
        if FileAccess.isShared(path: path) {
            // Only the owner can make the -wal and -shm files of a team's store: they stay between sessions.
            configuration.prepareDatabase { db in
                var keep: Int32 = 1
                sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, &keep)
            }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            if !readOnly { try FileAccess.keepInStep(path: path) }
            return SQLiteEngine(path: path, pool: pool, readOnly: readOnly, forThisAccount: forThisAccount)
        } catch {
            throw classifyOpening(error, path: path, readOnly: readOnly)
        }
    }

    func allowWriting(_ account: String, _ allowed: Bool) throws {
        try FileAccess.allowWriting(account, allowed, path: location)
    }

    // MARK: Reading and writing

    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try pool.readSession(body)
    }

    /// While it waits for its turn it tells a running import to give way (see
    /// `WriteTurns`). The audit entries it made are sealed before it commits:
    /// on SQLite the writer seals them, as a PostgreSQL server does itself.
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        writeTurns?.acquire()
        var waiting = true
        defer { if waiting { writeTurns?.release() } }
        return try pool.writeSession { db in
            writeTurns?.release()
            waiting = false
            let result = try body(db)
            try AuditChain.seal(db)
            return result
        }
    }

    /// A store still locked after the busy timeout is tried twice more, a little later each time.
    func retryPause(after error: any Error, attempt: Int) -> Duration? {
        guard let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED,
              attempt <= 2 else { return nil }
        return .milliseconds(200 * attempt)
    }

    func classify(_ error: any Error) -> StoreError { Self.classify(error, path: location) }

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

    /// Reading a WAL store needs its -shm file; without write access to the
    /// folder it cannot be made, which SQLite reports as read-only or can't-open.
    static func classifyOpening(_ error: any Error, path: String, readOnly: Bool) -> StoreError {
        let classified = classify(error, path: path)
        let folder = (path as NSString).deletingLastPathComponent
        if readOnly, FileAccess.isShared(path: path), !FileManager.default.fileExists(atPath: path + "-shm") {
            return .sharedFilesMissing(path: path, owner: FileAccess.owner(of: path))
        }
        if readOnly, classified == .readOnly(path: path) || classified == .unreadable(path: path),
           !FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) {
            return .folderNotWritable(path: path)
        }
        return classified
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return String(describing: error)
    }

    func changeSource() throws(StoreError) -> any ChangeSource {
        try SQLiteChanges(path: location)
    }

    // MARK: Upkeep

    func checkpoint() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    /// - importing: a 64 MB page cache: index pages are touched in no useful
    ///   order, and the default small cache rereads them from the OS for every
    ///   row; memory stays bounded by it however large the file.
    ///   `synchronous = NORMAL`: in WAL mode a commit then survives a killed
    ///   process, and after a power cut the store is still consistent and a
    ///   rerun brings in the last batches again. No foreign-key checks: the
    ///   import writes only ids it has just read or reserved in the same
    ///   transaction, and the checks cost a lookup per reference per row.
    ///   The WAL copied back into the file every 256 MB rather than every
    ///   4 MB: each copy rewrites index pages the next transactions touch
    ///   again (a million rows: 22.8 s -> 19.7 s); the -wal file may keep that
    ///   size until the last connection to the store closes.
    /// - fillingAfresh: writes do not wait for the disk (a store rebuilt
    ///   rather than recovered: a power cut may lose it), and a larger cache.
    func tuneForBulkWrites(_ tuning: BulkTuning) throws {
        let pragmas = switch tuning {
        case .importing: "PRAGMA cache_size = -65536; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA wal_autocheckpoint = 65536"
        case .fillingAfresh: "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144"
        case .ordinary: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000"
        }
        try pool.writeWithoutTransaction { db in try db.execute(sql: pragmas) }
    }

    func removeStore() throws { Self.removeFiles(location) }

    /// SQLite's online backup, into a new file beside the store with the
    /// store's permissions: others may go on reading and writing meanwhile.
    func keepCopy(named suffix: String) throws -> String? {
        let copy = location + suffix
        guard !FileManager.default.fileExists(atPath: copy) else {
            throw StoreError.failed("\(copy) is already there; move it away, and nothing was changed.")
        }
        let mode = ((try? FileManager.default.attributesOfItem(atPath: location)[.posixPermissions]) as? NSNumber)?.uint16Value ?? 0o600
        guard FileManager.default.createFile(atPath: copy, contents: nil, attributes: [.posixPermissions: mode]) else {
            throw StoreError.failed("A copy of the store cannot be made at \(copy) (is its folder writable?); nothing was changed.")
        }
        do {
            let target = try DatabaseQueue(path: copy)
            try pool.backup(to: target)
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: copy)
            throw error
        }
        return copy
    }

    func integrity() throws -> (checked: String, problems: [String]) {
        try read { db in
            let integrity = try db.fetchAll(String.self, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let keys = try db.fetchAll(sql: "PRAGMA foreign_key_check").map { row -> String in
                "a row of \(row[0] as String? ?? "?") (rowid \(row[1] as Int64? ?? 0)) refers to a missing row of \(row[2] as String? ?? "?")"
            }
            return ("SQLite's integrity check of every page and index, and every reference", integrity + keys)
        }
    }
}

extension Store {
    /// The SQLite engine, for what only SQLite does (its own tests).
    var pool: DatabasePool {
        guard let engine = engine as? SQLiteEngine else { preconditionFailure("a PostgreSQL store has no SQLite pool") }
        return engine.pool
    }
}
