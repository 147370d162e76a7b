import Foundation
import GapdeskDomain
import GapdeskStore
import GapdeskUI

/// Measures how the dashboard's cost grows with the store: builds demo stores
/// of each size and times a full refresh (every visible list re-queried, the
/// whole screen drawn off-screen) many times.
///
///     swift run -c release gapdesk-bench [--sizes 10000,100000,1000000] [--iterations 200] [--dir PATH]
@main
struct Bench {
    static let now = Clock.parseInstant("2026-03-02T09:00:00Z")!

    static func main() throws {
        var sizes = [10_000, 100_000, 1_000_000]
        var iterations = 200
        var directory = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-bench").path
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--sizes": sizes = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--iterations": iterations = Int(arguments.next() ?? "") ?? iterations
            case "--dir": directory = arguments.next() ?? directory
            default:
                print("usage: gapdesk-bench [--sizes 10000,100000,1000000] [--iterations N] [--dir PATH]")
                exit(2)
            }
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        print("size        build   refresh median     p99   (160x48, all panes; \(iterations) runs)")
        var p99s: [Int: Double] = [:]
        for size in sizes {
            let (store, built) = try storeOf(size: size, directory: directory)
            let times = refreshTimes(store: store, iterations: iterations)
            let median = percentile(times, 0.5), p99 = percentile(times, 0.99)
            p99s[size] = p99
            print(String(format: "%-9d %6.1f s  %10.2f ms  %6.2f ms", size, built, median * 1000, p99 * 1000))
        }
        if let small = sizes.min(), let large = sizes.max(), small != large, let a = p99s[small], let b = p99s[large] {
            let ratio = b / a
            print(String(format: "refresh p99 at %d / at %d = %.2f (target <= 2): %@; p99 at %d = %.2f ms (target < 20): %@",
                         large, small, ratio, ratio <= 2 ? "MET" : "NOT MET", large, b * 1000, b < 0.020 ? "MET" : "NOT MET"))
        }
    }

    /// A demo store of `size` responses, built once and kept in `directory` for later runs.
    static func storeOf(size: Int, directory: String) throws -> (Store, TimeInterval) {
        let path = "\(directory)/bench-\(size).sqlite"
        if let store = try? Store.open(path: path), (try? store.isDemo()) == true { return (store, 0) }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let started = Date()
        let store = try Store.create(path: path, creator: Account.current())
        var generator = DemoGenerator(options: DemoOptions(responses: size, seed: 1, now: now))
        _ = try generator.generate(into: store, actor: Account.current())
        return (store, Date().timeIntervalSince(started))
    }

    static func refreshTimes(store: Store, iterations: Int) -> [TimeInterval] {
        let state = AppState(rows: 48, columns: 160, clock: Clock(now: now, timeZone: TimeZone(identifier: "UTC")!),
                             account: Account.current(), role: .admin, readOnly: false)
        let runtime = DashboardRuntime(terminal: OffScreen(), store: store, state: state, now: { now })
        runtime.refresh()  // warm the caches once
        return (0..<iterations).map { _ in
            let started = DispatchTime.now().uptimeNanoseconds
            runtime.refresh()
            return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        }
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
