import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

/// The watcher tells which kinds of data changed, whoever wrote them.
@Suite struct ChangeWatcherTests {
    @Test func eachWriteNamesWhatItChanged() throws {
        let test = try TestStore()
        let watcher = try ChangeWatcher(store: test.store)
        #expect(watcher.change() == .unknown, "the first look knows nothing yet")
        #expect(watcher.change() == .nothing)

        let recorded = try test.add("Ann", rating: 2)
        #expect(watcher.change() == .topics([.responses, .calls]))
        _ = try test.store.assign(callbackId: recorded.callbackId!, to: "bo", by: test.admin, at: TestStore.now)
        #expect(watcher.change() == .topics([.calls]))
        _ = try test.store.tag(responseId: recorded.responseId, causes: ["slow"], by: test.admin, at: TestStore.now)
        #expect(watcher.change() == .topics([.responses]))
        let cause = try #require(try test.store.causeId(named: "slow"))
        _ = try test.store.moveFix(causeId: cause, to: .inProgress, by: test.admin, at: TestStore.now)
        #expect(watcher.change() == .topics([.gaps]))
        _ = try test.store.recordCall(callbackId: recorded.callbackId!, CallRecord(outcome: .guarantee, amount: 50),
                                      by: test.admin, at: TestStore.now)
        #expect(watcher.change() == .topics([.calls, .gaps]), "a guarantee is money a gap has cost")
        #expect(watcher.change() == .nothing)
    }

    @Test func aWriteByAnotherToolIsAnUnknownChange() throws {
        let test = try TestStore()
        try test.add("Ann", rating: 2)
        let watcher = try ChangeWatcher(store: test.store)
        _ = watcher.change()
        let other = try DatabaseQueue(path: test.path)
        try other.write { try $0.execute(sql: "UPDATE customer SET value = 10") }
        #expect(watcher.change() == .unknown)
    }
}
