import Foundation
import GapdeskDomain
import GapdeskStore
import GapdeskUI

/// Measures how the dashboard's cost grows with the store: builds demo stores
/// of each size (1% of responses open calls) and measures, printing a table
/// and every target as a ratio:
/// 1. refresh: every visible list re-queried and the whole screen drawn off-screen;
/// 2-5. through the real binary in a pseudo-terminal: first paint, keystroke
///    latency, bytes for a one-row live update and for a full redraw, peak memory;
/// 6. import rate against the sqlite3 shell's `.import` (scripts/bench-import.sh);
/// 7. the results (returns by what the call came to): the query and its drawing
///    in-process, and `gapdesk report results` through the real binary.
///
///     swift build -c release && swift run -c release gapdesk-bench
///         [--sizes 10000,100000,1000000] [--iterations 1000] [--dir PATH] [--import-rows N]
@main
struct Bench {
    static let now = Clock.parseInstant("2026-03-02T09:00:00Z")!

    static func main() throws {
        var sizes = [10_000, 100_000, 1_000_000]
        var iterations = 1000  // p99 from enough samples to be steady between runs
        var importRows = 1_000_000
        var directory = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-bench").path
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--sizes": sizes = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--iterations": iterations = Int(arguments.next() ?? "") ?? iterations
            case "--dir": directory = arguments.next() ?? directory
            case "--import-rows": importRows = Int(arguments.next() ?? "") ?? importRows
            default:
                print("usage: gapdesk-bench [--sizes 10000,100000,1000000] [--iterations N] [--dir PATH] [--import-rows N]")
                exit(2)
            }
        }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gapdesk").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("gapdesk-bench drives the real binary: build it first (swift build -c release).")
            exit(2)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        print("size       build  refresh median    p99 | live call  median    p99 | first paint  sqlite3 3 queries  keystroke | 1-row update  full redraw | peak memory")
        var results: [Int: (p99: Double, terminal: TerminalFigures)] = [:]
        var returns: [Int: (median: Double, p99: Double, report: Double)] = [:]
        for size in sizes {
            let (store, built) = try storeOf(size: size, directory: directory)
            let (times, live) = try refreshTimes(store: store, iterations: iterations)
            let median = percentile(times, 0.5), p99 = percentile(times, 0.99)
            let t = try TerminalMeasures.measure(binary: binary, store: store, now: now)
            results[size] = (p99, t)
            let (resultTimes, reportTimes) = try resultsTimes(store: store, binary: binary, iterations: iterations)
            returns[size] = (percentile(resultTimes, 0.5), percentile(resultTimes, 0.99), percentile(reportTimes, 0.5))
            let shell = t.shellQueries.map { String(format: "%.0f ms", $0 * 1000) } ?? "no sqlite3"
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
        guard let small = sizes.min(), let large = sizes.max(), let a = results[small], let b = results[large],
              let ra = returns[small], let rb = returns[large] else { return }
        print("\ntargets (\(large) against \(small) responses):")
        func target(_ name: String, _ ratio: Double?, _ limit: Double, atLeast: Bool = false) {
            guard let ratio else { print("  \(name): not measured"); return }
            let met = atLeast ? ratio >= limit : ratio <= limit
            print("  " + name.padding(toLength: 52, withPad: " ", startingAt: 0)
                  + String(format: " %8.2f  (target ", ratio) + (atLeast ? ">= " : "<= ") + String(format: "%.2f)  ", limit) + (met ? "MET" : "NOT MET"))
        }
        target("refresh p99 ratio", b.p99 / a.p99, 2)
        target("refresh p99 at \(large) responses, ms", b.p99 * 1000, 20)
        target("first paint / sqlite3 running the three queries", b.terminal.shellQueries.map { b.terminal.firstPaint / $0 }, 2)
        target("keystroke latency ratio", b.terminal.keystroke / a.terminal.keystroke, 2)
        target("bytes, one-row update / full redraw", Double(b.terminal.oneRowBytes) / Double(max(1, b.terminal.fullRedrawBytes)), 0.1)
        target("peak memory ratio", Double(b.terminal.peakMemory) / Double(max(1, a.terminal.peakMemory)), 1.5)
        target("results query and drawing p99 ratio", rb.p99 / ra.p99, 2)
        target("report results (real binary) median ratio", rb.report / ra.report, 2)
        target("import rate / sqlite3 .import (\(importRows) rows)", importRatio(rows: importRows), 0.5, atLeast: true)
    }

    /// Runs scripts/bench-import.sh (the one import benchmark) and reads its ratio.
    static func importRatio(rows: Int) -> Double? {
        guard rows > 0, FileManager.default.fileExists(atPath: "scripts/bench-import.sh") else { return nil }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["scripts/bench-import.sh", String(rows)]
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text.split(separator: "\n").map { "  import: " + $0 }.joined(separator: "\n"))
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("rate ratio") }),
              let value = line.split(separator: ":").dropFirst().first?.split(separator: " ").first else { return nil }
        return Double(value)
    }

    /// A demo store of `size` responses, built once and kept in `directory` for later runs.
    static func storeOf(size: Int, directory: String) throws -> (Store, TimeInterval) {
        // The layout's version is in the name: a store from an older benchmark is built afresh.
        let path = "\(directory)/bench-v9-\(size).sqlite"
        if let store = try? Store.open(path: path), (try? store.isDemo()) == true { return (store, 0) }
        for suffix in ["", "-wal", "-shm", "-writers"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let started = Date()
        let store = try Store.create(path: path, creator: Account.current(), at: now)
        var generator = DemoGenerator(options: DemoOptions(responses: size, seed: 1, now: now))
        _ = try generator.generate(into: store, actor: Account.current())
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
        runtime.refresh()  // warm the caches once
        runtime.pollStore()
        runtime.settle()
        let full = (0..<iterations).map { _ in elapsed { runtime.refresh() } }
        guard let top = try store.queue(limit: 1).first else { return (full, []) }
        let live = try (0..<iterations).map { turn in
            _ = try store.assign(callbackId: top.callbackId, to: "bench\(turn % 2)", by: Account.current(), at: now)
            return elapsed {
                runtime.pollStore()
                runtime.settle()
                _ = DashboardView.render(runtime.state)
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
            try elapsedThrowing {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = ["report", "results", "--db", store.path, "--now", Clock.formatInstant(now)]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
            }
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
