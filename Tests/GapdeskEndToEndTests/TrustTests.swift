import Foundation
import GapdeskDomain
import Testing

/// Tried as an attacker would, through the real binary: hostile files, other
/// accounts, killed processes, absurd numbers. Nothing lost, nothing written
/// by anyone without the right, nothing raw on anyone's terminal.
extension EndToEnd { @Suite struct TrustTests {
    static let now = "2026-03-02T09:00:00Z"
    static let isRoot = getuid() == 0

    func run(_ scratch: Scratch, _ arguments: [String]) throws -> Binary.Result {
        try Binary.run(arguments + ["--now", Self.now], home: scratch.url)
    }

    func sha(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func aStrayQuoteCostsOnlyItsLineAndItsRejectKeepsTheLineByteForByte() throws {
        let scratch = try Scratch()
        let db = scratch.path("store.sqlite")
        _ = try run(scratch, ["init", "--db", db])
        var bytes = Array("response_id,received_at,customer,site,rating,comment\n".utf8)
        var stray: [UInt8] = []
        for index in 0..<2_000 {
            let customer = index == 2 ? "\"Customer \(index)" : "Customer \(index)"
            let line = Array("r\(index),2026-03-01T09:00:00Z,\(customer),Leeds,\(1 + index % 5),comment \(index)".utf8)
                + (index == 900 ? [0xFF] : [])
            if index == 2 { stray = line }
            bytes += line + [UInt8(ascii: "\n")]
        }
        let export = scratch.path("export.csv")
        #expect(FileManager.default.createFile(atPath: export, contents: Data(bytes)), "a fixture file")
        let rejects = scratch.path("rejects.csv")
        let result = try run(scratch, ["import", export, "--db", db, "--rejects", rejects])
        #expect(result.status == 1)
        #expect(result.stdout.contains("read 2001 lines: 1998 imported, 0 already there, 2 rejected, 1 header line"), "\(result.stdout)")
        let written = try sha(rejects)
        // The stray quote's line, exactly as it was, in the last cell of its row.
        let quoted = [UInt8(ascii: "\"")] + stray.flatMap { $0 == UInt8(ascii: "\"") ? [$0, $0] : [$0] } + [UInt8(ascii: "\"")]
        #expect(written.range(of: Data(quoted)) != nil, "\(String(decoding: written, as: UTF8.self))")
        #expect(String(decoding: written, as: UTF8.self).contains(",4,"), "line 4")
        // The invalid byte is kept as it was, not replaced.
        #expect(written.range(of: Data(Array("comment 900".utf8) + [0xFF])) != nil)
    }

    /// A generic export with customer values and root causes, so the ranking depends on the median value.
    func export(_ path: String, rows: Int) throws {
        var text = "response_id,received_at,customer,phone,customer_value,site,rating,comment,root_causes\n"
        for index in 0..<rows {
            text += "k-\(index),2026-02-\(String(format: "%02d", 1 + index % 28))T\(String(format: "%02d", index % 24)):00:00Z,"
                + "Customer \(index % 3_000),0770 \(index % 3_000),\(100 + (index % 3_000) * 7),Site \(index % 5),\(1 + index % 5),"
                + "comment \(index),cause \(index % 9)\(index % 4 == 0 ? ";cause \(index % 5)" : "")\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aKilledImportAndItsRerunRankExactlyAsOneCleanImport() throws {
        let scratch = try Scratch()
        try Self.killedImportRanksAsACleanOne(scratch: scratch, clean: scratch.path("clean.sqlite"), killed: scratch.path("killed.sqlite"))
    }

    /// Imports an export into `clean` in one go, and into `killed` killed
    /// three times (after one, two and three more transactions than the time
    /// before) and then run to the end: the same gaps, to the last digit, and
    /// the same queue. On PostgreSQL the ids differ (a sequence never gives
    /// back what a killed transaction took), so both are compared without them.
    static func killedImportRanksAsACleanOne(scratch: Scratch, clean: String, killed: String, withoutIds: Bool = false) throws {
        func run(_ arguments: [String]) throws -> Binary.Result { try Binary.run(arguments + ["--now", now], home: scratch.url) }
        let file = scratch.path("export.csv")
        // Imports commit at least every 20,000 rows: the third run is killed after three more commits than the second,
        // and 80,000 rows leave it more to do then.
        try TrustTests().export(file, rows: 80_000)
        for db in [clean, killed] { #expect(try run(["init", "--db", db]).status == 0) }
        #expect(try run(["import", file, "--db", clean]).status == 0)

        func count() -> Int {
            let result = try? Binary.run(["report", "audit", "--db", killed, "--format", "csv", "--limit", "0"], home: scratch.url)
            return (result?.stdout.components(separatedBy: ",import,").count ?? 1) - 1
        }
        for kills in 1...3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["import", file, "--db", killed, "--now", now]
            process.environment = Binary.environment(home: scratch.url)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let before = count()
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            while count() < before + kills && process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL,
                    "kill \(kills) came after the import had finished: it proves nothing")
        }
        #expect(try run(["import", file, "--db", killed]).status == 0)
        func gaps(_ db: String) throws -> String {
            let json = try run(["report", "gaps", "--db", db, "--format", "json", "--limit", "0"]).stdout
            return withoutIds ? json.replacing(/"response_id": [0-9]+/, with: "") : json
        }
        let (cleanGaps, killedGaps) = (try gaps(clean), try gaps(killed))
        #expect(!cleanGaps.isEmpty && cleanGaps.contains("\"score\""))
        #expect(cleanGaps == killedGaps, "the same ranking, to the last digit")
        func queue(_ db: String) throws -> [String] {
            let lines = try run(["report", "queue", "--db", db, "--format", "csv", "--limit", "0"]).stdout.split(whereSeparator: \.isNewline).map(String.init)
            guard withoutIds else { return lines }
            return lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(2).joined(separator: ",") }
        }
        let (cleanQueue, killedQueue) = (try queue(clean), try queue(killed))
        #expect(cleanQueue.count > 1 && cleanQueue == killedQueue)
    }

    /// Runs gapdesk as the unprivileged `nobody`, from a copy of the binary it may execute.
    func runAsNobody(_ arguments: [String], scratch: Scratch) throws -> Binary.Result {
        let copy = scratch.path("gapdesk-copy")
        if !FileManager.default.fileExists(atPath: copy) {
            try FileManager.default.copyItem(atPath: Binary.path, toPath: copy)
            chmod(copy, 0o755)
            chmod(scratch.url.path, 0o777)
        }
        return try Binary.run(["-u", "nobody", "--", "env", "HOME=/tmp", "XDG_STATE_HOME=/tmp/gapdesk-nobody-state", copy] + arguments + ["--now", Self.now],
                              home: scratch.url, executable: "/usr/sbin/runuser")
    }

    @Test(.enabled(if: TrustTests.isRoot, "needs root to act as another account"))
    func anAccountWithoutARoleWritesNothing() throws {
        let scratch = try Scratch()
        let db = scratch.path("team.sqlite")
        _ = try run(scratch, ["demo", "--no-ui", "--db", db, "--responses", "200"])
        for file in [db, db + "-wal", db + "-shm", db + "-writers"] where FileManager.default.fileExists(atPath: file) { chmod(file, 0o666) }
        let export = scratch.path("x.csv")
        try "response_id,received_at,customer,site,rating\nx,2026-03-01,Ann,Leeds,2\n".write(toFile: export, atomically: true, encoding: .utf8)
        chmod(export, 0o644)
        let before = try run(scratch, ["report", "audit", "--db", db, "--format", "csv", "--limit", "0"]).stdout
        for arguments in [["add", "--customer", "Sneaky", "--site", "Leeds", "--rating", "2"], ["settings", "set", "fix.quiet_days", "1"],
                          ["import", export], ["tag", "1", "sneaky"], ["call", "record", "1", "--outcome", "thanked"],
                          ["fix", "1", "--status", "done"], ["user", "add", "nobody", "--role", "admin"]] {
            let refused = try runAsNobody(arguments + ["--db", db], scratch: scratch)
            #expect(refused.status != 0 && refused.stderr.contains("nobody has no role in this store"), "\(arguments): \(refused.stderr)")
        }
        #expect(try run(scratch, ["report", "audit", "--db", db, "--format", "csv", "--limit", "0"]).stdout == before, "nothing was written")
        // A demo store another account made is theirs: nobody may rebuild it.
        let rebuild = try runAsNobody(["demo", "--no-ui", "--db", db], scratch: scratch)
        #expect(rebuild.status != 0 && rebuild.stderr.contains("only they may rebuild it"), "\(rebuild.stderr)")
        #expect(FileManager.default.fileExists(atPath: db))
    }

    @Test func readOnlyWritesNothingOnAnyCommand() throws {
        let scratch = try Scratch()
        let absent = scratch.path("absent.sqlite")
        for arguments in [["init", "--db", absent], ["demo", "--no-ui", "--db", absent], ["demo", "--no-ui"], ["report", "queue"]] {
            let refused = try run(scratch, arguments + ["--read-only"])
            #expect(refused.status != 0, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: absent))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: scratch.path("data/gapdesk"))) ?? [] == [], "no store made at the default place")
        let db = scratch.path("store.sqlite")
        _ = try run(scratch, ["demo", "--no-ui", "--db", db, "--responses", "100"])
        let before = try sha(db)
        for arguments in [["add", "--customer", "Y", "--site", "Main", "--rating", "1"], ["settings", "set", "fix.quiet_days", "10"], ["init"],
                          ["call", "record", "1", "--outcome", "thanked"], ["user", "add", "x", "--role", "manager"]] {
            let refused = try run(scratch, arguments + ["--db", db, "--read-only"])
            #expect(refused.status != 0 && refused.stderr.contains("read-only"), "\(arguments): \(refused.stderr)")
            #expect(!refused.stderr.contains("Open it with --read-only"), "the remedy for a read-only session is not --read-only")
        }
        // A demo opened read-only is looked at, not rebuilt.
        #expect(try run(scratch, ["demo", "--no-ui", "--db", db, "--read-only"]).status == 0)
        #expect(try sha(db) == before)
    }

    @Test func aFileThatIsNotAStoreKeepsItsBytesWhateverIsRun() throws {
        let scratch = try Scratch()
        let empty = scratch.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()), "a fixture file")
        let other = scratch.path("other.db")
        #expect(try Binary.shell("sqlite3 \(Tmux.quote(other)) 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'") == 0)
        let export = scratch.path("x.csv")
        try "response_id,received_at,customer,site,rating\nx,2026-03-01,Ann,Leeds,2\n".write(toFile: export, atomically: true, encoding: .utf8)
        for db in [empty, other] {
            let before = try sha(db)
            for arguments in [["report", "queue"], ["add", "--customer", "X", "--site", "Main", "--rating", "2"], ["call", "record", "1", "--outcome", "thanked"],
                              ["settings", "set", "fix.quiet_days", "10"], ["import", export], ["user", "add", "x", "--role", "manager"], ["demo", "--no-ui"]] {
                let result = try run(scratch, arguments + ["--db", db])
                #expect(result.status != 0, "\(arguments) on \(db)")
            }
            #expect(try sha(db) == before, "\(db) changed")
            for suffix in ["-wal", "-shm", "-writers"] { #expect(!FileManager.default.fileExists(atPath: db + suffix), "\(db)\(suffix)") }
        }
    }

    @Test func everyOutputShowsControlCharactersAsVisibleEscapes() throws {
        let scratch = try Scratch()
        let db = scratch.path("store.sqlite")
        _ = try run(scratch, ["init", "--db", db])
        let evil = "Site\u{1B}]2;PWNED\u{07}\u{202E}\u{2060}"
        let export = scratch.path("evil\u{1B}[31m.csv")
        try "response_id,received_at,customer,site,rating,comment\ne-1,2026-03-01,=HYPERLINK(\"x\"),\(evil),2,+cmd|calc\ne-2,2026-03-01,Bob,Leeds,9,x\n"
            .write(toFile: export, atomically: true, encoding: .utf8)
        let rejects = scratch.path("rejects.csv")
        var outputs: [Binary.Result] = []
        outputs.append(try run(scratch, ["import", export, "--db", db, "--rejects", rejects]))
        outputs.append(try run(scratch, ["settings", "list", "--db", db]))
        outputs.append(try run(scratch, ["user", "add", "amira\u{1B}]2;X\u{07}", "--role", "manager", "--db", db]))
        outputs.append(try run(scratch, ["user", "list", "--db", db]))
        outputs.append(try run(scratch, ["tag", "1", "cause\u{1B}]2;X\u{07}", "--db", db]))
        outputs.append(try run(scratch, ["fix", "cause\u{1B}]2;X\u{07}", "--status", "in-progress", "--owner", "ben\u{1B}[2J", "--db", db]))
        outputs.append(try run(scratch, ["settings", "get", "site.\(evil).hours", "--db", db]))
        outputs.append(try run(scratch, ["settings", "set", "no\u{1B}]2;such", "1", "--db", db]))
        for format in ["table", "csv", "markdown"] {
            for list in ["low-rated", "gaps", "audit", "queue"] {
                outputs.append(try run(scratch, ["report", list, "--db", db, "--format", format]))
            }
        }
        for result in outputs {
            for text in [result.stdout, result.stderr] {
                #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" || $0 == "\u{2060}" },
                        "raw control in: \(text.debugDescription.prefix(400))")
            }
        }
        #expect(outputs[1].stdout.contains("Site^[]2;PWNED^G<U+202E><U+2060>"), "\(outputs[1].stdout)")
        #expect(outputs[0].stderr.contains("evil^[[31m.csv"), "\(outputs[0].stderr)")
        // JSON stays exact, through its own escapes.
        let json = try run(scratch, ["report", "low-rated", "--db", db, "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first?["site"] as? String == evil)
        #expect(!json.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\u{2060}" })
        // Cells a spreadsheet would run as formulas are defused.
        let csv = try run(scratch, ["report", "low-rated", "--db", db, "--format", "csv"]).stdout
        #expect(csv.contains("'=HYPERLINK") && csv.contains("'+cmd|calc"), "\(csv)")
        let rejected = try String(decoding: sha(rejects), as: UTF8.self)
        #expect(rejected.contains("\"e-2,2026-03-01,Bob,Leeds,9,x\""), "\(rejected)")
    }

    @Test func absurdNumbersAndEmptyArgumentsGetASentence() throws {
        let scratch = try Scratch()
        let db = scratch.path("store.sqlite")
        _ = try run(scratch, ["demo", "--no-ui", "--db", db, "--responses", "200"])
        let call = try run(scratch, ["report", "queue", "--db", db, "--format", "csv", "--limit", "1"]).stdout
            .split(separator: "\n").dropFirst().first.map { String($0.split(separator: ",")[0]) } ?? "1"
        let cases: [([String], String)] = [
            (["call", "record", call, "--outcome", "guarantee", "--amount", "1e308"], "from 0 to 1,000,000"),
            (["fix", "1", "--status", "in-progress", "--effort", "1e-300"], "from 0.1 to 1,000"),
            (["report", "gaps", "--window", "-5"], "--window is a number of days from 1 to 3650; -5 is not"),
            (["report", "queue", "--limit", "-1"], "--limit is a number of rows"),
            (["report", "queue", "--db", ""], "--db needs the path of a store"),
            (["settings", "set", "ranking.money_per_point", "1e308"], "a number from 0.01 to 1,000,000"),
            (["import", scratch.url.path], "is a folder, not a file"),
        ]
        for (arguments, sentence) in cases {
            let result = try run(scratch, arguments + (arguments.contains("--db") ? [] : ["--db", db]))
            #expect(result.status != 0 && result.stderr.contains(sentence), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"))
        }
        let gaps = try JSONSerialization.jsonObject(with: Data(try run(scratch, ["report", "gaps", "--db", db, "--format", "json"]).stdout.utf8))
        #expect((gaps as? [[String: Any]])?.allSatisfy { ($0["score"] as? Double)?.isFinite == true } == true, "no score is infinite")
    }
}}
