/// A gap's days newest first, from its daily figures (`gap_day`, by its
/// index on the gap): which days hold its latest tagged critical responses,
/// so that a page of them reads those days alone, not every response the gap has.
enum GapDays {
    /// After passing over the newest `skip` responses (whole days of them),
    /// the days that hold the next `count`, newest first, within `days` when given.
    static func newest(_ db: any SQLSession, causeId: Int64, skip: Int, count: Int,
                       within days: ClosedRange<Int64>? = nil) throws -> (passed: Int, days: [Int64]) {
        var passed = 0, held = 0, found: [Int64] = []
        var before = (days?.upperBound ?? Int64.max - 1) + 1
        let earliest = days?.lowerBound ?? Int64.min
        while true {
            let rows = try db.fetchAll(sql: """
                SELECT day, responses FROM gap_day\(db.dialect.indexedBy("gap_day_by_cause"))
                WHERE cause_id = ? AND day < ? AND day >= ? AND responses > 0 ORDER BY day DESC LIMIT 64
                """, arguments: [causeId, before, earliest])
            for row in rows {
                let (day, responses): (Int64, Int) = (row[0], row[1])
                if found.isEmpty && passed + responses <= skip {
                    passed += responses
                    continue
                }
                found.append(day)
                held += responses
                if passed + held >= skip + count { return (passed, found) }
            }
            guard rows.count == 64, let last = rows.last else { return (passed, found) }
            before = last[0]
        }
    }
}
