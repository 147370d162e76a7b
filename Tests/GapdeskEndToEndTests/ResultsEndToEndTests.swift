import Foundation
import GapdeskDomain
import GapdeskStore
import Testing

/// Does calling back pay? A small file of responses and one of contacts with
/// known returns, calls recorded through the command line with known
/// outcomes and times, and every figure of `report results --format json`
/// computed here independently, to 1e-9.
extension EndToEnd { @Suite struct ResultsEndToEndTests {
    static let now = "2026-03-02T09:00:00Z"

    enum Plan: CaseIterable { case thanked, recovered, unhappy, guarantee, notReached, notCalled, neverCritical }
    enum Speed: CaseIterable { case fourHours, oneDay, threeDays, later }

    struct Planned {
        var index: Int
        var plan: Plan
        var speed: Speed?
        var received: Date
        var contact: Date
        /// Days after the rated contact of the customer's next contact, if any.
        var nextAfterDays: Double?
        var phone: String { "0113 000 \(String(format: "%04d", index))" }
    }

    /// 7 groups of 24: a Monday 10:00 UTC response each (the site keeps the
    /// standard Mon-Fri 09:00-17:00 UTC hours), its contact the day before.
    static func plans() -> [Planned] {
        let firstMonday = Clock.parseInstant("2025-01-06T10:00:00Z")!
        return (0..<(7 * 24)).map { index in
            let plan = Plan.allCases[index % 7]
            let received = firstMonday.addingTimeInterval(Double(index % 20) * 7 * 86_400)
            let speed: Speed? = [.notReached, .notCalled, .neverCritical].contains(plan) ? nil : Speed.allCases[(index / 7) % 4]
            // Returns that differ by group, with the edges: exactly 180 days is a return, 180 days and a second is not.
            let next: Double? = switch (index / 7) % 6 {
            case 0: 30
            case 1: plan == .unhappy || plan == .notCalled ? nil : 180
            case 2: plan == .thanked || plan == .recovered ? 90 : 180 + 1.0 / 86_400
            case 3: nil
            case 4: plan == .notReached ? 250 : 12
            default: plan == .neverCritical || plan == .recovered ? 150 : nil
            }
            return Planned(index: index, plan: plan, speed: speed, received: received, contact: received.addingTimeInterval(-86_400),
                           nextAfterDays: next)
        }
    }

    /// When the first call that reached the customer is made, in the standard hours after a Monday 10:00 response.
    static func callTime(_ received: Date, _ speed: Speed) -> Date {
        switch speed {
        case .fourHours: received.addingTimeInterval(2 * 3600)                  // Monday 12:00: 2 business hours
        case .oneDay: received.addingTimeInterval(6 * 3600)                     // Monday 16:00: 6 business hours
        case .threeDays: received.addingTimeInterval(29 * 3600)                 // Tuesday 15:00: 13 business hours
        case .later: received.addingTimeInterval(4 * 86_400 + 5 * 3600)         // Friday 15:00: 37 business hours
        }
    }

    struct Share { var n = 0, k = 0 }

    static func wilson(_ share: Share) -> (rate: Double, low: Double, high: Double) {
        let n = Double(share.n), p = Double(share.k) / n, z = 1.959964
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (p, max(0, centre - half), min(1, centre + half))
    }

    static func newcombe(_ a: Share, _ b: Share) -> (difference: Double, low: Double, high: Double) {
        let (p1, l1, u1) = wilson(a), (p2, l2, u2) = wilson(b)
        let d = p1 - p2
        return (d, d - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot(), d + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot())
    }

    @Test func everyFigureMatchesAnIndependentCount() throws {
        let scratch = try Scratch()
        let db = scratch.path("results.sqlite")
        func run(_ arguments: [String], at now: String = Self.now) throws -> Binary.Result {
            let result = try Binary.run(arguments + ["--db", db, "--now", now], home: scratch.url)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }
        _ = try run(["init"])
        // The responses are months old and each is called back at its own time: none is history.
        _ = try run(["settings", "set", "callback.max_age_days", "3650"])
        let plans = Self.plans()
        var responses = "response_id,received_at,customer,phone,site,rating,contact_date\n"
        var contacts = "contact_id,customer,phone,site,contact_date,contact_kind\n"
        for planned in plans {
            let rating = planned.plan == .neverCritical ? 5 : 1 + planned.index % 4
            responses += "r\(planned.index),\(Clock.formatInstant(planned.received)),Customer \(planned.index),\(planned.phone),Leeds,\(rating),"
                + "\(Clock.formatInstant(planned.contact))\n"
            if let days = planned.nextAfterDays {
                contacts += "c\(planned.index),Customer \(planned.index),\(planned.phone),Leeds,"
                    + "\(Clock.formatInstant(planned.contact.addingTimeInterval(days * 86_400))),job\n"
            }
            // A contact at the same moment as the rated one is not a return.
            contacts += "same\(planned.index),Customer \(planned.index),\(planned.phone),Leeds,\(Clock.formatInstant(planned.contact)),visit\n"
        }
        try responses.write(toFile: scratch.path("responses.csv"), atomically: true, encoding: .utf8)
        try contacts.write(toFile: scratch.path("contacts.csv"), atomically: true, encoding: .utf8)
        _ = try run(["import", scratch.path("responses.csv")])
        let contactImport = try run(["import", scratch.path("contacts.csv")])
        #expect(contactImport.stdout.contains("(contacts)"))

        // The calls, through the command line at their own times.
        let queue = try run(["report", "queue", "--format", "json", "--limit", "0"])
        let open = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [[String: Any]])
        let callbackFor = Dictionary(uniqueKeysWithValues: open.compactMap { row -> (Int, Int)? in
            guard let callback = row["callback_id"] as? Int, let responseId = row["response_id"] as? Int else { return nil }
            return (responseId, callback)
        })
        for planned in plans where planned.plan != .neverCritical && planned.plan != .notCalled {
            // A fresh store numbers the responses in the file's order.
            let callback = String(try #require(callbackFor[planned.index + 1]))
            let first = Self.callTime(planned.received, planned.speed ?? .fourHours)
            if planned.plan == .notReached {
                _ = try run(["call", "record", callback, "--outcome", "no-answer", "--retry-at", "+1d"], at: Clock.formatInstant(first))
                _ = try run(["call", "record", callback, "--outcome", "no-answer", "--retry-at", "+1d"],
                            at: Clock.formatInstant(first.addingTimeInterval(86_400)))
                continue
            }
            // An unanswered try first, then the call that got through.
            _ = try run(["call", "record", callback, "--outcome", "no-answer", "--retry-at", "+1h"],
                        at: Clock.formatInstant(planned.received.addingTimeInterval(1800)))
            let outcome = switch planned.plan { case .recovered: "recovered"; case .unhappy: "unhappy"; case .guarantee: "guarantee"; default: "thanked" }
            _ = try run(["call", "record", callback, "--outcome", outcome] + (outcome == "guarantee" ? ["--amount", "50"] : []),
                        at: Clock.formatInstant(first))
        }

        // The same figures, counted here.
        let groupNames: [Plan: String] = [.thanked: "thanked", .recovered: "recovered", .unhappy: "unhappy", .guarantee: "guarantee",
                                          .notReached: "not-reached", .notCalled: "not-called", .neverCritical: "never-critical"]
        let speedNames: [Speed?: String] = [.fourHours: "4h", .oneDay: "1d", .threeDays: "3d", .later: "later", nil: "none"]
        for returnDays in [180.0, 179.0] {
            var groups: [String: Share] = [:], speeds: [String: Share] = [:]
            for planned in plans {
                let returned = planned.nextAfterDays.map { $0 > 0 && $0 <= returnDays } ?? false
                let group = groupNames[planned.plan]!
                groups[group, default: Share()].n += 1
                groups[group, default: Share()].k += returned ? 1 : 0
                guard planned.plan != .neverCritical else { continue }
                let speed = speedNames[planned.speed]!
                speeds[speed, default: Share()].n += 1
                speeds[speed, default: Share()].k += returned ? 1 : 0
            }
            let report = try run(["report", "results", "--format", "json", "--return-days", String(Int(returnDays))])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any], "\(report.stdout)")
            #expect(json["return_days"] as? Int == Int(returnDays))
            func check(_ rows: [[String: Any]], _ expected: [String: Share], compare: Bool) {
                for row in rows {
                    let name = row["name"] as? String ?? "?"
                    let share = expected[name] ?? Share()
                    #expect(row["responses"] as? Int == share.n && row["returned"] as? Int == share.k, "\(name)")
                    guard share.n > 0 else { continue }
                    let (rate, low, high) = Self.wilson(share)
                    let interval = row["interval"] as? [String: Double]
                    #expect(abs((row["rate"] as? Double ?? -1) - rate) < 1e-9, "\(name) rate")
                    #expect(abs((interval?["low"] ?? -1) - low) < 1e-9 && abs((interval?["high"] ?? -1) - high) < 1e-9, "\(name) interval")
                    guard compare, name != "not-called" else { continue }
                    let (difference, dLow, dHigh) = Self.newcombe(share, expected["not-called"]!)
                    let against = row["vs_not_called"] as? [String: Double]
                    #expect(abs((against?["difference"] ?? -9) - difference) < 1e-9, "\(name) difference")
                    #expect(abs((against?["low"] ?? -9) - dLow) < 1e-9 && abs((against?["high"] ?? -9) - dHigh) < 1e-9, "\(name) difference interval")
                }
            }
            check(try #require(json["groups"] as? [[String: Any]]), groups, compare: true)
            check(try #require(json["speeds"] as? [[String: Any]]), speeds, compare: false)
            #expect(json["value_kept"] is NSNull, "no customer values, so no value kept")
        }
        // The daily summary (the settings' return days) and a count row by row agree.
        let bySummary = try run(["report", "results", "--format", "json"]).stdout
        _ = try run(["settings", "set", "results.return_days", "181"])
        #expect(try run(["report", "results", "--format", "json", "--return-days", "180"]).stdout == bySummary)
    }
} }
