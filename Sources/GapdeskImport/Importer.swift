import Foundation
import GapdeskDomain
import GapdeskStore

/// How to read and what to do.
public struct ImportOptions: Sendable {
    public var preset: Preset?
    public var maps: [(column: String, field: Field)]
    public var scale: RatingScale
    public var site: String?
    public var dryRun: Bool
    public var strict: Bool
    public var batchSize: Int

    public init(preset: Preset? = nil, maps: [(column: String, field: Field)] = [], scale: RatingScale = .csat5,
                site: String? = nil, dryRun: Bool = false, strict: Bool = false, batchSize: Int = 20_000) {
        self.preset = preset; self.maps = maps; self.scale = scale; self.site = site
        self.dryRun = dryRun; self.strict = strict; self.batchSize = batchSize
    }

    /// Reads `COLUMN=FIELD`.
    public static func parseMap(_ text: String) throws(ImportError) -> (column: String, field: Field) {
        guard let equals = text.lastIndex(of: "=") else { throw .badMap(text) }
        let column = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !column.isEmpty, let field = Field(rawValue: text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)) else {
            throw .badMap(text)
        }
        return (column, field)
    }
}

/// What an import of one file did.
public struct ImportSummary: Sendable, Equatable {
    public var read = 0
    public var rejected = 0
    public var commentsCut = 0
    public var counts = BatchCounts()
    public var preset: Preset = .generic
    /// True when --strict found bad rows and imported nothing.
    public var abandoned = false

    public init() {}
}

/// Progress, for a progress bar.
public struct ImportProgress: Sendable {
    public var rows: Int
    public var bytesRead: Int64
    public var totalBytes: Int64?
}

/// Imports survey exports: streams the file, checks each row, records good
/// rows in batches (each one transaction), reports bad ones with their line,
/// column and reason.
public final class Importer {
    let store: Store?
    let actor: String
    let now: Date
    let options: ImportOptions
    let onReject: (RowProblem, [String]) -> Void
    let onProgress: (ImportProgress) -> Void

    /// `store` may be nil for a check that touches no store.
    public init(store: Store?, actor: String, now: Date, options: ImportOptions,
                onReject: @escaping (RowProblem, [String]) -> Void = { _, _ in },
                onProgress: @escaping (ImportProgress) -> Void = { _ in }) {
        self.store = store; self.actor = actor; self.now = now; self.options = options
        self.onReject = onReject; self.onProgress = onProgress
    }

    public func run(path: String) throws -> ImportSummary {
        let summary = try importFile(path: path)
        // New customers with values may move the median that value weights divide by.
        if !options.dryRun && summary.counts.customersCreated > 0 { try store?.remeasureValueMedian() }
        return summary
    }

    func importFile(path: String) throws -> ImportSummary {
        if !options.dryRun { try store?.prepareForBulkWrites() }
        if options.strict && !options.dryRun {
            // Check everything first; import only if every row is good.
            let spooled = path == "-" ? try Self.spool() : path
            defer { if path == "-" { try? FileManager.default.removeItem(atPath: spooled) } }
            var check = try pass(path: spooled, label: path, write: false)
            if check.rejected > 0 {
                check.abandoned = true
                check.counts = BatchCounts()
                return check
            }
            return try pass(path: spooled, label: path, write: true, quiet: true)
        }
        return try pass(path: path, label: path, write: !options.dryRun)
    }

    /// Standard input copied to a temporary file, so --strict can read it twice.
    static func spool() throws -> String {
        let folder = FileManager.default.temporaryDirectory
        let path = folder.appendingPathComponent("gapdesk-stdin-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw ImportError.cannotSpool(folder: folder.path)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? out.close() }
        while let data = try FileHandle.standardInput.read(upToCount: 1 << 16), !data.isEmpty { out.write(data) }
        return path
    }

    func pass(path: String, label: String, write: Bool, quiet: Bool = false) throws -> ImportSummary {
        let source = try ByteSource(path: path)
        var rows = Self.isJSONLines(path: path) ? AnyRows.json(JSONLinesReader(source: source)) : AnyRows.csv(CSVReader(source: source))
        var summary = ImportSummary()
        var batch: [NewResponse] = []
        var batchLines: [Int] = []
        var lastProgress = Date.distantPast

        guard let first = rows.header(label: label, preset: options.preset) else { throw ImportError.empty(path: label) }
        let (header, questions, layout) = try first.get()
        summary.preset = layout
        let map = layout.columnMap(header: header, questions: questions, maps: options.maps)
        let missing = map.missing(hasSiteOption: options.site != nil)
        if !missing.isEmpty { throw ImportError.missingColumns(path: label, missing: missing, found: header) }
        let converter = RowConverter(map: map, header: header, defaultScale: options.scale, defaultSite: options.site)

        let writes = BatchPipeline<BatchCounts>()
        func flush() throws {
            guard !batch.isEmpty else { return }
            let rows = batch, lines = batchLines, store = store, actor = actor, now = now
            if write, let store {
                try writes.submit { try store.importBatch(rows, lines: lines, source: label, by: actor, at: now) }
            } else if let store {
                let existing = try store.existingIds(batch.compactMap(\.externalId))
                summary.counts.alreadyThere += existing.count
                summary.counts.imported += batch.count - existing.count
            } else {
                summary.counts.imported += batch.count
            }
            batch.removeAll(keepingCapacity: true)
            batchLines.removeAll(keepingCapacity: true)
        }

        while let (line, fields, problem) = rows.next(header: header) {
            summary.read += 1
            if let problem {
                summary.rejected += 1
                if !quiet { onReject(RowProblem(line: line, column: "-", reason: problem), fields) }
                continue
            }
            switch converter.convert(fields, line: line, expectedCount: rows.isCSV ? header.count : nil) {
            case .failure(let rowProblem):
                summary.rejected += 1
                if !quiet { onReject(rowProblem, fields) }
            case .success(let converted):
                if converted.commentCut { summary.commentsCut += 1 }
                batch.append(converted.response)
                batchLines.append(line)
                if batch.count >= options.batchSize { try flush() }
            }
            if summary.read % 256 == 0, Date().timeIntervalSince(lastProgress) > 0.1 {
                lastProgress = Date()
                onProgress(ImportProgress(rows: summary.read, bytesRead: source.bytesRead, totalBytes: source.size))
            }
        }
        try flush()
        for counts in try writes.finish() { summary.counts += counts }
        onProgress(ImportProgress(rows: summary.read, bytesRead: source.bytesRead, totalBytes: source.size))
        return summary
    }

    static func isJSONLines(path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json")
    }
}

/// CSV records or JSON objects behind one interface: header, then rows of fields.
struct AnyRows {
    var csv: CSVReader?
    var json: JSONLinesReader?
    /// A record read while looking for more header rows that turned out to be data.
    var pending: RawRecord?

    static func csv(_ reader: CSVReader) -> AnyRows { AnyRows(csv: reader) }
    static func json(_ reader: JSONLinesReader) -> AnyRows { AnyRows(json: reader) }

    var isCSV: Bool { csv != nil }

    /// Reads the column names, and the question texts where the layout has them.
    mutating func header(label: String, preset: Preset?) -> Result<([String], [String]?, Preset), ImportError>? {
        guard csv != nil else {
            // JSON Lines name their fields in every object: the generic names.
            return .success((Field.allCases.map(\.rawValue), nil, preset ?? .generic))
        }
        guard let first = csv!.next() else { return nil }
        if first.problem?.contains("UTF-8") == true || first.fields.joined().contains("\u{0}") { return .failure(.binary(path: label)) }
        let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard header.contains(where: { !$0.isEmpty }) else { return .failure(.noHeader(path: label)) }
        let layout = preset ?? Preset.detect(header: header)
        var questions: [String]?
        if layout.extraHeaderRows > 0, let second = csv!.next() {
            questions = second.fields
            if layout == .qualtrics, let third = csv!.next() {
                // Newer Qualtrics exports add a row of {"ImportId": ...}; older ones go straight to data.
                if third.fields.first?.hasPrefix("{\"ImportId\"") != true { pending = third }
            }
        }
        return .success((header, questions, layout))
    }

    mutating func next(header: [String]) -> (Int, [String], String?)? {
        if csv != nil {
            while true {
                let record: RawRecord?
                if let waiting = pending { record = waiting; pending = nil } else { record = csv!.next() }
                guard let record else { return nil }
                // A blank line is no row at all.
                if record.fields == [""] && record.problem == nil { continue }
                return (record.line, record.fields, record.problem)
            }
        }
        guard let object = json!.next() else { return nil }
        return (object.line, header.map { object.values[$0] ?? "" }, object.problem)
    }
}
