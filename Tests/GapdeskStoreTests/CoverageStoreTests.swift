import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// Contacts rated: a contact counts as rated when its customer gave feedback
/// at its site about that day, whichever came first; kept as rows are written
/// on both engines, equal to a count from the rows, and read by site scope.
@Suite struct CoverageStoreTests {
    let now = TestStore.now
    var day: Date { Date(timeIntervalSince1970: Double(UTCDay.of(epochSeconds: now.epochSeconds) - 3) * 86_400) }

    func contact(_ id: String, _ customer: String, _ site: String, staff: String?, kind: ContactKind = .service, at: Date) -> PreparedRow {
        .contact(NewContact(externalId: id, customer: customer, phone: "0100 \(customer)", site: site, staff: staff, kind: kind, occurredAt: at))
    }

    func response(_ id: String, _ customer: String, _ site: String, staff: String? = nil, kind: ContactKind? = nil, contactAt: Date? = nil,
                  rating: Int = 5, at: Date) -> PreparedRow {
        .response(NewResponse(externalId: id, customer: customer, phone: "0100 \(customer)", site: site, staff: staff, contactKind: kind,
                              contactAt: contactAt, scale: .csat5, rating: rating, receivedAt: at))
    }

    func load(_ test: TestStore, _ rows: [PreparedRow]) throws {
        let run = try test.store.beginImport(source: "rows.csv", by: test.admin, at: now)
        _ = try test.store.importBatch(rows, lines: Array(2..<(2 + rows.count)), run: run, source: "rows.csv", by: test.admin, at: now)
        let differences = try test.read { db in try CoverageSummary.verify(db) }
        #expect(differences == nil, "kept as written: \(String(describing: differences))")
    }

    @Test(arguments: TestEngine.available) func aContactIsRatedWhenItsCustomerGaveFeedbackAtItsSiteThatDay(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let hour = 3_600.0
        // Ann's visit, then her survey that day with no contact named: the visit is rated when the survey arrives.
        try load(test, [contact("c1", "Ann", "Leeds", staff: "Sam", at: day.addingTimeInterval(10 * hour))])
        try load(test, [response("r1", "Ann", "Leeds", at: day.addingTimeInterval(15 * hour))])
        // Bo's survey first, then the visit it was about: rated as it is written.
        try load(test, [response("r2", "Bo", "Leeds", at: day.addingTimeInterval(33 * hour))])
        try load(test, [contact("c2", "Bo", "Leeds", staff: "Sam", at: day.addingTimeInterval(32 * hour))])
        // Cy rated York that day, not Leeds; Di's survey came two days after her delivery and names no contact.
        try load(test, [contact("c3", "Cy", "Leeds", staff: "Sam", at: day.addingTimeInterval(11 * hour)),
                        response("r3", "Cy", "York", at: day.addingTimeInterval(12 * hour)),
                        contact("c4", "Di", "York", staff: "Tia", kind: .delivery, at: day.addingTimeInterval(9 * hour)),
                        response("r4", "Di", "York", at: day.addingTimeInterval(57 * hour))])
        // A survey that names its own contact: one contact, rated.
        try load(test, [response("r5", "Ed", "York", staff: "Tia", kind: .sale, contactAt: day.addingTimeInterval(-20 * hour),
                                 at: day.addingTimeInterval(30 * hour))])
        // Forty days back: the window before.
        try load(test, [contact("c5", "Fay", "Leeds", staff: "Sam", at: day.addingTimeInterval(-40 * 86_400)),
                        response("r6", "Fay", "Leeds", at: day.addingTimeInterval(-40 * 86_400 + hour)),
                        contact("c6", "Gus", "Leeds", staff: "Sam", at: day.addingTimeInterval(-40 * 86_400))])

        let sites = try test.store.coverage(now: now, windowDays: 30, by: .site)
        #expect(sites.lines.map { "\($0.name) \($0.share.successes)/\($0.share.trials) before \($0.previous.successes)/\($0.previous.trials)" }
                == ["Leeds 2/3 before 1/2", "York 1/2 before 0/0"])
        #expect(sites.total.share == Proportion(successes: 3, trials: 5))
        let staff = try test.store.coverage(now: now, by: .staff)
        #expect(staff.lines.map { "\($0.name) \($0.share.successes)/\($0.share.trials)" } == ["Sam (Leeds) 2/3", "Tia (York) 1/2"])
        let kinds = try test.store.coverage(now: now, by: .kind)
        #expect(kinds.lines.map { "\($0.name) \($0.share.successes)/\($0.share.trials)" } == ["service 2/3", "delivery 0/1", "sale 1/1"])
        #expect(try test.store.contactsRated30d(now: now) == Proportion(successes: 3, trials: 5))
        #expect(try test.store.coverage(now: now, site: "york").lines.map(\.name) == ["York"])
    }

    @Test(arguments: TestEngine.available) func aStoreWithoutContactsHasNoFigure(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Ann", rating: 2)
        #expect(try test.store.contactsRated30d(now: now) == nil)
        #expect(try test.store.coverage(now: now).lines.isEmpty)
    }

    @Test(arguments: TestEngine.available) func aLoginLimitedToSitesReadsTheirCoverageOnly(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try load(test, [contact("c1", "Ann", "Leeds", staff: "Sam", at: day), contact("c2", "Bo", "York", staff: "Tia", at: day),
                        response("r2", "Bo", "York", at: day)])
        _ = try test.store.addUser("lee", role: .manager, sites: ["Leeds"], by: test.admin, at: now)
        let lee = try test.store(as: "lee")
        #expect(try lee.coverage(now: now).lines.map(\.name) == ["Leeds"])
        #expect(try lee.contactsRated30d(now: now) == Proportion(successes: 0, trials: 1))
        #expect(throws: StoreError.self) { try lee.coverage(now: now, site: "York") }
        if engine == .postgres {
            // The server keeps it: psql as lee reads Leeds's rows only and writes none.
            let read = try test.psql(as: "lee", "SELECT count(*) FROM contact_day; SELECT count(*) FROM rated_visit")
            #expect(read.ok && read.output.split(separator: "\n") == ["1", "0"], "\(read.output)")
            for sql in ["UPDATE contact_day SET rated = contacts", "INSERT INTO rated_visit VALUES (1, 1, 1)", "SELECT gapdesk_coverage_rebuild()"] {
                let write = try test.psql(as: "lee", sql)
                #expect(!write.ok && write.output.contains("permission denied"), "\(sql): \(write.output)")
            }
        }
    }
}
