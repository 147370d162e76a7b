import Foundation
import GapdeskDomain

extension Store {
    /// Phones and emails given for several customers, concentrated on one staff
    /// member or site (see `SharedContactDetails`), over the last `windowDays`
    /// whole UTC days (default: the ranking's window, as the pressure signals).
    ///
    /// Read from the contacts that gave another name than their customer's
    /// (their own index: few at any store size), then every contact of those
    /// customers in the window, and each group's contacts from the daily summary.
    public func sharedContactDetails(now: Date, windowDays: Int? = nil) throws(StoreError) -> [SharedContactDetails.Signal] {
        try read { db in
            let scope = try scope(db)
            let days = UTCDay.ending(UTCDay.of(epochSeconds: now.epochSeconds), count: try windowDays ?? Self.teamSettings(db).rankingWindowDays)
            let from = days.lowerBound * 86_400, until = (days.upperBound + 1) * 86_400
            var customers = Set<Int64>()
            try db.forEachRow(sql: "SELECT DISTINCT customer_id FROM contact WHERE given_name IS NOT NULL AND occurred_at >= ? AND occurred_at < ?"
                              + scope.condition("site_id"), arguments: [from, until]) { customers.insert($0[0]) }
            guard !customers.isEmpty else { return [] }

            var details: [Int64: SharedContactDetails.Detail] = [:], order: [Int64] = []
            try db.forEachRow(sql: """
                SELECT c.customer_id, coalesce(c.given_name, u.name), st.name, s.name, coalesce(u.phone, u.email)
                FROM \(db.dialect.keyTable(.integer)) CROSS JOIN contact c JOIN customer u ON u.id = c.customer_id
                JOIN site s ON s.id = c.site_id LEFT JOIN staff st ON st.id = c.staff_id
                WHERE c.customer_id = k.value AND c.occurred_at >= ? AND c.occurred_at < ?\(scope.condition("c.site_id"))
                ORDER BY c.customer_id, c.occurred_at, c.id
                """, arguments: [SQLValue.list(customers), from, until]) { row in
                let customer: Int64 = row[0]
                guard let value: String = row[4] else { return }
                if details[customer] == nil { order.append(customer) }
                details[customer, default: .init(value: value, contacts: [])].contacts
                    .append(.init(name: row[1], staff: row[2], site: row[3]))
            }

            var counts = SharedContactDetails.Counts(staff: [:], sites: [:])
            try db.forEachRow(sql: """
                SELECT s.name, st.name, sum(d.contacts) FROM contact_day d JOIN site s ON s.id = d.site_id LEFT JOIN staff st ON st.id = d.staff_id
                WHERE d.day >= ? AND d.day <= ?\(scope.condition("d.site_id")) GROUP BY s.name, st.name
                """, arguments: [days.lowerBound, days.upperBound]) { row in
                let site: String = row[0], contacts: Int = row[2]
                counts.sites[site, default: 0] += contacts
                if let staff: String = row[1] { counts.staff[site, default: [:]][staff] = contacts }
            }
            return SharedContactDetails.signals(order.compactMap { details[$0] }, counts: counts)
        }
    }
}
