import Foundation

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
