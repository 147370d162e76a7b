import Foundation
import Testing
@testable import GapdeskStore

/// The layer both engines implement: one SQL with `?`, values that round-trip,
/// rows read as records.
@Suite struct SQLSeamTests {
    @Test func placeholdersOutsideQuotesAreNumberedOrWrittenIn() {
        let sql = "SELECT '?', \"a?\" FROM t WHERE x = ? AND y = ? AND z = 'it''s ?'"
        #expect(SQLPlaceholders.replace(sql) { "$\($0 + 1)" } == "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y = $2 AND z = 'it''s ?'")
        let inlined = SQLPlaceholders.inline("SELECT ?, ?, ?, ?", [Int64(7), "O'Neil", nil, Data([0xAB])], dialect: .sqlite)
        #expect(inlined == "SELECT 7, 'O''Neil', NULL, X'ab'")
        #expect(SQLPlaceholders.inline("SELECT ?", [Data([1])], dialect: .postgres) == "SELECT '\\x01'::bytea")
    }

    struct Entry: Decodable, Equatable {
        enum Kind: String, Decodable { case call, tag }
        var id: Int64
        var entityId: String
        var kind: Kind
        var at: Date
        var note: String?
        var amount: Double
        var done: Bool
    }

    @Test(arguments: TestEngine.available) func valuesRoundTripAndRowsDecodeAsRecords(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let entries = try test.read { db in
            try db.fetchAll(records: Entry.self, sql: """
                SELECT CAST(? AS BIGINT) AS id, CAST(? AS TEXT) AS entity_id, CAST(? AS TEXT) AS kind, CAST(? AS BIGINT) AS at,
                       CAST(? AS TEXT) AS note, CAST(? AS DOUBLE PRECISION) AS amount, 1 = 1 AS done
                """, arguments: [Int64.max, "a'b", "tag", 1_772_442_000, nil, 12.5])
        }
        #expect(entries == [Entry(id: .max, entityId: "a'b", kind: .tag, at: Date(timeIntervalSince1970: 1_772_442_000), note: nil,
                                  amount: 12.5, done: true)])
        let blob = Data([0, 1, 0xFE, 0xFF])
        let back = try test.store.transaction(changes: []) { db -> Data? in
            try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES ('probe', 'x')")
            try db.execute(sql: "INSERT INTO result_day(day, site_id, tally) VALUES (1, 1, ?)", arguments: [blob])
            return try db.fetchOne(Data.self, sql: "SELECT tally FROM result_day WHERE day = 1")
        }
        #expect(back == blob)
        // A record the query does not fill is a failure that names the column.
        let missing = #expect(throws: StoreError.self) {
            try test.read { db in try db.fetchAll(records: Entry.self, sql: "SELECT 1 AS id") }
        }
        #expect(missing?.description.contains("no column entity_id") == true)
    }

    /// Bulk writes go many rows a statement on SQLite: every row lands, in
    /// order, whatever the count; a row that fails leaves none once the
    /// transaction ends, even rows of the same statement written before it.
    @Test(arguments: TestEngine.available) func bulkWritesLandWholeOrNotAtAll(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        func rows(_ range: Range<Int>) -> [[SQLValue]] { range.map { [.text("bulk-\($0)"), .text("value \($0)")] } }
        func stored() throws -> [String] {
            try test.read { db in try db.fetchAll(String.self, sql: "SELECT value FROM store_meta WHERE key LIKE 'bulk-%' ORDER BY value") }
        }
        try test.store.transaction(changes: []) { db in
            try db.insertRows(into: "store_meta", columns: ["key", "value"], rows(0..<131), conflict: "")
        }
        #expect(try stored() == (0..<131).map { "value \($0)" }.sorted())

        // The 51st row repeats a key written earlier in the same statement (64 rows a statement on SQLite).
        let duplicated = rows(200..<250) + rows(210..<211) + rows(250..<400)
        #expect(throws: (any Error).self) {
            try test.store.transaction(changes: []) { db in
                try db.insertRows(into: "store_meta", columns: ["key", "value"], rows(131..<200), conflict: "")
                try db.insertRows(into: "store_meta", columns: ["key", "value"], duplicated, conflict: "")
            }
        }
        #expect(try stored().count == 131)
        // The same rows with the conflict skipped all land.
        try test.store.transaction(changes: []) { db in
            try db.insertRows(into: "store_meta", columns: ["key", "value"], duplicated, conflict: "ON CONFLICT DO NOTHING")
        }
        #expect(try stored().count == 331)
    }
}
