import Foundation
import GRDB
import GapdeskDomain

/// What one batch of an import did.
public struct BatchCounts: Sendable, Equatable {
    public var imported = 0
    public var alreadyThere = 0
    public var callbacks = 0
    public var customersCreated = 0
    public var sitesCreated = 0
    public var staffCreated = 0

    public init() {}

    public static func += (a: inout BatchCounts, b: BatchCounts) {
        a.imported += b.imported; a.alreadyThere += b.alreadyThere; a.callbacks += b.callbacks
        a.customersCreated += b.customersCreated; a.sitesCreated += b.sitesCreated; a.staffCreated += b.staffCreated
    }
}

extension Store {
    /// How long one import transaction may run before it commits and the
    /// next begins: what an import has written shows on dashboards within
    /// it, and a colleague's write waits at most about that long. Longer
    /// transactions rewrite each touched index page less often.
    public static let importTransactionTime: Duration = .milliseconds(500)

    /// Records a batch of imported responses (`lines[i]` is where `rows[i]`
    /// was read) in one or more transactions, each committed after
    /// `transactionTime`. A response whose external id is already
    /// stored is skipped, so rerunning an import (after a crash, or with an
    /// overlapping export) adds only what is missing.
    public func importBatch(_ rows: [NewResponse], lines: [Int], source: String, by actor: String, at now: Date,
                            transactionTime: Duration = importTransactionTime) throws -> BatchCounts {
        precondition(rows.count == lines.count, "a line for each row")
        var total = BatchCounts()
        var start = rows.startIndex
        let clock = ContinuousClock()
        while start < rows.endIndex {
            let deadline = clock.now + transactionTime
            let (counts, end) = try act([.responses, .calls]) { db in
                try Self.authorize(db, actor, .importFile)
                var inserter = try ResponseInserter(db, actor: actor)
                var counts = BatchCounts()
                var end = start
                while end < rows.endIndex {
                    if let recorded = try inserter.insert(rows[end]) {
                        counts.imported += 1
                        if recorded.critical { counts.callbacks += 1 }
                    } else {
                        counts.alreadyThere += 1
                    }
                    end += 1
                    if end % 512 == 0 && clock.now > deadline { break }
                }
                try inserter.finish()
                counts.customersCreated = inserter.created.customers
                counts.sitesCreated = inserter.created.sites
                counts.staffCreated = inserter.created.staff
                try Audit.record(db, at: now, actor: actor, action: ActionKind.importFile.rawValue, entity: "import", entityId: source,
                                 before: nil, after: "lines \(lines[start])-\(lines[end - 1]): imported \(counts.imported), already there \(counts.alreadyThere)")
                return (counts, end)
            }
            total += counts
            start = end
        }
        return total
    }

    /// Sets up this process's writer for a bulk import:
    /// - a 64 MB page cache: index pages are touched in no useful order, and
    ///   the default small cache rereads them from the OS for every row; memory
    ///   stays bounded by it however large the file;
    /// - `synchronous = NORMAL`: in WAL mode a commit then survives a killed
    ///   process, and after a power cut the store is still consistent and a
    ///   rerun brings in the last batches again;
    /// - no foreign-key checks: `ResponseInserter` writes only ids it has just
    ///   read or created in the same transaction, and the checks cost a lookup
    ///   per reference per row.
    public func prepareForBulkWrites() throws(StoreError) {
        guard !readOnly else { return }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF")
            }
        } catch {
            throw Store.classify(error, path: path)
        }
    }

    /// After an import: measures the median customer value again and, if it
    /// moved, re-weighs the gap ranking (see `GapSummary`). True when it did.
    @discardableResult
    public func remeasureValueMedian() throws(StoreError) -> Bool {
        try write([]) { db in
            guard try GapSummary.remeasure(db) else { return false }
            try Self.mark(db, [.gaps])  // dashboards re-rank only when the weights changed
            return true
        }
    }

    /// Which of these external ids are already stored (for --dry-run).
    public func existingIds(_ ids: [String]) throws(StoreError) -> Set<String> {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM response WHERE external_id = ?")
            return Set(try ids.filter { try Int.fetchOne(statement, arguments: [$0]) != nil })
        }
    }
}
