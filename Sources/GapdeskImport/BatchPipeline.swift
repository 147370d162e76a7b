import Dispatch
import Foundation

/// Runs each batch's write on its own thread while the next batch is read and
/// checked, so an import uses both cores. At most `depth` batches wait, which
/// keeps memory flat; the first failure stops further writes and is rethrown.
final class BatchPipeline<Result: Sendable>: @unchecked Sendable {
    private let queue = DispatchQueue(label: "gapdesk.import.writer")
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var results: [Result] = []
    private var failure: Error?

    init(depth: Int = 2) { slots = DispatchSemaphore(value: depth) }

    /// Queues `work`; throws an earlier batch's failure instead.
    func submit(_ work: @escaping @Sendable () throws -> Result) throws {
        slots.wait()
        if let failure = lock.withLock({ failure }) {
            slots.signal()
            throw failure
        }
        queue.async { [self] in
            defer { slots.signal() }
            guard lock.withLock({ failure == nil }) else { return }
            do {
                let result = try work()
                lock.withLock { results.append(result) }
            } catch {
                lock.withLock { if failure == nil { failure = error } }
            }
        }
    }

    /// The results of the batches finished so far, in order (a failure is thrown by `submit` or `finish`).
    func drain() -> [Result] {
        lock.withLock {
            defer { results.removeAll() }
            return results
        }
    }

    /// Waits for every queued batch; returns their results in order, or throws the first failure.
    func finish() throws -> [Result] {
        queue.sync {}
        return try lock.withLock {
            if let failure { throw failure }
            defer { results.removeAll() }
            return results
        }
    }
}
