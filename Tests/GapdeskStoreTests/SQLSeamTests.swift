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
}
