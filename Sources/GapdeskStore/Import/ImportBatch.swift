import Foundation
import GapdeskDomain

/// What one batch of an import did, besides each row's outcome.
public struct BatchCounts: Sendable, Equatable {
    public var imported = 0
    /// Of those imported, contacts from a contact file.
    public var contacts = 0
    public var alreadyThere = 0
    public var conflicts = 0
    public var callbacks = 0
    /// Critical, but too old to call back (see `RecordedResponse.history`).
    public var history = 0
    public var anonymous = 0
    public var customersCreated = 0
    public var sitesCreated = 0
    public var staffCreated = 0

    public init() {}

    public static func += (a: inout BatchCounts, b: BatchCounts) {
        a.imported += b.imported; a.contacts += b.contacts; a.alreadyThere += b.alreadyThere; a.conflicts += b.conflicts; a.callbacks += b.callbacks
        a.history += b.history
        a.anonymous += b.anonymous; a.customersCreated += b.customersCreated; a.sitesCreated += b.sitesCreated
        a.staffCreated += b.staffCreated
    }

    public mutating func count(_ outcome: RowOutcome) {
        switch outcome {
        case .recorded(let recorded):
            imported += 1
            if recorded.callbackId != nil { callbacks += 1 }
            if recorded.history { history += 1 }
            if recorded.anonymous { anonymous += 1 }
        case .recordedContact:
            imported += 1
            contacts += 1
        case .new(let anonymous):
            imported += 1
            if anonymous { self.anonymous += 1 }
        case .alreadyThere: alreadyThere += 1
        case .conflict: conflicts += 1
        }
    }
}

/// What an import's transactions pass on to the next one: the customers,
/// sites, staff and causes they matched or created, and the gaps' latest
/// days per customer. A transaction uses it only while no other connection
/// has written since the last (on SQLite; on PostgreSQL each reads afresh).
/// One for each run of an import; its batches are written one at a time.
public final class ImportMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: ResponseInserter.Memory?

    public init() {}

    /// Takes what is kept: a transaction that fails passes nothing on.
    fileprivate func take() -> ResponseInserter.Memory? { lock.withLock { defer { kept = nil }; return kept } }
    fileprivate func keep(_ memory: ResponseInserter.Memory?) { lock.withLock { kept = memory } }
}

extension Store {
    /// Starts an import of `source` (a file name): the run its rows will name as
    /// where they came from. Refused unless the account may import.
    public func beginImport(source: String, by actor: String, at now: Date) throws -> Int64 {
        try perform(.importFile, by: actor, changes: []) { db in
            return try db.insert(sql: "INSERT INTO import_run(source, started_at, actor) VALUES (?, ?, ?)", arguments: [source, now.epochSeconds, actor])
        }
    }

    /// Rows recorded together within a transaction: read, worked out and
    /// written as one (see `ResponseInserter`).
    public static let importChunkRows = 8_192

    /// Records a batch of imported responses (`lines[i]` is where `rows[i]`
    /// was read) in one or more transactions, each committed after
    /// `transactionTime` (the engine's default when nil: what an import has
    /// written shows on dashboards within it; see `EngineTraits`), in chunks of `chunkRows`. A response whose id is
    /// already stored with the same content is not recorded again, so
    /// rerunning an import (after a crash, or with an overlapping export) adds
    /// only what is missing; one with different content is a conflict.
    /// `memory` carries what one batch's transactions read to the next
    /// batch's (see `ImportMemory`). Returns each row's outcome.
    public func importBatch(_ rows: [PreparedRow], lines: [Int], run: Int64, source: String, by actor: String, at now: Date,
                            transactionTime: Duration? = nil, chunkRows: Int = importChunkRows,
                            memory: ImportMemory = ImportMemory()) throws -> (counts: BatchCounts, outcomes: [RowOutcome]) {
        let transactionTime = transactionTime ?? engine.traits.importTransactionTime
        let turns = engine.writeTurns
        precondition(rows.count == lines.count, "a line for each row")
        var total = BatchCounts()
        var outcomes: [RowOutcome] = []
        outcomes.reserveCapacity(rows.count)
        var start = rows.startIndex
        let clock = ContinuousClock()
        while start < rows.endIndex {
            let deadline = clock.now + transactionTime
            var remembered = memory.take()
            // Dashboards are told of the changes by the body, before it reads what marks the end of its writes.
            let (counts, done, learnt) = try ImportInterrupted.counting(saved: outcomes.count) { try perform(.importFile, by: actor, changes: []) { db in
                var inserter = try ResponseInserter(db, actor: actor, at: now, run: run, memory: remembered.take())
                var counts = BatchCounts()
                var done: [RowOutcome] = []
                var end = start
                repeat {
                    let chunk = end..<min(end + chunkRows, rows.endIndex)
                    let outcomes = try inserter.insert(rows[chunk], lines: lines[chunk].map(Optional.some))
                    try inserter.finish()
                    for outcome in outcomes { counts.count(outcome) }
                    done += outcomes
                    end = chunk.upperBound
                } while end < rows.endIndex && clock.now < deadline && turns?.anyoneWaiting != true
                counts.customersCreated = inserter.created.customers
                counts.sitesCreated = inserter.created.sites
                counts.staffCreated = inserter.created.staff
                try Audit.record(db, at: now, actor: actor, action: ActionKind.importFile.rawValue, entity: "import", entityId: source,
                                 before: nil, after: "lines \(lines[start])-\(lines[end - 1]): imported \(counts.imported), "
                                     + "already there \(counts.alreadyThere)" + (counts.conflicts > 0 ? ", conflicts \(counts.conflicts)" : ""))
                try Self.mark(db, [.responses, .calls])
                return (counts, done, try inserter.memory())
            } }
            memory.keep(learnt)
            total += counts
            outcomes += done
            start += done.count
            // Anyone waiting to write goes before the next transaction.
            turns?.yield()
        }
        return (total, outcomes)
    }

    /// What importing these rows would come to, writing nothing (for --dry-run
    /// and the check of --strict): recorded, already there or a conflict with
    /// the store. Rows repeated within the file are the importer's to spot.
    public func wouldImport(_ rows: [PreparedRow]) throws(StoreError) -> [RowOutcome] {
        try read { db in
            var known = KnownRows()
            try known.lookUp(rows, in: db)
            return rows.map { prepared -> RowOutcome in
                let row = prepared.row
                guard let id = row.externalId else { return .new(anonymous: row.isAnonymous) }
                let stored: KnownRows.Stored? = if case .contact = row { known.contacts[id] } else { known.responses[id] }
                guard let stored else { return .new(anonymous: row.isAnonymous) }
                guard let hash = stored.hash, hash != prepared.contentHash else { return .alreadyThere }
                return .conflict("\(row.idName) \"\(id.prefix(60))\" is already stored, with different content")
            }
        }
    }

    /// Sets up this process's writer for a bulk import (see `BulkTuning`).
    public func prepareForBulkWrites() throws(StoreError) {
        try tune(.importing)
    }

    /// After an import: measures the median customer value again from the
    /// customers in the store (whatever this run created, or an earlier,
    /// killed one) and, if its rounded value changed, re-weighs the gap
    /// ranking (see `GapSummary`). True when it did.
    @discardableResult
    public func remeasureValueMedian(by actor: String) throws -> Bool {
        try perform(.importFile, by: actor, changes: []) { db in
            guard try Figures.customerValuesChanged(db) else { return false }
            try Self.mark(db, [.gaps])  // dashboards re-rank only when the weights changed
            return true
        }
    }
}

/// An import's write that failed after some of its rows were committed:
/// how many rows are saved, and why it stopped.
public struct ImportInterrupted: Error, CustomStringConvertible {
    public var savedRows: Int
    public var cause: any Error

    public var description: String { String(describing: cause) }

    /// Runs `write`; a failure after `saved` rows were committed says so.
    static func counting<T>(saved: Int, _ write: () throws -> T) throws -> T {
        do {
            return try write()
        } catch {
            guard saved > 0 else { throw error }
            throw ImportInterrupted(savedRows: saved, cause: error)
        }
    }
}
