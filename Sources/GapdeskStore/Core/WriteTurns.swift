import Foundation

/// Makes a long import give way to everyone else's writes.
///
/// SQLite lets one writer in at a time, and a waiting writer only polls for
/// the lock, with growing pauses. An import that commits and begins its next
/// transaction at once wins nearly every time, so a colleague's write could
/// wait through many of its transactions and finally fail. So every writer,
/// while it waits to begin its transaction, holds a shared lock on a small
/// file beside the store (`PATH-writers`); after each of its transactions an
/// import waits while anyone holds that lock (at most `yieldLimit`) before
/// it begins the next. A write then waits for at most one import
/// transaction, and two imports take turns.
///
/// `flock` locks belong to one open file, not to the process, and closing
/// this file touches none of SQLite's own locks on the store.
final class WriteTurns: @unchecked Sendable {
    /// Held (shared) by this store's writers while they wait.
    private let waiting: Int32
    /// Opened separately, so the import's check sees this process's waiters too.
    private let probe: Int32
    private let lock = NSLock()
    private var holders = 0
    static let yieldLimit: Duration = .seconds(5)

    static func path(for storePath: String) -> String { storePath + "-writers" }

    /// Opens the file, making it when it is missing with the store's group and
    /// permissions (a team's store is shared, so is this); nil when it cannot.
    init?(storePath: String) {
        let path = Self.path(for: storePath)
        var store = stat()
        guard stat(storePath, &store) == 0 else { return nil }
        let mode = store.st_mode & 0o666
        var made = Foundation.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if made >= 0 {
            _ = fchown(made, uid_t.max, store.st_gid)
            _ = fchmod(made, mode)  // the umask may have removed bits
        } else {
            // Already there (locking needs no write access), or it cannot be made.
            made = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        }
        guard made >= 0 else { return nil }
        let second = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard second >= 0 else { close(made); return nil }
        waiting = made
        probe = second
    }

    deinit {
        close(waiting)
        close(probe)
    }

    /// Marks this process as waiting to write until `release` (counted, so
    /// threads of one process can wait at once).
    func acquire() {
        lock.withLock {
            if holders == 0 { while flock(waiting, LOCK_SH) != 0 && errno == EINTR {} }
            holders += 1
        }
    }

    func release() {
        lock.withLock {
            holders -= 1
            if holders == 0 { flock(waiting, LOCK_UN) }
        }
    }

    /// Whether anyone waits to write now (a long transaction then ends sooner).
    var anyoneWaiting: Bool {
        guard flock(probe, LOCK_EX | LOCK_NB) == 0 else { return true }
        flock(probe, LOCK_UN)
        return false
    }

    /// Waits while anyone waits to write, at most `yieldLimit` (a writer that
    /// hangs while waiting must not stop an import for good).
    func yield() {
        let deadline = ContinuousClock.now + Self.yieldLimit
        while flock(probe, LOCK_EX | LOCK_NB) != 0 {
            guard ContinuousClock.now < deadline else { return }
            usleep(2_000)
        }
        flock(probe, LOCK_UN)
    }
}
