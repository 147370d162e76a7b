import Foundation

/// The real binary in a tmux window: keys in, screen text out, as a user sees it.
final class Tmux {
    let socket = "gapdesk-test-\(UUID().uuidString.prefix(8))"
    let scratch: Scratch
    let exitFile: String

    /// Starts `gapdesk ARGUMENTS` in a window of the given size.
    init(_ arguments: [String], scratch: Scratch, columns: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws {
        self.scratch = scratch
        exitFile = scratch.path("exit-\(UUID().uuidString.prefix(6))")
        let env = Binary.environment(home: scratch.url).merging(environment) { $1 }
        let exports = ["HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "LANG"] + environment.keys
        let assignments = Set(exports).sorted().compactMap { key in env[key].map { "\(key)=\(Tmux.quote($0))" } }
        let command = ([Binary.path] + arguments).map(Tmux.quote).joined(separator: " ")
        let script = "env \(assignments.joined(separator: " ")) \(command); echo $? > \(Tmux.quote(exitFile)); sleep 10"
        try tmux(["new-session", "-d", "-s", "main", "-x", String(columns), "-y", String(rows), script])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs one tmux command and returns what it printed (see `Detached`).
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Detached.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments, scratch: scratch.url)
    }

    func screen() -> String { (try? tmux(["capture-pane", "-p", "-t", "main"])) ?? "" }

    /// Presses each key in turn, and waits for the screen to answer it before
    /// the next (at most `answerCeiling`: a key may change nothing on screen).
    func press(_ keys: String...) {
        for key in keys { sending(["send-keys", "-t", "main", key]) }
    }

    func type(_ text: String) {
        sending(["send-keys", "-t", "main", "-l", text])
    }

    static let answerCeiling = 3.0

    private func sending(_ command: [String]) {
        let before = screen()
        _ = try? tmux(command)
        waitUntil(seconds: Self.answerCeiling) { $0 != before }
    }

    func resize(columns: Int, rows: Int) {
        _ = try? tmux(["resize-window", "-t", "main", "-x", String(columns), "-y", String(rows)])
    }

    var title: String { ((try? tmux(["display-message", "-p", "-t", "main", "#{pane_title}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Waits until the screen shows `text`; returns the screen either way. The
    /// ceiling is generous: a busy machine is slow, never wrong.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 30) -> (found: Bool, screen: String) {
        waitUntil(seconds: seconds) { $0.contains(text) }
    }

    /// Waits until the screen satisfies `holds`; returns the screen either way.
    @discardableResult
    func waitUntil(seconds: Double = 30, _ holds: (String) -> Bool) -> (found: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = screen()
            if holds(last) { return (true, last) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return (false, last)
    }

    /// The program's exit status once it has ended.
    func exitStatus(seconds: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: exitFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }
}

/// Runs a program that may leave a long-lived process behind (a tmux server,
/// a database server) and returns what it printed. Spawned directly and waited
/// for with waitpid, its output in a file: the process left behind keeps
/// inherited descriptors, which makes pipes and Foundation's Process wait forever.
enum Detached {
    @discardableResult
    static func run(_ argv: [String], scratch: URL) throws -> String {
        let outputPath = scratch.appendingPathComponent("detached-out-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Other tests' pipes must not leak into a long-lived process.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap(Int32.init) ?? []
        for descriptor in open where descriptor > 2 && fcntl(descriptor, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        // The child starts with no signal blocked and every signal's default action, whatever this test thread
        // blocks: a tmux server inherits the mask, and one that blocks SIGTERM never obeys kill-server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let status = posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, environ)
        guard status == 0 else { throw POSIXError(.ENOENT) }
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}
