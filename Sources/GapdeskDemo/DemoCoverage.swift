import Foundation
import GapdeskDomain
import GapdeskStore

/// The demo's contacts without a survey over the last 90 days, so coverage
/// has something true to show: most staff hand the survey to about one
/// customer in three, evenly; `DemoCatalogue.gater` at York hands it mostly
/// to customers who will give the top score, so her contacts are rated far
/// less often and her ratings are far higher. Drawn from a random stream of
/// their own, after everything else: the rest of the demo is the same with
/// or without them. Last, `DemoCatalogue.borrower` at Dublin gives his own
/// mobile for several customers' visits and answers their surveys himself.
extension DemoGenerator {
    /// Of the gater's contacts, the share she asks; everyone else asks 30 to 40%.
    static let gaterAsks = 0.1

    mutating func generateCoverage(into store: Store, actor: String, sites: [DemoSite], customers: [[Int64]], summary: inout DemoSummary) throws {
        var random = SeededRandom(seed: options.seed ^ 0xC0DE_C0FE)
        let now = options.now
        let start = now.addingTimeInterval(-Double(options.days) * 86_400)
        let span = now.timeIntervalSince(start)
        guard let gaterSite = sites.firstIndex(where: { $0.spec.name == DemoCatalogue.gaterSite }) else { return }
        // Everyone's contacts besides those their surveys came from (they asked 30 to 40% of them): nobody rated these.
        // The gater's: as many as her peers', of which she asks a few.
        var plans: [(site: Int, staffId: Int64, contacts: Int, asks: Double?)] = []
        for (index, site) in sites.enumerated() {
            for staffId in site.staff {
                let asks = 0.3 + 0.1 * Double.random(in: 0..<1, using: &random), rated = responsesByStaff[staffId, default: 0]
                plans.append((index, staffId, Int((Double(rated) / asks).rounded()) - rated, nil))
            }
        }
        let peers = sites[gaterSite].staff.map { responsesByStaff[$0, default: 0] }
        // A busy desk: more contacts than her peers', so that even the few she asks make a sample.
        let gaterContacts = Int(Double(peers.reduce(0, +)) / Double(max(1, peers.count)) / 0.25)
        let rows = plans.reduce(0) { $0 + $1.contacts } + gaterContacts * 2 + DemoCatalogue.borrowedVisits * 2 + 1
        try store.recordPast(rowsAhead: max(1, rows), by: actor) { records in
            let gater = try records.staff(DemoCatalogue.gater, siteId: sites[gaterSite].id)
            plans.append((gaterSite, gater, gaterContacts, Self.gaterAsks))
            var number = 0
            for plan in plans {
                let site = sites[plan.site], pool = customers[plan.site]
                guard !pool.isEmpty else { continue }
                for _ in 0..<plan.contacts {
                    let at = start.addingTimeInterval(Double.random(in: 0..<1, using: &random) * span)
                    let customerId = pool[Int.random(in: 0..<pool.count, using: &random)]
                    let contactId = try records.contact(kind: site.spec.kind, siteId: site.id, staffId: plan.staffId, customerId: customerId, at: at,
                                                        summary: site.spec.kind == .delivery ? "Parcel delivery" : site.spec.kind == .sale ? "Viewing" : "Visit")
                    summary.contactsWithoutSurvey += 1
                    // She asks the customers she expects to be happy, and they are.
                    guard let asks = plan.asks, random.chance(asks) else { continue }
                    let receivedAt = at.addingTimeInterval(Double.random(in: 7_200...172_800, using: &random))
                    guard receivedAt < now else { continue }
                    number += 1
                    let comment = random.chance(0.85) ? random.pick(DemoCatalogue.praise) : ""
                    _ = try records.response(externalId: "demo-asked-\(number)", contactId: contactId, customerId: customerId, siteId: site.id,
                                             staffId: plan.staffId, scale: site.spec.scale, rating: site.spec.scale.top, comment: comment,
                                             channel: "survey", receivedAt: receivedAt)
                    summary.contactsWithoutSurvey -= 1
                    summary.responses += 1
                }
            }
            guard let site = sites.first(where: { $0.spec.name == DemoCatalogue.borrowerSite }) else { return }
            try borrowedPhone(&records, site: site, start: start, random: &random, summary: &summary)
        }
    }

    /// The borrower's visits: each a different customer given his phone, and a top score from "them" a day or two later.
    private func borrowedPhone(_ records: inout PastRecords, site: DemoSite, start: Date, random: inout SeededRandom,
                               summary: inout DemoSummary) throws {
        guard let index = site.spec.staff.firstIndex(of: DemoCatalogue.borrower) else { return }
        let staffId = site.staff[index]
        var names: [String] = []
        while names.count < DemoCatalogue.borrowedVisits {
            let name = random.pick(DemoCatalogue.firstNames) + " " + random.pick(DemoCatalogue.lastNames)
            if !names.contains(name) { names.append(name) }
        }
        let customerId = try records.customer(name: names[0], phone: DemoCatalogue.borrowerPhone, email: nil, value: nil, siteId: site.id)
        let span = options.now.timeIntervalSince(start) - 3 * 86_400
        for (number, name) in names.enumerated() {
            let at = start.addingTimeInterval(Double.random(in: 0..<1, using: &random) * span)
            let contactId = try records.contact(kind: site.spec.kind, siteId: site.id, staffId: staffId, customerId: customerId, at: at,
                                                summary: "Visit", givenName: number == 0 ? nil : name)
            _ = try records.response(externalId: "demo-borrowed-\(number + 1)", contactId: contactId, customerId: customerId, siteId: site.id,
                                     staffId: staffId, scale: site.spec.scale, rating: site.spec.scale.top, comment: "",
                                     channel: "survey", receivedAt: at.addingTimeInterval(Double.random(in: 7_200...86_400, using: &random)))
            summary.responses += 1
        }
    }
}
