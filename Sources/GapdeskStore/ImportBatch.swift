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
    /// Records a batch of imported responses in one transaction. A response
    /// whose external id is already stored is skipped, so rerunning an import
    /// (after a crash, or with an overlapping export) adds only what is missing.
    public func importBatch(_ rows: [NewResponse], source: String, lines: ClosedRange<Int>, by actor: String, at now: Date) throws -> BatchCounts {
        try act([.responses, .calls]) { db in
            try Self.authorize(db, actor, .importFile)
            var inserter = try ResponseInserter(db, actor: actor)
            var counts = BatchCounts()
            for row in rows {
                guard let recorded = try inserter.insert(row) else {
                    counts.alreadyThere += 1
                    continue
                }
                counts.imported += 1
                if recorded.critical { counts.callbacks += 1 }
            }
            try inserter.finish()
            counts.customersCreated = inserter.created.customers
            counts.sitesCreated = inserter.created.sites
            counts.staffCreated = inserter.created.staff
            try Audit.record(db, at: now, actor: actor, action: ActionKind.importFile.rawValue, entity: "import", entityId: source,
                             before: nil, after: "lines \(lines.lowerBound)-\(lines.upperBound): imported \(counts.imported), already there \(counts.alreadyThere)")
            return counts
        }
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
