import Foundation

/// The store on a PostgreSQL server: a few connections, each lent for one
/// transaction at a time. A connection the server dropped is let go and the
/// next transaction opens a new one, so the store reconnects by itself.
final class PGEngine: @unchecked Sendable {
    /// The address as given (it may carry a password: never shown).
    let address: String
    /// The address to show in messages.
    let display: String
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
}
