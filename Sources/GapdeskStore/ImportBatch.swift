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
        try act { db in
            try Self.authorize(db, actor, .importFile)
            let settings = try Self.teamSettings(db)
            var counts = BatchCounts()
            let exists = try db.cachedStatement(sql: "SELECT 1 FROM response WHERE external_id = ?")
            for row in rows {
                if let id = row.externalId, try Int.fetchOne(exists, arguments: [id]) != nil {
                    counts.alreadyThere += 1
                    continue
                }
                var created = Created()
                let recorded = try Self.insertResponse(db, row, actor: actor, settings: settings, created: &created)
                counts.imported += 1
                if recorded.callbackId != nil { counts.callbacks += 1 }
                if created.customer { counts.customersCreated += 1 }
                if created.site { counts.sitesCreated += 1 }
                if created.staff { counts.staffCreated += 1 }
            }
            try Audit.record(db, at: now, actor: actor, action: ActionKind.importFile.rawValue, entity: "import", entityId: source,
                             before: nil, after: "lines \(lines.lowerBound)-\(lines.upperBound): imported \(counts.imported), already there \(counts.alreadyThere)")
            return counts
        }
    }

    /// Gives the writer a 64 MB page cache while a bulk import runs: index pages
    /// are touched in no useful order, and the default small cache rereads them
    /// from the OS for every row. Memory stays bounded by it however large the
    /// file; durability is unchanged.
    public func prepareForBulkWrites() throws(StoreError) {
        guard !readOnly else { return }
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        } catch {
            throw Store.classify(error, path: path)
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
