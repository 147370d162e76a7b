import Foundation

/// Reads JSON Lines: one object per line; its keys play the part of CSV
/// headers. Values may be strings, numbers, booleans, null or (for root
/// causes) an array of strings.
public struct JSONLinesReader: Sequence, IteratorProtocol {
    private var lines: LineReader

    public init(source: ByteSource) { lines = LineReader(source: source) }

    public struct Object: Sendable {
        public var line: Int
        public var values: [String: String]
        public var problem: String?
    }

    public mutating func next() -> Object? {
        while let (number, bytes) = lines.next() {
            var body = bytes
            if number == 1 && body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
            if body.last == UInt8(ascii: "\r") { body.removeLast() }
            if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard String(validating: body, as: UTF8.self) != nil else {
                return Object(line: number, values: [:], problem: "invalid UTF-8")
            }
            guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
                return Object(line: number, values: [:], problem: "not valid JSON")
            }
            guard let object = parsed as? [String: Any] else {
                return Object(line: number, values: [:], problem: "not a JSON object")
            }
            var values: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case let text as String: values[key] = text
                case let number as NSNumber:
                    values[key] = number.stringValue
                case let list as [Any]: values[key] = list.map { "\($0)" }.joined(separator: ";")
                case is NSNull: continue
                default: return Object(line: number, values: [:], problem: "the value of \"\(key)\" is not text, a number or a list")
                }
            }
            return Object(line: number, values: values, problem: nil)
        }
        return nil
    }
}

/// Splits bytes into lines (LF), streaming.
struct LineReader {
    let source: ByteSource
    var chunk: [UInt8] = []
    var position = 0
    var line = 0
    var done = false

    init(source: ByteSource) { self.source = source }

    mutating func next() -> (Int, [UInt8])? {
        guard !done else { return nil }
        var bytes: [UInt8] = []
        while true {
            if position >= chunk.count {
                guard let more = source.next() else {
                    done = true
                    if bytes.isEmpty { return nil }
                    line += 1
                    return (line, bytes)
                }
                chunk = more
                position = 0
            }
            if let newline = chunk[position...].firstIndex(of: UInt8(ascii: "\n")) {
                bytes.append(contentsOf: chunk[position..<newline])
                position = newline + 1
                line += 1
                return (line, bytes)
            }
            bytes.append(contentsOf: chunk[position...])
            position = chunk.count
        }
    }
}
