import Foundation

/// Reads a file (or standard input) in chunks, so memory stays flat however
/// large the export is.
public final class ByteSource {
    private let handle: FileHandle
    private let closeWhenDone: Bool
    public let size: Int64?
    public private(set) var bytesRead: Int64 = 0
    static let chunk = 1 << 16

    public init(path: String) throws {
        if path == "-" {
            handle = .standardInput
            closeWhenDone = false
            size = nil
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw ImportError.cannotRead(path: path)
            }
            handle = opened
            closeWhenDone = true
            size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
        }
    }

    /// For tests and the fuzzer: bytes already in memory.
    public init(data: Data) {
        let pipe = Pipe()
        handle = pipe.fileHandleForReading
        closeWhenDone = true
        size = Int64(data.count)
        buffered = [UInt8](data)
        exhausted = true
        try? pipe.fileHandleForWriting.close()
    }

    private var buffered: [UInt8]?
    private var exhausted = false

    deinit { if closeWhenDone { try? handle.close() } }

    /// The next chunk, or nil at the end.
    public func next() -> [UInt8]? {
        if let data = buffered {
            buffered = nil
            bytesRead += Int64(data.count)
            return data.isEmpty ? nil : data
        }
        if exhausted { return nil }
        guard let data = try? handle.read(upToCount: Self.chunk), !data.isEmpty else {
            exhausted = true
            return nil
        }
        bytesRead += Int64(data.count)
        return [UInt8](data)
    }
}
