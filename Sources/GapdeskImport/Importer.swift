import Foundation
import GapdeskDomain
import GapdeskStore

/// How to read and what to do.
public struct ImportOptions: Sendable {
    public var preset: Preset?
    public var maps: [(column: String, field: Field)]
    public var scale: RatingScale
    public var site: String?
    /// How to read dates written with slashes; the preset's own when nil.
    public var dateOrder: DateOrder?
    public var dryRun: Bool
    public var strict: Bool
    public var batchSize: Int
    /// Read the file as contacts without a survey, even if it has a rating column.
    public var contacts: Bool

    public init(preset: Preset? = nil, maps: [(column: String, field: Field)] = [], scale: RatingScale = .csat5,
                site: String? = nil, dateOrder: DateOrder? = nil, dryRun: Bool = false, strict: Bool = false, batchSize: Int = 20_000,
                contacts: Bool = false) {
        self.preset = preset; self.maps = maps; self.scale = scale; self.site = site; self.dateOrder = dateOrder
        self.dryRun = dryRun; self.strict = strict; self.batchSize = batchSize; self.contacts = contacts
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

/// Where each physical line of a file went: every line is in exactly one.
public struct LineTally: Sendable, Equatable {
    /// Column names (and the question rows some tools add).
    public var header = 0
    public var blank = 0
    public var imported = 0
    public var alreadyThere = 0
    public var rejected = 0

    public init() {}

    public var accounted: Int { header + blank + imported + alreadyThere + rejected }
}

/// What an import of one file did.
public struct ImportSummary: Sendable, Equatable {
    /// Physical lines in the file, as the reader counted them, and where each went.
    public var lines = 0
    public var tally = LineTally()
    /// Rows (a row may span lines) that were kept out, conflicts included.
    public var rejected = 0
    public var commentsCut = 0
    public var counts = BatchCounts()
    public var preset: Preset = .generic
    /// The file was read as contacts without a survey.
    public var contacts = false
    /// True when --strict found bad rows and imported nothing.
    public var abandoned = false

    public init() {}

    /// Rows read: imported, already there or rejected.
    public var rows: Int { counts.imported + counts.alreadyThere + rejected }
}

/// Progress, for a progress bar.
public struct ImportProgress: Sendable {
    public var rows: Int
    public var bytesRead: Int64
    public var totalBytes: Int64?
}

/// Imports survey exports: streams the file, checks each row, records good
/// rows in batches (each one or more transactions), reports every bad line
/// with its line, column, reason and original bytes.
public final class Importer {
    let store: Store?
    let actor: String
    let now: Date
    let options: ImportOptions
    let onReject: (Reject) -> Void
    let onProgress: (ImportProgress) -> Void

    /// `store` may be nil for a check that touches no store.
    public init(store: Store?, actor: String, now: Date, options: ImportOptions,
                onReject: @escaping (Reject) -> Void = { _ in },
                onProgress: @escaping (ImportProgress) -> Void = { _ in }) {
        self.store = store; self.actor = actor; self.now = now; self.options = options
        self.onReject = onReject; self.onProgress = onProgress
    }

    public func run(path: String) throws -> ImportSummary {
        let summary = try importFile(path: path)
        // The median value weights divide by follows the customers in the store,
        // whatever this run (or an earlier one, killed) created.
        if !options.dryRun && !summary.abandoned { try store?.remeasureValueMedian(by: actor) }
        return summary
    }

    func importFile(path: String) throws -> ImportSummary {
        var isDirectory: ObjCBool = false
        if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ImportError.directory(path: path)
        }
        if !options.dryRun { try store?.prepareForBulkWrites() }
        if options.strict && !options.dryRun {
            // Check everything first; import only if every row is good.
            let spooled = path == "-" ? try Self.spool() : path
            defer { if path == "-" { try? FileManager.default.removeItem(atPath: spooled) } }
            var check = try pass(path: spooled, label: path, write: false)
            if check.rejected > 0 {
                check.abandoned = true
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
        try ImportPass(importer: self, path: path, label: label, write: write, quiet: quiet).read()
    }

    static func isJSONLines(path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json")
    }
}

/// One record from either reader: its fields in header order, where it was, its bytes.
struct SourceRecord {
    var line: Int
    var lineCount: Int
    var offset: Int64
    var fields: [String]
    var problem: ReadProblem?
    var original: [UInt8]
    var isBlank: Bool
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

    var linesRead: Int { csv?.linesRead ?? json?.linesRead ?? 0 }

    /// From here on, CSV records should have this many fields, and a line
    /// that does is a row of its own (see `CSVReader`).
    mutating func expect(fields: Int, isRow: @escaping ([String]) -> Bool) {
        csv?.expectedFields = fields
        csv?.isRow = isRow
    }

    /// Reads the column names, and the question texts where the layout has
    /// them, with the lines they took and the blank lines before them.
    mutating func header(label: String, preset: Preset?) -> Result<([String], [String]?, Preset, Int, Int), ImportError>? {
        guard csv != nil else {
            // JSON Lines name their fields in every object: the generic names.
            return .success((Field.allCases.map(\.rawValue), nil, preset ?? .generic, 0, 0))
        }
        var blank = 0
        var first: RawRecord
        repeat {
            guard let record = csv!.next() else { return nil }
            first = record
            if record.isBlank { blank += record.lineCount }
        } while first.isBlank
        if first.problem?.kind == .encoding || first.original.contains(0) { return .failure(.binary(path: label)) }
        let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard header.contains(where: { !$0.isEmpty }) else { return .failure(.noHeader(path: label)) }
        var lines = first.lineCount
        let layout = preset ?? Preset.detect(header: header)
        var questions: [String]?
        if layout.extraHeaderRows > 0, let second = csv!.next() {
            questions = second.fields
            lines += second.lineCount
            if layout == .qualtrics, let third = csv!.next() {
                // Newer Qualtrics exports add a row of {"ImportId": ...}; older ones go straight to data.
                if third.fields.first?.hasPrefix("{\"ImportId\"") == true { lines += third.lineCount } else { pending = third }
            }
        }
        return .success((header, questions, layout, lines, blank))
    }

    mutating func next(header: [String]) -> SourceRecord? {
        if csv != nil {
            let record: RawRecord?
            if let waiting = pending { record = waiting; pending = nil } else { record = csv!.next() }
            return record.map { SourceRecord(line: $0.line, lineCount: $0.lineCount, offset: $0.offset, fields: $0.fields,
                                            problem: $0.problem, original: $0.original, isBlank: $0.isBlank) }
        }
        guard let object = json!.next() else { return nil }
        return SourceRecord(line: object.line, lineCount: 1, offset: object.offset, fields: header.map { object.values[$0] ?? "" },
                            problem: object.problem, original: object.original, isBlank: object.isBlank)
    }
}

extension Array {
    subscript(safe index: Int?) -> Element? {
        guard let index, indices.contains(index) else { return nil }
        return self[index]
    }
}
