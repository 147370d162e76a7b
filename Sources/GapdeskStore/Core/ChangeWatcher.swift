import Foundation
import GRDB

/// What changed in the store since the last look.
public enum StoreChange: Equatable, Sendable {
    case nothing
    /// Changes by gapdesk, which says what each write touched.
    case topics(Set<ChangeTopic>)
    /// A change that named no topic (another tool wrote to the file), or the first look.
    case unknown
}

/// Notices writes to the store by any process. GRDB's own observation sees
/// only this process's writes; `PRAGMA data_version` on one connection changes
/// whenever another connection commits, and polling it costs microseconds.
/// Only then are the change topics read, to tell which lists to reload.
public final class ChangeWatcher: @unchecked Sendable {
    private let connection: DatabaseQueue
    private var lastVersion: Int?
    private var lastTopics: [String: Int64] = [:]
    private let lock = NSLock()

    public init(store: Store) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        do {
            connection = try DatabaseQueue(path: store.path, configuration: configuration)
        } catch {
            throw Store.classify(error, path: store.path)
        }
    }

    /// What anyone has committed since the last call (`.unknown` on the first call).
    public func change() -> StoreChange {
        lock.lock(); defer { lock.unlock() }
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
