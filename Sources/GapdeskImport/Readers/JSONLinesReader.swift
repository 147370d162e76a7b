import Foundation

/// Reads JSON Lines: one object per line; its keys play the part of CSV
/// headers. Values may be strings, numbers, booleans, null or (for root
/// causes) an array of strings.
public struct JSONLinesReader: Sequence, IteratorProtocol {
    private var lines: LineReader

    public init(source: ByteSource) { lines = LineReader(source: source) }

    /// Physical lines read so far.
    public var linesRead: Int { lines.line }

    public struct Object: Sendable {
        public var line: Int
        public var offset: Int64
        public var values: [String: String]
        public var problem: ReadProblem?
        /// The line as it was in the file, byte for byte, without its line ending.
        public var original: [UInt8]
        /// A line with nothing but spaces on it, which is no row at all.
        public var isBlank: Bool
    }

    public mutating func next() -> Object? {
        guard let (number, offset, bytes) = lines.next() else { return nil }
        var body = bytes[...]
        if number == 1 && body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.last == UInt8(ascii: "\r") { body = body.dropLast() }
        var object = Object(line: number, offset: offset, values: [:], problem: nil, original: Array(body), isBlank: false)
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            object.isBlank = true
            return object
        }
        func problem(_ kind: RejectKind, _ message: String) -> Object {
            object.problem = ReadProblem(kind: kind, column: nil, message: message)
            return object
        }
        guard String(validating: body, as: UTF8.self) != nil else { return problem(.encoding, "invalid UTF-8") }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return problem(.json, "not valid JSON")
        }
        guard let fields = parsed as? [String: Any] else { return problem(.json, "not a JSON object") }
        for (key, value) in fields {
            switch value {
            case let text as String: object.values[key] = text
            case let number as NSNumber: object.values[key] = number.stringValue
            case let list as [Any]: object.values[key] = list.map { "\($0)" }.joined(separator: ";")
            case is NSNull: continue
            default: return problem(.json, "the value of \"\(key)\" is not text, a number or a list")
            }
        }
        return object
    }
}

/// Splits bytes into lines (LF), streaming, with each line's number and offset.
struct LineReader {
    let source: ByteSource
    var chunk: [UInt8] = []
    var position = 0
    /// Lines read so far.
    var line = 0
    var offset: Int64 = 0
    var done = false

    init(source: ByteSource) { self.source = source }

    mutating func next() -> (line: Int, offset: Int64, bytes: [UInt8])? {
        guard !done else { return nil }
        var bytes: [UInt8] = []
        let start = offset
        while true {
            if position >= chunk.count {
                guard let more = source.next() else {
                    done = true
                    if bytes.isEmpty { return nil }
                    line += 1
                    return (line, start, bytes)
                }
                chunk = more
                position = 0
            }
            if let newline = chunk[position...].firstIndex(of: UInt8(ascii: "\n")) {
                bytes.append(contentsOf: chunk[position..<newline])
                offset += Int64(newline + 1 - position)
                position = newline + 1
                line += 1
                return (line, start, bytes)
            }
            bytes.append(contentsOf: chunk[position...])
            offset += Int64(chunk.count - position)
            position = chunk.count
        }
    }
}
