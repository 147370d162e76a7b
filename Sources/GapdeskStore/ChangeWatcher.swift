import Foundation
import GRDB

/// Notices writes to the store by any process. GRDB's own observation sees
/// only this process's writes; `PRAGMA data_version` on one connection changes
/// whenever another connection commits, and polling it costs microseconds.
public final class ChangeWatcher: @unchecked Sendable {
    private let connection: DatabaseQueue
    private var lastVersion: Int?
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

    /// True when anyone has committed since the last call (and on the first call).
    public func hasChanged() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard let version = try? connection.read({ db in try Int.fetchOne(db, sql: "PRAGMA data_version") }) else { return false }
        defer { lastVersion = version }
        return version != lastVersion
    }
}
