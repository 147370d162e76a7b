import Foundation

/// Why a store could not be used, in sentences a manager understands.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case notAStore(path: String)
    case newerVersion(path: String)
    /// Made by an older gapdesk: `gapdesk upgrade` brings it to this build's schema.
    case needsUpgrade(path: String, from: Int, to: Int)
    case unreadable(path: String)
    case readOnly(path: String)
    case busy(path: String)
    case folderNotWritable(path: String)
    case cannotCreate(path: String, reason: String)
    /// The PostgreSQL server did not answer, or dropped the connection.
    case serverUnreachable(name: String, reason: String)
    /// The PostgreSQL server refused the login's request (its grants or policies).
    case refusedByServer(name: String, reason: String)
    case failed(String)

    public var description: String {
        switch self {
        case .missing(let path):
            "There is no gapdesk store at \(path). Create one with `gapdesk init --db \(path)`, or try `gapdesk demo`."
        case .notAStore(let path):
            "\(path) is not a gapdesk store (it is not a SQLite database, or it is damaged)."
        case .newerVersion(let path):
            "\(path) was written by a newer version of gapdesk. Upgrade gapdesk to open it; nothing was changed."
        case .needsUpgrade(let path, let from, let to):
            "\(path) was made by an older gapdesk (store schema \(from); this one reads \(to)). Run `gapdesk upgrade --db \(Self.quotedIfNeeded(path))` once: "
                + "it says what it will change and keeps a copy of a store file first. Nothing was changed."
        case .unreadable(let path):
            "\(path) cannot be read: permission denied. Ask whoever set up the store to give you access."
        case .readOnly(let path):
            "\(path) is read-only for you, so nothing can be recorded. Open it with --read-only to look, or ask for write access."
        case .folderNotWritable(let path):
            "\(path) can be read, but SQLite must also write its -shm and -wal files beside it and that folder is not writable for you. Ask for write access to the folder (a team store is made with gapdesk init --shared-group)."
        case .busy(let path):
            "The store \(path) stayed locked by another program for too long. Try again in a moment."
        case .cannotCreate(let path, let reason):
            "Could not create a store at \(path): \(reason)."
        case .serverUnreachable(let name, let reason):
            "Not saved: the server cannot be reached; try again once it is back (\(name): \(reason.split(separator: "\n").first ?? ""))."
        case .refusedByServer(let name, let reason):
            "The server of \(name) refused this: \(reason). Nothing was changed; an admin of the store can give your login a role."
        case .failed(let message):
            message
        }
    }

    /// A path or address as it is typed after `--db`.
    static func quotedIfNeeded(_ text: String) -> String {
        text.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : text
    }
}
