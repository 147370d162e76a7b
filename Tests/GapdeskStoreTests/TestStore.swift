import Foundation
import GapdeskDomain
@testable import GapdeskStore

/// A store in a fresh temporary folder, removed when the test ends.
final class TestStore {
    let directory: URL
    let store: Store
    let admin = "tester"
    static let now = Clock.parseInstant("2026-03-02T09:00:00Z")!

    init(demo responses: Int? = nil, seed: UInt64 = 7) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store.create(path: directory.appendingPathComponent("store.sqlite").path, creator: admin, at: Self.now)
        if let responses {
            var generator = DemoGenerator(options: DemoOptions(responses: responses, seed: seed, now: Self.now))
            _ = try generator.generate(into: store, actor: admin)
        }
    }

    var path: String { store.path }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Records a phoned-in response at a plain site (Mon-Fri 09-17 UTC).
    @discardableResult
    func add(_ customer: String, rating: Int, scale: RatingScale = .csat5, at: Date = TestStore.now,
             phone: String? = "", comment: String = "", tags: [String] = [], site: String = "Main") throws -> RecordedResponse {
        try store.addResponse(NewResponse(customer: customer, phone: phone == "" ? "0100 \(customer)" : phone, site: site, scale: scale, rating: rating,
                                          comment: comment, receivedAt: at, tags: tags), by: admin, at: at)
    }
}
