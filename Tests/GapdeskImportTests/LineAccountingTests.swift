import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskImport
@testable import GapdeskStore

/// Every physical line of a file is accounted for: imported, already there,
/// rejected (with its bytes as they were) or a header line, whatever a file
/// throws at the reader.
@Suite struct LineAccountingTests {
    static let now = Clock.parseInstant("2026-03-02T09:00:00Z")!
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-lines-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "a fixture file")
        return path
    }

    func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

    func store() throws -> Store {
        try Store.create(path: directory.appendingPathComponent("s-\(UUID().uuidString).sqlite").path, creator: "importer", at: Self.now)
    }

    func run(_ path: String, store: Store? = nil, options: ImportOptions = ImportOptions()) throws -> (ImportSummary, [Reject]) {
        var rejects: [Reject] = []
        let importer = Importer(store: try store ?? self.store(), actor: "importer", now: Self.now, options: options,
                                onReject: { rejects.append($0) })
        return (try importer.run(path: path), rejects)
    }

    /// A generic export; every 997th comment is quoted and holds a comma, so a
    /// stray quote closes somewhere (none of them on a line with a stray quote).
    static func export(rows: Int, stray: Set<Int>) -> String {
        var text = "response_id,received_at,customer,phone,site,rating,comment\n"
        text.reserveCapacity(rows * 80)
        for index in 0..<rows {
            let customer = stray.contains(index) ? "\"Customer \(index % 5000)" : "Customer \(index % 5000)"
            let comment = index % 997 == 500 ? "\"Waited, then left \(index)\"" : "Waited \(index)"
            text += "r-\(index),2026-02-\(String(format: "%02d", 1 + index % 28))T09:00:00Z,\(customer),0770 \(index % 5000),Site \(index % 7),"
                + "\(1 + index % 5),\(comment)\n"
        }
        return text
    }

    @Test func strayQuotesAtTheFirstAMiddleAndTheLastLineCostOnlyThoseLines() throws {
        let rows = 100_000
        let text = Self.export(rows: rows, stray: [0, rows / 2, rows - 1])
        let path = try file("stray.csv", text)
        let (summary, rejects) = try run(path)
        #expect(rejects.map(\.line) == [2, rows / 2 + 2, rows + 1])
        #expect(rejects.allSatisfy { $0.kind == .quote && $0.column == "customer" && $0.lineCount == 1 }, "\(rejects.map(\.reason))")
        #expect(rejects.first?.reason.contains("only this line is rejected") == true)
        #expect(summary.counts.imported == rows - 3 && summary.rejected == 3)
        // The identity, on the reader's own count of the file's lines.
        let physical = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        #expect(summary.lines == physical && physical == rows + 1)
        #expect(summary.tally == { var t = LineTally(); t.header = 1; t.imported = rows - 3; t.rejected = 3; return t }())
        #expect(summary.tally.accounted == summary.lines)
    }

    @Test func aQuoteThatNeverClosesCostsOnlyItsLineAndRealMultiLineCommentsStay() throws {
        let text = """
            response_id,received_at,customer,site,rating,comment
            a,2026-03-01T09:00:00Z,Ann,Leeds,2,"Line one
            line two, with a comma
            line three"
            b,2026-03-01T09:00:00Z,Bob,Leeds,3,"never closes
            c,2026-03-01T09:00:00Z,Cat,Leeds,4,fine
            d,2026-03-01T09:00:00Z,Dan,Leeds,1,"closes ""here"" at last"

            """
        let (summary, rejects) = try run(try file("multi.csv", text))
        #expect(rejects.map(\.line) == [5])
        #expect(rejects.first?.original == Array("b,2026-03-01T09:00:00Z,Bob,Leeds,3,\"never closes".utf8))
        #expect(summary.counts.imported == 3)
        #expect(summary.lines == 7 && summary.tally.imported == 5 && summary.tally.rejected == 1 && summary.tally.header == 1)
        let store = try self.store()
        _ = try run(try file("multi2.csv", text), store: store)
        let comment = try store.pool.read { try String.fetchOne($0, sql: "SELECT comment FROM response WHERE external_id = 'a'") }
        #expect(comment == "Line one\nline two, with a comma\nline three")
        #expect(try store.pool.read { try String.fetchOne($0, sql: "SELECT comment FROM response WHERE external_id = 'd'") } == "closes \"here\" at last")
    }

    @Test func aQuoteOpenedOnTheLastLineWithoutALineEndIsOneReject() throws {
        let (summary, rejects) = try run(try file("end.csv", "response_id,received_at,customer,site,rating\na,2026-03-01,Ann,Leeds,\"2"))
        #expect(rejects.map(\.line) == [2] && rejects[0].kind == .quote)
        #expect(summary.lines == 2 && summary.tally.accounted == 2)
    }

    @Test func rejectsKeepTheOriginalLineByteForByte() throws {
        var bytes = Array("response_id,received_at,customer,site,rating,comment\n".utf8)
        let bad: [UInt8] = Array("x-1,2026-03-01T09:00:00Z,Bad ".utf8) + [0xFF, 0xFE] + Array(",Leeds,2,caf".utf8) + [0xC3]
        bytes += bad + [0x0D, 0x0A]
        let nul: [UInt8] = Array("x-2,2026-03-01T09:00:00Z,Nul,Leeds,2,before".utf8) + [0x00] + Array("after".utf8)
        bytes += nul + [0x0A]
        bytes += Array("x-3,2026-03-01T09:00:00Z,Good,Leeds,2,fine\n".utf8)
        let (summary, rejects) = try run(try file("bytes.csv", bytes))
        #expect(rejects.map(\.line) == [2, 3])
        #expect(rejects[0].original == bad && rejects[0].kind == .encoding && rejects[0].column == "customer")
        #expect(rejects[0].offset == Int64("response_id,received_at,customer,site,rating,comment\n".utf8.count))
        #expect(rejects[1].original == nul && rejects[1].kind == .control && rejects[1].column == "comment", "\(rejects[1])")
        #expect(summary.counts.imported == 1 && summary.tally.accounted == summary.lines && summary.lines == 4)
    }

    @Test func everyFixtureAccountsForEveryLine() throws {
        let fixtures = try #require(Bundle.module.resourceURL?.appendingPathComponent("Fixtures"))
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path) {
            let path = fixtures.appendingPathComponent(name).path
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let breaks = data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            let physical = breaks + (data.last == UInt8(ascii: "\n") || data.isEmpty ? 0 : 1)
            let maps = name.hasPrefix("qualtrics-anonymous") ? try ["Q1=rating", "Q2=comment"].map(ImportOptions.parseMap) : []
            let options = ImportOptions(maps: maps, scale: name.contains("surveymonkey") ? .nps10 : .csat5, site: "Leeds")
            let (summary, _) = try run(path, options: options)
            #expect(summary.lines == physical, "\(name)")
            #expect(summary.tally.accounted == summary.lines, "\(name): \(summary.tally)")
        }
    }
}
