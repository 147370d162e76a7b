import Foundation

/// What `gapdesk check` found: the store's own fsck, read only.
public struct CheckReport: Sendable {
    public struct Part: Sendable {
        public var name: String
        /// What was checked, in words.
        public var checked: String
        /// What is wrong, one sentence each; empty when it passed.
        public var problems: [String]
    }

    public var store: String
    public var version: Int
    public var parts: [Part]
    /// The audit's last entry, to print: a later rewrite shows against any printed copy.
    public var auditHead: (entry: Int64, chain: String)?
    public var seconds: Double
    public var passed: Bool { parts.allSatisfy(\.problems.isEmpty) }
}

extension Store {
    /// Checks the store in one snapshot, writing nothing: the engine's own
    /// integrity check; the schema against its version's; every daily
    /// figure against a count from its rows (the first difference of each);
    /// the audit's chain, entry by entry. On a server it needs a login that
    /// sees every site (the figures are the whole team's).
    public func check() throws(StoreError) -> CheckReport {
        let started = Date()
        let version = try storedVersion()
        return try read { db -> CheckReport in
            if let scope = try SiteScope.of(db, account: account), engine.traits.hidesOtherSitesRows {
                throw StoreError.failed("\(account) sees \(scope.description) only, and the server hides the other sites' rows from it: "
                    + "check the store as a login that sees every site (its owner, say).")
            }
            var parts: [CheckReport.Part] = []
            parts.append(.init(name: "integrity", checked: "the engine's own check of its files and keys", problems: try engine.integrityProblems(db)))
            let live = SchemaDescription(lines: try engine.schema.describe(db))
            let schemaProblems = try engine.schema.expected(version: version).map { live.differences(from: $0, version: version) }
                ?? ["schema \(version) is not one this gapdesk knows"]
            parts.append(.init(name: "schema", checked: "every table, index, trigger and rule as schema \(version) makes it",
                               problems: Array(schemaProblems.prefix(20)) + (schemaProblems.count > 20 ? ["… and \(schemaProblems.count - 20) more"] : [])))
            let pending = try Figures.marked(db).map { "\($0.name) is marked to be counted again by the next writer who sees every site" }
            parts.append(.init(name: "figures", checked: "every daily figure (" + Figures.all.map { $0.name }.joined(separator: ", ") + ") against a count from its rows",
                               problems: pending + (try Figures.verify(db).map(\.description))))
            let walk = try AuditChain.walk(db)
            let broken = walk.broken.map { ["entry \($0.entry) does not follow the one before: \($0.reason); it was changed, or an entry "
                                            + "just before it removed or slipped in, after it was written"] } ?? []
            parts.append(.init(name: "audit", checked: "\(walk.entries) entries, each sealed with a hash of the one before and of itself", problems: broken))
            return CheckReport(store: name, version: version, parts: parts, auditHead: walk.head.map { ($0.entry, $0.chain) },
                               seconds: Date().timeIntervalSince(started))
        }
    }

    /// The audit's last entry and its chain (printed with the audit and the meeting document).
    public func auditHead() throws(StoreError) -> (entry: Int64, chain: String)? {
        try read { db in
            try db.fetchOne(sql: "SELECT id, chain FROM audit ORDER BY id DESC LIMIT 1").flatMap { row in
                (row[1] as String?).map { (row[0] as Int64, $0) }
            }
        }
    }
}
