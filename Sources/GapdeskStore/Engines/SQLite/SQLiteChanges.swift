import Foundation
import GRDB

/// `PRAGMA data_version` on one connection changes whenever another
/// connection commits, and polling it costs microseconds. GRDB's own
/// observation sees only this process's writes.
final class SQLiteChanges: ChangeSource {
    private let connection: DatabaseQueue
    private var lastVersion: Int?
    private var lastTopics: [String: Int64] = [:]

    init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        do {
            connection = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw SQLiteEngine.classify(error, path: path)
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
