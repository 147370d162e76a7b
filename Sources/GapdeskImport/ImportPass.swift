import Foundation
import GapdeskDomain
import GapdeskStore

/// One pass over a file: reads its header, then each record in turn, and
/// either writes good rows in batches (through a pipeline, so the next batch
/// is read while one is written) or, writing nothing, says what each would
/// come to. Every line ends up in exactly one count of the summary.
final class ImportPass {
    /// Rows waiting to be written, with what their rejects would need.
    struct Batch: Sendable {
        var rows: [PreparedRow] = []
        var lines: [Int] = []
        var spans: [Int] = []
        var offsets: [Int64] = []
        var originals: [[UInt8]] = []
    }

    /// A written (or checked) batch and each row's outcome.
    struct Written: Sendable {
        var batch: Batch
        var counts: BatchCounts
        var outcomes: [RowOutcome]
    }

    private let importer: Importer
    private let source: ByteSource
    private var rows: AnyRows
    private let label: String
    private let sourceLabel: String
    private let write: Bool
    private let quiet: Bool
    private var summary = ImportSummary()
    private var lastProgress = Date.distantPast
    private var savedRows = 0
    private var batch = Batch()
    private let writes = BatchPipeline<Written>()
    private let memory = ImportMemory()
    /// Ids seen in this file, for a pass that writes nothing (a writing pass finds them in the store).
    private var seen: [String: (line: Int, hash: Int64)] = [:]
    // Known once the header is read.
    private var header: [String] = []
    private var idColumn = ""
    /// The store's import run the rows are written under; nil for a pass that writes nothing.
    private var importRun: Int64?

    init(importer: Importer, path: String, label: String, write: Bool, quiet: Bool) throws {
        self.importer = importer
        source = try ByteSource(path: path)
        rows = Importer.isJSONLines(path: path) ? AnyRows.json(JSONLinesReader(source: source)) : AnyRows.csv(CSVReader(source: source))
        self.label = label
        sourceLabel = label == "-" ? "standard input" : label
        self.write = write
        self.quiet = quiet
    }

    /// Reads the whole file, writing as it goes unless the pass only checks.
    func read() throws -> ImportSummary {
        let converter = try readHeader()
        do {
            while let record = rows.next(header: header) {
                try take(record, converter)
                let read = summary.rows + batch.rows.count
                if read % 256 == 0, Date().timeIntervalSince(lastProgress) > 0.1 {
                    lastProgress = Date()
                    importer.onProgress(ImportProgress(rows: read, bytesRead: source.bytesRead, totalBytes: source.size))
                }
            }
            try flush()
            for written in try writes.finish() { settle(written) }
        } catch {
            // Some rows may be saved already: say how many, and that a rerun completes the file.
            for written in writes.drain() { settle(written) }
            let interrupted = error as? ImportInterrupted
            let saved = savedRows + (interrupted?.savedRows ?? 0), cause = interrupted?.cause ?? error
            guard importRun != nil, saved > 0 else { throw cause }
            throw ImportError.interrupted(path: label, saved: saved, reason: (cause as? StoreError)?.whatHappened ?? String(describing: cause))
        }
        summary.lines = rows.linesRead
        importer.onProgress(ImportProgress(rows: summary.rows, bytesRead: source.bytesRead, totalBytes: source.size))
        return summary
    }

    /// Reads the header and what it says of the file; starts the store's run when writing.
    private func readHeader() throws -> RowConverter {
        let options = importer.options
        guard let first = rows.header(label: label, preset: options.preset) else { throw ImportError.empty(path: label) }
        let (header, questions, layout, headerLines, blankLines) = try first.get()
        self.header = header
        summary.preset = layout
        summary.tally.header = headerLines
        summary.tally.blank = blankLines
        let map = layout.columnMap(header: header, questions: questions, maps: options.maps)
        let contacts = options.contacts || map.isContactFile
        summary.contacts = contacts
        let missing = map.missing(hasSiteOption: options.site != nil, contacts: contacts)
        if !missing.isEmpty { throw ImportError.missingColumns(path: label, missing: missing, found: header, contacts: contacts) }
        idColumn = header[safe: map.columns[contacts ? .contactId : .responseId]] ?? ""
        let converter = RowConverter(map: map, header: header, defaultScale: options.scale, defaultSite: options.site,
                                     dateOrder: options.dateOrder ?? layout.dateOrder, now: importer.now, contacts: contacts)
        rows.expect(fields: header.count, isRow: converter.looksLikeRow)
        importRun = write ? try importer.store?.beginImport(source: sourceLabel, by: importer.actor, at: importer.now) : nil
        return converter
    }

    /// One record: counted blank, rejected with its reason, or added to the batch.
    private func take(_ record: SourceRecord, _ converter: RowConverter) throws {
        if record.isBlank {
            summary.tally.blank += record.lineCount
            return
        }
        if let problem = record.problem {
            let column = problem.column.flatMap { header[safe: $0 - 1] } ?? ""
            reject(Reject(line: record.line, lineCount: record.lineCount, offset: record.offset, column: column, kind: problem.kind,
                          reason: problem.message, original: record.original))
            return
        }
        switch converter.convert(record.fields, line: record.line, expectedCount: rows.isCSV ? header.count : nil) {
        case .failure(let problem):
            reject(Reject(line: record.line, lineCount: record.lineCount, offset: record.offset, column: problem.column, kind: problem.kind,
                          reason: problem.reason, original: record.original))
        case .success(let converted):
            if converted.commentCut { summary.commentsCut += 1 }
            batch.rows.append(PreparedRow(converted.row))
            batch.lines.append(record.line)
            batch.spans.append(record.lineCount)
            batch.offsets.append(record.offset)
            batch.originals.append(record.original)
            if batch.rows.count >= importer.options.batchSize { try flush() }
        }
    }

    private func reject(_ reject: Reject) {
        summary.rejected += 1
        summary.tally.rejected += reject.lineCount
        if !quiet { importer.onReject(reject) }
    }

    /// Counts what a batch came to, line by line; its conflicts are rejects.
    private func settle(_ written: Written) {
        savedRows += written.outcomes.count
        summary.counts += written.counts
        summary.counts.conflicts = 0  // counted with the rejects
        for (index, outcome) in written.outcomes.enumerated() {
            let span = written.batch.spans[index]
            switch outcome {
            case .recorded, .recordedContact, .new: summary.tally.imported += span
            case .alreadyThere: summary.tally.alreadyThere += span
            case .conflict(let reason):
                reject(Reject(line: written.batch.lines[index], lineCount: span, offset: written.batch.offsets[index],
                              column: idColumn, kind: .conflict, reason: reason, original: written.batch.originals[index]))
            }
        }
    }

    /// Sends the batch to be written, or works out what writing it would do.
    private func flush() throws {
        guard !batch.rows.isEmpty else { return }
        let pending = batch, store = importer.store, actor = importer.actor, now = importer.now, sourceLabel = sourceLabel, memory = memory
        batch = Batch()
        if let run = importRun, let store {
            try writes.submit {
                let (counts, outcomes) = try store.importBatch(pending.rows, lines: pending.lines, run: run, source: sourceLabel, by: actor, at: now,
                                                            memory: memory)
                return Written(batch: pending, counts: counts, outcomes: outcomes)
            }
            for written in writes.drain() { settle(written) }
        } else {
            var outcomes = try store?.wouldImport(pending.rows) ?? pending.rows.map { RowOutcome.new(anonymous: $0.row.isAnonymous) }
            for (index, prepared) in pending.rows.enumerated() {
                guard let id = prepared.row.externalId else { continue }
                if let earlier = seen[id] {
                    outcomes[index] = earlier.hash == prepared.contentHash ? RowOutcome.alreadyThere
                        : .conflict("\(prepared.row.idName) \"\(id.prefix(60))\" is also on line \(earlier.line) of this file, with different content")
                } else {
                    seen[id] = (pending.lines[index], prepared.contentHash)
                }
            }
            var counts = BatchCounts()
            for outcome in outcomes { counts.count(outcome) }
            settle(Written(batch: pending, counts: counts, outcomes: outcomes))
        }
    }
}
