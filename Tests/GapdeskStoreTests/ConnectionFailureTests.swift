import Foundation
import Testing
@testable import GapdeskStore

/// A failure to reach a store on a server says which failure it is, and never
/// shows a password or makes a file of a connection string.
@Suite struct ConnectionFailureTests {
    @Test(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
    func aLoginTheServerRefusesSaysSo() throws {
        let test = try TestStore(engine: .postgres)
        try TestStore.superuser("DO $$ BEGIN CREATE ROLE gapdesk_test_nologin NOLOGIN; "
                                + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
        for user in ["gapdesk_test_nologin", "gapdesk_test_nobody_at_all"] {
            let error = #expect(throws: StoreError.self) {
                try Store.open(path: TestStore.address(database: test.database!, user: user) + " password=LeakMe123")
            }
            guard case .loginRefused = error else { Issue.record("\(user): \(String(describing: error))"); continue }
            #expect(error!.description.contains("did not let the login in") && !error!.description.contains("LeakMe123"))
        }
    }

    @Test(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
    func aCertificateThatCannotBeTrustedSaysSo() throws {
        let test = try TestStore(engine: .postgres)
        let address = TestStore.address(database: test.database!, user: nil) + " sslmode=verify-full sslrootcert=/nonexistent/root.crt"
        let error = #expect(throws: StoreError.self) { try Store.open(path: address) }
        guard case .certificateRefused = error else { Issue.record("\(String(describing: error))"); return }
        #expect(error!.description.contains("not trusted"))
    }

    @Test(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
    func aServerThatTakesNoWritesSaysSoAndNothingChanges() throws {
        let test = try TestStore(engine: .postgres)
        let address = TestStore.address(database: test.database!, user: nil) + " options='-c default_transaction_read_only=on'"
        let store = try Store.open(path: address)
        let error = #expect(throws: StoreError.self) {
            try store.addResponse(NewResponse(customer: "Ann", phone: "0100 1", site: "Main", scale: .csat5, rating: 1,
                                              receivedAt: TestStore.now), by: test.admin, at: TestStore.now)
        }
        #expect(error == .serverReadOnly(name: store.name), "\(String(describing: error))")
        #expect(try test.store.lowRated(limit: 10).isEmpty)
    }

    @Test func aKeywordStringThatDoesNotParseIsAConnectionErrorAndNoFile() throws {
        for address in ["host=127.0.0.1 password='LeakMeQ", "host = 127.0.0.1 port"] {
            #expect(!FileManager.default.fileExists(atPath: address))
            for attempt in [{ try Store.open(path: address) }, { try Store.create(path: address, creator: "amira", at: TestStore.now) }] {
                let error = #expect(throws: StoreError.self) { _ = try attempt() }
                guard case .unreadableAddress = error else { Issue.record("\(address): \(String(describing: error))"); continue }
                #expect(!error!.description.contains("LeakMeQ"))
            }
            #expect(!FileManager.default.fileExists(atPath: address), "no file is made of a connection string")
        }
    }
}
