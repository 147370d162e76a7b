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
    /// A team's store whose -wal and -shm files are gone (someone's sqlite3 shell removed them): only its owner may make them.
    case sharedFilesMissing(path: String, owner: String)
    case serverUnreachable(name: String, reason: String)
    /// The PostgreSQL server refused the login's request (its grants or policies).
    case refusedByServer(name: String, reason: String)
    /// The server refused the login itself: a wrong password, or none it accepts.
    case loginRefused(name: String, reason: String)
    /// The server's certificate could not be trusted (or the server refused ours).
    case certificateRefused(name: String, reason: String)
    /// The server takes no writes now.
    case serverReadOnly(name: String)
    /// A connection string libpq cannot read.
    case unreadableAddress(reason: String)
    case failed(String)

    /// The sentence, passwords masked whatever it quotes.
    /// What happened, without what it means for a write: for a failure
    /// after some of the rows were saved (an import's).
    public var whatHappened: String {
        guard case .serverUnreachable(let name, let reason) = self else { return description }
        return "the server of \(name) cannot be reached (\(reason.split(separator: "\n").first ?? ""))."
    }

    public var description: String { Secrets.redacted(sentence) }

    private var sentence: String {
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
            "\(path) can be read, but SQLite must also write its -shm and -wal files beside it and that folder is not writable for you. Ask for write access to the folder, or for a team's store made with gapdesk init --shared-group, which keeps those files."
        case .busy(let path):
            "The store \(path) stayed locked by another program for too long. Try again in a moment."
        case .cannotCreate(let path, let reason):
            "Could not create a store at \(path): \(reason)."
        case .sharedFilesMissing(let path, let owner):
            "\(path) cannot be read now: its -wal and -shm files are missing (a sqlite3 shell removes them when it closes the store), "
                + "and only its owner, \(owner), can make them in its folder. \(owner) makes them again by opening the store with gapdesk once."
        case .serverUnreachable:
            "Nothing was saved: \(whatHappened) Try again once it is back."
        case .refusedByServer(let name, let reason):
            "The server of \(name) refused this: \(reason). Nothing was changed; an admin of the store can give your login a role."
        case .loginRefused(let name, let reason):
            "The server of \(name) did not let the login in (\(reason.split(separator: "\n").first ?? "")): check the password (~/.pgpass, "
                + "PGPASSWORD) or ask the server's administrator. Nothing was changed."
        case .certificateRefused(let name, let reason):
            "The connection to \(name) is not trusted (\(reason.split(separator: "\n").first ?? "")): check sslrootcert and the server's "
                + "certificate, or ask the server's administrator. Nothing was changed."
        case .serverReadOnly(let name):
            "The server of \(name) takes no writes now (a standby, or set read-only), so nothing was saved. Try again once it is back as the primary."
        case .unreadableAddress(let reason):
            "The connection string cannot be read (\(reason)): check its quotes and key=value pairs, or write it as postgresql://user@host/database. "
                + "Nothing was changed."
        case .failed(let message):
            message
        }
    }

    /// A path or address as it is typed after `--db`.
    static func quotedIfNeeded(_ text: String) -> String {
        text.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : text
    }
}
