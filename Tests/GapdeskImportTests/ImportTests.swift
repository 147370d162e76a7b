import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskImport
import GapdeskFuzzing
@testable import GapdeskStore

/// Each fixture imported into a fresh store: exactly what goes in, what is rejected and why.
@Suite struct ImportTests {
    static let now = Clock.parseInstant("2026-03-02T09:00:00Z")!
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-import-\(UUID().uuidString)")

    func fixture(_ name: String) throws -> String {
        if name.hasPrefix("/") { return name }
        return try #require(Bundle.module.path(forResource: name, ofType: nil, inDirectory: "Fixtures"))
    }

    func freshStore() throws -> Store {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try Store.create(path: directory.appendingPathComponent("s-\(UUID().uuidString).sqlite").path, creator: "importer", at: Self.now)
    }

    func run(_ name: String, options: ImportOptions = ImportOptions(), store: Store? = nil) throws -> (ImportSummary, [Reject], Store) {
        let target = try store ?? freshStore()
        var problems: [Reject] = []
        let importer = Importer(store: target, actor: "importer", now: Self.now, options: options, onReject: { problems.append($0) })
        return (try importer.run(path: try fixture(name)), problems, target)
    }

    func responses(_ store: Store) throws -> [Row] {
        try store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.external_id, r.rating, r.scale, r.comment, r.received_at, r.critical, cu.name AS customer, cu.phone, cu.email,
                       s.name AS site, st.name AS staff,
                       (SELECT group_concat(rc.name, ';') FROM response_cause x JOIN root_cause rc ON rc.id = x.cause_id WHERE x.response_id = r.id) AS tags
                FROM response r JOIN customer cu ON cu.id = r.customer_id JOIN site s ON s.id = r.site_id
                LEFT JOIN staff st ON st.id = r.staff_id ORDER BY r.id
                """)
        }
    }

    @Test func genericCSVWithBOMQuotesAndLineBreaks() throws {
        let (summary, problems, store) = try run("generic.csv")
        #expect(problems.isEmpty, "\(problems)")
        #expect(summary.preset == .generic && summary.rows == 5 && summary.counts.imported == 5)
        let rows = try responses(store)
        #expect(rows.map { $0["external_id"] as String } == ["g-1", "g-2", "g-3", "g-4", "g-5"])
        #expect(rows[0]["comment"] as String == "Car not ready, again." && rows[0]["staff"] as String == "Sam Patel")
        #expect(rows[1]["customer"] as String == "Bob \"Bobby\" Stone")
        #expect(rows[1]["critical"] as Bool == false, "5 of 5 is not critical")
        #expect(rows[2]["comment"] as String == "Line one\r\nline two")
        #expect(rows[2]["scale"] as String == "nps10" && rows[2]["received_at"] as Int64 == 1_772_362_800, "12:00+01:00 is 11:00Z")
        #expect(rows[2]["tags"] as String? == "price higher than quoted;alignment not checked")
        #expect(rows[3]["scale"] as String == "nps10", "0-10 is NPS")
        #expect(rows[4]["customer"] as String == "Ann Lee", "matched to Ann by phone")
        #expect(summary.counts.customersCreated == 4 && summary.counts.sitesCreated == 3 && summary.counts.callbacks == 4)
        // New causes from a file have no kind until someone sets it.
        #expect(try store.rootCauses().allSatisfy { $0.kind == nil })
        // The customers' values (1200 and 300) give the median the ranking weighs by, measured after the import.
        let gap = try #require(try store.gaps(now: Self.now).first { $0.name == "car not ready when promised" })
        let breakdown = try #require(try store.gapBreakdown(causeId: gap.causeId, now: Self.now))
        #expect(breakdown.medianValue == 750 && breakdown.lines.map(\.contribution.value) == [1.6])
        #expect(abs(gap.score - 0.75 * pow(0.5, 1.0 / 30) * 1.6) < 1e-12 && gap.moneyAtRisk == 1200)
    }

    @Test func aContactIsRecordedOnlyWhereTheFileDescribesOne() throws {
        let (_, _, store) = try run("generic.csv")
        let contacts = try store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT r.external_id, co.kind, co.occurred_at FROM response r LEFT JOIN contact co ON co.id = r.contact_id ORDER BY r.id")
        }
        // g-1 gives a date and a kind; g-2 neither, so nothing is made up for it.
        #expect(contacts[0]["kind"] as String? == "service" && contacts[0]["occurred_at"] as Int64? == 1_772_236_800)
        #expect(contacts[1]["kind"] as String? == nil)
    }

    @Test func aContactFileBringsInContactsWithTheSameGuarantees() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("visits.csv").path
        try """
            contact_id,customer,phone,site,contact_date,contact_kind
            v1,Ann Lee,0100 1,Leeds,2026-02-01T10:00:00Z,visit
            v2,Bob,,Leeds,2026-02-02,job
            v3,Cat,0100 3,Leeds,,visit
            v4,Dan,0100 4,Leeds,2026-02-03,spaceship
            v5,,,Leeds,2026-02-04,sale

            """.write(toFile: path, atomically: true, encoding: .utf8)
        let (summary, rejects, store) = try run(path)
        #expect(summary.contacts && summary.counts.imported == 2 && summary.counts.contacts == 2 && summary.rejected == 3)
        #expect(summary.tally.accounted == summary.lines, "every line accounted for")
        #expect(rejects.map(\.column) == ["contact_date", "contact_kind", "customer"], "\(rejects.map(\.reason))")
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM contact WHERE external_id IN ('v1', 'v2')") } == 2)
        // A rerun adds nothing; the same id with other content is a conflict.
        let (again, _, _) = try run(path, store: store)
        #expect(again.counts.imported == 0 && again.counts.alreadyThere == 2)
        try "contact_id,customer,phone,site,contact_date\nv1,Ann Lee,0100 1,York,2026-02-01T10:00:00Z\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let (changed, conflicts, _) = try run(path, store: store)
        #expect(changed.rejected == 1 && conflicts.first?.kind == .conflict && conflicts.first?.reason.contains("contact id \"v1\"") == true)
        // A survey file with an empty rating is still a reject, not a contact.
        try "response_id,received_at,customer,site,rating,contact_date\nr1,2026-02-01T10:00:00Z,Eve,Leeds,,2026-02-01\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let (survey, surveyRejects, _) = try run(path, store: store)
        #expect(!survey.contacts && survey.rejected == 1 && surveyRejects.first?.column == "rating")
    }

    @Test func importingTwiceAddsNothing() throws {
        let (_, _, store) = try run("generic.csv")
        let (again, _, _) = try run("generic.csv", store: store)
        #expect(again.counts.imported == 0 && again.counts.alreadyThere == 5)
        #expect(try responses(store).count == 5)
        let callbacks = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM callback") }
        #expect(callbacks == 4)
    }

    @Test func aBatchCommitsInPartsWhenItOutrunsItsTransactionTime() throws {
        let store = try freshStore()
        let rows = (0..<1200).map { i in
            PreparedRow.response(NewResponse(externalId: "t-\(i)", customer: "Customer \(i % 300)", phone: "0100 \(i % 300)", site: "Main",
                               scale: .csat5, rating: 1 + i % 5, receivedAt: Self.now.addingTimeInterval(Double(-i * 60)), tags: ["cause \(i % 3)"]))
        }
        let run = try store.beginImport(source: "big.csv", by: "importer", at: Self.now)
        // No time at all: every transaction commits after its first chunk.
        let (counts, outcomes) = try store.importBatch(rows, lines: Array(2...1201), run: run, source: "big.csv", by: "importer", at: Self.now,
                                                       transactionTime: .zero, chunkRows: 512)
        #expect(counts.imported == 1200 && counts.callbacks == 960 && counts.customersCreated == 300 && counts.sitesCreated == 1)
        #expect(outcomes.count == 1200)
        let parts = try store.auditEntries(since: nil, limit: 10).filter { $0.entity == "import" }.map(\.after)
        #expect(parts == ["lines 2-513: imported 512, already there 0", "lines 514-1025: imported 512, already there 0",
                          "lines 1026-1201: imported 176, already there 0"])
        let again = try store.importBatch(rows, lines: Array(2...1201), run: run, source: "big.csv", by: "importer", at: Self.now,
                                          transactionTime: .zero)
        #expect(again.counts.imported == 0 && again.counts.alreadyThere == 1200)
        #expect(try responses(store).count == 1200)
    }

    @Test func qualtricsSkipsItsExtraHeaderRowsAndReadsQuestions() throws {
        let (summary, problems, store) = try run("qualtrics.csv")
        #expect(problems.isEmpty, "\(problems)")
        #expect(summary.preset == .qualtrics && summary.rows == 3 && summary.tally.header == 3)
        let rows = try responses(store)
        #expect(rows.map { $0["external_id"] as String } == ["R_1a", "R_2b", "R_3c"])
        #expect(rows.map { $0["customer"] as String } == ["Fay Green", "Gus Hill", "Hal Ives"])
        #expect(rows.map { $0["rating"] as Int } == [4, 5, 1])
        #expect(rows[0]["comment"] as String == "Waited too long at the desk" && rows[0]["site"] as String == "Leeds")
        #expect(rows[0]["email"] as String == "fay@example.com")
    }

    @Test func surveyMonkeyTwoHeaderRowsAndItsDates() throws {
        let (summary, problems, store) = try run("surveymonkey.csv", options: ImportOptions(scale: .nps10))
        #expect(problems.isEmpty, "\(problems)")
        #expect(summary.preset == .surveyMonkey && summary.rows == 3 && summary.counts.callbacks == 2)
        let rows = try responses(store)
        #expect(rows.map { $0["external_id"] as String } == ["11400001", "11400002", "11400003"])
        #expect(rows[1]["received_at"] as Int64 == Int64(Clock.parseInstant("2026-03-01T21:02:00Z")!.timeIntervalSince1970), "End Date, 9:02 PM")
        #expect(rows[0]["comment"] as String == "Fine, but late" && rows[0]["site"] as String == "Manchester Depot")
    }

    @Test func googleFormsTimestampAndQuestionHeaders() throws {
        let (summary, problems, store) = try run("google-forms.csv")
        #expect(problems.isEmpty, "\(problems)")
        #expect(summary.preset == .googleForms && summary.counts.imported == 2)
        let rows = try responses(store)
        #expect(rows[0]["customer"] as String == "Lee Moss" && rows[0]["phone"] as String == "07700 900011")
        #expect(rows[0]["rating"] as Int == 3 && rows[0]["comment"] as String == "Price higher than quoted")
        #expect((rows[0]["external_id"] as String).hasPrefix("hash:"), "no id in the file: a content hash")
        let (again, _, _) = try run("google-forms.csv", store: store)
        #expect(again.counts.alreadyThere == 2, "the content hash is stable")
    }

    @Test func jsonLinesGoodAndBad() throws {
        let (summary, problems, store) = try run("responses.jsonl")
        #expect(summary.rows == 7 && summary.counts.imported == 3 && summary.rejected == 4)
        #expect(summary.lines == 8 && summary.tally.blank == 1 && summary.tally.accounted == 8)
        #expect(problems.map(\.line) == [4, 5, 6, 7])
        #expect(problems[0].column == "rating" && problems[0].reason.contains("not a number"))
        #expect(problems[1].column == "received_at")
        #expect(problems[2].reason == "not valid JSON" && problems[3].reason == "not a JSON object")
        #expect(problems[2].original == Array("this is not json".utf8))
        let rows = try responses(store)
        #expect(rows[0]["tags"] as String? == "car returned dirty")
        #expect(rows[2]["comment"] as String == "\u{1B}]2;owned\u{07} and \u{202E}evil", "stored as given; made harmless when shown")
    }

    @Test func hostileRowsAreRejectedWithLineColumnAndReason() throws {
        let (summary, problems, store) = try run("hostile.csv")
        let expected: [(Int, String, RejectKind, String)] = [
            (3, "", .columns, "has 5 columns, the header has 6"),
            (4, "", .columns, "has 7 columns, the header has 6"),
            (5, "rating", .range, "6 is outside the csat5 scale (1 to 5)"),
            (6, "rating", .number, "\"great\" is not a number"),
            (7, "received_at", .date, "\"yesterday-ish\" is not a date gapdesk understands"),
            (8, "customer", .encoding, "invalid UTF-8 in column 3"),
            (11, "received_at", .date, "\"2026-02-30T09:00:00Z\" is not a date gapdesk understands"),
            (12, "comment", .quote, "the quote that opens column 6 never closes, not even at the end of the file: "
                + "only this line is rejected, and the lines after it are read as rows of their own"),
            (13, "", .columns, "has 1 column, the header has 6"),
        ]
        #expect(problems.map(\.line) == expected.map(\.0))
        #expect(problems.map(\.column) == expected.map(\.1))
        #expect(problems.map(\.kind) == expected.map(\.2))
        #expect(problems.map(\.reason) == expected.map(\.3))
        // h-8 names nobody: anonymous feedback, imported all the same.
        #expect(summary.rows == 12 && summary.rejected == 9 && summary.counts.imported == 3 && summary.commentsCut == 1)
        #expect(summary.counts.anonymous == 1 && summary.lines == 13 && summary.tally.accounted == 13)
        let rows = try responses(store)
        #expect(rows.map { $0["external_id"] as String } == ["h-1", "h-8", "h-9"])
        #expect((rows[2]["comment"] as String).count == 10_000)
        #expect((rows[0]["comment"] as String).contains("\u{1B}]2;title\u{07}"))
    }

    @Test func anonymousFeedbackIsDataWithNobodyToCall() throws {
        // A Qualtrics export from an anonymous link, with German labels, and a SurveyMonkey one without names.
        let maps = try ["Q1=rating", "Q2=comment"].map(ImportOptions.parseMap)
        let (summary, problems, store) = try run("qualtrics-anonymous-de.csv", options: ImportOptions(maps: maps, site: "Leeds"))
        #expect(problems.isEmpty, "\(problems)")
        #expect(summary.preset == .qualtrics && summary.counts.imported == 3 && summary.counts.anonymous == 3 && summary.counts.callbacks == 0)
        let low = try store.lowRated(limit: 10)
        #expect(low.count == 2 && low.allSatisfy { $0.anonymous && $0.callback == nil && $0.customer.isEmpty })
        let customers = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM customer WHERE anonymous = 1 AND name = ''") }
        #expect(customers == 3, "each anonymous response is its own customer, never merged")
        #expect(try store.loopFigures(clock: Clock(now: Self.now)).critical30d == 2, "counted in the header's critical feedback")
        _ = try store.tag(responseId: low[0].responseId, causes: ["car not ready"], by: "importer", at: Self.now)
        let gap = try #require(try store.gaps(now: Self.now).first)
        #expect(gap.countInWindow == 1 && gap.customers30d == 1, "it names a gap like any other")
        let (monkey, monkeyProblems, _) = try run("surveymonkey-anonymous.csv", options: ImportOptions(scale: .nps10, site: "Manchester Depot"),
                                                  store: store)
        #expect(monkeyProblems.isEmpty && monkey.counts.imported == 2 && monkey.counts.anonymous == 2 && monkey.counts.callbacks == 0)
    }

    @Test func theSameIdWithOtherContentIsAConflictNamingBothLines() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let first = directory.appendingPathComponent("first.csv").path
        try """
            response_id,received_at,customer,site,rating,comment
            a,2026-03-01T09:00:00Z,Ann,Leeds,2,late
            b,2026-03-01T09:00:00Z,Bob,Leeds,2,rude
            a,2026-03-01T09:00:00Z,Ann,Leeds,2,late
            b,2026-03-01T09:00:00Z,Bob,Leeds,4,rude

            """.write(toFile: first, atomically: true, encoding: .utf8)
        let store = try freshStore()
        var rejects: [Reject] = []
        let importer = Importer(store: store, actor: "importer", now: Self.now, options: ImportOptions(), onReject: { rejects.append($0) })
        let summary = try importer.run(path: first)
        #expect(summary.counts.imported == 2 && summary.counts.alreadyThere == 1 && summary.rejected == 1)
        #expect(rejects.map(\.line) == [5] && rejects[0].kind == .conflict && rejects[0].column == "response_id")
        #expect(rejects[0].reason == "response id \"b\" is also on line 3 of this file, with different content")
        #expect(summary.tally.accounted == summary.lines)
        // Against the store, from another file: where the stored one came from.
        let second = directory.appendingPathComponent("second.csv").path
        try "response_id,received_at,customer,site,rating,comment\na,2026-03-01T09:00:00Z,Ann,Leeds,1,later\n"
            .write(toFile: second, atomically: true, encoding: .utf8)
        rejects = []
        let again = try importer.run(path: second)
        #expect(again.rejected == 1 && rejects.first?.reason == "response id \"a\" was imported from \(first) line 2 on 2026-03-02, with different content")
        // A check that writes nothing finds the same.
        rejects = []
        let dry = Importer(store: store, actor: "importer", now: Self.now, options: ImportOptions(dryRun: true), onReject: { rejects.append($0) })
        #expect(try dry.run(path: first).rejected == 1 && rejects.first?.reason.contains("also on line 3") == true)
    }

    @Test func slashDatesAreReadOnlyInAKnownOrderAndOnlyFromThisCentury() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("dates.csv").path
        try """
            response_id,received_at,customer,site,rating
            a,01/03/2026 10:00,Ann,Leeds,2
            b,13/02/2026,Bob,Leeds,2
            c,02/13/2026,Cat,Leeds,2
            d,9999-01-01T00:00:00Z,Dan,Leeds,2
            e,1999-12-31,Eve,Leeds,2
            f,2026-03-03T08:59:00Z,Fay,Leeds,2
            g,2026-03-03T09:01:00Z,Gus,Leeds,2

            """.write(toFile: path, atomically: true, encoding: .utf8)
        var rejects: [Reject] = []
        let generic = Importer(store: nil, actor: "importer", now: Self.now, options: ImportOptions(), onReject: { rejects.append($0) })
        _ = try generic.run(path: path)
        #expect(rejects.map(\.line) == [2, 5, 6, 8])
        #expect(rejects.map(\.kind) == [.ambiguousDate, .dateRange, .dateRange, .dateRange])
        #expect(rejects[0].reason.contains("--date-order"))
        let store = try freshStore()
        let dayFirst = Importer(store: store, actor: "importer", now: Self.now, options: ImportOptions(dateOrder: .dmy))
        let summary = try dayFirst.run(path: path)
        #expect(summary.counts.imported == 3 && summary.rejected == 4, "13/02 reads day first; 02/13 cannot")
        let received = try store.pool.read { try Int64.fetchOne($0, sql: "SELECT received_at FROM response WHERE external_id = 'a'") }
        #expect(received == Int64(Clock.parseInstant("2026-03-01T10:00:00Z")!.timeIntervalSince1970), "1 March, as a UK business means it")
        #expect(DateReader(order: .mdy).parse("01/03/2026") == Clock.parseInstant("2026-01-03T00:00:00Z"))
        #expect(DateReader().read("01/03/2026") == .ambiguous(dayFirst: Clock.parseInstant("2026-03-01")!, monthFirst: Clock.parseInstant("2026-01-03")!))
        #expect(DateReader().parse("03/03/2026") == Clock.parseInstant("2026-03-03"), "the same either way round")
        #expect(Preset.surveyMonkey.dateOrder == .mdy && Preset.googleForms.dateOrder == nil)
    }

    @Test func nulIsRefusedAndAPhoneWithControlsIsNeverKept() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("controls.jsonl").path
        try """
            {"response_id":"n-1","received_at":"2026-03-01T09:00:00Z","customer":"Nul","site":"Leeds","rating":2,"comment":"before\\u0000after"}
            {"response_id":"n-2","received_at":"2026-03-01T09:00:00Z","customer":"Esc","phone":"0770\\u001b]52;c;eA==\\u0007","site":"Leeds","rating":2}
            {"response_id":"n-3","received_at":"2026-03-01T09:00:00Z","customer":"Tag","phone":"0770 900\\u200b123","site":"Leeds","rating":2}
            {"response_id":"n-4","received_at":"2026-03-01T09:00:00Z","customer":"Fine","phone":"+44 (0)7700 900123","site":"Leeds","rating":2}

            """.write(toFile: path, atomically: true, encoding: .utf8)
        let (summary, problems, _) = try run(path)
        #expect(problems.map(\.line) == [1, 2, 3] && problems.map(\.kind) == [.control, .phone, .phone], "\(problems)")
        #expect(problems.map(\.column) == ["comment", "phone", "phone"])
        #expect(summary.counts.imported == 1)
        let store = try freshStore()
        #expect(throws: ActionRefusal.self) {
            try store.addResponse(NewResponse(customer: "Esc", phone: "0770\u{1B}[2J", site: "Leeds", scale: .csat5, rating: 2, receivedAt: Self.now),
                                  by: "importer", at: Self.now)
        }
    }

    @Test func strictImportsNothingWhenAnyRowIsBad() throws {
        let (summary, problems, store) = try run("hostile.csv", options: ImportOptions(strict: true))
        #expect(summary.abandoned && problems.count == 9)
        #expect(try responses(store).isEmpty)
        let (good, _, _) = try run("generic.csv", options: ImportOptions(strict: true), store: store)
        #expect(good.counts.imported == 5)
    }

    @Test func dryRunCountsButChangesNothing() throws {
        let store = try freshStore()
        let (summary, _, _) = try run("generic.csv", options: ImportOptions(dryRun: true), store: store)
        #expect(summary.counts.imported == 5)
        #expect(try responses(store).isEmpty)
    }

    @Test func mapAndSiteOptionsFillTheGaps() throws {
        let path = directory.appendingPathComponent("custom.csv").path
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "Ref,When,Who,Stars,Said\n1,2026-03-01T08:00:00Z,Zoe,2,meh\n".write(toFile: path, atomically: true, encoding: .utf8)
        let store = try freshStore()
        let bare = Importer(store: store, actor: "importer", now: Self.now, options: ImportOptions())
        #expect(throws: ImportError.self) { try bare.run(path: path) }
        let maps = try ["Ref=response_id", "When=received_at", "Who=customer", "Stars=rating", "Said=comment"].map(ImportOptions.parseMap)
        let mapped = Importer(store: store, actor: "importer", now: Self.now, options: ImportOptions(maps: maps, site: "Leeds"))
        #expect(try mapped.run(path: path).counts.imported == 1)
        #expect(throws: ImportError.badMap("nonsense")) { try ImportOptions.parseMap("nonsense") }
        #expect(throws: ImportError.badMap("A=not_a_field")) { try ImportOptions.parseMap("A=not_a_field") }
    }

    @Test func filesThatAreNotExportsGetOneSentence() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try freshStore()
        let importer = Importer(store: store, actor: "importer", now: Self.now, options: ImportOptions())
        let empty = directory.appendingPathComponent("empty.csv").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()), "a fixture file")
        #expect(throws: ImportError.empty(path: empty)) { try importer.run(path: empty) }
        let binary = directory.appendingPathComponent("photo.csv").path
        #expect(FileManager.default.createFile(atPath: binary, contents: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE])), "a fixture file")
        #expect(throws: ImportError.binary(path: binary)) { try importer.run(path: binary) }
        let wrong = directory.appendingPathComponent("wrong.csv").path
        try "name,colour\nann,blue\n".write(toFile: wrong, atomically: true, encoding: .utf8)
        do {
            _ = try importer.run(path: wrong)
            Issue.record("a file without survey columns was accepted")
        } catch let error as ImportError {
            #expect(error.description.contains("no column for rating, site"))
        }
        #expect(throws: ImportError.cannotRead(path: "/no/such/file.csv")) { try importer.run(path: "/no/such/file.csv") }
    }
}

@Suite struct ReaderTests {
    func records(_ text: String) -> [RawRecord] { Array(CSVReader(source: ByteSource(data: Data(text.utf8)))) }

    @Test func rfc4180Cases() {
        #expect(records("a,b\r\n1,2\r\n").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(records("a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n").map(\.fields) == [["a", "b"], ["x,y", "he said \"hi\""]])
        #expect(records("a\n\"multi\nline\"\nnext\n").map(\.line) == [1, 2, 4])
        #expect(records("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]], "no final newline")
        #expect(records("\u{FEFF}a,b\n").first?.fields == ["a", "b"], "BOM skipped")
        #expect(records(",,\n").first?.fields == ["", "", ""])
        #expect(records("a\"b,c\n").first?.fields == ["a\"b", "c"], "a stray quote inside a field is kept")
        #expect(records("\"open\n").first?.problem?.kind == .quote)
        #expect(records("").isEmpty)
    }

    @Test func chunkBoundariesDoNotMatter() {
        // A record longer than one chunk, with a quote pair straddling the boundary.
        let long = String(repeating: "x", count: ByteSource.chunk - 1) + "\"\""
        let text = "a\n\"\(long)y\"\n"
        let parsed = records(text)
        #expect(parsed.count == 2 && parsed[1].fields[0] == String(repeating: "x", count: ByteSource.chunk - 1) + "\"y")
    }

    @Test func isoDatesByHand() {
        #expect(DateReader.iso("2026-03-02T09:00:00Z") == Clock.parseInstant("2026-03-02T09:00:00Z"))
        #expect(DateReader.iso("2026-03-02 09:00") == Clock.parseInstant("2026-03-02T09:00:00Z"))
        #expect(DateReader.iso("2026-03-02T10:30:00+0130") == Clock.parseInstant("2026-03-02T09:00:00Z"))
        #expect(DateReader.iso("2024-02-29") != nil)
        for bad in ["2026-02-29", "2026-13-01", "2026-03-02T25:00:00Z", "2026-03-02T09:00:00Q", "02/30/2026 10:00:00 AM"] {
            #expect(DateReader().parse(bad) == nil, "\(bad)")
        }
        #expect(DateReader(order: .mdy).parse("03/01/2026 02:22:05 PM") == Clock.parseInstant("2026-03-01T14:22:05Z"))
        #expect(DateReader().parse("2026/03/01 2:22:05 PM GMT") == Clock.parseInstant("2026-03-01T14:22:05Z"))
    }

    @Test func ratingsAsExportsWriteThem() {
        #expect(RowConverter.leadingInteger("4") == 4)
        #expect(RowConverter.leadingInteger("4.0") == 4)
        #expect(RowConverter.leadingInteger("4 - Satisfied") == 4)
        #expect(RowConverter.leadingInteger("-1") == -1)
        #expect(RowConverter.leadingInteger("4.5") == nil)
        #expect(RowConverter.leadingInteger("four") == nil)
        #expect(RowConverter.leadingInteger("4x") == nil)
        #expect(RowConverter.leadingInteger("99999999999") == nil)
    }

    @Test func presetsAreRecognised() {
        #expect(Preset.detect(header: ["ResponseId", "RecordedDate", "Q1"]) == .qualtrics)
        #expect(Preset.detect(header: ["Respondent ID", "Collector ID", "Start Date"]) == .surveyMonkey)
        #expect(Preset.detect(header: ["Timestamp", "How was it?"]) == .googleForms)
        #expect(Preset.detect(header: Field.allCases.map(\.rawValue)) == .generic)
    }
}

/// The fuzzer's seed corpus and every crash it found, replayed on each test run.
@Suite struct FuzzCorpusTests {
    @Test func everyCorpusInputRunsCleanly() throws {
        let folder = try #require(Bundle.module.resourceURL?.appendingPathComponent("FuzzCorpus"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count >= 8)
        for file in files {
            FuzzInput.exercise(try Data(contentsOf: folder.appendingPathComponent(file)))
        }
    }
}
