import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// An account limited to some sites sees and changes those sites only, on both engines.
@Suite struct SiteScopeTests {
    let now = TestStore.now

    /// Critical feedback at Leeds, York and Dublin, and a manager for Leeds and York.
    func store(_ engine: TestEngine) throws -> (TestStore, dublin: RecordedResponse) {
        let test = try TestStore(engine: engine)
        try test.add("Ann", rating: 1, tags: ["late"], site: "Leeds")
        try test.add("Bo", rating: 2, tags: ["late"], site: "York")
        let dublin = try test.add("Cy", rating: 1, tags: ["late"], site: "Dublin")
        let said = try test.store.addUser("lee", role: .manager, sites: ["Leeds", "york"], by: test.admin, at: now)
        #expect(said == "lee is now a manager at Leeds, York only.")
        return (test, dublin)
    }

    /// A site is named by its short label as well as its name, wherever a site is named: `user add --sites Leeds`,
    /// `report results --site York`.
    @Test(arguments: TestEngine.available) func aSiteIsNamedByItsLabelToo(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try test.add("Ann", rating: 1, site: "Northgate Leeds Service")
        try test.add("Bo", rating: 2, site: "Northgate York Service")
        #expect(try test.store.siteLabels()["Northgate Leeds Service"] == "Leeds")
        let said = try test.store.addUser("lee", role: .manager, sites: ["Leeds"], by: test.admin, at: now)
        #expect(said == "lee is now a manager at Northgate Leeds Service only.")
        let lee = try test.store(as: "lee")
        #expect(try lee.sites().map(\.name) == ["Northgate Leeds Service"])
        #expect(try lee.siteLabels()["Northgate Leeds Service"] == "Leeds", "the team's label, whichever sites a login sees")
        if engine == .postgres {
            // The server counts the words against every site, and tells the login only of its own sites' words.
            let words = try test.psql(as: "lee", "SELECT string_agg(word || ':' || sites, ',' ORDER BY word) FROM gapdesk_site_word_sites()")
            #expect(words.ok && words.output.trimmingCharacters(in: .whitespacesAndNewlines) == "leeds:1,northgate:2,service:2", "\(words.output)")
        }
        #expect(try test.store.results(now: now, site: "york").site == "Northgate York Service")
        #expect(throws: ActionRefusal.self) { try test.store.addUser("mo", role: .manager, sites: ["Northgate"], by: test.admin, at: now) }
        try test.store.changeSetting("site.York.hours", to: "mon-sat 08:00-18:00 Europe/London", by: test.admin, at: now)
        try test.store.changeSetting("site.york.short", to: "YK", by: test.admin, at: now)
        #expect(try test.store.sites().first { $0.name == "Northgate York Service" }?.hours.opens == 8 * 3_600)
        #expect(try test.store.siteLabels()["Northgate York Service"] == "YK", "a setting names a site by its label too")
    }

    @Test(arguments: TestEngine.available) func aManagerOfTwoSitesSeesOnlyTheirCustomers(engine: TestEngine) throws {
        let (test, dublin) = try store(engine)
        let lee = try test.store(as: "lee")
        #expect(try lee.queue(limit: 10).map(\.customer).sorted() == ["Ann", "Bo"])
        #expect(try lee.lowRated(limit: 10).map(\.customer).sorted() == ["Ann", "Bo"])
        #expect(try lee.queueCount(cap: 100).count == 2 && lee.lowRatedCount(cap: 100).count == 2)
        let figures = try lee.loopFigures(clock: Clock(now: now, timeZone: TimeZone(identifier: "UTC")!))
        #expect(figures.critical30d == 2, "the header counts what the lists show")
        #expect(try lee.responseDetail(id: dublin.responseId) == nil)
        #expect(try lee.sites().map(\.name) == ["Leeds", "York"])
        let cause = try #require(try lee.causeId(named: "late"))
        #expect(try lee.gapBreakdown(causeId: cause, now: now)?.lines.map(\.customer).sorted() == ["Ann", "Bo"])
        #expect(throws: StoreError.self) { try lee.results(now: now, site: "Dublin") }
        // The whole team still sees everything.
        #expect(try test.store.queue(limit: 10).count == 3)
        #expect(try test.store.users().first { $0.account == "lee" }?.sites == ["Leeds", "York"])
    }

    @Test(arguments: TestEngine.available) func readsRunTogetherLookTheSitesUpOnceAndTheNextRunSeesAChange(engine: TestEngine) throws {
        let (test, _) = try store(engine)
        let lee = try test.store(as: "lee")
        try lee.readingTogether {
            #expect(try lee.queue(limit: 10).map(\.customer).sorted() == ["Ann", "Bo"])
            _ = try test.store.addUser("lee", role: .manager, sites: ["Leeds"], by: test.admin, at: now)
            // gapdesk keeps the sites the run started with; PostgreSQL's own policies follow the change at once.
            #expect(try lee.queue(limit: 10).map(\.customer).sorted() == (engine == .postgres ? ["Ann"] : ["Ann", "Bo"]))
        }
        #expect(try lee.queue(limit: 10).map(\.customer) == ["Ann"])
        #expect(try lee.queueCount(cap: 100).count == 1)
    }

    @Test(arguments: TestEngine.available) func aManagerOfTwoSitesChangesNothingElsewhere(engine: TestEngine) throws {
        let (test, dublin) = try store(engine)
        let lee = try test.store(as: "lee")
        let call = try #require(dublin.callbackId)
        #expect(throws: ActionRefusal.unknown(what: "callback", id: String(call))) {
            try lee.recordCall(callbackId: call, CallRecord(outcome: .thanked), by: "lee", at: now)
        }
        #expect(throws: ActionRefusal.unknown(what: "response", id: String(dublin.responseId))) {
            try lee.tag(responseId: dublin.responseId, causes: ["rude"], by: "lee", at: now)
        }
        for site in ["Dublin", "Hull"] {
            let refusal = #expect(throws: ActionRefusal.self) {
                try lee.addResponse(NewResponse(customer: "Di", phone: "0100 9", site: site, scale: .csat5, rating: 1, receivedAt: now),
                                    by: "lee", at: now)
            }
            #expect(refusal == .outsideSites(account: "lee", sites: ["Leeds", "York"], site: site))
        }
        #expect(throws: ActionRefusal.self) { try lee.changeSetting("fix.quiet_days", to: "10", by: "lee", at: now) }
        // At their own sites they work as any manager.
        let leeds = try #require(try lee.queue(limit: 10).first { $0.site == "Leeds" })
        _ = try lee.recordCall(callbackId: leeds.callbackId, CallRecord(outcome: .thanked), by: "lee", at: now)
        _ = try lee.addResponse(NewResponse(customer: "Ed", phone: "0100 8", site: "York", scale: .csat5, rating: 1, receivedAt: now),
                                by: "lee", at: now)
        #expect(try lee.auditEntries(since: nil, limit: 50).allSatisfy { $0.actor == "lee" })
        #expect(try test.store.queue(limit: 10).map(\.customer).sorted() == ["Bo", "Cy", "Ed"])
    }

    @Test(arguments: TestEngine.available) func sitesAreNamedOrRefusedWithTheList(engine: TestEngine) throws {
        let (test, _) = try store(engine)
        let refusal = #expect(throws: ActionRefusal.self) {
            try test.store.addUser("kim", role: .manager, sites: ["Leeds", "Atlantis"], by: test.admin, at: now)
        }
        #expect(refusal?.description == "There is no site called \"Atlantis\". The sites are: Dublin, Leeds, York.")
        // Without --sites, every site again.
        #expect(try test.store.addUser("lee", role: .manager, by: test.admin, at: now) == "lee changed from manager to manager at every site.")
        #expect(try test.store(as: "lee").queue(limit: 10).count == 3)
    }
}
