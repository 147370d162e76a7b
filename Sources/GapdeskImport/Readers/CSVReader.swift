/// One record read from a file: its fields and the line it started on.
public struct RawRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    /// Set when the record could not be read as text (its fields are then partial).
    public var problem: String?
}

/// An RFC 4180 reader that streams: quoted fields may hold commas, quotes
/// ("" for one) and line breaks; lines end in CRLF or LF; a UTF-8 byte-order
/// mark is skipped. Bytes are decoded per field, so invalid UTF-8 is reported
/// with its record instead of being silently replaced.
public struct CSVReader: Sequence, IteratorProtocol {
    private let source: ByteSource
    private var chunk: [UInt8] = []
    private var position = 0
    private var line = 1
    private var atStart = true
    private var finished = false
    public static let maxFieldBytes = 1 << 20

    public init(source: ByteSource) { self.source = source }

    private mutating func nextByte() -> UInt8? {
        if position >= chunk.count {
            guard let more = source.next() else { return nil }
            chunk = more
            position = 0
        }
        defer { position += 1 }
        return chunk[position]
    }

    private mutating func peekByte() -> UInt8? {
        if position >= chunk.count {
            guard let more = source.next() else { return nil }
            chunk = more
            position = 0
        }
        return chunk[position]
    }

    public mutating func next() -> RawRecord? {
        guard !finished else { return nil }
        if atStart {
            atStart = false
            // Skip a UTF-8 byte-order mark.
            if peekByte() == 0xEF {
                var bom: [UInt8] = []
                while bom.count < 3, let byte = peekByte(), byte == [0xEF, 0xBB, 0xBF][bom.count] { bom.append(byte); _ = nextByte() }
                if bom.count != 3 { chunk.insert(contentsOf: bom, at: position); }
            }
        }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldWasQuoted = false
        var problem: String?
        var sawAnything = false
        var tooLong = false

        func finishField() {
            // Most fields are ASCII, which needs no validation (and that is the slow part).
            if field.allSatisfy({ $0 < 0x80 }) {
                fields.append(String(decoding: field, as: UTF8.self))
            } else if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                if problem == nil { problem = "invalid UTF-8 in column \(fields.count + 1)" }
                fields.append(String(decoding: field, as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }

        while let byte = nextByte() {
            sawAnything = true
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if peekByte() == UInt8(ascii: "\"") { _ = nextByte(); field.append(byte) } else { quoted = false }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    if field.count < Self.maxFieldBytes { field.append(byte) } else { tooLong = true }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                finishField()
            case UInt8(ascii: "\r"):
                if peekByte() == UInt8(ascii: "\n") { _ = nextByte() }
                line += 1
                finishField()
                return record(startLine, fields, tooLong ? (problem ?? "a field is longer than 1 MB") : problem)
            case UInt8(ascii: "\n"):
                line += 1
                finishField()
                return record(startLine, fields, tooLong ? (problem ?? "a field is longer than 1 MB") : problem)
            case UInt8(ascii: "\"") where field.isEmpty && !fieldWasQuoted:
                quoted = true
                fieldWasQuoted = true
            default:
                // A quote inside an unquoted field is kept as it is (lenient, as spreadsheets are).
                if field.count < Self.maxFieldBytes { field.append(byte) } else { tooLong = true }
            }
        }
        finished = true
        guard sawAnything else { return nil }
        if quoted { problem = "unbalanced quotes: a quoted field opened here never closes" }
        finishField()
        return record(startLine, fields, tooLong ? (problem ?? "a field is longer than 1 MB") : problem)
    }

    private func record(_ line: Int, _ fields: [String], _ problem: String?) -> RawRecord {
        RawRecord(line: line, fields: fields, problem: problem)
    }
}
