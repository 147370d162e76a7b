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
        try #require(Bundle.module.path(forResource: name, ofType: nil, inDirectory: "Fixtures"))
    }

    func freshStore() throws -> Store {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try Store.create(path: directory.appendingPathComponent("s-\(UUID().uuidString).sqlite").path, creator: "importer")
    }

    func run(_ name: String, options: ImportOptions = ImportOptions(), store: Store? = nil) throws -> (ImportSummary, [RowProblem], Store) {
        let target = try store ?? freshStore()
        var problems: [RowProblem] = []
        let importer = Importer(store: target, actor: "importer", now: Self.now, options: options, onReject: { problem, _ in problems.append(problem) })
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
        #expect(summary.preset == .generic && summary.read == 5 && summary.counts.imported == 5)
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
            NewResponse(externalId: "t-\(i)", customer: "Customer \(i % 300)", phone: "0100 \(i % 300)", site: "Main",
                        scale: .csat5, rating: 1 + i % 5, receivedAt: Self.now.addingTimeInterval(Double(-i * 60)), tags: ["cause \(i % 3)"])
        }
        // No time at all: every transaction commits at its first check, after 512 rows.
        let counts = try store.importBatch(rows, lines: Array(2...1201), source: "big.csv", by: "importer", at: Self.now, transactionTime: .zero)
        #expect(counts.imported == 1200 && counts.callbacks == 960 && counts.customersCreated == 300 && counts.sitesCreated == 1)
        let parts = try store.auditEntries(since: nil, limit: 10).filter { $0.entity == "import" }.map(\.after)
        #expect(parts == ["lines 2-513: imported 512, already there 0", "lines 514-1025: imported 512, already there 0",
                          "lines 1026-1201: imported 176, already there 0"])
        let again = try store.importBatch(rows, lines: Array(2...1201), source: "big.csv", by: "importer", at: Self.now, transactionTime: .zero)
        #expect(again.imported == 0 && again.alreadyThere == 1200)
        #expect(try responses(store).count == 1200)
    }

    @Test func qualtricsSkipsItsExtraHeaderRowsAndReadsQuestions() throws {
        let (summary, problems, store) = try run("qualtrics.csv")
        #expect(problems.isEmpty, "\(problems)")
        #expect(summary.preset == .qualtrics && summary.read == 3)
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
        #expect(summary.preset == .surveyMonkey && summary.read == 3 && summary.counts.callbacks == 2)
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
        #expect(summary.read == 7 && summary.counts.imported == 3 && summary.rejected == 4)
        #expect(problems.map(\.line) == [4, 5, 6, 7])
        #expect(problems[0].column == "rating" && problems[0].reason.contains("not a number"))
        #expect(problems[1].column == "received_at")
        #expect(problems[2].reason == "not valid JSON" && problems[3].reason == "not a JSON object")
        let rows = try responses(store)
        #expect(rows[0]["tags"] as String? == "car returned dirty")
        #expect(rows[2]["comment"] as String == "\u{1B}]2;owned\u{07} and \u{202E}evil", "stored as given; made harmless when shown")
    }

    @Test func hostileRowsAreRejectedWithLineColumnAndReason() throws {
        let (summary, problems, store) = try run("hostile.csv")
        let expected: [(Int, String, String)] = [
            (3, "-", "has 5 columns, the header has 6"),
            (4, "-", "has 7 columns, the header has 6"),
            (5, "rating", "6 is outside the csat5 scale (1 to 5)"),
            (6, "rating", "\"great\" is not a number"),
            (7, "received_at", "\"yesterday-ish\" is not a date gapdesk understands"),
            (8, "-", "invalid UTF-8 in column 3"),
            (9, "customer", "the customer is empty (no name, email or phone)"),
            (11, "received_at", "\"2026-02-30T09:00:00Z\" is not a date gapdesk understands"),
            (12, "-", "unbalanced quotes: a quoted field opened here never closes"),
        ]
        #expect(problems.map(\.line) == expected.map(\.0))
        #expect(problems.map(\.column) == expected.map(\.1))
        #expect(problems.map(\.reason) == expected.map(\.2))
        #expect(summary.read == 11 && summary.rejected == 9 && summary.counts.imported == 2 && summary.commentsCut == 1)
        let rows = try responses(store)
        #expect(rows.map { $0["external_id"] as String } == ["h-1", "h-9"])
        #expect((rows[1]["comment"] as String).count == 10_000)
        #expect((rows[0]["comment"] as String).contains("\u{1B}]2;title\u{07}"))
    }

    @Test func strictImportsNothingWhenAnyRowIsBad() throws {
        let (summary, problems, store) = try run("hostile.csv", options: ImportOptions(strict: true))
        #expect(summary.abandoned && summary.counts.imported == 0 && problems.count == 9)
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
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: ImportError.empty(path: empty)) { try importer.run(path: empty) }
        let binary = directory.appendingPathComponent("photo.csv").path
        FileManager.default.createFile(atPath: binary, contents: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE]))
        #expect(throws: ImportError.binary(path: binary)) { try importer.run(path: binary) }
        let wrong = directory.appendingPathComponent("wrong.csv").path
        try "name,colour\nann,blue\n".write(toFile: wrong, atomically: true, encoding: .utf8)
        do {
            _ = try importer.run(path: wrong)
            Issue.record("a file without survey columns was accepted")
        } catch let error as ImportError {
            #expect(error.description.contains("no column for rating, customer, site"))
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
        #expect(records("\"open\n").first?.problem?.contains("unbalanced") == true)
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
        #expect(DateReader().parse("03/01/2026 02:22:05 PM") == Clock.parseInstant("2026-03-01T14:22:05Z"))
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
