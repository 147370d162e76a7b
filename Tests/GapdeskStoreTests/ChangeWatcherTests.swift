import Foundation
import GapdeskDomain
import GRDB
import Testing
@testable import GapdeskStore

/// The watcher tells which kinds of data changed, whoever wrote them.
@Suite struct ChangeWatcherTests {
    /// The next change the watcher sees: on PostgreSQL a notification arrives
    /// just after the commit, so look again for a while (a generous ceiling).
    func next(_ watcher: ChangeWatcher) -> StoreChange {
        let deadline = Date().addingTimeInterval(10)
        var change = watcher.change()
        while change == .nothing && Date() < deadline {
            usleep(5_000)
            change = watcher.change()
        }
        return change
    }

    @Test(arguments: TestEngine.available) func eachWriteNamesWhatItChanged(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let watcher = try ChangeWatcher(store: test.store)
        #expect(watcher.change() == .unknown, "the first look knows nothing yet")
        #expect(watcher.change() == .nothing)

        let recorded = try test.add("Ann", rating: 2)
        #expect(next(watcher) == .topics([.responses, .calls]))
        _ = try test.store.assign(callbackId: recorded.callbackId!, to: "bo", by: test.admin, at: TestStore.now)
        #expect(next(watcher) == .topics([.calls]))
        _ = try test.store.tag(responseId: recorded.responseId, causes: ["slow"], by: test.admin, at: TestStore.now)
        #expect(next(watcher) == .topics([.responses]))
        let cause = try #require(try test.store.causeId(named: "slow"))
        _ = try test.store.moveFix(causeId: cause, to: .inProgress, by: test.admin, at: TestStore.now)
        #expect(next(watcher) == .topics([.gaps]))
        _ = try test.store.recordCall(callbackId: recorded.callbackId!, CallRecord(outcome: .guarantee, amount: 50),
                                      by: test.admin, at: TestStore.now)
        #expect(next(watcher) == .topics([.calls, .gaps]), "a guarantee is money a gap has cost")
        #expect(watcher.change() == .nothing)
    }

    /// SQLite: a write to the file by another program (PostgreSQL tells what gapdesk wrote).
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
