import Foundation
import GRDB

/// What changed in the store since the last look.
public enum StoreChange: Equatable, Sendable {
    case nothing
    /// Changes by gapdesk, which says what each write touched.
    case topics(Set<ChangeTopic>)
    /// A change that named no topic (another tool wrote to the file), or the first look.
    case unknown
    /// The server went away: a sentence to show until it is back.
    case lost(String)
    /// The server is back: everything may have changed meanwhile.
    case reconnected
}

/// Notices writes to the store by anyone: on SQLite by `PRAGMA data_version`,
/// on PostgreSQL by LISTEN/NOTIFY (no table is polled). Only the changed
/// topics are reloaded.
public final class ChangeWatcher: @unchecked Sendable {
    private let source: any ChangeSource
    private let lock = NSLock()

    public init(store: Store) throws(StoreError) {
        switch store.backend {
        case .sqlite: source = try SQLiteChanges(store: store)
        case .postgres(let engine): source = PostgresChanges(engine: engine)
        }
    }

    /// What anyone has committed since the last call (`.unknown` on the first call).
    public func change() -> StoreChange {
        lock.lock(); defer { lock.unlock() }
        return source.change()
    }
}

protocol ChangeSource: AnyObject {
    func change() -> StoreChange
}

/// `PRAGMA data_version` on one connection changes whenever another
/// connection commits, and polling it costs microseconds. GRDB's own
/// observation sees only this process's writes.
final class SQLiteChanges: ChangeSource {
    private let connection: DatabaseQueue
    private var lastVersion: Int?
    private var lastTopics: [String: Int64] = [:]

    init(store: Store) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        do {
            connection = try DatabaseQueue(path: store.path, configuration: configuration)
        } catch {
            throw Store.classify(error, path: store.path)
        }
    }

    func change() -> StoreChange {
        let first = lastVersion == nil
        guard let (version, topics) = try? connection.readSession({ db -> (Int, [String: Int64]) in
            let version = try db.fetchOne(Int.self, sql: "PRAGMA data_version") ?? 0
            guard version != lastVersion else { return (version, lastTopics) }
            let rows = try db.fetchAll(sql: "SELECT topic, version FROM change_topic")
            return (version, Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int64) }))
        }) else { return .nothing }
        defer { lastVersion = version; lastTopics = topics }
        if first { return .unknown }
        guard version != lastVersion else { return .nothing }
        let changed = Set(topics.compactMap { topic, count in lastTopics[topic] == count ? nil : ChangeTopic(rawValue: topic) })
        return changed.isEmpty ? .unknown : .topics(changed)
    }
}

/// A connection of its own that LISTENs on `gapdesk_change`; a commit's
/// topics arrive as notifications. When the server drops it, the watcher
/// says so once and tries again every second, off the caller's thread (a
/// connection attempt may wait for the server's answer).
final class PostgresChanges: ChangeSource, @unchecked Sendable {
    private let engine: PGEngine
    private var connection: PGConnection?
    private var first = true
    private var connecting = false
    private var lastAttempt = Date.distantPast
    private var connected: Result<PGConnection, SQLFailure>?
    private let lock = NSLock()

    init(engine: PGEngine) {
        self.engine = engine
        connection = try? Self.listen(engine)
    }

    private static func listen(_ engine: PGEngine) throws(SQLFailure) -> PGConnection {
        let connection = try PGConnection(engine.address)
        try connection.runScript("LISTEN gapdesk_change")
        return connection
    }

    func change() -> StoreChange {
        if first {
            first = false
            return connection == nil ? .lost(Self.sentence) : .unknown
        }
        guard let connection else { return reconnect() }
        do {
            let topics = Set(try connection.notifications().compactMap { ChangeTopic(rawValue: $0.payload) })
            return topics.isEmpty ? .nothing : .topics(topics)
        } catch {
            self.connection = nil
            engine.dropIdle()
            return .lost(Self.sentence)
        }
    }

    /// Starts an attempt in the background at most once a second; reports its success.
    private func reconnect() -> StoreChange {
        lock.lock()
        let result = connected
        connected = nil
        let start = !connecting && Date().timeIntervalSince(lastAttempt) >= 1
        if start { connecting = true; lastAttempt = Date() }
        lock.unlock()
        if case .success(let connection) = result {
            self.connection = connection
            return .reconnected
        }
        if start {
            DispatchQueue.global().async { [engine] in
                let attempt = Result { () throws(SQLFailure) in try Self.listen(engine) }
                self.lock.lock()
                self.connected = attempt
                self.connecting = false
                self.lock.unlock()
            }
        }
        return .nothing
    }

    static let sentence = "Server unreachable; reconnecting. Nothing can be saved until it is back."
}
