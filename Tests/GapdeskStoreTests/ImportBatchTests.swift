import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// The store's side of an import, on both engines: idempotent, atomic per
/// transaction, conflicts named, and a check that writes nothing agrees.
@Suite struct ImportBatchTests {
    let now = TestStore.now

    func rows(_ count: Int, comment: String = "late") -> [ImportRow] {
        (0..<count).map { index in
            .response(NewResponse(externalId: "e-\(index)", customer: "Customer \(index)", phone: "0100 \(index % 40)", site: "Leeds",
                                  scale: .csat5, rating: 1 + index % 5, comment: "\(comment) \(index)",
                                  receivedAt: now.addingTimeInterval(-Double(index) * 3_600), tags: index % 3 == 0 ? ["late"] : []))
        }
    }

    func load(_ store: Store, _ rows: [ImportRow], transactionTime: Duration = .seconds(5)) throws -> BatchCounts {
        let run = try store.beginImport(source: "export.csv", by: store.account, at: now)
        return try store.importBatch(rows, lines: rows.indices.map { $0 + 2 }, run: run, source: "export.csv", by: store.account, at: now,
                                     transactionTime: transactionTime).counts
    }

    @Test(arguments: TestEngine.available) func aRerunAddsNothingAndChangedContentIsAConflict(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let store = try test.store(as: test.admin)
        let first = try load(store, rows(300), transactionTime: .zero)
        #expect(first.imported == 300 && first.callbacks == rows(300).filter { if case .response(let r) = $0 { r.rating < 5 } else { false } }.count)
        let gaps = try store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d)" }
        #expect(try store.wouldImport(rows(300)).allSatisfy { $0 == .alreadyThere })
        let again = try load(store, rows(300))
        #expect(again.imported == 0 && again.alreadyThere == 300)
        #expect(try store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d)" } == gaps)
        let changed = try store.wouldImport(rows(2, comment: "other words"))
        #expect(changed.allSatisfy { if case .conflict(let why) = $0 { why.contains("already stored, with different content") } else { false } },
                "\(changed)")
        let conflicts = try load(store, rows(2, comment: "other words"))
        #expect(conflicts.conflicts == 2 && conflicts.imported == 0)
        // Many small transactions come to what one does.
        let whole = try TestStore(engine: engine)
        _ = try load(try whole.store(as: whole.admin), rows(300))
        #expect(try whole.store.gaps(now: now).map { "\($0.name) \($0.countInWindow) \($0.customers30d)" } == gaps)
        #expect(try whole.store.queueCount(cap: 1_000).count == store.queueCount(cap: 1_000).count)
    }
}
