import Foundation
import GapdeskDomain
import Testing
@testable import GapdeskStore

/// One phone or email given for several customers: a contact keeps the name
/// its row gave where it is not its customer's, and the store finds the
/// phones and emails given for several names on one staff member's or
/// site's contacts, on both engines and within site scope.
@Suite struct SharedContactDetailsStoreTests {
    let now = TestStore.now
    var day: Date { now.addingTimeInterval(-5 * 86_400) }

    func contact(_ id: String, _ customer: String, phone: String? = nil, email: String? = nil, _ site: String, staff: String?) -> PreparedRow {
        .contact(NewContact(externalId: id, customer: customer, phone: phone ?? (email == nil ? "0100 \(id)" : nil), email: email, site: site,
                            staff: staff, kind: .service, occurredAt: day))
    }

    /// York: Sam gives his own phone for four customers among 6 contacts of his; Ria has 30 more. Leeds: a couple
    /// shares a phone, and Lee has 30 contacts.
    func load(_ test: TestStore) throws {
        let sams = ["Ann Lee", "Bo Ray", "ann  LEE", "Cy Dunn", "Di Fox"].enumerated().map { contact("s\($0.offset)", $0.element, phone: "07700 900555", "York", staff: "Sam") }
            + [contact("s9", "Ed Hale", "York", staff: "Sam")]
        let rias = (0..<30).map { contact("r\($0)", "R \($0)", "York", staff: "Ria") }
        let couple = ["Eve Moss", "Fin Moss", "Eve Moss"].enumerated().map { contact("h\($0.offset)", $0.element, phone: "0100 home", "Leeds", staff: "Lee") }
        let lees = (0..<30).map { contact("l\($0)", "L \($0)", "Leeds", staff: "Lee") }
        let rows = sams + rias + couple + lees
        let run = try test.store.beginImport(source: "contacts.csv", by: test.admin, at: now)
        _ = try test.store.importBatch(rows, lines: Array(2..<(2 + rows.count)), run: run, source: "contacts.csv", by: test.admin, at: now)
    }

    @Test(arguments: TestEngine.available) func aContactKeepsTheNameItsRowGaveWhereItIsNotItsCustomers(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try load(test)
        let given = try test.read { db in
            try db.fetchAll(sql: "SELECT external_id, given_name FROM contact WHERE external_id LIKE 's%' ORDER BY external_id").map { row in
                "\(row[0] as String)=\((row[1] as String?) ?? "-")"
            }
        }
        // Ann's is the customer's own name (the first given for the phone), and "ann  LEE" is the same name.
        #expect(given == ["s0=-", "s1=Bo Ray", "s2=-", "s3=Cy Dunn", "s4=Di Fox", "s9=-"])
        // A second import matches the stored customer by phone, and compares with the stored name.
        let run = try test.store.beginImport(source: "more.csv", by: test.admin, at: now)
        _ = try test.store.importBatch([contact("s10", "Gil Roe", phone: "07700 900555", "York", staff: "Sam"),
                                        contact("s11", "ANN LEE", phone: "07700 900555", "York", staff: "Sam")],
                                       lines: [2, 3], run: run, source: "more.csv", by: test.admin, at: now)
        let later = try test.read { db in
            try db.fetchAll(sql: "SELECT given_name FROM contact WHERE external_id IN ('s10', 's11') ORDER BY external_id").map { ($0[0] as String?) ?? "-" }
        }
        #expect(later == ["Gil Roe", "-"])
    }

    @Test(arguments: TestEngine.available) func aPhoneGivenForSeveralCustomersOnOneStaffMembersContactsIsFound(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try load(test)
        let found = try test.store.sharedContactDetails(now: now)
        #expect(found.count == 1, "the couple's phone names two customers: \(found)")
        let signal = try #require(found.first)
        #expect(signal.kind == .staff && signal.name == "Sam (York)" && signal.value == "07700 900555")
        #expect(signal.names == ["Ann Lee", "Bo Ray", "Cy Dunn", "Di Fox"])
        // All 5 of the phone's contacts at York are Sam's, who has 6 of York's 36: (1/6)^5.
        #expect(signal.theirs == 5 && signal.contacts == 5)
        #expect(abs(signal.pValue - pow(6.0 / 36, 5)) < 1e-12)
        // Outside the window it is not counted.
        #expect(try test.store.sharedContactDetails(now: now.addingTimeInterval(200 * 86_400)).isEmpty)
    }

    @Test(arguments: TestEngine.available) func anEmailSharedAcrossAFrontDeskIsFoundForTheSite(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        let desk = ["Ann", "Bo", "Cy", "Di"].enumerated().map { contact("d\($0.offset)", $0.element, email: "Desk@York.example", "York", staff: nil) }
        let others = (0..<40).map { contact("o\($0)", "O \($0)", $0 < 4 ? "York" : "Leeds", staff: nil) }
        let run = try test.store.beginImport(source: "contacts.csv", by: test.admin, at: now)
        _ = try test.store.importBatch(desk + others, lines: Array(2..<46), run: run, source: "contacts.csv", by: test.admin, at: now)
        let signal = try #require(try test.store.sharedContactDetails(now: now).first)
        // York has 8 of the 44 contacts; all 4 of the address's are York's: (8/44)^4.
        #expect(signal.kind == .site && signal.name == "York" && signal.value == "desk@york.example")
        #expect(abs(signal.pValue - pow(8.0 / 44, 4)) < 1e-12)
    }

    @Test(arguments: TestEngine.available) func aLoginLimitedToSitesFindsItsSitesOnly(engine: TestEngine) throws {
        let test = try TestStore(engine: engine)
        try load(test)
        _ = try test.store.addUser("lee", role: .manager, sites: ["Leeds"], by: test.admin, at: now)
        _ = try test.store.addUser("yan", role: .manager, sites: ["York"], by: test.admin, at: now)
        #expect(try test.store(as: "lee").sharedContactDetails(now: now).isEmpty)
        #expect(try test.store(as: "yan").sharedContactDetails(now: now).map(\.name) == ["Sam (York)"])
        if engine == .postgres {
            // Through psql, Leeds's login reads the given names of Leeds's contacts alone, and matches no York customer by phone.
            let read = try test.psql(as: "lee", """
                SELECT string_agg(given_name, ', ') FROM contact WHERE given_name IS NOT NULL;
                SELECT count(*) FROM gapdesk_customers_by_phone('["07700 900555"]')
                """)
            #expect(read.ok && read.output.split(separator: "\n") == ["Fin Moss", "0"], "\(read.output)")
            let york = try test.psql(as: "yan", "SELECT key, name FROM gapdesk_customers_by_phone('[\"07700 900555\"]')")
            #expect(york.ok && york.output == "07700 900555|Ann Lee", "\(york.output)")
            let write = try test.psql(as: "yan", "UPDATE contact SET given_name = 'Someone' WHERE given_name IS NOT NULL")
            #expect(!write.ok && write.output.contains("permission denied"), "\(write.output)")
        }
    }
}
