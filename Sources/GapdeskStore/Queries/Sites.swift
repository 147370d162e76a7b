import Foundation
import GapdeskDomain

/// Reads and writes sites' business hours in their stored form.
enum SiteCodec {
    nonisolated(unsafe) private static var zones: [String: TimeZone] = [:]
    private static let lock = NSLock()

    /// A site's time zone from its stored name (UTC for one this machine does
    /// not know), made once per name: every listed row carries one.
    static func zone(_ identifier: String) -> TimeZone {
        lock.withLock {
            if let known = zones[identifier] { return known }
            let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
            zones[identifier] = zone
            return zone
        }
    }

    static func days(_ days: Set<Weekday>) -> String {
        days.sorted().map { String($0.rawValue) }.joined(separator: ",")
    }

    /// A site as stored.
    struct Stored: Decodable {
        var id: Int64, name: String, timeZone: String, opens: Int, closes: Int, days: String

        static let columns = "id, name, time_zone, opens, closes, days"

        var site: Site {
            let days = Set(days.split(separator: ",").compactMap { Int($0).flatMap(Weekday.init(rawValue:)) })
            return Site(id: id, name: name, hours: BusinessHours(timeZone: SiteCodec.zone(timeZone), opens: opens, closes: closes, days: days))
        }
    }
}

/// One row of the team's settings.
struct StoredSetting: Decodable {
    var key: String, value: String
}

extension Store {
    /// Each site's short label (see `SiteLabels`).
    public func siteLabels() throws(StoreError) -> [String: String] {
        try read { db in try Self.siteLabels(db) }
    }

    static func siteLabels(_ db: any SQLSession) throws -> [String: String] {
        let names = try db.fetchAll(String.self, sql: "SELECT name FROM site ORDER BY name")
        var overrides: [String: String] = [:]
        for setting in try db.fetchAll(records: StoredSetting.self, sql: "SELECT key, value FROM setting WHERE key LIKE 'site.%.short'") {
            if let name = Self.siteName(inKey: setting.key, suffix: ".short") { overrides[name] = setting.value }
        }
        let sitesWith = try db.dialect.siteWordSites.map { sql in
            Dictionary(try db.fetchAll(sql: sql).map { ($0[0] as String, $0[1] as Int) }, uniquingKeysWith: max)
        }
        return SiteLabels.labels(names, overrides: overrides, sitesWith: sitesWith)
    }

    /// The site a person means by `text`: its name, or its short label (what every screen shows), in any case; among
    /// the sites `condition` leaves. Nil when none is, or when a label could be more than one.
    static func site(_ db: any SQLSession, named text: String, where condition: String = "") throws -> (id: Int64, name: String)? {
        let sites = try db.fetchAll(sql: "SELECT id, name FROM site WHERE 1 = 1\(condition) ORDER BY name").map { (id: $0[0] as Int64, name: $0[1] as String) }
        if let named = sites.first(where: { $0.name.caseInsensitiveCompare(text) == .orderedSame }) { return named }
        let labels = try siteLabels(db)
        let labelled = sites.filter { labels[$0.name]?.caseInsensitiveCompare(text) == .orderedSame }
        return labelled.count == 1 ? labelled[0] : nil
    }

    /// The sites to choose from, for a refusal: "Northgate Leeds Service (Leeds), ...".
    static func siteChoices(_ db: any SQLSession, where condition: String = "") throws -> String {
        let labels = try siteLabels(db)
        return try db.fetchAll(String.self, sql: "SELECT name FROM site WHERE 1 = 1\(condition) ORDER BY name")
            .map { name in labels[name].map { $0 == name ? name : "\(name) (\($0))" } ?? name }.joined(separator: ", ")
    }

    /// True while nothing has been recorded: the dashboard then says how to begin.
    static func isEmpty(_ db: any SQLSession) throws -> Bool {
        try db.fetchOne(Bool.self, sql: "SELECT NOT EXISTS (SELECT 1 FROM response)") ?? true
    }

    /// What the dashboard's look depends on, in one read: the sites' labels,
    /// the team's settings, and whether anything has been recorded yet.
    public func look() throws(StoreError) -> (siteLabels: [String: String], settings: TeamSettings, isEmpty: Bool) {
        try read { db in (try Self.siteLabels(db), try Self.teamSettings(db), try Self.isEmpty(db)) }
    }

    public func sites() throws(StoreError) -> [Site] {
        try read { db in
            try db.fetchAll(records: SiteCodec.Stored.self, sql: """
                SELECT \(SiteCodec.Stored.columns) FROM site WHERE 1 = 1\(try scope(db).condition("id")) ORDER BY name
                """).map(\.site)
        }
    }

    static func site(_ db: any SQLSession, id: Int64) throws -> Site? {
        try db.fetchOne(record: SiteCodec.Stored.self, sql: "SELECT \(SiteCodec.Stored.columns) FROM site WHERE id = ?", arguments: [id])?.site
    }

    /// Inserts a site and returns its id.
    static func insertSite(_ db: any SQLSession, name: String, hours: BusinessHours) throws -> Int64 {
        return try db.insert(sql: "INSERT INTO site(name, time_zone, opens, closes, days) VALUES (?, ?, ?, ?, ?)",
                       arguments: [name, hours.timeZone.identifier, hours.opens, hours.closes, SiteCodec.days(hours.days)])
    }
}
