import Foundation

/// What `gapdesk check` found: the store's own fsck, read only.
public struct CheckReport: Sendable {
    public struct Part: Sendable {
        public var name: String
        /// What was checked, in words.
        public var checked: String
        /// What is wrong, one sentence each; empty when it passed.
        public var problems: [String]
        public var seconds: Double = 0
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
    /// Checks the store, writing nothing: the engine's own integrity check
    /// (on a connection of its own, beside the rest); then, in one snapshot,
    /// the schema against its version's, every daily figure against a count
    /// from its rows (the first difference of each) and the audit's chain,
    /// entry by entry. On a server it needs a login that sees every site (the
    /// figures are the whole team's).
    public func check() throws(StoreError) -> CheckReport {
        let started = Date()
        let version = try storedVersion()
        let integrity = IntegrityRun(engine)
        var report = try read { db -> CheckReport in
            if let scope = try SiteScope.of(db, account: account), engine.traits.hidesOtherSitesRows {
                throw StoreError.failed("\(account) sees \(scope.description) only, and the server hides the other sites' rows from it: "
                    + "check the store as a login that sees every site (its owner, say).")
            }
            var parts: [CheckReport.Part] = []
            func part(_ name: String, _ check: () throws -> (checked: String, problems: [String])) rethrows {
                let started = Date()
                let (checked, problems) = try check()
                parts.append(.init(name: name, checked: checked, problems: problems, seconds: Date().timeIntervalSince(started)))
            }
            try part("schema") {
                let live = SchemaDescription(lines: try engine.schema.describe(db))
                let problems = try engine.schema.expected(version: version).map { live.differences(from: $0, version: version) }
                    ?? ["schema \(version) is not one this gapdesk knows"]
                return ("every table, index, trigger and rule as schema \(version) makes it",
                        Array(problems.prefix(20)) + (problems.count > 20 ? ["… and \(problems.count - 20) more"] : []))
            }
            try part("figures") {
                let pending = try Figures.marked(db).map { "\($0.name) is marked to be counted again by the next writer who sees every site" }
                return ("every daily figure (" + Figures.all.map { $0.name }.joined(separator: ", ") + ") against a count from its rows",
                        pending + (try Figures.verify(db).map(\.description)))
            }
            var head: AuditChain.Head?
            try part("audit") {
                let walk = try AuditChain.walk(db)
                head = walk.head
                let broken = walk.broken.map { ["entry \($0.entry) does not follow the one before: \($0.reason); it was changed, or an entry "
                                                + "just before it removed or slipped in, after it was written"] } ?? []
                return ("\(walk.entries) entries, each sealed with a hash of the one before and of itself", broken)
            }
            return CheckReport(store: name, version: version, parts: parts, auditHead: head.map { ($0.entry, $0.chain) },
                               seconds: 0)
        }
        let (checked, problems, seconds) = try integrity.wait()
        report.parts.insert(.init(name: "integrity", checked: checked, problems: problems, seconds: seconds), at: 0)
        report.seconds = Date().timeIntervalSince(started)
        return report
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

/// The engine's integrity check, run on a thread of its own while the rest of the check reads.
private final class IntegrityRun: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<(String, [String], Double), StoreError> = .success(("", [], 0))

    init(_ engine: any StoreEngine) {
        Thread.detachNewThread { [self] in
            let started = Date()
            do {
                let (checked, problems) = try engine.integrity()
                result = .success((checked, problems, Date().timeIntervalSince(started)))
            } catch {
                result = .failure(engine.classify(error))
            }
            done.signal()
        }
    }

    func wait() throws(StoreError) -> (checked: String, problems: [String], seconds: Double) {
        done.wait()
        return try result.get()
    }
}
