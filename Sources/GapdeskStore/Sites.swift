import Foundation
import GRDB
import GapdeskDomain

/// Reads and writes sites' business hours in their stored form.
enum SiteCodec {
    static func days(_ days: Set<Weekday>) -> String {
        days.sorted().map { String($0.rawValue) }.joined(separator: ",")
    }

    static func site(from row: Row) -> Site {
        let days = Set((row["days"] as String).split(separator: ",").compactMap { Int($0).flatMap(Weekday.init(rawValue:)) })
        let zone = TimeZone(identifier: row["time_zone"]) ?? TimeZone(identifier: "UTC")!
        return Site(id: row["id"], name: row["name"],
                    hours: BusinessHours(timeZone: zone, opens: row["opens"], closes: row["closes"], days: days))
    }
}

extension Store {
    public func sites() throws(StoreError) -> [Site] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM site ORDER BY name").map(SiteCodec.site(from:)) }
    }

    static func site(_ db: Database, id: Int64) throws -> Site? {
        try Row.fetchOne(db, sql: "SELECT * FROM site WHERE id = ?", arguments: [id]).map(SiteCodec.site(from:))
    }

    /// Inserts a site and returns its id.
    static func insertSite(_ db: Database, name: String, hours: BusinessHours) throws -> Int64 {
        try db.execute(sql: "INSERT INTO site(name, time_zone, opens, closes, days) VALUES (?, ?, ?, ?, ?)",
                       arguments: [name, hours.timeZone.identifier, hours.opens, hours.closes, SiteCodec.days(hours.days)])
        return db.lastInsertedRowID
    }
}
