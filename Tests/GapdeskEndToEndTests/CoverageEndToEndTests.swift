import Foundation
import GapdeskDomain
import Testing

/// How much of the business the feedback covers: a file of contacts and one
/// of responses with known rates, imported through the command line, and
/// every figure of `report coverage --format json` (contacts, rated, rate,
/// interval, the window before, the blind-spot test) and the selective-asking
/// flag computed here independently, to 1e-9.
extension EndToEnd { @Suite struct CoverageEndToEndTests {
    static let now = "2026-03-02T09:00:00Z"

    struct Staff: Sendable {
        var name: String, site: String
        /// Contacts in the window; which of them are rated, and how.
        var contacts: Int
        var rated: @Sendable (Int) -> Bool
        var top: @Sendable (Int) -> Bool
        /// Rated by a survey that names its own contact (not in the contacts file) rather than one that arrives the same day.
        var ownContact = false
        /// Surveys that arrive the day after their visit and name no contact: they rate nothing.
        var nextDay: @Sendable (Int) -> Bool = { _ in false }
        /// Contacts in the window before, and which of them are rated.
        var previous = 0
        var previousRated: @Sendable (Int) -> Bool = { _ in false }
    }

    static let staff = [
        Staff(name: "Sam", site: "Leeds", contacts: 120, rated: { $0 % 5 < 2 }, top: { $0 % 2 == 0 }, previous: 50, previousRated: { $0 % 5 == 0 }),
        Staff(name: "Lia", site: "Leeds", contacts: 120, rated: { $0 % 5 < 2 }, top: { $0 % 3 == 0 }, previous: 50, previousRated: { $0 % 5 < 2 }),
        // Asks one customer in twelve, and each of them gives the top score.
        Staff(name: "Gus", site: "Leeds", contacts: 300, rated: { $0 % 12 == 0 }, top: { _ in true }),
        Staff(name: "Ann", site: "York", contacts: 120, rated: { $0 % 5 < 2 }, top: { $0 % 2 == 1 }, previous: 50, previousRated: { $0 % 4 == 0 }),
        Staff(name: "Bob", site: "York", contacts: 120, rated: { $0 % 5 < 2 }, top: { $0 % 2 == 0 }, nextDay: { $0 % 5 == 2 }),
        Staff(name: "Cal", site: "York", contacts: 120, rated: { $0 % 5 < 2 }, top: { $0 % 2 == 0 }, ownContact: true),
    ]

    struct Share { var n = 0, k = 0 }

    @Test func everyCoverageFigureMatchesAnIndependentCount() throws {
        let scratch = try Scratch()
        let run = Binary.succeeding(db: scratch.path("coverage.sqlite"), now: Self.now, home: scratch.url)
        _ = try run(["init"])
        let today = Clock.parseInstant(Self.now)!.addingTimeInterval(-9 * 3_600)
        var contacts = "contact_id,customer,phone,site,staff,contact_date,contact_kind\n"
        var responses = "response_id,received_at,customer,phone,site,staff,rating,contact_date,contact_kind\n"
        var now: [String: Share] = [:], before: [String: Share] = [:], asked: [String: Share] = [:]
        for member in Self.staff {
            let name = "\(member.name) (\(member.site))"
            for i in 0..<member.contacts {
                let visit = today.addingTimeInterval(Double(-(1 + i % 28)) * 86_400 + 10 * 3_600)
                let customer = "\(member.name) \(i)", phone = "0113 \(member.name) \(i)"
                let rated = member.rated(i)
                now[name, default: Share()].n += 1
                if rated { now[name]!.k += 1 }
                if !(rated && member.ownContact) {
                    contacts += "c-\(customer),\(customer),\(phone),\(member.site),\(member.name),\(Clock.formatInstant(visit)),visit\n"
                }
                let rating = member.top(i) ? 5 : 3
                if rated {
                    let row = member.ownContact
                        ? "\(Clock.formatInstant(visit.addingTimeInterval(86_400))),\(customer),\(phone),\(member.site),\(member.name),\(rating),\(Clock.formatInstant(visit)),service"
                        : "\(Clock.formatInstant(visit.addingTimeInterval(5 * 3_600))),\(customer),\(phone),\(member.site),\(member.name),\(rating),,"
                    responses += "r-\(customer),\(row)\n"
                } else if member.nextDay(i) {
                    responses += "r-\(customer),\(Clock.formatInstant(visit.addingTimeInterval(23 * 3_600))),\(customer),\(phone),\(member.site),"
                        + "\(member.name),\(rating),,\n"
                }
                if rated || member.nextDay(i) {
                    asked[name, default: Share()].n += 1
                    if rating == 5 { asked[name]!.k += 1 }
                }
            }
            for i in 0..<member.previous {
                let visit = today.addingTimeInterval(Double(-(35 + i % 20)) * 86_400 + 11 * 3_600)
                let customer = "\(member.name) earlier \(i)", phone = "0114 \(member.name) \(i)"
                contacts += "e-\(customer),\(customer),\(phone),\(member.site),\(member.name),\(Clock.formatInstant(visit)),visit\n"
                before[name, default: Share()].n += 1
                if member.previousRated(i) {
                    before[name]!.k += 1
                    responses += "r-\(customer),\(Clock.formatInstant(visit.addingTimeInterval(3_600))),\(customer),\(phone),\(member.site),\(member.name),4,,\n"
                }
            }
        }
        try contacts.write(toFile: scratch.path("contacts.csv"), atomically: true, encoding: .utf8)
        try responses.write(toFile: scratch.path("responses.csv"), atomically: true, encoding: .utf8)
        // Contacts first, then the surveys: a visit is rated when its survey arrives, whichever came first.
        _ = try run(["import", scratch.path("contacts.csv")])
        _ = try run(["import", scratch.path("responses.csv")])

        let report = try run(["report", "coverage", "--by", "staff", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let lines = try #require(json["lines"] as? [[String: Any]])
        #expect(Set(lines.compactMap { $0["name"] as? String }) == Set(now.keys), "\(lines.map { $0["name"] ?? "" })")
        let total = now.values.reduce(into: Share()) { $0.n += $1.n; $0.k += $1.k }
        func near(_ value: Any?, _ expected: Double, _ what: String) {
            let got = (value as? NSNumber)?.doubleValue
            #expect(got.map { abs($0 - expected) < 1e-9 } == true, "\(what): \(String(describing: value)) against \(expected)")
        }
        for line in lines {
            let name = try #require(line["name"] as? String)
            let share = try #require(now[name]), earlier = before[name] ?? Share()
            #expect(line["contacts"] as? Int == share.n && line["rated"] as? Int == share.k, "\(name): \(line)")
            let (rate, low, high) = ResultsEndToEndTests.wilson(ResultsEndToEndTests.Share(n: share.n, k: share.k))
            near(line["rate"], rate, "\(name) rate")
            let interval = try #require(line["interval"] as? [String: Any])
            near(interval["low"], low, "\(name) low"); near(interval["high"], high, "\(name) high")
            #expect(line["previous_contacts"] as? Int == earlier.n && line["previous_rated"] as? Int == earlier.k, "\(name): \(line)")
            if earlier.n > 0 {
                let (difference, dLow, dHigh) = ResultsEndToEndTests.newcombe(ResultsEndToEndTests.Share(n: share.n, k: share.k),
                                                                              ResultsEndToEndTests.Share(n: earlier.n, k: earlier.k))
                let change = try #require(line["change"] as? [String: Any])
                near(change["value"], difference, "\(name) change"); near(change["low"], dLow, "\(name) change low")
                near(change["high"], dHigh, "\(name) change high")
            } else {
                #expect(line["change"] is NSNull, "\(name): no contacts before, no change")
            }
            // The blind-spot test against every other staff member's contacts together.
            let p = Double(share.k) / Double(share.n), p0 = Double(total.k - share.k) / Double(total.n - share.n)
            let z = (p - p0) / (p0 * (1 - p0) / Double(share.n)).squareRoot()
            near(line["z"], z, "\(name) z"); near(line["rest_rate"], p0, "\(name) rest")
            #expect(line["blind_spot"] as? Bool == (z < -3 && p < p0 / 2), "\(name)")
        }
        near((json["total"] as? [String: Any])?["rate"], Double(total.k) / Double(total.n), "every contact")

        // Selective asking, counted here: rated far less often and far higher than everyone else.
        let everyone = asked.values.reduce(into: Share()) { $0.n += $1.n; $0.k += $1.k }
        var flagged: [String] = []
        for (name, share) in now {
            let responses = asked[name] ?? Share()
            guard share.n >= 20, responses.n >= 20 else { continue }
            let peerRate = Double(total.k - share.k) / Double(total.n - share.n), rate = Double(share.k) / Double(share.n)
            let peerTop = Double(everyone.k - responses.k) / Double(everyone.n - responses.n), top = Double(responses.k) / Double(responses.n)
            let rateZ = (rate - peerRate) / (peerRate * (1 - peerRate) / Double(share.n)).squareRoot()
            let topZ = (top - peerTop) / (peerTop * (1 - peerTop) / Double(responses.n)).squareRoot()
            guard rateZ < -3, topZ > 3 else { continue }
            flagged.append(name)
            let signal = try #require((json["selective_asking"] as? [[String: Any]])?.first { $0["name"] as? String == name && $0["who"] as? String == "staff" })
            near(signal["rate_z"], rateZ, "\(name) rate z"); near(signal["top_z"], topZ, "\(name) top z")
            near(signal["peer_rate"], peerRate, "\(name) peers' rate"); near(signal["top_share"], top, "\(name) top share")
        }
        #expect(flagged == ["Gus (Leeds)"], "the file's gater, and nobody else: \(flagged)")
        let signals = try #require(json["selective_asking"] as? [[String: Any]])
        #expect(signals.map { "\($0["who"] ?? "") \($0["name"] ?? "")" } == ["staff Gus (Leeds)"], "\(signals)")
        // The pressure signals name him too, with the mark of his own.
        let pressure = try run(["report", "pressure", "--window", "30"])
        let marked = pressure.stdout.split(separator: "\n").filter { $0.hasPrefix("◐") }
        #expect(marked.map { $0.hasPrefix("◐ staff  Gus (Leeds) ") || $0.hasPrefix("◐ Gus (Leeds): ") } == [true, true], "his row and his sentence: \(pressure.stdout)")
    }
} }
