import Foundation

/// The sites an account is limited to (`user add NAME --sites "Leeds,York"`);
/// none means every site. The store applies it to every list, figure, detail
/// and write on both engines; on PostgreSQL the server's row-level security
/// enforces it besides, for any client.
struct SiteScope: Equatable {
    let ids: [Int64]
    let names: [String]

    /// The account's sites, or nil when it sees every site.
    static func of(_ db: any SQLSession, account: String) throws -> SiteScope? {
        let rows = try db.fetchAll(sql: """
            SELECT s.id, s.name FROM app_user_site a JOIN site s ON s.id = a.site_id WHERE a.account = ? ORDER BY s.name
            """, arguments: [account])
        guard !rows.isEmpty else { return nil }
        return SiteScope(ids: rows.map { $0[0] }, names: rows.map { $0[1] })
    }

    /// `AND column IN (…)`: the ids are the store's own integers, written in.
    func condition(_ column: String) -> String {
        " AND \(column) IN (\(ids.map(String.init).joined(separator: ", ")))"
    }

    func contains(_ siteId: Int64) -> Bool { ids.contains(siteId) }

    var description: String { names.joined(separator: ", ") }
}

extension Optional where Wrapped == SiteScope {
    /// The condition, or nothing for an account that sees every site.
    func condition(_ column: String) -> String { self?.condition(column) ?? "" }

    func contains(_ siteId: Int64) -> Bool { self?.contains(siteId) ?? true }
}

extension Store {
    /// The sites this store's account is limited to, if any: looked up once
    /// for reads run together; the one site a narrowed store reads.
    func scope(_ db: any SQLSession) throws -> SiteScope? {
        if let onlySite { return SiteScope(ids: [onlySite.id], names: [onlySite.name]) }
        return try memo.remember("sites") { try SiteScope.of(db, account: account) }
    }

    /// Runs `body`, a run of reads (a dashboard's refresh: a dozen reads, each
    /// its own transaction), looking the account's sites up and ranking the
    /// gaps once for all of them instead of once each (on PostgreSQL each
    /// read is a round trip). What changes meanwhile is seen by the next run.
    public func readingTogether<T>(_ body: () throws -> T) rethrows -> T {
        try memo.together(body)
    }

    /// Whether `actor` sees this response (its site is one of theirs). A
    /// call or response at another site is, to them, not there: as on
    /// PostgreSQL, where the server does not show it.
    static func sees(_ db: any SQLSession, _ actor: String, responseId: Int64) throws -> Bool {
        guard let scope = try SiteScope.of(db, account: actor) else { return true }
        guard let site = try db.fetchOne(Int64.self, sql: "SELECT site_id FROM response WHERE id = ?", arguments: [responseId]) else { return false }
        return scope.contains(site)
    }

    static func sees(_ db: any SQLSession, _ actor: String, callbackId: Int64) throws -> Bool {
        guard let response = try db.fetchOne(Int64.self, sql: "SELECT response_id FROM callback WHERE id = ?", arguments: [callbackId]) else {
            return false
        }
        return try sees(db, actor, responseId: response)
    }

    /// Refuses a write at a site outside the actor's sites.
    static func checkSite(_ db: any SQLSession, _ siteId: Int64, siteName: String, for actor: String) throws {
        guard let scope = try SiteScope.of(db, account: actor), !scope.contains(siteId) else { return }
        throw ActionRefusal.outsideSites(account: actor, sites: scope.names, site: siteName)
    }
}

/// What reads run together (`Store.readingTogether`) work out once: the
/// account's sites, the gap ranking. Outside a run nothing is held.
final class ReadMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var runs = 0
    private var held: [AnyHashable: Any] = [:]

    func together<T>(_ body: () throws -> T) rethrows -> T {
        lock.withLock { runs += 1 }
        defer {
            lock.withLock {
                runs -= 1
                if runs == 0 { held.removeAll() }
            }
        }
        return try body()
    }

    /// The value for `key` worked out earlier in this run, or `make`'s (kept while the run lasts).
    func remember<T>(_ key: AnyHashable, _ make: () throws -> T) rethrows -> T {
        // The held value itself may be nil (an account limited to no sites): what counts is that it is held.
        if let known = lock.withLock({ runs > 0 ? held[key] : nil }) { return known as! T }
        let value = try make()
        lock.withLock { if runs > 0 { held[key] = value as Any } }  // `as Any` holds a nil too, rather than removing the key
        return value
    }
}
