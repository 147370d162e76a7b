import Foundation
import GapdeskDemo
import GapdeskDomain
import GapdeskStore
import GapdeskUI

/// Measures how the dashboard's cost grows with the store: builds demo stores
/// of each size (1% of responses open calls) and measures, printing a table
/// and every target as a ratio:
/// 1. refresh: every visible list re-queried and the whole screen drawn off-screen;
/// 2-5. through the real binary in a pseudo-terminal: first paint, keystroke
///    latency, bytes for a one-row live update and for a full redraw, peak memory;
/// 6. import rate against the sqlite3 shell doing the same writes (scripts/bench-import.sh);
/// 7. the results (returns by what the call came to): the query and its drawing
///    in-process, and `gapdesk report results` through the real binary;
/// 8. every report in every format through the real binary, every overlay read
///    and drawn in-process, and `gapdesk check`.
/// With `--engine postgres` the stores are databases on `--server` (a
/// superuser's connection string; default $GAPDESK_TEST_POSTGRES), the shell
/// is psql, and a live update travels from one connection to another's screen.
///
///     swift build -c release && swift run -c release gapdesk-bench
///         [--sizes 10000,100000,1000000] [--iterations 1000] [--dir PATH] [--import-rows N]
///         [--engine sqlite|postgres] [--server CONNINFO]
@main
struct Bench {
    static let now = Clock.parseInstant("2026-03-02T09:00:00Z")!

    static func main() throws {
        var sizes = [10_000, 100_000, 1_000_000]
        var iterations = 1000  // p99 from enough samples to be steady between runs
        var importRows = 1_000_000
        var directory = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-bench").path
        var engine = "sqlite"
        var server = ProcessInfo.processInfo.environment["GAPDESK_TEST_POSTGRES"] ?? ""
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--sizes": sizes = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--iterations": iterations = Int(arguments.next() ?? "") ?? iterations
            case "--dir": directory = arguments.next() ?? directory
            case "--import-rows": importRows = Int(arguments.next() ?? "") ?? importRows
            case "--engine": engine = arguments.next() ?? engine
            case "--server": server = arguments.next() ?? server
            default:
                print("usage: gapdesk-bench [--sizes 10000,100000,1000000] [--iterations N] [--dir PATH] [--import-rows N] "
                      + "[--engine sqlite|postgres] [--server CONNINFO]")
                exit(2)
            }
        }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gapdesk").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("gapdesk-bench drives the real binary: build it first (swift build -c release).")
            exit(2)
        }
        guard engine == "sqlite" || (engine == "postgres" && !server.isEmpty) else {
            print("--engine is sqlite or postgres; postgres needs --server (a superuser's connection string) or $GAPDESK_TEST_POSTGRES.")
            exit(2)
        }
        let place: BenchPlace = engine == "postgres" ? .server(server) : .folder(directory)
        if case .folder = place { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        print("engine: \(engine)")
        print("size       build  refresh median    p99 | live call  median    p99 | first paint  shell 3 queries    keystroke | 1-row update  full redraw | peak memory")
        var results: [Int: (p99: Double, liveP99: Double, terminal: TerminalFigures)] = [:]
        var returns: [Int: (median: Double, p99: Double, report: Double)] = [:]
        var reports: [Int: ReportFigures] = [:]
        for size in sizes {
            let (store, built) = try storeOf(size: size, place: place)
            let (times, live) = try refreshTimes(store: store, iterations: iterations)
            let median = percentile(times, 0.5), p99 = percentile(times, 0.99)
            let t = try TerminalMeasures.measure(binary: binary, store: store, now: now)
            results[size] = (p99, percentile(live, 0.99), t)
            let (resultTimes, reportTimes) = try resultsTimes(store: store, binary: binary, iterations: iterations)
            returns[size] = (percentile(resultTimes, 0.5), percentile(resultTimes, 0.99), percentile(reportTimes, 0.5))
            reports[size] = try ReportMeasures.measure(binary: binary, store: store, now: now)
            let shell = t.shellQueries.map { String(format: "%.0f ms", $0 * 1000) } ?? "no shell"
            print(String(format: "%-9d %5.1f s  %8.2f ms %7.2f ms | %13.2f ms %7.2f ms | %8.0f ms  ", size, built, median * 1000, p99 * 1000,
                         percentile(live, 0.5) * 1000, percentile(live, 0.99) * 1000, t.firstPaint * 1000)
                  + shell.padding(toLength: 17, withPad: " ", startingAt: 0)
                  + String(format: "  %6.1f ms | %9d B  %9d B | %8.1f MB", t.keystroke * 1000, t.oneRowBytes, t.fullRedrawBytes,
                           Double(t.peakMemory) / 1_048_576))
        }
        print("\nsize       results median    p99 | report results median")
        for size in sizes {
            guard let r = returns[size] else { continue }
            print(String(format: "%-9d %11.2f ms %7.2f ms | %18.0f ms", size, r.median * 1000, r.p99 * 1000, r.report * 1000))
        }
        printReports(reports, sizes: sizes)
        guard let small = sizes.min(), let large = sizes.max(), let a = results[small], let b = results[large],
              let ra = returns[small], let rb = returns[large], let pa = reports[small], let pb = reports[large] else { return }
        print("\ntargets (\(large) against \(small) responses):")
        func target(_ name: String, _ ratio: Double?, _ limit: Double, atLeast: Bool = false) {
            guard let ratio else { print("  \(name): not measured"); return }
            let met = atLeast ? ratio >= limit : ratio <= limit
            print("  " + name.padding(toLength: 52, withPad: " ", startingAt: 0)
                  + String(format: " %8.2f  (target ", ratio) + (atLeast ? ">= " : "<= ") + String(format: "%.2f)  ", limit) + (met ? "MET" : "NOT MET"))
        }
        target("refresh p99 ratio", b.p99 / a.p99, 2)
        target("live update p99, a write to another's screen, ms", b.liveP99 * 1000, 300)
        target("refresh p99 at \(large) responses, ms", b.p99 * 1000, 20)
        target("first paint / the shell running the three queries", b.terminal.shellQueries.map { b.terminal.firstPaint / $0 }, 2)
        target("keystroke latency ratio", b.terminal.keystroke / a.terminal.keystroke, 2)
        target("bytes, one-row update / full redraw", Double(b.terminal.oneRowBytes) / Double(max(1, b.terminal.fullRedrawBytes)), 0.1)
        target("peak memory ratio", Double(b.terminal.peakMemory) / Double(max(1, a.terminal.peakMemory)), 1.5)
        target("results query and drawing p99 ratio", rb.p99 / ra.p99, 2)
        target("report results (real binary) median ratio", rb.report / ra.report, 2)
        for name in pa.reports.keys.sorted() { target("report \(name) (real binary) median ratio", pb.reports[name].map { $0 / pa.reports[name]! }, 2) }
        for name in pa.overlays.keys.sorted() { target("overlay \(name) read and drawn, median ratio", pb.overlays[name].map { $0 / pa.overlays[name]! }, 2) }
        target("check at \(large) responses, s", pb.check, 60)
        switch place {
        case .folder: target("import rate / sqlite3 same writes", importRatio(rows: importRows), 0.7, atLeast: true)
        case .server(let server): target("import rate / psql \\copy", importRatio(rows: importRows, server: server), 0.5, atLeast: true)
        }
    }

    /// Each report, overlay and check, one column per size.
    static func printReports(_ reports: [Int: ReportFigures], sizes: [Int]) {
        guard let any = reports.values.first else { return }
        let header = "".padding(toLength: 34, withPad: " ", startingAt: 0) + sizes.map { String($0).leftPadded(to: 12) }.joined()
        print("\nreports through the real binary, median (ms)\n" + header)
        for name in any.reports.keys.sorted() {
            print(name.padding(toLength: 34, withPad: " ", startingAt: 0)
                  + sizes.map { String(format: "%.1f", (reports[$0]?.reports[name] ?? 0) * 1000).leftPadded(to: 12) }.joined())
        }
        print("\noverlays read and drawn in-process at 160x48, median (ms)\n" + header)
        for name in any.overlays.keys.sorted() {
            print(name.padding(toLength: 34, withPad: " ", startingAt: 0)
                  + sizes.map { String(format: "%.2f", (reports[$0]?.overlays[name] ?? 0) * 1000).leftPadded(to: 12) }.joined())
        }
        print("\n" + "gapdesk check (s)".padding(toLength: 34, withPad: " ", startingAt: 0)
              + sizes.map { String(format: "%.1f", reports[$0]?.check ?? 0).leftPadded(to: 12) }.joined())
    }

    /// Runs scripts/bench-import.sh (the one import benchmark) and reads its ratio.
    static func importRatio(rows: Int, server: String? = nil) -> Double? {
        guard rows > 0, FileManager.default.fileExists(atPath: "scripts/bench-import.sh") else { return nil }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["scripts/bench-import.sh", String(rows)] + (server.map { ["--server", $0] } ?? [])
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text.split(separator: "\n").map { "  import: " + $0 }.joined(separator: "\n"))
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("rate ratio") }),
              let value = line.split(separator: ":").dropFirst().first?.split(separator: " ").first else { return nil }
        return Double(value)
    }

    /// The version of the demo data the benchmark's stores hold (the schema
    /// that built them); raise it when the generator writes different data.
    static let dataLayout = 15

    /// A demo store of `size` responses, built once and kept (in the folder, or
    /// as a database on the server) for later runs.
    static func storeOf(size: Int, place: BenchPlace) throws -> (Store, TimeInterval) {
        // The demo data's layout is in the name: a store of an older layout is
        // built afresh, one of an older schema upgraded as a team's would be.
        let path: String
        switch place {
        case .folder(let directory): path = "\(directory)/bench-v\(dataLayout)-\(size).sqlite"
        case .server(let server):
            let database = "gapdesk_bench_v\(dataLayout)_\(size)"
            path = server + " dbname=\(database)"
            if (try? Store.open(path: path)) == nil { try? Shell.run("/usr/bin/psql", [server, "-q", "-c", "CREATE DATABASE \(database)"]) }
            // check's integrity part is amcheck's where the database has it, as an administrator would set it up.
            try? Shell.run("/usr/bin/psql", [path, "-q", "-c", "CREATE EXTENSION IF NOT EXISTS amcheck"])
        }
        if let plan = try? Store.upgradePlan(path: path), !plan.steps.isEmpty {
            let started = Date()
            let (_, copy) = try Store.upgrade(path: path, at: now)
            if let copy { try? FileManager.default.removeItem(atPath: copy) }
            print(String(format: "upgraded the %d-response store from schema %d to %d in %.1f s", size, plan.from, plan.to, Date().timeIntervalSince(started)))
        }
        if let store = try? Store.open(path: path), (try? store.isDemo()) == true {
            try store.checkpoint()
            return (store, 0)
        }
        if let old = try? Store.open(path: path) { try old.removeDemo() }
        let started = Date()
        let store = try Store.create(path: path, creator: Account.current(), at: now)
        var generator = DemoGenerator(options: DemoOptions(responses: size, seed: 1, now: now))
        _ = try generator.generate(into: store, actor: store.account)
        let built = Date().timeIntervalSince(started)
        // Measure a settled store, not one whose last writes are still being flushed to disk.
        try store.checkpoint()
        sync()
        return (store, built)
    }

    /// Times of a full refresh, and of the live update after a colleague
    /// assigns a call (the watcher notices, the lists it touches reload, the
    /// screen is drawn).
    static func refreshTimes(store: Store, iterations: Int) throws -> (full: [TimeInterval], liveCall: [TimeInterval]) {
        let state = AppState(rows: 48, columns: 160, clock: Clock(now: now, timeZone: TimeZone(identifier: "UTC")!),
                             account: Account.current(), role: .admin, readOnly: false)
        let runtime = DashboardRuntime(terminal: OffScreen(), store: store, state: state, now: { now })
        let account = store.account
        runtime.refresh()  // warm the caches once
        runtime.pollStore()
        runtime.settle()
        let full = (0..<iterations).map { _ in elapsed { runtime.refresh() } }
        guard let top = try store.queue(limit: 1).first else { return (full, []) }
        // From the write's commit on the store's own connection to the screen
        // that shows it: the watcher (another connection) must hear of it first.
        let live = try (0..<min(iterations, 300)).map { turn in
            let assignee = "bench\(turn % 2)"
            _ = try store.assign(callbackId: top.callbackId, to: assignee, by: account, at: now)
            return elapsed {
                while true {
                    runtime.pollStore()
                    runtime.settle()
                    if DashboardView.render(runtime.state).row(containing: assignee) != nil { break }
                    usleep(500)
                }
            }
        }
        return (full, live)
    }

    /// Times of the results as the overlay gets them (the query and the whole
    /// report drawn as text), and of `gapdesk report results` run as a user would.
    static func resultsTimes(store: Store, binary: String, iterations: Int) throws -> (inProcess: [TimeInterval], report: [TimeInterval]) {
        let context = PresentationContext(clock: Clock(now: now, timeZone: TimeZone(identifier: "UTC")!))
        _ = try store.results(now: now)
        let inProcess = try (0..<iterations).map { _ in
            try elapsedThrowing { _ = ResultsText.render(try store.results(now: now), format: .table, context: context) }
        }
        let report = try (0..<9).map { _ in
            try ReportMeasures.run(binary, ["report", "results", "--db", store.path, "--now", Clock.formatInstant(now)])
        }
        return (inProcess, report)
    }

    static func elapsedThrowing(_ work: () throws -> Void) throws -> TimeInterval {
        let started = DispatchTime.now().uptimeNanoseconds
        try work()
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    static func elapsed(_ work: () -> Void) -> TimeInterval {
        let started = DispatchTime.now().uptimeNanoseconds
        work()
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    static func percentile(_ values: [TimeInterval], _ p: Double) -> TimeInterval {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }
}

/// A terminal that shows nothing: the benchmark draws off-screen.
final class OffScreen: TerminalDevice {
    var rows: Int { 48 }
    var columns: Int { 160 }
    func read(timeoutMilliseconds: Int) -> InputEvent? { nil }
    func present(_ buffer: ScreenBuffer) {}
    func invalidate() {}
    func copyToClipboard(_ text: String) -> Bool { false }
}

/// Where the benchmark keeps its stores.
enum BenchPlace {
    case folder(String)
    /// A superuser's connection string; each size is a database of its own.
    case server(String)
}

/// Runs a program and waits, its output discarded.
enum Shell {
    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
