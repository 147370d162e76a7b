import CXattr
import Foundation

/// Who may write a team's store file. On one machine the file system is the
/// only authority: a program other than gapdesk (the sqlite3 shell) can do
/// to the file whatever its permissions allow. So a team's store (`init
/// --shared-group`) is readable by its group and writable only by its owner
/// and by the accounts with a role, each named in the files' POSIX access
/// control list (`system.posix_acl_access`), which gapdesk keeps in step
/// with the roles (`gapdesk user add` and `user remove`, run by the owner).
/// Its folder is writable by the owner alone, so no one else can replace
/// the files; SQLite keeps the -wal and -shm files between sessions
/// (`PERSIST_WAL`), since no one else could make them again, and an account
/// that may only read opens the store read-only.
enum FileAccess {
    /// The store and the files beside it.
    static let suffixes = ["", "-wal", "-shm", "-writers"]
    private static let attribute = "system.posix_acl_access"
    /// A folder's list for the files made in it.
    private static let defaultAttribute = "system.posix_acl_default"

    /// Whether the store is a team's: its files list who may write them.
    static func isShared(path: String) -> Bool {
        getxattr(path, attribute, nil, 0) > 0
    }

    /// The folder of a team's store must be written by its owner only.
    static func checkFolder(of path: String) throws(StoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        var status = stat()
        guard stat(folder.isEmpty ? "." : folder, &status) == 0 else { return }
        if status.st_mode & 0o022 != 0 {
            throw .cannotCreate(path: path, reason: "its folder \(folder.isEmpty ? "." : folder) can be written by others, who could then replace "
                                + "the store's files; make it writable by you only (chmod go-w), and readable by the group")
        }
    }

    /// Gives `account` write access to the store's files, or takes it away.
    /// Only the files' owner may change who writes them.
    static func allowWriting(_ account: String, _ allowed: Bool, path: String) throws {
        guard isShared(path: path) else { return }
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        guard let entry = getpwnam(account) else {
            throw ActionRefusal.invalid("There is no account \(account) on this machine, so it cannot be given write access to the store's files.")
        }
        let uid = entry.pointee.pw_uid
        if uid == status.st_uid { return }
        let owner = owner(of: path)
        guard geteuid() == status.st_uid || geteuid() == 0 else {
            throw ActionRefusal.invalid("Only the store's owner, \(owner), who owns its files, can give \(account) write access to them "
                                        + "(or take it away): ask \(owner) to run this. Nothing was changed.")
        }
        for suffix in suffixes where FileManager.default.fileExists(atPath: path + suffix) {
            var writers = namedWriters(path: path + suffix)
            if allowed { writers.insert(uid) } else { writers.remove(uid) }
            try write(writers, path: path + suffix)
        }
    }

    /// Makes a new team store's files: the group reads, only the owner
    /// writes; files SQLite makes in its folder later are the group's to read only.
    static func share(path: String, group: gid_t) throws {
        for suffix in suffixes where FileManager.default.fileExists(atPath: path + suffix) {
            chown(path + suffix, uid_t.max, group)
            try write([], path: path + suffix)
        }
        let folder = (path as NSString).deletingLastPathComponent
        try write([], path: folder.isEmpty ? "." : folder, attribute: defaultAttribute)
    }

    /// Run by the owner as the store opens: the files beside the store (made
    /// again by SQLite after someone's sqlite3 shell removed them) list the
    /// store's writers, as the store does.
    static func keepInStep(path: String) throws {
        var status = stat()
        guard isShared(path: path), stat(path, &status) == 0, geteuid() == status.st_uid else { return }
        let writers = namedWriters(path: path)
        for suffix in suffixes.dropFirst() where stat(path + suffix, &status) == 0 {
            if namedWriters(path: path + suffix) != writers || getxattr(path + suffix, attribute, nil, 0) < 0 {
                try write(writers, path: path + suffix)
            }
        }
    }

    /// The account that owns the store's files.
    static func owner(of path: String) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { return "its owner" }
        return getpwuid(status.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(status.st_uid)"
    }

    /// Whether this process may write the store file.
    static func mayWrite(path: String) -> Bool {
        access(path, W_OK) == 0
    }

    /// The accounts named in a file's list as writers.
    static func namedWriters(path: String) -> Set<uid_t> {
        let size = getxattr(path, attribute, nil, 0)
        guard size >= 4 else { return [] }
        var bytes = [UInt8](repeating: 0, count: size)
        guard getxattr(path, attribute, &bytes, size) == size else { return [] }
        var writers: Set<uid_t> = []
        var offset = 4
        while offset + 8 <= bytes.count {
            let tag = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
            var id: UInt32 = 0
            for index in 0..<4 { id |= UInt32(bytes[offset + 4 + index]) << UInt32(8 * index) }
            if tag == Tag.user { writers.insert(id) }
            offset += 8
        }
        return writers
    }

    /// The list's entries, in the order the kernel requires: the owner, the
    /// named users by id, the group, the mask, everyone else.
    private static func write(_ writers: Set<uid_t>, path: String, attribute: String = attribute) throws {
        let undefined = UInt32.max
        var entries: [(tag: UInt16, permissions: UInt16, id: UInt32)] = [(Tag.owner, 6, undefined)]
        entries += writers.sorted().map { (Tag.user, 6, $0) }
        entries += [(Tag.group, 4, undefined), (Tag.mask, 6, undefined), (Tag.other, 0, undefined)]
        var bytes: [UInt8] = [2, 0, 0, 0]
        for entry in entries {
            bytes += [UInt8(entry.tag & 0xff), UInt8(entry.tag >> 8), UInt8(entry.permissions & 0xff), UInt8(entry.permissions >> 8)]
            bytes += (0..<4).map { UInt8((entry.id >> (8 * $0)) & 0xff) }
        }
        guard setxattr(path, attribute, bytes, bytes.count, 0) == 0 else {
            throw StoreError.failed("Could not set who may write \(path): \(String(cString: strerror(errno))) "
                                    + "(the file system must support access control lists, as ext4 and xfs do).")
        }
    }

    private enum Tag {
        static let owner: UInt16 = 0x01, user: UInt16 = 0x02, group: UInt16 = 0x04, mask: UInt16 = 0x10, other: UInt16 = 0x20
    }
}
