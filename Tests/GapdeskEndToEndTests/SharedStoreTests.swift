import Foundation
import GapdeskDomain
import GapdeskStore
import Testing

/// Many people and processes on one store: every action lands once, races
/// have one winner and a clear refusal, nothing prints a database error.
extension EndToEnd { @Suite struct SharedStoreTests {
    static let now = "2026-03-02T09:00:00Z"
    let nowDate = Clock.parseInstant(SharedStoreTests.now)!

    /// A store with `count` open callbacks; returns the path and their ids.
    func storeWithOpenCalls(_ scratch: Scratch, count: Int) throws -> (String, [Int64]) {
        let path = scratch.path("shared.sqlite")
        let store = try Store.create(path: path, creator: Account.current(), at: Date(timeIntervalSince1970: 1_772_442_000))
        var ids: [Int64] = []
        for index in 0..<count {
            let recorded = try store.addResponse(NewResponse(customer: "Customer \(index)", phone: "0100 \(index)", site: "Main",
                                                             scale: .csat5, rating: 1 + index % 4, receivedAt: nowDate),
                                                 by: Account.current(), at: nowDate)
            ids.append(try #require(recorded.callbackId))
        }
        return (path, ids)
    }

    /// Starts `sh -c script` writing to files; returns the process.
    func shell(_ script: String, scratch: Scratch, name: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.environment = Binary.environment(home: scratch.url)
        #expect(FileManager.default.createFile(atPath: scratch.path("\(name).out"), contents: nil), "a fixture file")
        #expect(FileManager.default.createFile(atPath: scratch.path("\(name).err"), contents: nil), "a fixture file")
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("\(name).out")))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("\(name).err")))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func read(_ scratch: Scratch, _ file: String) -> String {
        (try? String(contentsOfFile: scratch.path(file), encoding: .utf8)) ?? ""
    }

    @Test func eightWritersAndTwoRacersWithADashboardOpen() throws {
        let scratch = try Scratch()
        let perWriter = 15, raced = 15, writers = 8
        let (db, ids) = try storeWithOpenCalls(scratch, count: writers * perWriter + raced)
        let dashboard = try Tmux(["--db", db, "--now", Self.now], scratch: scratch)
        #expect(dashboard.waitFor("1 Callbacks").found)

        let binary = Tmux.quote(Binary.path)
        var processes: [Process] = []
        for writer in 0..<writers {
            let mine = ids[(writer * perWriter)..<((writer + 1) * perWriter)].map(String.init).joined(separator: " ")
            processes.append(try shell("for id in \(mine); do \(binary) call record $id --outcome thanked --note w\(writer) --db \(Tmux.quote(db)); done",
                                       scratch: scratch, name: "writer\(writer)"))
        }
        let race = ids.suffix(raced).map(String.init).joined(separator: " ")
        for racer in 0..<2 {
            processes.append(try shell("for id in \(race); do \(binary) call record $id --outcome recovered --note r\(racer) --db \(Tmux.quote(db)); done",
                                       scratch: scratch, name: "racer\(racer)"))
        }
        for process in processes { process.waitUntilExit() }

        // Every writer's calls are in the store and the audit exactly once.
        let store = try Store.open(path: db, readOnly: true)
        let audit = try store.auditEntries(since: nil, limit: 100_000).filter { $0.action == "call.record" }
        var perCallback: [String: Int] = [:]
        for entry in audit { perCallback[entry.entityId, default: 0] += 1 }
        #expect(perCallback.count == ids.count, "\((0..<writers).map { read(scratch, "writer\($0).err") }.joined())")
        #expect(perCallback.values.allSatisfy { $0 == 1 }, "each call audited once")
        #expect(try store.queue(limit: 10).isEmpty, "no call left open")
        for writer in 0..<writers {
            #expect(read(scratch, "writer\(writer).out").components(separatedBy: "Call recorded").count - 1 == perWriter)
        }
        // Each race: one winner, one clear refusal.
        let wins = (0..<2).map { read(scratch, "racer\($0).out").components(separatedBy: "Call recorded").count - 1 }
        let refusals = (0..<2).map { read(scratch, "racer\($0).err").components(separatedBy: "Already recorded by").count - 1 }
        #expect(wins[0] + wins[1] == raced)
        #expect(refusals[0] + refusals[1] == raced, "\(read(scratch, "racer0.err"))\(read(scratch, "racer1.err"))")
        let allErrors = (0..<writers).map { read(scratch, "writer\($0).err") }.joined() + read(scratch, "racer0.err") + read(scratch, "racer1.err")
        for raw in ["database is locked", "SQLITE", "DatabaseError", "Fatal error"] {
            #expect(!allErrors.contains(raw), "printed a raw error: \(allErrors.prefix(300))")
        }
        // The open dashboard caught up without a key.
        let caughtUp = dashboard.waitFor("No open calls")
        #expect(caughtUp.found, "\(caughtUp.screen)")
        dashboard.press("q")
    }

    @Test func commandsForEveryActionAndTheirRefusals() throws {
        let scratch = try Scratch()
        let (db, ids) = try storeWithOpenCalls(scratch, count: 3)
        func run(_ arguments: [String]) throws -> Binary.Result { try Binary.run(arguments + ["--db", db, "--now", Self.now], home: scratch.url) }

        #expect(try run(["call", "record", String(ids[0]), "--outcome", "no-answer", "--retry-at", "+3h"]).stdout.contains("No answer from"))
        #expect(try run(["call", "record", String(ids[0]), "--outcome", "guarantee", "--amount", "1,040.50"]).stdout.contains("guarantee invoked, 1,040.50 waived"))
        let again = try run(["call", "record", String(ids[0]), "--outcome", "thanked"])
        #expect(again.status != 0 && again.stderr.contains("Already recorded by \(Account.current())"))
        let unknown = try run(["call", "record", "999999", "--outcome", "thanked"])
        #expect(unknown.status != 0 && unknown.stderr.contains("There is no callback 999999"))
        #expect(try run(["call", "assign", String(ids[1]), "amira"]).stdout.contains("Call assigned to amira"))
        #expect(try run(["tag", "1", "keys lost", "--kind", "3"]).stdout.contains("Tagged: keys lost."))
        let typo = try run(["fix", "keys lost", "--status", "in-progress", "--owner", "bne"])
        #expect(typo.status != 0 && typo.stderr.contains("bne has no role in this store, so cannot own a fix"), "\(typo.stderr)")
        #expect(try run(["user", "add", "ben", "--role", "manager"]).status == 0)
        let fix = try run(["fix", "keys lost", "--status", "in-progress", "--owner", "ben", "--effort", "2"])
        #expect(fix.status == 0 && fix.stdout.contains("now in progress"), "\(fix.stderr)")
        let noGap = try run(["fix", "no such gap", "--status", "done"])
        #expect(noGap.status != 0 && noGap.stderr.contains("There is no gap"))
        let added = try run(["add", "--customer", "Phoned In", "--phone", "0777", "--site", "Main", "--rating", "3", "--comment", "marker"])
        #expect(added.status == 0 && added.stdout.contains("callback"))
        let happy = try run(["add", "--customer", "Happy", "--site", "Main", "--rating", "10", "--scale", "nps10"])
        #expect(happy.stdout.contains("not critical"))
        let badRating = try run(["add", "--customer", "X", "--site", "Main", "--rating", "6"])
        #expect(badRating.status != 0 && badRating.stderr.contains("outside the csat5 scale"))

        // A read-only session changes nothing.
        let before = try run(["report", "audit", "--format", "csv", "--limit", "0"]).stdout
        for arguments in [["call", "record", String(ids[2]), "--outcome", "thanked"], ["tag", "1", "x"], ["user", "add", "x", "--role", "manager"],
                          ["fix", "keys lost", "--status", "done"], ["add", "--customer", "Y", "--site", "Main", "--rating", "1"]] {
            let refused = try run(arguments + ["--read-only"])
            #expect(refused.status != 0 && refused.stderr.contains("read-only"), "\(arguments): \(refused.stderr)")
        }
        #expect(try run(["report", "audit", "--format", "csv", "--limit", "0"]).stdout == before)

        // Users: add, list, the last admin stays.
        #expect(try run(["user", "add", "zed", "--role", "supervisor"]).stdout.contains("zed is now a supervisor"))
        #expect(try run(["user", "list"]).stdout.contains("zed\tsupervisor"))
        let lastAdmin = try run(["user", "remove", Account.current()])
        #expect(lastAdmin.status != 0 && lastAdmin.stderr.contains("last admin"))
        #expect(try run(["user", "remove", "zed"]).stdout.contains("no longer has a role"))
        let audit = try run(["report", "audit", "--format", "json", "--limit", "0"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]])
        let actions = Set(entries.compactMap { $0["action"] as? String })
        #expect(actions.isSuperset(of: ["call.record", "call.assign", "response.tag", "fix.move", "response.add", "user"]))
        #expect(entries.allSatisfy { ($0["actor"] as? String) == Account.current() })
    }

    @Test func aSharedGroupStoreIsTheGroupsToReadAndItsOwnersToWrite() throws {
        let scratch = try Scratch()
        let db = scratch.path("team/team.sqlite")
        let group = String(cString: getgrgid(getegid()).pointee.gr_name)
        let created = try Binary.run(["init", "--db", db, "--shared-group", group], home: scratch.url)
        #expect(created.status == 0, "\(created.stderr)")
        // Its WAL and SHM files stay between sessions: only the owner may make them in its folder.
        #expect(FileManager.default.fileExists(atPath: db + "-wal") && FileManager.default.fileExists(atPath: db + "-shm"))
        for file in [db, db + "-wal", db + "-shm", db + "-writers"] {
            let mode = (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int ?? 0) & 0o777
            // The group's bits show the list's mask; the group itself reads only (`FileAccess`).
            #expect(mode == 0o660, "\(file): \(String(mode, radix: 8))")
        }
        let folder = (try FileManager.default.attributesOfItem(atPath: scratch.path("team"))[.posixPermissions] as? Int ?? 0) & 0o777
        #expect(folder == 0o750)
        let noGroup = try Binary.run(["init", "--db", scratch.path("x.sqlite"), "--shared-group", "no-such-group-xyz"], home: scratch.url)
        #expect(noGroup.status != 0 && noGroup.stderr.contains("no group called"))
        // A folder others may write would let them replace the store.
        try FileManager.default.createDirectory(atPath: scratch.path("open"), withIntermediateDirectories: true)
        chmod(scratch.path("open"), 0o775)
        let open = try Binary.run(["init", "--db", scratch.path("open/team.sqlite"), "--shared-group", group], home: scratch.url)
        #expect(open.status != 0 && open.stderr.contains("can be written by others"), "\(open.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("open/team.sqlite")))
    }

    /// On one machine the file system is the authority: a member of the
    /// team's group without a role reads the store and cannot write it, with
    /// gapdesk or with the sqlite3 shell; a role given by the owner lets its
    /// account write, and taking it away stops it again.
    @Test(.enabled(if: getuid() == 0, "needs root, to make throwaway accounts"))
    func aMemberWithoutARoleCannotWriteTheStoreWithSqlite3() throws {
        let scratch = try Scratch()
        let team = "gdk-team-\(UUID().uuidString.prefix(6).lowercased())"
        let (reader, writer) = ("gdk-r-\(team.suffix(6))", "gdk-w-\(team.suffix(6))")
        #expect(try Binary.shell("groupadd \(team) && useradd -M -G \(team) \(reader) && useradd -M -G \(team) \(writer)") == 0)
        defer { _ = try? Binary.shell("userdel \(reader); userdel \(writer); groupdel \(team)") }
        chmod(scratch.url.path, 0o755)
        let binary = scratch.path("gapdesk")
        try FileManager.default.copyItem(atPath: Binary.path, toPath: binary)
        let db = scratch.path("team/team.sqlite")
        #expect(try Binary.run(["demo", "--no-ui", "--db", scratch.path("demo.sqlite"), "--now", Self.now, "--responses", "200"],
                               home: scratch.url).status == 0)
        #expect(try Binary.run(["init", "--db", db, "--shared-group", team], home: scratch.url).status == 0)
        #expect(try Binary.run(["add", "--db", db, "--now", Self.now, "--customer", "Ann", "--phone", "0100 1", "--site", "Main", "--rating", "1"],
                               home: scratch.url).status == 0)
        func run(as account: String, _ arguments: [String], executable: String? = nil) throws -> Binary.Result {
            let home = scratch.path("home-\(account)")
            if !FileManager.default.fileExists(atPath: home) {
                try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
                _ = try Binary.shell("chown \(account) \(home)")
            }
            return try Binary.run(["-u", account, "--", executable ?? binary] + arguments, home: URL(fileURLWithPath: home),
                                  executable: "/usr/sbin/runuser")
        }
        func sqlite3(as account: String, _ sql: String) throws -> Binary.Result { try run(as: account, [db, sql], executable: "/usr/bin/sqlite3") }
        let audit = try sqlite3(as: reader, "SELECT count(*) FROM audit")
        #expect(audit.status == 0 && Int(audit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 0, "\(audit.stderr)")
        // The issue's attack, as a member of the group with no role.
        let attack = try sqlite3(as: reader, "INSERT INTO app_user VALUES ('\(reader)', 'admin', 0, 'x'); DROP TRIGGER audit_no_delete; DELETE FROM audit")
        #expect(attack.status != 0 && attack.stderr.contains("readonly"), "\(attack.stdout) \(attack.stderr)")
        #expect(try sqlite3(as: reader, "SELECT count(*) FROM audit").stdout == audit.stdout)
        let looked = try run(as: reader, ["report", "queue", "--db", db, "--now", Self.now])
        #expect(looked.status == 0 && looked.stdout.contains("Ann"), "\(looked.stderr)")
        let call = try #require(try sqlite3(as: reader, "SELECT id FROM callback LIMIT 1").stdout.split(separator: "\n").first)
        let refused = try run(as: reader, ["call", "record", String(call), "--outcome", "thanked", "--db", db, "--now", Self.now])
        #expect(refused.status != 0 && refused.stderr.contains("has no role"), "\(refused.stderr)")
        // A role the owner gives is write access to the files; without it the shell cannot write either.
        #expect(try sqlite3(as: writer, "UPDATE setting SET value = value").status != 0)
        let given = try Binary.run(["user", "add", writer, "--role", "manager", "--db", db], home: scratch.url)
        #expect(given.status == 0, "\(given.stderr)")
        let recorded = try run(as: writer, ["call", "record", String(call), "--outcome", "thanked", "--db", db, "--now", Self.now])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try Binary.run(["user", "remove", writer, "--db", db], home: scratch.url).status == 0)
        let after = try sqlite3(as: writer, "INSERT INTO app_user VALUES ('\(writer)', 'admin', 0, 'x')")
        #expect(after.status != 0 && after.stderr.contains("readonly"), "\(after.stderr)")
        // A role written past gapdesk (the owner with the shell) gives no write access: gapdesk says which it lacks.
        #expect(try Binary.shell("sqlite3 \(db) \"INSERT INTO app_user VALUES ('\(reader)', 'manager', 0, 'root')\"") == 0)
        // The owner's shell removed the -wal and -shm files on closing: only the owner can make them again.
        let missing = try run(as: reader, ["report", "queue", "--db", db, "--now", Self.now])
        #expect(missing.status != 0 && missing.stderr.contains("only its owner, root, can make them"), "\(missing.stderr)")
        #expect(try Binary.run(["report", "queue", "--db", db, "--now", Self.now], home: scratch.url).status == 0)
        #expect(try sqlite3(as: reader, "DELETE FROM audit").stderr.contains("readonly"), "the files made again list the writers only")
        let lacking = try run(as: reader, ["call", "record", String(call), "--outcome", "thanked", "--db", db, "--now", Self.now])
        #expect(lacking.status != 0 && lacking.stderr.contains("is read-only for \(reader)"), "\(lacking.stderr)")
    }
}}
