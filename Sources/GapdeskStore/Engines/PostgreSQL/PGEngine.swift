import Foundation

/// The store on a PostgreSQL server: a few connections, each lent for one
/// transaction at a time. A connection the server dropped is let go and the
/// next transaction opens a new one, so the store reconnects by itself.
final class PGEngine: StoreEngine, @unchecked Sendable {
    /// The address as given (it may carry a password: never shown).
    let address: String
    /// The address to show in messages.
    let display: String
    var location: String { address }
    var name: String { display }
    var dialect: SQLDialect { .postgres }
    /// Writers wait on the server's lock, so an import commits every half second: a colleague waits at most that.
    let traits = EngineTraits(actsAsLogin: true, hidesOtherSitesRows: true, importTransactionTime: .milliseconds(500))
    var writeTurns: WriteTurns? { nil }
    var schema: any EngineSchema { PGSchema(engine: self) }
    private var idle: [PGConnection] = []
    private let lock = NSLock()

    /// Writers take this transaction-scoped lock first, so gapdesk's writes
    /// follow one another as they do on SQLite: an action reads the state it
    /// checks and writes in one turn ("already recorded by ben").
    static let writersLock: Int64 = 0x6761_7064_6573_6B  // "gapdesk"

    init(address: String) {
        self.address = address
        display = PGAddress.display(address)
        // A server that does not answer is reported rather than waited on for ever.
        setenv("PGCONNECT_TIMEOUT", "5", 0)
    }

    /// Lends a connection for `body`; keeps it for the next one unless the server dropped it.
    func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        lock.lock()
        let lent = idle.popLast()
        lock.unlock()
        let connection = try lent ?? PGConnection(address)
        do {
            let result = try body(connection)
            giveBack(connection)
            return result
        } catch {
            if connection.isAlive { giveBack(connection) }
            throw error
        }
    }

    private func giveBack(_ connection: PGConnection) {
        lock.lock()
        if idle.count < 4 { idle.append(connection) }
        lock.unlock()
    }

    /// Lets go of every idle connection (after the server went away).
    func dropIdle() {
        lock.lock()
        idle.removeAll()
        lock.unlock()
    }

    /// A read in one snapshot, as SQLite's reads are.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// A write, one writer at a time (see `writersLock`).
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try transaction(begin: "BEGIN; SELECT pg_advisory_xact_lock(\(Self.writersLock))", body)
    }

    private func transaction<T>(begin: String, _ body: (any SQLSession) throws -> T) throws -> T {
        do {
            return try withConnection { connection in
                try connection.runScript(begin)
                do {
                    let result = try body(PGSession(connection))
                    try connection.runScript("COMMIT")
                    return result
                } catch {
                    if connection.isAlive { _ = try? connection.runScript("ROLLBACK") }
                    throw error
                }
            }
        } catch let failure as SQLFailure where failure.code == .connectionLost {
            dropIdle()
            throw failure
        }
    }

    /// The login this store knows you by.
    func sessionUser() throws -> String {
        try read { db in try db.fetchOne(String.self, sql: "SELECT session_user") ?? "" }
    }

    /// A serialization failure or deadlock: the server took nothing, and asks for the transaction again (twice at most).
    func retryPause(after error: any Error, attempt: Int) -> Duration? {
        guard let failure = error as? SQLFailure, failure.code == .busy, attempt <= 2 else { return nil }
        return .zero
    }

    func classify(_ error: any Error) -> StoreError { Self.classify(error, name: display) }

    /// A server failure in a sentence.
    static func classify(_ error: any Error, name: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let failure = error as? SQLFailure else { return .failed(String(describing: error)) }
        switch failure.code {
        case .connectionLost: return .serverUnreachable(name: name, reason: failure.message)
        case .authentication: return .loginRefused(name: name, reason: failure.message)
        case .certificate: return .certificateRefused(name: name, reason: failure.message)
        case .readOnlyServer: return .serverReadOnly(name: name)
        case .badAddress: return .unreadableAddress(reason: failure.message)
        case .notPermitted: return .refusedByServer(name: name, reason: failure.message)
        case .busy: return .busy(path: name)
        case .constraint, .other: return .failed("The store \(name) reported a problem: \(Secrets.redacted(failure.message)).")
        }
    }

    func changeSource() throws(StoreError) -> any ChangeSource { PostgresChanges(engine: self) }

    /// Measures the tables again (ANALYZE), so the planner knows what a bulk
    /// load added before autovacuum gets to it.
    func checkpoint() throws {
        _ = try withConnection { try $0.runScript("ANALYZE") }
    }

    func tuneForBulkWrites(_ tuning: BulkTuning) throws {}

    /// Its tables and functions (the database and its group roles stay for the next demo).
    func removeStore() throws {
        try write { db in
            let tables = try db.fetchAll(String.self, sql: "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            if !tables.isEmpty { try db.execute(sql: "DROP TABLE \(tables.map(Store.quoted).joined(separator: ", ")) CASCADE") }
            for function in try db.fetchAll(String.self, sql: """
                SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND p.proname LIKE 'gapdesk\\_%'
                """) {
                try db.execute(sql: "DROP FUNCTION \(function) CASCADE")
            }
        }
    }

    /// Every constraint has been checked against its rows; and, where the
    /// database has the amcheck extension and the login may use it, every
    /// table's pages (`verify_heapam`) and every index (`bt_index_check`).
    func integrity() throws -> (checked: String, problems: [String]) {
        try read { db in
            var problems = try db.fetchAll(sql: """
                SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = 'public' AND NOT c.convalidated
                """).map { "the constraint \($0[1] as String) of \($0[0] as String) has not been checked against its rows" }
            let amcheck = try db.fetchOne(Bool.self, sql: """
                SELECT coalesce(has_function_privilege(to_regprocedure('bt_index_check(regclass)'), 'EXECUTE')
                    AND has_function_privilege(to_regprocedure('verify_heapam(regclass, boolean, boolean, text, bigint, bigint)'), 'EXECUTE'), false)
                """) ?? false
            guard amcheck else {
                return ("every constraint validated; the server's pages and indexes were not checked: that needs the amcheck extension "
                        + "in this database (CREATE EXTENSION amcheck, as a superuser) and a login that may run it", problems)
            }
            problems += try db.fetchAll(sql: """
                SELECT c.relname, v.blkno, v.msg FROM pg_class c CROSS JOIN LATERAL verify_heapam(c.oid) v
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY c.relname, v.blkno LIMIT 20
                """).map { "table \($0[0] as String), page \($0[1] as Int64? ?? 0): \($0[2] as String? ?? "damaged")" }
            for index in try db.fetchAll(String.self, sql: """
                SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am a ON a.oid = i.relam
                WHERE i.relnamespace = 'public'::regnamespace AND a.amname = 'btree' ORDER BY i.relname
                """) {
                // One index at a time: a damaged one raises, and says how.
                try db.execute(sql: "SAVEPOINT gapdesk_index_check")
                do {
                    _ = try db.fetchOne(sql: "SELECT bt_index_check(CAST(? AS regclass))::text", arguments: ["public.\(index)"])
                    try db.execute(sql: "RELEASE gapdesk_index_check")
                } catch let failure as SQLFailure {
                    try db.execute(sql: "ROLLBACK TO gapdesk_index_check")
                    problems.append("index \(index): \(failure.message)")
                }
            }
            return ("every constraint validated, every table's pages and every index checked by amcheck", problems)
        }
    }

    /// A server's backups are its administrator's (pg_dump); an upgrade is one transaction, undone whole if it fails.
    func keepCopy(named suffix: String) throws -> String? { nil }

    var readOnlyForThisAccount: Bool { false }
    func allowWriting(_ account: String, _ allowed: Bool) throws {}
}
