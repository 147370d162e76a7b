import Foundation
import GapdeskDomain

/// A critical response as the gap summary counts it: each of its root causes
/// gets shortfall × value × 1/k of it, on the UTC day it arrived.
struct TaggedResponse {
    var receivedAt: Int64
    var siteId: Int64
    var staffId: Int64?
    var customerId: Int64
    var customerValue: Double?
    var shortfall: Double
    /// Distinct root causes (k of them).
    var causes: [Int64]
    var waived: Double

    var day: Int64 { UTCDay.of(epochSeconds: receivedAt) }
}

/// What the gap ranking reads instead of the responses, so ranking costs
/// causes × days rows at any size:
///
/// - `gap_day`, per UTC day and root cause: tagged critical responses, their
///   Σ shortfall × value × 1/k (ageing is applied when read, by whole days),
///   guarantees waived, and the customers whose latest response tagged with
///   the cause is on that day (with their values): summed over a period that
///   ends today, these count each customer once;
/// - `gap_customer`: that latest day, per root cause and customer;
/// - `fix.recurrences`: responses tagged with the gap received after its fix was done.
///
/// Sums are integers (billionths of a point, cents; see `Exact`), so they
/// come out the same whatever order and transactions the responses arrive in.
/// Responses added are counted as they are written (`count`, `saw`,
/// `apply`); a tag, a guarantee or a fix counts the days, customers and
/// gaps it reaches again (`recount`).
///
/// Value weights divide by the median customer value to two significant
/// figures (`store_meta` 'value_median'): a function of the customers in the
/// store, measured after every import and every `add` of a valued customer,
/// re-weighing everything only when that rounded median changes, so a score
/// does not shift with every new customer, and the same customers give the
/// same ranking however they arrived.
struct GapSummary {
    struct Basis: Equatable {
        var median: Double?
        var range: ClosedRange<Double>

        /// shortfall × value weight × 1/k, in billionths.
        func unaged(_ response: TaggedResponse) -> Int64 {
            Exact.billionths(response.shortfall * weight(response) / Double(max(1, response.causes.count)))
        }

        func weight(_ response: TaggedResponse) -> Double {
            ReturnOnSatisfaction.valueWeight(response.customerValue, median: median, range: range)
        }

        /// From a customer worth more than the median.
        func valued(_ response: TaggedResponse) -> Bool { weight(response) > 1 }
    }

    static let medianDigits = 2

    let basis: Basis
    struct DayKey: Hashable, Comparable {
        var day: Int64, causeId: Int64
        static func < (a: DayKey, b: DayKey) -> Bool { (a.day, a.causeId) < (b.day, b.causeId) }
    }
    struct PairKey: Hashable, Comparable {
        var causeId: Int64, customerId: Int64
        static func < (a: PairKey, b: PairKey) -> Bool { (a.causeId, a.customerId) < (b.causeId, b.customerId) }
    }
    struct Sums: Equatable {
        var responses = 0, unaged: Int64 = 0, unagedValued: Int64 = 0, waived: Int64 = 0, customersLast = 0, valueLast: Int64 = 0

        /// Adds a response to its day.
        mutating func add(_ response: TaggedResponse, basis: Basis) {
            let unaged = basis.unaged(response)
            responses += 1
            self.unaged += unaged
            if basis.valued(response) { unagedValued += unaged }
            waived += Exact.cents(response.waived)
        }

        /// In words, as `check` compares it; nil for a day with nothing in it.
        var words: String? {
            guard responses != 0 || unaged != 0 || unagedValued != 0 || waived != 0 || customersLast != 0 || valueLast != 0 else { return nil }
            return "responses \(responses), unaged \(unaged) billionths, from valued customers \(unagedValued) billionths, "
                + "waived \(waived) cents, customers last seen \(customersLast) worth \(valueLast) cents"
        }
    }

    /// A gap's responses on a day at a site, by a staff member (0: none named).
    struct PlaceKey: Hashable, Comparable {
        var causeId: Int64, day: Int64, siteId: Int64, staffId: Int64
        static func < (a: PlaceKey, b: PlaceKey) -> Bool { (a.causeId, a.day, a.siteId, a.staffId) < (b.causeId, b.day, b.siteId, b.staffId) }
    }
    private var places: [PlaceKey: Int] = [:]
    private var days: [DayKey: Sums] = [:]
    /// The latest day each cause and customer was seen in what was counted (and
    /// the customer's value in cents), for `apply` to compare with the store.
    private var seen: [PairKey: (day: Int64, value: Int64)] = [:]
    /// The latest day the store holds for each cause and customer `apply` has
    /// read or written: a later chunk reads only the pairs it has not met.
    var lastDays: [PairKey: Int64] = [:]
    private var recurrences: [Int64: Int] = [:]
    /// When each done fix was done, by cause.
    private let doneFixes: [Int64: Int64]

    init(_ db: any SQLSession, settings: TeamSettings) throws {
        basis = try Self.basis(db, settings: settings)
        var done: [Int64: Int64] = [:]
        for row in try db.fetchAll(sql: "SELECT cause_id, done_at FROM fix WHERE status = 'done' AND done_at IS NOT NULL") {
            done[row[0]] = row[1]
        }
        doneFixes = done
    }

    static func basis(_ db: any SQLSession, settings: TeamSettings) throws -> Basis {
        Basis(median: try storedMedian(db), range: settings.valueWeightRange)
    }

    /// The median the summary's value weights were counted with.
    static func storedMedian(_ db: any SQLSession) throws -> Double? {
        try db.fetchOne(String.self, sql: "SELECT value FROM store_meta WHERE key = 'value_median'").flatMap(Double.init)
    }

    /// Adds a response to its causes' days.
    mutating func count(_ response: TaggedResponse) {
        for cause in response.causes {
            days[DayKey(day: response.day, causeId: cause), default: Sums()].add(response, basis: basis)
            places[PlaceKey(causeId: cause, day: response.day, siteId: response.siteId, staffId: response.staffId ?? 0), default: 0] += 1
            if let doneAt = doneFixes[cause], response.receivedAt > doneAt { recurrences[cause, default: 0] += 1 }
        }
    }

    /// Notes that the customer's response tagged with each of its causes
    /// arrived on its day; `apply` moves the customer's latest day forward if needed.
    mutating func saw(_ response: TaggedResponse) {
        for cause in response.causes {
            let key = PairKey(causeId: cause, customerId: response.customerId)
            if let known = seen[key], known.day >= response.day { continue }
            seen[key] = (response.day, Exact.cents(response.customerValue ?? 0))
        }
    }

    /// Writes what was counted, and resets.
    mutating func apply(_ db: any SQLSession) throws {
        if !seen.isEmpty {
            // A cause at a time, with its own customers: every key looked up is a pair seen (all
            // causes by all customers would seek their product).
            for (causeId, pairs) in Dictionary(grouping: seen.keys.filter { lastDays[$0] == nil }, by: \.causeId) {
                try db.forEachRow(sql: """
                    SELECT g.customer_id, g.last_day FROM \(db.dialect.keyTable(.integer))
                    CROSS JOIN gap_customer g WHERE g.cause_id = ? AND g.customer_id = k.value
                    """, arguments: [SQLValue.list(pairs.map(\.customerId)), causeId]) { row in
                    lastDays[PairKey(causeId: causeId, customerId: row[0])] = row[1]
                }
            }
            var later: [[SQLValue]] = []
            for (pair, latest) in seen {
                let old = lastDays[pair]
                if let old, old >= latest.day { continue }
                if let old { moveLast(pair, value: latest.value, from: old, to: nil) }
                moveLast(pair, value: latest.value, from: nil, to: latest.day)
                later.append([.integer(pair.causeId), .integer(pair.customerId), .integer(latest.day)])
                lastDays[pair] = latest.day
            }
            try db.insertRows(into: "gap_customer", columns: ["cause_id", "customer_id", "last_day"], later,
                              conflict: "ON CONFLICT(cause_id, customer_id) DO UPDATE SET last_day = excluded.last_day")
            seen.removeAll()
        }
        try db.insertRows(into: "gap_day", columns: Self.dayColumns, days.map { key, sums in Self.dayRow(key, sums) }, conflict: """
            ON CONFLICT(day, cause_id) DO UPDATE SET responses = gap_day.responses + excluded.responses, unaged = gap_day.unaged + excluded.unaged,
                unaged_valued = gap_day.unaged_valued + excluded.unaged_valued, waived = gap_day.waived + excluded.waived,
                customers_last = gap_day.customers_last + excluded.customers_last, value_last = gap_day.value_last + excluded.value_last
            """)
        days.removeAll()
        try db.insertRows(into: "gap_place_day", columns: Self.placeColumns, places.map { Self.placeRow($0.key, $0.value) }, conflict: """
            ON CONFLICT(cause_id, day, site_id, staff_id) DO UPDATE SET responses = gap_place_day.responses + excluded.responses
            """)
        places.removeAll()
        let recur = try db.prepare("UPDATE fix SET recurrences = recurrences + ? WHERE cause_id = ?")
        for (cause, count) in recurrences where count != 0 { try recur.run(count, cause) }
        recurrences.removeAll()
    }

    static let dayColumns = ["day", "cause_id", "responses", "unaged", "unaged_valued", "waived", "customers_last", "value_last"]
    static let placeColumns = ["cause_id", "day", "site_id", "staff_id", "responses"]

    static func dayRow(_ key: DayKey, _ sums: Sums) -> [SQLValue] {
        ([key.day, key.causeId, sums.responses, sums.unaged, sums.unagedValued, sums.waived, sums.customersLast, sums.valueLast] as SQLArguments).values
    }

    static func placeRow(_ key: PlaceKey, _ responses: Int) -> [SQLValue] {
        ([key.causeId, key.day, key.siteId, key.staffId, responses] as SQLArguments).values
    }

    private mutating func moveLast(_ pair: PairKey, value: Int64, from old: Int64?, to new: Int64?) {
        if let old {
            days[DayKey(day: old, causeId: pair.causeId), default: Sums()].customersLast -= 1
            days[DayKey(day: old, causeId: pair.causeId)]!.valueLast -= value
        }
        if let new {
            days[DayKey(day: new, causeId: pair.causeId), default: Sums()].customersLast += 1
            days[DayKey(day: new, causeId: pair.causeId)]!.valueLast += value
        }
    }

    /// Counts the responses tagged with a gap since its fix was done (0 when it is not done).
    static func recountRecurrences(_ db: any SQLSession, causeId: Int64) throws {
        try db.execute(sql: """
            UPDATE fix SET recurrences = CASE WHEN status = 'done' AND done_at IS NOT NULL THEN
                (SELECT count(*) FROM response_cause x JOIN response r ON r.id = x.response_id
                  WHERE x.cause_id = fix.cause_id AND x.received_at > fix.done_at AND r.critical = 1)
                ELSE 0 END
            WHERE cause_id = ?
            """, arguments: [causeId])
    }

    /// The median of the customer values that are set, from the customers
    /// themselves, to two significant figures.
    static func measureMedian(_ db: any SQLSession) throws -> Double? {
        let count = try db.fetchOne(Int.self, sql: UpkeepRead.valuedCustomers.sql(db.dialect)) ?? 0
        guard count > 0 else { return nil }
        let middle = try db.fetchAll(Double.self, sql: UpkeepRead.middleValues.sql(db.dialect), arguments: [2 - count % 2, (count - 1) / 2])
        // The middle value, or the two middle ones.
        return Statistics.median(ofSorted: middle).map { Statistics.rounded($0, significantDigits: medianDigits) }
    }

    /// Measures the median customer value again and, when it changed, re-weighs
    /// the whole summary. True when it did.
    /// `always`: store the median and recount even if it did not change (a new summary).
    @discardableResult
    static func remeasure(_ db: any SQLSession, always: Bool = false) throws -> Bool {
        let median = try measureMedian(db), stored = try storedMedian(db)
        guard always || median != stored else { return false }
        if let median {
            try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES ('value_median', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [String(median)])
        } else {
            try db.execute(sql: "DELETE FROM store_meta WHERE key = 'value_median'")
        }
        try recountAll(db)
        return true
    }

    /// Counts every day's sums, and places, from the critical tagged
    /// responses, with the stored median: a pass over them, a response at a time.
    private static func countedDays(_ db: any SQLSession) throws -> (days: [DayKey: Sums], places: [PlaceKey: Int]) {
        var summary = try GapSummary(db, settings: try Store.teamSettings(db))
        var current: (id: Int64, response: TaggedResponse)?
        try db.scan(sql: """
            SELECT r.id, r.received_at, r.site_id, r.staff_id, r.customer_id, cu.value, r.shortfall, x.cause_id,
                   (SELECT coalesce(sum(amount), 0) FROM guarantee WHERE response_id = r.id)
            FROM response r JOIN response_cause x ON x.response_id = r.id JOIN customer cu ON cu.id = r.customer_id
            WHERE r.critical = 1 ORDER BY r.id
            """, arguments: []) { row in
            let id: Int64 = row[0]
            if current?.id == id {
                current!.response.causes.append(row[7])
                return
            }
            if let done = current { summary.count(done.response) }
            current = (id, TaggedResponse(receivedAt: row[1], siteId: row[2], staffId: row[3], customerId: row[4], customerValue: row[5],
                                          shortfall: row[6], causes: [row[7]], waived: row[8]))
        }
        if let done = current { summary.count(done.response) }
        return (summary.days, summary.places)
    }

    /// Each customer's latest day with a gap, counted from the responses, a
    /// gap at a time in customer order, with their value in cents.
    private static func countedCustomers(_ db: any SQLSession, causeId: Int64) throws -> [(customerId: Int64, day: Int64, value: Int64)] {
        try db.fetchAll(sql: """
            SELECT r.customer_id, max(r.received_at), cu.value FROM response_cause x JOIN response r ON r.id = x.response_id
            JOIN customer cu ON cu.id = r.customer_id WHERE x.cause_id = ? AND r.critical = 1 GROUP BY r.customer_id, cu.value ORDER BY r.customer_id
            """, arguments: [causeId]).map { ($0[0], UTCDay.of(epochSeconds: $0[1]), Exact.cents($0[2] ?? 0)) }
    }

    private static func storedCustomers(_ db: any SQLSession, causeId: Int64) throws -> [(Int64, String)] {
        try db.fetchAll(sql: "SELECT customer_id, last_day FROM gap_customer WHERE cause_id = ? ORDER BY customer_id", arguments: [causeId])
            .map { ($0[0], FigureComparison.day($0[1])) }
    }

    /// Every gap with tagged responses or stored customers.
    private static func causes(_ db: any SQLSession) throws -> [Int64] {
        try db.fetchAll(Int64.self, sql: """
            SELECT cause_id FROM response_cause UNION SELECT cause_id FROM gap_customer ORDER BY 1
            """)
    }

    /// The customers' latest days added to the days they fall on.
    private static func addLast(_ customers: [(customerId: Int64, day: Int64, value: Int64)], causeId: Int64, to days: inout [DayKey: Sums]) {
        for customer in customers {
            let key = DayKey(day: customer.day, causeId: causeId)
            days[key, default: Sums()].customersLast += 1
            days[key]!.valueLast += customer.value
        }
    }

    /// Each done fix's recurrences, counted from the responses.
    private static func countedRecurrences(_ db: any SQLSession) throws -> [Int64: Int] {
        Dictionary(uniqueKeysWithValues: try db.fetchAll(sql: """
            SELECT f.cause_id, CASE WHEN f.status = 'done' AND f.done_at IS NOT NULL THEN
                (SELECT count(*) FROM response_cause x JOIN response r ON r.id = x.response_id
                  WHERE x.cause_id = f.cause_id AND x.received_at > f.done_at AND r.critical = 1) ELSE 0 END
            FROM fix f
            """).map { ($0[0] as Int64, $0[1] as Int) })
    }
}

extension GapSummary: FollowingFigure {
    static let name = "gaps"
    static let tables = ["gap_day", "gap_place_day", "gap_customer", "fix.recurrences", "store_meta.value_median", "response_cause.received_at"]
    static let sources: Set<String> = ["response", "response_cause", "guarantee", "fix", "customer"]

    /// Which responses are critical, and how a customer's value weighs.
    static func counts(setting key: String) -> Bool { key.hasPrefix("critical.below.") || key.hasPrefix("ranking.value_weight_") }

    /// Measures the median customer value and counts everything again from
    /// the responses with it.
    static func rebuild(_ db: any SQLSession) throws {
        try remeasure(db, always: true)
    }

    /// Counts everything again from the responses, with the stored median.
    private static func recountAll(_ db: any SQLSession) throws {
        try db.execute(sql: "DELETE FROM gap_day; DELETE FROM gap_place_day; DELETE FROM gap_customer")
        var (days, places) = try countedDays(db)
        for cause in try causes(db) {
            let customers = try countedCustomers(db, causeId: cause)
            addLast(customers, causeId: cause, to: &days)
            try db.insertRows(into: "gap_customer", columns: ["cause_id", "customer_id", "last_day"],
                              customers.map { [.integer(cause), .integer($0.customerId), .integer($0.day)] }, conflict: "")
        }
        try db.insertRows(into: "gap_day", columns: dayColumns, days.filter { $0.value.words != nil }.map { dayRow($0.key, $0.value) }, conflict: "")
        try db.insertRows(into: "gap_place_day", columns: placeColumns, places.map { placeRow($0.key, $0.value) }, conflict: "")
        for (cause, count) in try countedRecurrences(db) {
            try db.execute(sql: "UPDATE fix SET recurrences = ? WHERE cause_id = ?", arguments: [count, cause])
        }
    }

    static func verify(_ db: any SQLSession) throws -> FigureDifference? {
        let measured = try measureMedian(db), stored = try storedMedian(db)
        if measured != stored {
            return FigureDifference(figure: name, table: "store_meta", key: "value_median", stored: stored.map { String($0) },
                                    recounted: measured.map { String($0) })
        }
        // A tag's copy of when its response arrived, which a gap's pages are read by.
        if let row = try db.fetchOne(sql: """
            SELECT x.response_id, x.cause_id, x.received_at, r.received_at FROM response_cause x JOIN response r ON r.id = x.response_id
            WHERE x.received_at <> r.received_at ORDER BY x.response_id, x.cause_id LIMIT 1
            """) {
            return FigureDifference(figure: name, table: "response_cause", key: "response \(row[0] as Int64), cause \(row[1] as Int64)",
                                    stored: "received at \(row[2] as Int64)", recounted: "received at \(row[3] as Int64)")
        }
        var (days, places) = try countedDays(db)
        for cause in try causes(db) {
            let customers = try countedCustomers(db, causeId: cause)
            addLast(customers, causeId: cause, to: &days)
            let stored = try storedCustomers(db, causeId: cause)
            let counted = customers.map { ($0.customerId, FigureComparison.day($0.day)) }
            if let difference = FigureComparison.first(name, "gap_customer", stored: Dictionary(uniqueKeysWithValues: stored),
                                                       recounted: Dictionary(uniqueKeysWithValues: counted),
                                                       describe: { "gap \(cause), customer \($0)" }) {
                return difference
            }
        }
        let names = Dictionary(uniqueKeysWithValues: try db.fetchAll(sql: "SELECT id, name FROM root_cause").map { ($0[0] as Int64, $0[1] as String) })
        func gap(_ id: Int64) -> String { "gap \"\(names[id] ?? String(id))\"" }
        var storedDays: [DayKey: String] = [:]
        try db.scan(sql: "SELECT \(dayColumns.joined(separator: ", ")) FROM gap_day", arguments: []) { row in
            let sums = Sums(responses: row[2], unaged: row[3], unagedValued: row[4], waived: row[5], customersLast: row[6], valueLast: row[7])
            if let words = sums.words { storedDays[DayKey(day: row[0], causeId: row[1])] = words }
        }
        if let difference = FigureComparison.first(name, "gap_day", stored: storedDays, recounted: days.compactMapValues(\.words),
                                                   describe: { "\(FigureComparison.day($0.day)), \(gap($0.causeId))" }) {
            return difference
        }
        var storedPlaces: [PlaceKey: String] = [:]
        try db.scan(sql: "SELECT \(placeColumns.joined(separator: ", ")) FROM gap_place_day WHERE responses <> 0", arguments: []) { row in
            storedPlaces[PlaceKey(causeId: row[0], day: row[1], siteId: row[2], staffId: row[3])] = "\(row[4] as Int) responses"
        }
        if let difference = FigureComparison.first(name, "gap_place_day", stored: storedPlaces, recounted: places.mapValues { "\($0) responses" },
                                                   describe: { "\(FigureComparison.day($0.day)), \(gap($0.causeId)), site \($0.siteId), staff \($0.staffId)" }) {
            return difference
        }
        let storedRecurrences = Dictionary(uniqueKeysWithValues: try db.fetchAll(sql: "SELECT cause_id, recurrences FROM fix")
            .map { ($0[0] as Int64, "\($0[1] as Int) recurrences") })
        return FigureComparison.first(name, "fix", stored: storedRecurrences, recounted: try countedRecurrences(db).mapValues { "\($0) recurrences" },
                                      describe: { "the fix of \(gap($0))" })
    }

    /// The days, customers and fixes of gaps a response's tags reach (a
    /// customer's latest day with a gap counts on that day), and the gaps
    /// whose fixes were touched.
    struct Keys: FigureKeys {
        var days: Set<DayKey> = [], customers: Set<PairKey> = [], fixes: Set<Int64> = []

        mutating func formUnion(_ other: Keys) {
            days.formUnion(other.days)
            customers.formUnion(other.customers)
            fixes.formUnion(other.fixes)
        }
    }

    static func keys(_ db: any SQLSession, _ touched: Touched) throws -> Keys {
        var keys = Keys(fixes: touched.causes)
        try db.forEachRow(sql: """
            SELECT r.received_at, r.customer_id, x.cause_id, g.last_day FROM \(db.dialect.keyTable(.integer)) CROSS JOIN response r
            JOIN response_cause x ON x.response_id = r.id LEFT JOIN gap_customer g ON g.cause_id = x.cause_id AND g.customer_id = r.customer_id
            WHERE r.id = k.value AND r.critical = 1
            """, arguments: [SQLValue.list(touched.responses)]) { row in
            let cause: Int64 = row[2]
            keys.days.insert(DayKey(day: UTCDay.of(epochSeconds: row[0]), causeId: cause))
            keys.customers.insert(PairKey(causeId: cause, customerId: row[1]))
            if let last: Int64 = row[3] { keys.days.insert(DayKey(day: last, causeId: cause)) }
            keys.fixes.insert(cause)
        }
        return keys
    }

    /// Counts the customers' latest days again, then each day (with the day a
    /// customer's latest moved to), then the fixes' recurrences.
    static func recount(_ db: any SQLSession, _ keys: Keys) throws {
        var days = keys.days
        for pair in keys.customers {
            let latest = try db.fetchOne(Int64.self, sql: UpkeepRead.lastTagged.sql(db.dialect), arguments: [pair.causeId, pair.customerId])
                .map { UTCDay.of(epochSeconds: $0) }
            if let latest {
                days.insert(DayKey(day: latest, causeId: pair.causeId))
                try db.execute(sql: """
                    INSERT INTO gap_customer(cause_id, customer_id, last_day) VALUES (?, ?, ?)
                    ON CONFLICT(cause_id, customer_id) DO UPDATE SET last_day = excluded.last_day
                    """, arguments: [pair.causeId, pair.customerId, latest])
            } else {
                try db.execute(sql: "DELETE FROM gap_customer WHERE cause_id = ? AND customer_id = ?", arguments: [pair.causeId, pair.customerId])
            }
        }
        let basis = try basis(db, settings: try Store.teamSettings(db))
        for key in days {
            var sums = Sums()
            var customers: Set<Int64> = []
            var places: [PlaceKey: Int] = [:]
            try db.forEachRow(sql: """
                SELECT r.customer_id, cu.value, r.shortfall, r.received_at, r.site_id, r.staff_id,
                       (SELECT count(*) FROM response_cause k WHERE k.response_id = r.id),
                       (SELECT coalesce(sum(amount), 0) FROM guarantee g WHERE g.response_id = r.id),
                       (SELECT last_day FROM gap_customer g WHERE g.cause_id = x.cause_id AND g.customer_id = r.customer_id)
                FROM response_cause x\(db.dialect.indexedBy("response_cause_by_cause")) JOIN response r ON r.id = x.response_id
                JOIN customer cu ON cu.id = r.customer_id
                WHERE x.cause_id = ? AND x.received_at >= ? AND x.received_at < ? AND r.critical = 1
                """, arguments: [key.causeId, key.day * UTCDay.seconds, (key.day + 1) * UTCDay.seconds]) { row in
                // Only how many causes it has (k) matters here, not which.
                let response = TaggedResponse(receivedAt: row[3], siteId: row[4], staffId: row[5], customerId: row[0], customerValue: row[1],
                                              shortfall: row[2], causes: Array(repeating: key.causeId, count: row[6]), waived: row[7])
                sums.add(response, basis: basis)
                places[PlaceKey(causeId: key.causeId, day: key.day, siteId: response.siteId, staffId: response.staffId ?? 0), default: 0] += 1
                if (row[8] as Int64?) == key.day, customers.insert(response.customerId).inserted {
                    sums.customersLast += 1
                    sums.valueLast += Exact.cents(response.customerValue ?? 0)
                }
            }
            try db.execute(sql: "DELETE FROM gap_day WHERE day = ? AND cause_id = ?", arguments: [key.day, key.causeId])
            try db.execute(sql: "DELETE FROM gap_place_day WHERE cause_id = ? AND day = ?", arguments: [key.causeId, key.day])
            if sums.words != nil { try db.insertRows(into: "gap_day", columns: dayColumns, [dayRow(key, sums)], conflict: "") }
            try db.insertRows(into: "gap_place_day", columns: placeColumns, places.map { placeRow($0.key, $0.value) }, conflict: "")
        }
        for cause in keys.fixes { try recountRecurrences(db, causeId: cause) }
    }
}
