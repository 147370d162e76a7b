import Foundation
import GapdeskDomain
import Testing

/// One phone or email given for several customers: a file of contacts (and a
/// survey that names its contact) with one staff member who puts his own
/// phone on other customers' visits, a front desk that puts its address on
/// them, a couple and a family who share a phone; imported through the
/// command line, and every figure of `report pressure --format json` for
/// them computed here independently, to 1e-9.
extension EndToEnd { @Suite struct SharedContactEndToEndTests {
    static let now = "2026-03-02T09:00:00Z"

    struct Row { var customer: String, phone: String?, email: String?, site: String, staff: String? }

    /// P(X ≥ m), X ~ Binomial(n, s), summed term by term from the binomial coefficients.
    static func tail(_ m: Int, _ n: Int, _ s: Double) -> Double {
        var sum = 0.0
        for k in m...n {
            var choose = 1.0
            for i in 0..<k { choose = choose * Double(n - i) / Double(i + 1) }
            sum += choose * pow(s, Double(k)) * pow(1 - s, Double(n - k))
        }
        return sum
    }

    @Test func everySharedPhoneSignalMatchesAnIndependentCount() throws {
        let scratch = try Scratch()
        let run = Binary.succeeding(db: scratch.path("shared.sqlite"), now: Self.now, home: scratch.url)
        _ = try run(["init"])
        var rows: [Row] = []
        for i in 0..<40 { rows.append(Row(customer: "Sam \(i)", phone: "0113 1\(i)", email: nil, site: "Leeds", staff: "Sam")) }
        for i in 0..<40 { rows.append(Row(customer: "Lia \(i)", phone: "0113 2\(i)", email: nil, site: "Leeds", staff: "Lia")) }
        for i in 0..<20 { rows.append(Row(customer: "Gus \(i)", phone: "0113 3\(i)", email: nil, site: "Leeds", staff: "Gus")) }
        // Gus's own phone on eight customers' visits (one of them twice, once in capitals); Sam once, for a ninth.
        let gus = ["Ann Hart", "Bo Lind", "Cy Marsh", "Di Nunn", "Ed Oakes", "Flo Pike", "ANN HART", "Gil Quay", "Hal Reed", "Ivy Shaw"]
        for name in gus { rows.append(Row(customer: name, phone: "07700 900999", email: nil, site: "Leeds", staff: "Gus")) }
        rows.append(Row(customer: "Zed Vale", phone: "07700 900999", email: nil, site: "Leeds", staff: "Sam"))
        for i in 0..<10 { rows.append(Row(customer: "Bob \(i)", phone: "0190 4\(i)", email: nil, site: "York", staff: "Bob")) }
        // A couple, often; a family of three, once each with Cal; five customers given the front desk's address.
        for name in ["Amy Lee", "Ben Lee", "Amy Lee", "Ben Lee", "Amy Lee", "Ben Lee"] {
            rows.append(Row(customer: name, phone: "0190 home", email: nil, site: "York", staff: "Ann"))
        }
        for name in ["Kit Moss", "Lou Moss", "Max Moss"] { rows.append(Row(customer: name, phone: "0190 family", email: nil, site: "York", staff: "Cal")) }
        for name in ["Ned Ash", "Ola Birch", "Pat Cole", "Quinn Dale", "Rae Elm"] {
            rows.append(Row(customer: name, phone: nil, email: "Desk@York.example", site: "York", staff: nil))
        }
        let today = Clock.parseInstant(Self.now)!
        var contacts = "contact_id,customer,phone,email,site,staff,contact_date,contact_kind\n"
        for (i, row) in rows.enumerated() {
            let at = today.addingTimeInterval(Double(-(2 + i % 25)) * 86_400)
            contacts += "c\(i),\(row.customer),\(row.phone ?? ""),\(row.email ?? ""),\(row.site),\(row.staff ?? ""),\(Clock.formatInstant(at)),visit\n"
        }
        // A survey that names its visit is a contact too: Gus's phone for a tenth customer.
        let visit = today.addingTimeInterval(-3 * 86_400)
        let survey = "response_id,received_at,customer,phone,site,staff,rating,contact_date,contact_kind\n"
            + "r1,\(Clock.formatInstant(visit.addingTimeInterval(3_600))),Jo Tate,07700 900999,Leeds,Gus,5,\(Clock.formatInstant(visit)),service\n"
        rows.append(Row(customer: "Jo Tate", phone: "07700 900999", email: nil, site: "Leeds", staff: "Gus"))
        try contacts.write(toFile: scratch.path("contacts.csv"), atomically: true, encoding: .utf8)
        try survey.write(toFile: scratch.path("survey.csv"), atomically: true, encoding: .utf8)
        _ = try run(["import", scratch.path("contacts.csv")])
        _ = try run(["import", scratch.path("survey.csv")])

        // Counted here: each phone or email's contacts, and everyone's.
        func key(_ name: String) -> String { name.lowercased() }
        var staffContacts: [String: Int] = [:], siteContacts: [String: Int] = [:]
        for row in rows {
            siteContacts[row.site, default: 0] += 1
            if let staff = row.staff { staffContacts["\(staff) (\(row.site))", default: 0] += 1 }
        }
        let all = Double(rows.count)
        struct Expected { var who: String, name: String, detail: String, customers: Set<String>, contacts: Int, theirs: Int, share: Double, p: Double }
        var expected: [Expected] = []
        let details = Dictionary(grouping: rows.filter { ($0.phone ?? $0.email) != nil }) { $0.phone ?? $0.email!.lowercased() }
        for (detail, given) in details where Set(given.map { key($0.customer) }).count >= 3 {
            let byStaff = Dictionary(grouping: given.filter { $0.staff != nil }) { "\($0.staff!) (\($0.site))" }
            if let (name, theirs) = byStaff.max(by: { $0.value.count < $1.value.count }) {
                let site = theirs[0].site, atSite = given.count { $0.site == site }
                let share = Double(staffContacts[name]!) / Double(siteContacts[site]!)
                let p = Self.tail(theirs.count, atSite, share), names = Set(theirs.map { key($0.customer) })
                if p < 0.5 * erfc(3 / 2.0.squareRoot()), names.count >= 3 {
                    expected.append(Expected(who: "staff", name: name, detail: detail, customers: names, contacts: atSite, theirs: theirs.count,
                                             share: share, p: p))
                    continue
                }
            }
            let bySite = Dictionary(grouping: given, by: \.site)
            let (site, theirs) = bySite.max { $0.value.count < $1.value.count }!
            let share = Double(siteContacts[site]!) / all, p = Self.tail(theirs.count, given.count, share)
            let names = Set(theirs.map { key($0.customer) })
            if p < 0.5 * erfc(3 / 2.0.squareRoot()), names.count >= 3 {
                expected.append(Expected(who: "site", name: site, detail: detail, customers: names, contacts: given.count, theirs: theirs.count,
                                         share: share, p: p))
            }
        }
        #expect(expected.map(\.name).sorted() == ["Gus (Leeds)", "York"], "the file's two, and neither the couple nor the family: \(expected)")

        let report = try run(["report", "pressure", "--format", "json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]], "\(report.stdout)")
        let shared = listed.filter { $0["signal"] as? String == "shared" }
        #expect(shared.count == expected.count, "\(shared)")
        func near(_ value: Any?, _ wanted: Double, _ what: String) {
            let got = (value as? NSNumber)?.doubleValue
            #expect(got.map { abs($0 - wanted) < 1e-9 * max(1, abs(wanted)) } == true, "\(what): \(String(describing: value)) against \(wanted)")
        }
        for want in expected {
            let signal = try #require(shared.first { $0["name"] as? String == want.name }, "\(want.name) in \(shared)")
            #expect(signal["kind"] as? String == want.who && signal["detail"] as? String == want.detail, "\(signal)")
            #expect(Set((signal["customers"] as? [String] ?? []).map(key)) == want.customers, "\(signal)")
            #expect(signal["contacts"] as? Int == want.contacts && signal["theirs"] as? Int == want.theirs, "\(signal)")
            near(signal["share"], want.share, "\(want.name) share")
            // The chance is tiny: compared relative to itself.
            let chance = try #require((signal["chance"] as? NSNumber)?.doubleValue)
            #expect(abs(chance / want.p - 1) < 1e-9, "\(want.name): \(chance) against \(want.p)")
            #expect(signal["responses"] is NSNull && signal["z"] is NSNull, "\(signal)")
        }
        // As people read it: the sentence names the phone and the customers.
        let table = try run(["report", "pressure"])
        let gusLine = table.stdout.split(separator: "\n").first { $0.hasPrefix("◇") && $0.contains("Gus (Leeds)") }
        #expect(gusLine != nil, "\(table.stdout)")
    }
} }
