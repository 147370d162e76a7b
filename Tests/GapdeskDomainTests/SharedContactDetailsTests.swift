import Foundation
import Testing
@testable import GapdeskDomain

/// One phone or email given for several customers, concentrated on one staff
/// member or site, against figures worked by hand.
@Suite struct SharedContactDetailsTests {
    typealias Contact = SharedContactDetails.Contact

    /// York: Sam has 10 of its 100 contacts, Ria 90; Leeds has 100 more.
    let counts = SharedContactDetails.Counts(staff: ["York": ["Sam": 10, "Ria": 90], "Leeds": ["Lee": 100]], sites: ["York": 100, "Leeds": 100])

    func contacts(_ names: [String], staff: String?, site: String = "York") -> [Contact] {
        names.map { Contact(name: $0, staff: staff, site: site) }
    }

    @Test func theBinomialTailIsTheChanceOfAtLeastSoMany() {
        // P(X ≥ 2) for X ~ Bin(3, 0.5) = (3 + 1) / 8.
        #expect(abs(SharedContactDetails.chance(atLeast: 2, of: 3, share: 0.5) - 0.5) < 1e-12)
        // P(X ≥ 3) for X ~ Bin(5, 0.1) = 10·0.001·0.81 + 5·0.0001·0.9 + 0.00001.
        #expect(abs(SharedContactDetails.chance(atLeast: 3, of: 5, share: 0.1) - 0.00856) < 1e-12)
        #expect(SharedContactDetails.chance(atLeast: 0, of: 4, share: 0.2) == 1)
        #expect(SharedContactDetails.chance(atLeast: 4, of: 4, share: 1) == 1)
        #expect(SharedContactDetails.chance(atLeast: 1, of: 4, share: 0) == 0)
        // Far in the tail it stays exact enough to compare: 0.1^40.
        #expect(abs(SharedContactDetails.chance(atLeast: 40, of: 40, share: 0.1) / 1e-40 - 1) < 1e-9)
    }

    @Test func aPhoneGivenForSeveralCustomersByOneStaffMemberIsFlaggedNamingThem() throws {
        let detail = SharedContactDetails.Detail(value: "07700 900555", contacts: contacts(["Ann Lee", "Bo Ray", "Cy Dunn", "Di Fox"], staff: "Sam"))
        let signals = SharedContactDetails.signals([detail], counts: counts)
        let signal = try #require(signals.first)
        #expect(signals.count == 1)
        #expect(signal.kind == .staff && signal.name == "Sam (York)" && signal.value == "07700 900555")
        #expect(signal.names == ["Ann Lee", "Bo Ray", "Cy Dunn", "Di Fox"])
        // All 4 of the phone's York contacts are Sam's, who has 10% of York's: 0.1^4.
        #expect(signal.theirs == 4 && signal.contacts == 4 && abs(signal.share - 0.1) < 1e-12)
        #expect(abs(signal.pValue - 1e-4) < 1e-15)
    }

    @Test func aHouseholdASpreadOrACommonStaffMemberIsNotFlagged() {
        // Two people sharing a phone: a couple, however often they come.
        let couple = SharedContactDetails.Detail(value: "1", contacts: contacts(["Ann Lee", "Bo Lee", "ann  LEE", "Bo Lee", "Ann Lee"], staff: "Sam"))
        // Three names, but Ria has 90% of York's contacts: four of four is likely (0.9^4).
        let common = SharedContactDetails.Detail(value: "2", contacts: contacts(["A", "B", "C", "D"], staff: "Ria"))
        // Six names spread over both sites and three staff members.
        let spread = SharedContactDetails.Detail(value: "3", contacts: contacts(["A", "B"], staff: "Sam") + contacts(["C", "D"], staff: "Ria")
                                                 + contacts(["E", "F"], staff: "Lee", site: "Leeds"))
        // Three contacts by Sam, two of them the same customer: one phone for two customers is not several.
        let repeatVisits = SharedContactDetails.Detail(value: "4", contacts: contacts(["A", "A", "B"], staff: "Sam") + contacts(["C"], staff: "Ria"))
        #expect(SharedContactDetails.signals([couple, common, spread, repeatVisits], counts: counts).isEmpty)
    }

    @Test func withoutAStaffMemberTheSiteIsTested() throws {
        let counts = SharedContactDetails.Counts(staff: [:], sites: ["York": 20, "Leeds": 180])
        let detail = SharedContactDetails.Detail(value: "front@york.example", contacts: contacts(["A", "B", "C", "D", "E"], staff: nil)
                                                 + contacts(["F"], staff: nil, site: "Leeds"))
        let signal = try #require(SharedContactDetails.signals([detail], counts: counts).first)
        // 5 of 6 at York, which has 10% of all contacts: 6·0.1^5·0.9 + 0.1^6.
        #expect(signal.kind == .site && signal.name == "York" && signal.theirs == 5 && signal.contacts == 6)
        #expect(abs(signal.pValue - (6 * 1e-5 * 0.9 + 1e-6)) < 1e-15)
        #expect(signal.names == ["A", "B", "C", "D", "E"], "the customers it was given for there")
        // One site alone is no concentration: everything is there.
        #expect(SharedContactDetails.signals([detail], counts: .init(staff: [:], sites: ["York": 20])).isEmpty)
    }
}
