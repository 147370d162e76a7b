import Foundation
import GapdeskDomain
import GapdeskStore
import Testing

/// End-to-end tests share the machine's terminals and processes: one at a time.
@Suite(.serialized) enum EndToEnd {}

/// The manager's morning and the supervisor's window, through the real binary in tmux.
extension EndToEnd { @Suite struct DashboardEndToEndTests {
    static let now = "2026-03-02T09:00:00Z"

    func demo(_ scratch: Scratch) throws -> String {
        let db = scratch.path("demo.sqlite")
        let result = try Binary.run(["demo", "--no-ui", "--db", db, "--now", Self.now, "--responses", "1500"], home: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        return db
    }

    func overdueCount(_ db: String) throws -> Int {
        try Store.open(path: db, readOnly: true).loopFigures(clock: Clock(now: Clock.parseInstant(Self.now)!)).overdue
    }

    /// A test that ends with the dashboard still open closes it: its tmux
    /// server obeys kill-server, and nothing is left running after the suite.
    @Test func aDashboardLeftOpenEndsWithItsTest() throws {
        let scratch = try Scratch()
        let db = scratch.path("empty.sqlite")
        #expect(try Binary.run(["init", "--db", db], home: scratch.url).status == 0)
        var socket = ""
        do {
            let tmux = try Tmux(["--db", db], scratch: scratch)
            socket = tmux.socket
            #expect(tmux.waitFor("To begin").found)
        }
        let deadline = Date().addingTimeInterval(30)
        var running = true
        while running && Date() < deadline {
            running = (try? Detached.run(["tmux", "-L", socket, "-f", "/dev/null", "list-sessions"], scratch: scratch.url))?.isEmpty == false
            if running { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(!running, "the tmux server \(socket) outlived its test")
    }

    /// A manager on a Sunday night, after a weekend: an overdue call reads as past ("last Fri", "yesterday" or a date, never
    /// a bare weekday), and a no-answer with no time given is tried again in the site's hours on Monday, not at 01:20.
    @Test func aSundayNightAfterAWeekend() throws {
        let scratch = try Scratch()
        let sunday = "2026-03-01T23:20:00Z"
        let db = scratch.path("demo.sqlite")
        let built = try Binary.run(["demo", "--no-ui", "--db", db, "--now", sunday, "--responses", "1500"], home: scratch.url)
        #expect(built.status == 0, "\(built.stderr)")
        let tmux = try Tmux(["--db", db, "--now", sunday], scratch: scratch)
        let opened = tmux.waitUntil { $0.contains("1 Callbacks") && !$0.contains("Loading…") }
        #expect(opened.found, "\(opened.screen)")
        // The first row is overdue: its preview's due time is a past one.
        let preview = opened.screen.split(separator: "\n").suffix(4).joined(separator: " ")
        #expect(preview.range(of: "due (last |yesterday|[0-9]{1,2} [A-Z][a-z]{2})", options: .regularExpression) != nil, "\(opened.screen)")
        #expect(preview.range(of: "due (Mon|Tue|Wed|Thu|Fri|Sat|Sun) ", options: .regularExpression) == nil, "\(opened.screen)")
        tmux.press("c", "n", "Enter")
        let retried = tmux.waitUntil { $0.contains("No answer from") }
        #expect(retried.found, "\(retried.screen)")
        let hour = retried.screen.firstMatch(of: /call again tomorrow (\d\d):\d\d/).flatMap { Int($0.1) }
        #expect(hour.map { (7...19).contains($0) } == true, "retried in the site's hours on Monday: \(retried.screen)")
    }

    /// Three thank-you calls, a suggested tag accepted, a fix moved on: 12 keys.
    @Test func aManagersMorning() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let overdueBefore = try overdueCount(db)
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch)
        // The pane's title shows before its rows on a busy machine: wait for the rows.
        let opened = tmux.waitUntil { $0.contains("1 Callbacks") && !$0.contains("Loading…") }
        #expect(opened.found, "\(opened.screen)")
        #expect(opened.screen.split(separator: "\n")[4].hasPrefix("!"), "overdue calls first:\n\(opened.screen)")

        // Three thank-you calls: two keys each.
        for done in 1...3 {
            tmux.press("c", "t")
            // The header counts it before the next call is begun, so the next is another customer's.
            let saved = tmux.waitFor("! \(overdueBefore - done) overdue ·")
            #expect(saved.found && saved.screen.contains("Call recorded for"), "\(saved.screen)")
        }
        // The newest feedback's suggested cause: one key.
        tmux.press("Tab", "T")
        let tagged = tmux.waitFor("Tagged: alignment not checked.")
        #expect(tagged.found, "\(tagged.screen)")
        // The top gap's fix moves on with its owner as it is: three keys.
        tmux.press("3", "f")
        #expect(tmux.waitFor("Fix for").found)
        tmux.press("Enter")
        let moved = tmux.waitFor("is now")
        #expect(moved.found, "\(moved.screen)")
        tmux.press("q")
        #expect(tmux.exitStatus() == 0)

        // Everything survived quitting: three fewer overdue, done by this account.
        #expect(try overdueCount(db) == overdueBefore - 3)
        let store = try Store.open(path: db, readOnly: true)
        let queue = try store.queue(limit: 1)
        #expect(queue.count == 1)
        let audit = try Binary.run(["report", "queue", "--db", db, "--now", Self.now], home: scratch.url)
        #expect(audit.stdout.contains("\(overdueBefore - 3) overdue"))

        let reopened = try Tmux(["--db", db, "--now", Self.now], scratch: scratch)
        let header = reopened.waitFor("\(overdueBefore - 3) overdue")
        #expect(header.found, "\(header.screen)")
        reopened.press("q")
    }

    @Test func theAuditNamesTheOperatingSystemAccount() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let store = try Store.open(path: db, readOnly: true)
        let first = try #require(try store.queue(limit: 1).first)
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch, environment: ["USER": "impostor", "LOGNAME": "impostor"])
        #expect(tmux.waitFor("1 Callbacks").found)
        tmux.press("c", "r")
        #expect(tmux.waitFor("Call recorded").found)
        tmux.press("q")
        _ = tmux.exitStatus()
        let detail = try #require(try store.responseDetail(id: first.responseId))
        #expect(detail.doneBy == Account.current())
        #expect(detail.audit.contains { $0.actor == Account.current() && $0.action == "call.record" })
        #expect(!detail.audit.contains { $0.actor == "impostor" })
    }

    @Test func resizingNeverCrashes() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch, columns: 160, rows: 48)
        let big = tmux.waitFor("3 Gaps")
        #expect(big.found && big.screen.contains("2 Low-rated") && big.screen.contains("Gap (root cause)"), "\(big.screen)")
        tmux.resize(columns: 80, rows: 24)
        #expect(tmux.waitFor("1 Callbacks (").found)
        tmux.resize(columns: 30, rows: 8)
        let small = tmux.waitFor("too small")
        #expect(small.found, "\(small.screen)")
        for size in [(100, 30), (40, 10), (300, 100), (81, 25), (160, 48)] { tmux.resize(columns: size.0, rows: size.1) }
        tmux.resize(columns: 80, rows: 24)
        let back = tmux.waitFor("Customer")
        #expect(back.found, "\(back.screen)")
        tmux.press("?")
        #expect(tmux.waitFor("Keys").found)
        tmux.press("Escape", "q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func aWriteFromAnotherProcessAppearsWithoutAKeypress() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch)
        #expect(tmux.waitFor("1 Callbacks").found)
        tmux.press("2")
        #expect(tmux.waitFor("Root causes").found)
        let added = try Binary.run(["add", "--db", db, "--now", Self.now, "--customer", "Marker Person", "--phone", "0100 999",
                                    "--site", "Northgate York Service", "--rating", "1", "--comment", "marker"], home: scratch.url)
        #expect(added.status == 0, "\(added.stderr)")
        // How soon it shows is the benchmark's to measure (a live update); here, that it shows at all.
        let seen = tmux.waitFor("Marker Pers")
        #expect(seen.found, "\(seen.screen)")
        tmux.press("q")
    }

    @Test func hostileTextLeavesTheTerminalAlone() throws {
        let scratch = try Scratch()
        let db = scratch.path("hostile.sqlite")
        let store = try Store.create(path: db, creator: Account.current(), at: Date(timeIntervalSince1970: 1_772_442_000))
        _ = try store.addResponse(NewResponse(customer: "Eve\u{1B}]2;PWNED\u{07}", phone: "0100", site: "Main",
                                              scale: .csat5, rating: 1, comment: "\u{1B}[2J\u{1B}[5;5HX\u{1B}]52;c;ZXZpbA==\u{07}\u{202E}gnp.exe\r\u{08}tail",
                                              receivedAt: Clock.parseInstant(Self.now)!), by: Account.current(), at: Clock.parseInstant(Self.now)!)
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch, columns: 200, rows: 50)
        let titleBefore = tmux.title
        let screen = tmux.waitFor("Eve^[]2;PWNED^G")
        #expect(screen.found, "\(screen.screen)")
        tmux.press("2")
        let lowRated = tmux.waitFor("<U+202E>")
        #expect(lowRated.found, "\(lowRated.screen)")
        tmux.press("Enter")
        #expect(tmux.waitFor("^[[2J").found)
        #expect(tmux.title == titleBefore && !tmux.title.contains("PWNED"))
        for list in ["queue", "low-rated"] {
            let table = try Binary.run(["report", list, "--db", db, "--now", Self.now], home: scratch.url)
            #expect(!table.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E || $0.value == 0x08 },
                    "report \(list) --format table is sanitised")
            #expect(table.stdout.contains("^["))
        }
        tmux.press("q", "q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func aTerminalThatCannotDrawGetsASentenceAndExitCode2() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        for term in ["dumb", "no-such-terminal-xyz"] {
            let tmux = try Tmux(["--db", db], scratch: scratch, environment: ["TERM": term])
            #expect(tmux.exitStatus() == 2, "TERM=\(term)")
            let screen = tmux.screen()
            #expect(screen.contains("gapdesk report"), "\(screen)")
        }
    }

    @Test func nonUTF8LocaleFallsBackToASCII() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch, columns: 160, rows: 48, environment: ["LANG": "C", "LC_ALL": "C"])
        let screen = tmux.waitFor("3 Gaps")
        #expect(screen.found, "\(screen.screen)")
        #expect(!screen.screen.contains("…") && !screen.screen.contains("▁") && !screen.screen.contains("─"))
        tmux.press("q")
        #expect(tmux.exitStatus() == 0)
    }
    @Test func aSignalMidActionLeavesTheCallFullyRecordedOrNotAtAll() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        for signal in ["TERM", "HUP", "INT"] {
            let store = try Store.open(path: db, readOnly: true)
            let first = try #require(try store.queue(limit: 1).first)
            let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch)
            #expect(tmux.waitFor("1 Callbacks").found)
            let pid = try tmux.tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try tmux.tmux(["send-keys", "-t", "main", "c", "t", "Enter"])
            _ = try Binary.shell("pkill -\(signal) -P \(pid) -f gapdesk")
            #expect(tmux.exitStatus() == 0, "SIG\(signal)")
            let detail = try #require(try store.responseDetail(id: first.responseId))
            let audited = detail.audit.contains { $0.action == "call.record" && $0.actor == Account.current() }
            let recorded = detail.callback?.doneAt != nil
            #expect(recorded == audited, "SIG\(signal): the call and its audit entry go together (recorded: \(recorded))")
        }
    }

    @Test func signalsEndTheDashboardCleanly() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        for signal in ["TERM", "HUP", "INT"] {
            let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch)
            #expect(tmux.waitFor("1 Callbacks").found)
            let pid = try tmux.tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            // The pane runs a shell; the dashboard is its child.
            let killed = try Binary.shell("pkill -\(signal) -P \(pid) -f gapdesk")
            #expect(killed == 0, "SIG\(signal) sent")
            #expect(tmux.exitStatus() == 0, "SIG\(signal) ends the dashboard cleanly")
            let after = tmux.screen()
            #expect(!after.contains("1 Callbacks"), "the terminal is given back (alternate screen left):\n\(after)")
        }
    }

    @Test func quittingOnATerminalWithoutAnAlternateScreenLeavesItClean() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        for term in ["vt100", "linux"] {
            let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch, environment: ["TERM": term])
            #expect(tmux.waitFor("1 Callbacks").found, "\(term)")
            tmux.press("q")
            #expect(tmux.exitStatus() == 0)
            let after = tmux.screen()
            #expect(after.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "TERM=\(term) leaves a clean screen:\n\(after)")
        }
    }

    @Test func theGapsPaneAndReportGapsAgree() throws {
        let scratch = try Scratch()
        let db = try demo(scratch)
        let report = try Binary.run(["report", "gaps", "--db", db, "--now", Self.now, "--format", "json"], home: scratch.url)
        let gaps = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]])
        let top = try #require(gaps.first)
        let contributions = try #require(top["contributions"] as? [[String: Any]])
        let sum = contributions.compactMap { $0["contribution"] as? Double }.reduce(0, +) + (top["guarantee_points"] as? Double ?? -1)
        let effort = (top["effort"] as? Double) ?? 1
        #expect(abs(sum / effort - (top["score"] as? Double ?? -1)) < 1e-5, "the top gap's contributions and guarantees sum to its score")

        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch, columns: 200, rows: 60)
        #expect(tmux.waitFor("3 Gaps").found)
        // The pane's rows, below its title: the title shows before they arrive, and may name a rising gap whose
        // fix is under way (as the Low-rated pane's tags may name any gap). Wait for the last gap's row.
        func gapRows(_ screen: String) -> [Substring] {
            Array(screen[(screen.range(of: "3 Gaps ")?.lowerBound ?? screen.startIndex)...].split(separator: "\n").dropFirst())
        }
        let lastName = try #require(gaps.last?["name"] as? String)
        let shown = tmux.waitUntil { gapRows($0).contains { $0.contains(" \(lastName) ") } }
        #expect(shown.found, "\(shown.screen)")
        let rows = gapRows(shown.screen)
        for gap in gaps {
            let name = try #require(gap["name"] as? String)
            let rank = try #require(gap["rank"] as? Int)
            let score = String(format: "%.2f", try #require(gap["score"] as? Double))
            let line = rows.first { $0.contains(" \(name) ") }
            #expect(line?.contains(score) == true && line?.contains(" \(rank) ") == true, "\(name) \(rank) \(score): \(line ?? "missing")")
        }
        tmux.press("3", "w")
        let why = tmux.waitFor("Why #1")
        #expect(why.found && why.screen.contains(String(format: "RoS %.4f", top["score"] as? Double ?? 0)), "\(why.screen)")
        tmux.press("Escape", "q")
    }
}
}
