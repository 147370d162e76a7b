import Foundation
import GapdeskStore
import Logging

/// Diagnostics go to a file, never to the screen (the dashboard owns it).
enum Diagnostics {
    nonisolated(unsafe) private static var started = false
    static let lock = NSLock()

    static var logger: Logger { Logger(label: "gapdesk") }

    static func start(directory: String, level: Logger.Level) {
        lock.lock(); defer { lock.unlock() }
        guard !started else { return }
        started = true
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let path = directory + "/gapdesk.log"
        let handle: FileHandle? = {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            let handle = FileHandle(forWritingAtPath: path)
            handle?.seekToEndOfFile()
            return handle
        }()
        LoggingSystem.bootstrap { label in
            var handler = FileLogHandler(label: label, handle: handle)
            handler.logLevel = level
            return handler
        }
    }
}

struct FileLogHandler: LogHandler {
    let label: String
    let handle: FileHandle?
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, handle: FileHandle?) {
        self.label = label
        self.handle = handle
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = "\(Date().formatted(.iso8601)) pid=\(getpid()) \(event.level) \(label): \(Secrets.redacted("\(event.message)"))\n"
        handle?.write(Data(line.utf8))
    }
}
