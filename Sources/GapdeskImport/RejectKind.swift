/// What kept a line out of an import, as the rejects file names it.
public enum RejectKind: String, Sendable, CaseIterable {
    /// A quote that opens a field and does not close where it should.
    case quote = "unclosed-quote"
    /// More or fewer columns than the header.
    case columns = "column-count"
    case encoding = "invalid-utf8"
    /// NUL or another control character where it cannot be kept.
    case control = "control-character"
    case tooLong = "too-long"
    case missing = "missing-value"
    case number = "bad-number"
    /// Not one of the values a column takes (a scale, a kind of contact).
    case value = "bad-value"
    case range = "out-of-range"
    case date = "bad-date"
    /// A day and month that could be read either way round.
    case ambiguousDate = "ambiguous-date"
    /// Before 2000, or more than a day after now.
    case dateRange = "date-out-of-range"
    case phone = "bad-phone"
    /// The same response id with different content.
    case conflict = "conflict"
    case json = "bad-json"
}

/// One line kept out of an import: where it was, why, and its bytes as they were.
public struct Reject: Sendable, Equatable {
    public var line: Int
    public var lineCount: Int
    public var offset: Int64
    /// The column's name in the file, or empty when the whole line is at fault.
    public var column: String
    public var kind: RejectKind
    public var reason: String
    public var original: [UInt8]

    public init(line: Int, lineCount: Int, offset: Int64, column: String, kind: RejectKind, reason: String, original: [UInt8]) {
        self.line = line; self.lineCount = lineCount; self.offset = offset; self.column = column
        self.kind = kind; self.reason = reason; self.original = original
    }
}
