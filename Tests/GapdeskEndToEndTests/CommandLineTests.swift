import Foundation
import Testing

/// The commands a script or a new user runs.
extension EndToEnd { @Suite struct CommandLineTests {
    static let now = "2026-03-02T09:00:00Z"

    @Test func demoThenReportQueueShowsOverdueFirstAndValidJSON() throws {
        let scratch = try Scratch()
        let db = scratch.path("demo.sqlite")
        let built = try Binary.run(["demo", "--no-ui", "--db", db, "--now", Self.now], home: scratch.url)
        // 3,000 over 90 days, and the few the demo's gater asked for besides.
        let said = built.stdout.firstMatch(of: /: (\d+) responses \(/).flatMap { Int($0.1) } ?? 0
        #expect(built.status == 0 && (3_000...3_100).contains(said), "\(built.stdout)\(built.stderr)")
        let table = try Binary.run(["report", "queue", "--db", db, "--now", Self.now], home: scratch.url)
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines[0].contains("overdue") && lines[0].contains("due later today"))
        let marks = lines.dropFirst(2).map { $0.first ?? " " }
        let firstLater = marks.firstIndex { $0 != "!" } ?? marks.endIndex
        #expect(firstLater > marks.startIndex, "some calls are overdue")
        #expect(marks[firstLater...].allSatisfy { $0 != "!" }, "overdue first, then by due time")
        let json = try Binary.run(["report", "queue", "--db", db, "--now", Self.now, "--format", "json"], home: scratch.url)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(!rows.isEmpty && rows.allSatisfy { $0["callback_id"] is Int && $0["response_id"] is Int })
        let help = try Binary.run(["report", "--help"], home: scratch.url).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let lists = ["queue", "low-rated", "gaps", "followups", "coverage", "mine", "pressure", "results", "audit"]
        #expect(lists.allSatisfy { help.contains("\($0) (") }, "each report named and said in the help: \(help)")
        let unknown = try Binary.run(["report", "callbacks", "--db", db], home: scratch.url)
        #expect(unknown.status != 0 && lists.allSatisfy { unknown.stderr.contains("- \($0)\n") }, "\(unknown.stderr)")
        // A document prints for people only, and says so.
        let review = try Binary.run(["report", "review", "--format", "markdown", "--db", db, "--now", Self.now], home: scratch.url)
        #expect(review.status == 0 && review.stdout.hasPrefix("# Review: "), "\(review.stdout)\(review.stderr)")
        let refused = try Binary.run(["report", "review", "--format", "json", "--db", db, "--now", Self.now], home: scratch.url)
        #expect(refused.status != 0 && refused.stderr.contains("review prints as markdown or table, not json"), "\(refused.stderr)")
        for list in lists.dropFirst() {
            for format in ["json", "csv", "table", "markdown"] {
                let result = try Binary.run(["report", list, "--db", db, "--now", Self.now, "--format", format], home: scratch.url)
                #expect(result.status == 0 && !result.stdout.isEmpty, "\(list) \(format): \(result.stderr)")
                if format == "json" { _ = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) }
            }
        }
    }

    /// The man page says the store options once, lists the dashboard's keys
    /// from the key table, and knows a store can be PostgreSQL.
    @Test func theManPageSaysCommonOptionsOnceAndListsTheKeys() throws {
        let scratch = try Scratch()
        let page = try Binary.run(["manual"], home: scratch.url)
        #expect(page.status == 0, "\(page.stderr)")
        let text = page.stdout
        for option in ["\\-\\-db", "\\-\\-now", "\\-\\-read\\-only", "\\-\\-log\\-level"] {
            #expect(text.components(separatedBy: "\\fB\(option)\\fR").count - 1 == 1, "\(option) once")
        }
        #expect(text.contains(".SH DASHBOARD KEYS") && text.contains("[record_call]") && text.contains("PostgreSQL"))
        #expect(text.contains(".SS \"gapdesk user add\"") && text.contains(".SS \"gapdesk report\""))
        #expect(!text.contains("one SQLite store") && !text.contains("The store file"))
    }

    @Test func theSameSeedGivesTheSameReport() throws {
        let scratch = try Scratch()
        var outputs: [String] = []
        for name in ["a", "b"] {
            let db = scratch.path("\(name).sqlite")
            _ = try Binary.run(["demo", "--no-ui", "--db", db, "--now", Self.now, "--seed", "9", "--responses", "400"], home: scratch.url)
            outputs.append(try Binary.run(["report", "low-rated", "--db", db, "--now", Self.now, "--format", "csv"], home: scratch.url).stdout)
        }
        #expect(outputs[0] == outputs[1] && !outputs[0].isEmpty)
    }

    @Test func aMissingStoreIsNeverCreatedByReport() throws {
        let scratch = try Scratch()
        let db = scratch.path("nothing-here.sqlite")
        for arguments in [["report", "queue"], ["settings", "list"], ["open"]] {
            let result = try Binary.run(arguments + ["--db", db], home: scratch.url)
            #expect(result.status != 0)
            #expect(result.stderr.contains("There is no gapdesk store at \(db)"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    @Test func errorsAreSentencesNotStackTraces() throws {
        let scratch = try Scratch()
        let junk = scratch.path("junk.sqlite")
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        let result = try Binary.run(["report", "gaps", "--db", junk], home: scratch.url)
        #expect(result.status != 0 && result.stderr.contains("is not a gapdesk store"))
        let badNow = try Binary.run(["report", "gaps", "--db", junk, "--now", "yesterday"], home: scratch.url)
        #expect(badNow.status != 0 && badNow.stderr.contains("is not a time gapdesk understands"))
        #expect(try String(contentsOfFile: junk, encoding: .utf8) == "not a database")
    }

    @Test func demoNeverReplacesARealStore() throws {
        let scratch = try Scratch()
        let db = scratch.path("team.sqlite")
        let created = try Binary.run(["init", "--db", db], home: scratch.url)
        #expect(created.status == 0 && created.stdout.contains("Created an empty gapdesk store"))
        let attrs = try FileManager.default.attributesOfItem(atPath: db)
        #expect((attrs[.posixPermissions] as? Int ?? 0) & 0o777 == 0o600)
        let demo = try Binary.run(["demo", "--no-ui", "--db", db], home: scratch.url)
        #expect(demo.status != 0 && demo.stderr.contains("will not replace it"))
        let again = try Binary.run(["init", "--db", db], home: scratch.url)
        #expect(again.status != 0 && again.stderr.contains("already there"))
    }

    @Test func settingsListGetAndSet() throws {
        let scratch = try Scratch()
        let db = scratch.path("demo.sqlite")
        _ = try Binary.run(["demo", "--no-ui", "--db", db, "--responses", "50"], home: scratch.url)
        let list = try Binary.run(["settings", "list", "--db", db], home: scratch.url)
        #expect(list.stdout.contains("callback.due_business_days = 1") && list.stdout.contains("site.Northgate Leeds Service.hours"))
        let set = try Binary.run(["settings", "set", "callback.due_business_days", "0.5", "--db", db], home: scratch.url)
        #expect(set.status == 0 && set.stdout.contains("= 0.5"))
        let get = try Binary.run(["settings", "get", "callback.due_business_days", "--db", db], home: scratch.url)
        #expect(get.stdout == "0.5\n")
        let bad = try Binary.run(["settings", "set", "critical.below.csat5", "9", "--db", db], home: scratch.url)
        #expect(bad.status != 0 && bad.stderr.contains("expected a whole number from 2 to 5"))
    }

    @Test func theDefaultStoreIsCreatedOnFirstRunUnderXDG() throws {
        let scratch = try Scratch()
        let tmux = try Tmux([], scratch: scratch)
        let screen = tmux.waitFor("This store is empty")
        #expect(screen.found, "\(screen.screen)")
        tmux.press("q")
        #expect(tmux.exitStatus() == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("data/gapdesk/gapdesk.sqlite")))
    }
}
}
