import Foundation

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
        source = try store.engine.changeSource()
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
