import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in a pseudo-terminal, as a user's terminal (or sshd) runs
/// it: what it writes is read back and timed byte by byte.
final class PseudoTerminal {
    let pid: pid_t
    private let master: Int32
    /// Bytes read since the last `take()`.
    private(set) var received = 0
    private(set) var lastByteAt: UInt64 = 0
    /// Whether the last `drain` saw all the text it waited for.
    private(set) var sawMarkers = true

    // Linux values; Swift does not import these function-like macros.
    private static let unlockPTY: UInt = 0x4004_5431  // TIOCSPTLCK
    private static let ptyNumber: UInt = 0x8004_5430  // TIOCGPTN
    private static let spawnNewSession: Int16 = 0x80  // POSIX_SPAWN_SETSID

    init(_ arguments: [String], rows: Int, columns: Int, environment: [String: String]) throws {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw BenchError("cannot open /dev/ptmx: \(String(cString: strerror(errno)))") }
        var unlock: Int32 = 0, number: UInt32 = 0
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, Self.unlockPTY, &unlock) == 0, ioctl(master, Self.ptyNumber, &number) == 0,
              ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else { throw BenchError("cannot set up a pseudo-terminal") }
        let slave = open("/dev/pts/\(number)", O_RDWR)
        guard slave >= 0 else { throw BenchError("cannot open /dev/pts/\(number)") }
        defer { close(slave) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target in Int32(0)...2 { posix_spawn_file_actions_adddup2(&actions, slave, target) }
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Self.spawnNewSession)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(status)))") }
        pid = child
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Reads until nothing has arrived for `quiet` seconds (after at least one
    /// byte and every one of `markers`, or `timeout` seconds without them).
    /// Returns the bytes that arrived; `sawMarkers` tells whether all showed.
    @discardableResult
    func drain(quiet: TimeInterval, timeout: TimeInterval = 30, showing markers: [String] = []) -> Int {
        received = 0
        sawMarkers = markers.isEmpty
        var unseen = markers.map { Array($0.utf8) }
        // The end of what arrived, so a marker split across two reads is still found.
        var tail: [UInt8] = []
        let overlap = max(0, (unseen.map(\.count).max() ?? 0) - 1)
        let started = Self.now()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let settled = received > 0 && sawMarkers
            let waited = Double(Self.now() - (settled ? lastByteAt : started)) / 1e9
            let limit = settled ? quiet : timeout
            if waited >= limit { return received }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(max(1, (limit - waited) * 1000)))
            guard ready > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { return received }  // the program has ended
            received += count
            lastByteAt = Self.now()
            if !sawMarkers {
                let arrived = tail + buffer[0..<count]
                unseen.removeAll { arrived.firstRange(of: $0) != nil }
                sawMarkers = unseen.isEmpty
                tail = Array(arrived.suffix(overlap))
            }
        }
    }

    /// The most memory the process has held (its high-water resident set), in bytes.
    func peakMemory() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a program to its end and times it to the nanosecond: spawned and
/// waited for directly (Foundation's `Process` notices an exit only on its
/// run loop's next turn, 50 ms apart here, which would swamp what is timed).
enum Spawn {
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, seconds: TimeInterval) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = PseudoTerminal.now()
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { throw BenchError("cannot run \(executable)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let seconds = Double(PseudoTerminal.now() - started) / 1e9
        return ((status >> 8) & 0xff, seconds)
    }
}
