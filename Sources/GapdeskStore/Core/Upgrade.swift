import Foundation
import GapdeskDomain

/// What upgrading a store takes it through.
public struct UpgradePlan: Sendable, Equatable {
    /// The store, as messages name it.
    public var store: String
    public var from: Int
    public var to: Int
    /// The migrations it takes, by name, in order.
    public var steps: [String]
}

extension Store {
    /// What `upgrade` would do to the store at `path`, reading only.
    public static func upgradePlan(path: String) throws(StoreError) -> UpgradePlan {
        let (engine, _) = try Engines.open(path, readOnly: true)
        do {
            let from = try engine.schema.storedVersion()
            if from > schemaVersion { throw StoreError.newerVersion(path: engine.name) }
            return UpgradePlan(store: engine.name, from: from, to: schemaVersion, steps: try engine.schema.pending())
        } catch {
            throw engine.classify(error)
        }
    }

    /// Brings a store made by an older gapdesk to this build's schema: on
    /// SQLite it first keeps a copy of the store beside it (SQLite's online
    /// backup; its path is answered), then applies the migrations, recounts
    /// the summaries they reshape and notes the upgrade in the audit, all in
    /// one transaction: a failure changes nothing. An admin's to run (on a
    /// server, the store's owner's, who alone may change its tables).
    public static func upgrade(path: String, at now: Date) throws(StoreError) -> (plan: UpgradePlan, copy: String?) {
        let plan = try upgradePlan(path: path)
        guard !plan.steps.isEmpty else { return (plan, nil) }
        let (engine, account) = try Engines.open(path, readOnly: false)
        do {
            let copy = try engine.keepCopy(named: ".schema\(plan.from)-\(Self.copyStamp(now)).bak")
            try engine.schema.upgrade { db in
                try authorize(db, account, .manageUsers)
                try Figures.rebuildMarked(db)
                try Audit.record(db, at: now, actor: account, action: "store.upgrade", entity: "store", entityId: String(plan.to),
                                 before: "schema \(plan.from)", after: "schema \(plan.to): " + plan.steps.joined(separator: "; "))
                try mark(db, ChangeTopic.everything)
            }
            return (plan, copy)
        } catch let refusal as ActionRefusal {
            throw .failed(refusal.description + " Nothing was changed.")
        } catch {
            throw engine.classify(error)
        }
    }

    /// A time for a file's name: sortable, and free of characters a shell or another system minds.
    private static func copyStamp(_ now: Date) -> String {
        Clock.formatInstant(now).filter { $0.isNumber || $0 == "T" }
    }
}
