/// One record read from a file: its fields, where it was and its exact bytes.
public struct RawRecord: Sendable, Equatable {
    /// The physical line it starts on (from 1), and how many lines it spans
    /// (more than one when a quoted field holds line breaks).
    public var line: Int
    public var lineCount: Int
    /// Where its first byte is in the file.
    public var offset: Int64
    public var fields: [String]
    /// Why it cannot be read as a row; its fields are then partial.
    public var problem: ReadProblem?
    /// The record as it was in the file, byte for byte, without its line ending.
    public var original: [UInt8]

    /// A line with nothing on it, which is no row at all.
    public var isBlank: Bool { original.isEmpty && problem == nil }
}

/// Why a record could not be read, and in which column (from 1) if one.
public struct ReadProblem: Sendable, Equatable {
    public var kind: RejectKind
    public var column: Int?
    public var message: String
}

/// An RFC 4180 reader that streams: quoted fields may hold commas, quotes
/// ("" for one) and line breaks; lines end in CRLF, LF or CR; a UTF-8
/// byte-order mark is skipped. Bytes are decoded per field, so invalid UTF-8
/// is reported with its record instead of being silently replaced.
///
/// A quote that opens a field and never closes would otherwise swallow the
/// rest of the file. A quoted field may run over several lines only while it
/// reads as a comment with line breaks: if it never closes, if a line inside
/// it is a row of its own (`isRow`), if it grows past `maxFieldBytes`, or if
/// the record it ends has the wrong number of columns, only the line where
/// the quote opened is given back as a bad record, and reading resumes at
/// the next line. Every physical line is in exactly one record.
public struct CSVReader: Sequence, IteratorProtocol {
    private let source: ByteSource
    private var chunk: [UInt8] = []
    private var position = 0
    /// The next line's number, and the next byte's offset.
    private var line = 1
    private var offset: Int64 = 0
    private var atStart = true
    private var finished = false
    public static let maxFieldBytes = 1 << 20
    /// How much of one record is kept as its original (a line without any
    /// line break is not cut into records).
    public static let maxRecordBytes = 4 << 20

    /// The number of columns every record should have, once the header is known.
    public var expectedFields: Int?
    /// Whether the fields of one physical line make a row on their own.
    public var isRow: (([String]) -> Bool)?

    public init(source: ByteSource) { self.source = source }

    /// Physical lines read so far (a last line without a line ending counts).
    public private(set) var linesRead = 0

    private mutating func nextByte() -> UInt8? {
        if position >= chunk.count {
            guard let more = source.next() else { return nil }
            chunk = more
            position = 0
        }
        defer { position += 1; offset += 1 }
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

    /// Gives bytes back, to be read again before the rest of the input.
    private mutating func unread(_ bytes: ArraySlice<UInt8>) {
        chunk = Array(bytes) + chunk[position...]
        position = 0
        offset -= Int64(bytes.count)
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    public mutating func next() -> RawRecord? {
        guard !finished else { return nil }
        if atStart {
            atStart = false
            if peekByte() == 0xEF {
                var bom: [UInt8] = []
                while bom.count < 3, let byte = peekByte(), byte == [0xEF, 0xBB, 0xBF][bom.count] { bom.append(byte); _ = nextByte() }
                if bom.count != 3 { unread(bom[...]) }
            }
        }
        let startLine = line, startOffset = offset
        // Every byte of the record, its final line ending included (so a runaway can be given back whole).
        var raw: [UInt8] = []
        var rawCut = false
        // Where each physical line after the first starts in `raw`.
        var lineStarts: [Int] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldWasQuoted = false
        var problem: ReadProblem?
        var sawAnything = false
        var tooLong = false
        /// The column whose quote was still open at the record's first line break.
        var openColumn: Int?

        func keep(_ byte: UInt8) {
            if raw.count < Self.maxRecordBytes { raw.append(byte) } else { rawCut = true }
        }

        func finishField() {
            // Most fields are ASCII, which needs no validation (and that is the slow part).
            if field.allSatisfy({ $0 < 0x80 }) {
                fields.append(String(decoding: field, as: UTF8.self))
            } else if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                if problem == nil { problem = ReadProblem(kind: .encoding, column: fields.count + 1, message: "invalid UTF-8 in column \(fields.count + 1)") }
                fields.append(String(decoding: field, as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }

        func ended() -> RawRecord {
            var original = raw[...]
            if !rawCut {
                if original.last == Self.lf { original.removeLast() }
                if original.last == Self.cr { original.removeLast() }
            }
            if tooLong && problem == nil {
                problem = ReadProblem(kind: .tooLong, column: fields.count, message: "a field is longer than 1 MB")
            }
            linesRead += lineStarts.count + 1
            return RawRecord(line: startLine, lineCount: lineStarts.count + 1, offset: startOffset, fields: fields,
                             problem: problem, original: Array(original))
        }

        /// The quote opened on the first line ran away: that line alone is bad;
        /// the rest is read again as records of its own.
        func runaway(_ why: String) -> RawRecord {
            let second = lineStarts[0]
            unread(raw[second...])
            line = startLine + 1
            linesRead += 1
            var first = raw[..<second]
            if first.last == Self.lf { first.removeLast() }
            if first.last == Self.cr { first.removeLast() }
            let column = openColumn ?? 1
            return RawRecord(line: startLine, lineCount: 1, offset: startOffset, fields: [],
                             problem: ReadProblem(kind: .quote, column: column,
                                                  message: "the quote that opens column \(column) \(why): only this line is rejected, "
                                                      + "and the lines after it are read as rows of their own"),
                             original: Array(first))
        }

        while let byte = nextByte() {
            sawAnything = true
            keep(byte)
            if quoted {
                if byte == Self.quote {
                    if peekByte() == Self.quote { keep(nextByte()!); field.append(byte) } else { quoted = false }
                    continue
                }
                if byte == Self.lf {
                    line += 1
                    if lineStarts.isEmpty { openColumn = fields.count + 1 }
                    // The line that just ended lay wholly inside the quoted field: a row of its own means a runaway quote.
                    if let last = lineStarts.last, let isRow {
                        var body = raw[last..<(raw.count - 1)]
                        if body.last == Self.cr { body.removeLast() }
                        if let own = Self.fields(ofLine: body), isRow(own) { return runaway("does not close on this line, and the next line is a row of its own") }
                    }
                    lineStarts.append(raw.count)
                }
                if field.count < Self.maxFieldBytes { field.append(byte) } else {
                    if !lineStarts.isEmpty { return runaway("runs on past 1 MB") }
                    tooLong = true
                }
                continue
            }
            switch byte {
            case Self.comma:
                finishField()
            case Self.cr, Self.lf:
                if byte == Self.cr, peekByte() == Self.lf { keep(nextByte()!) }
                line += 1
                finishField()
                if !lineStarts.isEmpty, let expectedFields, fields.count != expectedFields {
                    return runaway("runs over \(lineStarts.count + 1) lines into a row of \(fields.count) columns, not \(expectedFields)")
                }
                return ended()
            case Self.quote where field.isEmpty && !fieldWasQuoted:
                quoted = true
                fieldWasQuoted = true
            default:
                // A quote inside an unquoted field is kept as it is (lenient, as spreadsheets are).
                if field.count < Self.maxFieldBytes { field.append(byte) } else { tooLong = true }
            }
        }
        finished = true
        guard sawAnything else { return nil }
        if quoted {
            if !lineStarts.isEmpty { finished = false; return runaway("never closes, not even at the end of the file") }
            problem = ReadProblem(kind: .quote, column: fields.count + 1,
                                  message: "the quote that opens column \(fields.count + 1) never closes")
        }
        finishField()
        if problem == nil, !lineStarts.isEmpty, let expectedFields, fields.count != expectedFields {
            finished = false
            return runaway("runs over \(lineStarts.count + 1) lines into a row of \(fields.count) columns, not \(expectedFields)")
        }
        return ended()
    }

    /// The fields of one physical line, or nil when a quote on it does not close on it.
    static func fields(ofLine bytes: ArraySlice<UInt8>) -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == quote {
                    if index < bytes.endIndex && bytes[index] == quote { field.append(byte); index += 1 } else { quoted = false }
                } else {
                    field.append(byte)
                }
            } else if byte == comma {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            } else if byte == quote && field.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else {
                field.append(byte)
            }
        }
        if quoted { return nil }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
