/// What the two engines spell differently, for the few statements that need it.
public struct SQLDialect: Sendable, Equatable {
    public enum Engine: Sendable { case sqlite, postgres }
    public let engine: Engine

    public static let sqlite = SQLDialect(engine: .sqlite)
    public static let postgres = SQLDialect(engine: .postgres)

    /// An index the query must use. SQLite's planner needs the hint on some
    /// lists at a million rows; PostgreSQL's chooses by its statistics.
    public func indexedBy(_ index: String) -> String {
        engine == .sqlite ? " INDEXED BY \(index)" : ""
    }

    /// How many of all the sites have each word of the names a login sees
    /// (columns `word`, lower case, and `sites`), where the server hides other
    /// sites' rows from a login limited to some; nil where every name can be
    /// read, to count from them. Short labels are the team's: the same for everyone.
    public var siteWordSites: String? {
        engine == .sqlite ? nil : "SELECT word, sites FROM gapdesk_site_word_sites()"
    }

    /// The values of `expression` in a group, joined by the unit separator (U+001F).
    public func joinedByUnitSeparator(_ expression: String) -> String {
        engine == .sqlite ? "group_concat(\(expression), char(31))" : "string_agg(\(expression), chr(31))"
    }

    /// The values of a JSON array bound at one `?`, as a subquery for `IN`:
    /// one argument carries many keys (see `SQLValue.list`). For a batch's
    /// thousands of keys against one index, `keyTable` reads faster.
    public func listed(_ type: ListedType) -> String {
        "(SELECT k.value FROM \(keyTable(type)))"
    }

    public enum ListedType: Sendable { case text, integer }

    /// The same keys as a table `k` with one column, `value`, for
    /// `FROM k CROSS JOIN t WHERE t.column = k.value`: SQLite then reads the
    /// keys first (CROSS JOIN fixes its order) and seeks each in the index,
    /// where `IN` first sorts them into a temporary tree: two to three times
    /// faster for a batch of 8,192 keys.
    public func keyTable(_ type: ListedType) -> String {
        switch (engine, type) {
        case (.sqlite, _): "json_each(?) AS k"
        case (.postgres, .text): "json_array_elements_text(?::json) AS k(value)"
        case (.postgres, .integer): "(SELECT json_array_elements_text(?::json)::bigint AS value) AS k"
        }
    }

    /// Where the store keeps the median customer value itself (on a server,
    /// only it may write it): the statement that measures and keeps it and
    /// answers whether it moved. Nil where the writer keeps it.
    public var measuresMedian: String? { engine == .postgres ? "SELECT gapdesk_measure_median()" : nil }

    /// Where the server keeps the daily figures itself (its triggers count,
    /// as the store's owner, what each statement changed of their rows, and
    /// nobody else may write them): the statement that counts one again
    /// whole, by name. Nil where gapdesk keeps them as it writes.
    public var serverRebuildsFigure: String? { engine == .postgres ? "SELECT gapdesk_figures_rebuild(?)" : nil }
    public var serverKeepsFigures: Bool { serverRebuildsFigure != nil }

    /// Appends an audit entry from (at, actor, action, entity, entity_id,
    /// before, after, written_at). On a server its own function writes it:
    /// the login is the actor and its clock dates the writing, whatever is
    /// given for them, and nobody inserts into the table directly.
    public var appendsAuditEntry: String {
        engine == .sqlite
            ? "INSERT INTO audit(at, actor, action, entity, entity_id, before, after, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            : "SELECT gapdesk_audit(a, c, d, e, f, g) FROM (VALUES (?::bigint, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::bigint)) AS v(a, b, c, d, e, f, g, h)"
    }

    /// For a list of audit entries (the table as `audit`): leaves out the
    /// server's own entries of a transaction that gapdesk described in its
    /// words; both stay in the audit. SQLite writes no entries of its own.
    public var leavesOutDescribedRowEntries: String {
        engine == .sqlite ? "" : """
             AND NOT (audit.action LIKE 'row.%' AND EXISTS (SELECT 1 FROM audit AS described
                WHERE described.xact = audit.xact AND described.action NOT LIKE 'row.%'))
            """
    }

    /// Equality where NULL equals NULL.
    public var isNotDistinctFrom: String { engine == .sqlite ? "IS" : "IS NOT DISTINCT FROM" }

    /// LIKE that ignores the case of ASCII letters (SQLite's LIKE already does).
    public var likeIgnoringCase: String { engine == .sqlite ? "LIKE" : "ILIKE" }
}
