import GRDB
import GapdeskDomain

/// Every customer's value, read in one sequential pass, and their median.
/// The gap ranking needs the value behind each tagged response; joining the
/// customer table per row read it in random order and cost most of the time.
struct CustomerValues {
    /// By customer id (NaN: no value). Ids are dense row ids, so this is a few
    /// bytes per customer; a store with sparse ids uses the dictionary instead.
    private var byId: [Double] = []
    private var sparse: [Int64: Double] = [:]
    let median: Double?

    init(_ db: Database) throws {
        let highest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM customer") ?? 0
        let count = try Int64.fetchOne(db, sql: "SELECT count(*) FROM customer") ?? 0
        let dense = highest <= 4 * count + 65_536
        if dense { byId = Array(repeating: .nan, count: Int(max(0, highest)) + 1) }
        var values: [Double] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, value FROM customer WHERE value IS NOT NULL")
        while let row = try cursor.next() {
            let id: Int64 = row[0], value: Double = row[1]
            if dense && id >= 0 { byId[Int(id)] = value } else { sparse[id] = value }
            values.append(value)
        }
        median = ReturnOnSatisfaction.medianValue(values)
    }

    subscript(id: Int64) -> Double? {
        if id >= 0 && id < byId.count {
            let value = byId[Int(id)]
            return value.isNaN ? nil : value
        }
        return sparse[id]
    }
}
