import Foundation

/// One phone or email given for several different customers, its contacts
/// concentrated on one staff member or site: the other known way to steer
/// who answers a survey, by putting a number or address the staff member
/// controls on customers' contacts, so the survey comes to them.
///
/// The test, per phone or email given for at least `minimumNames` different
/// names (names compared ignoring case and spacing): take the staff member
/// with most of its contacts at a site; of the n contacts it was given for
/// there, m are theirs, and they have a share s of that site's contacts.
/// Chance alone would give at least m of n with probability
/// P(X ≥ m), X ~ Binomial(n, s) (one-sided); flagged when that is under the
/// pressure signals' level (z > 3: about 1 time in 740) and their m contacts
/// alone name at least `minimumNames` customers. Where the staff member is
/// not flagged (or none is named) the site is tested the same way, against
/// its share of every site's contacts.
public enum SharedContactDetails {
    public static let minimumNames = 3
    /// One-sided, as z > 3 is for the pressure signals.
    public static let threshold = 0.5 * erfc(PressureSignals.zThreshold / 2.0.squareRoot())

    /// A contact the phone or email was given on: the customer's name as given there.
    public struct Contact: Sendable, Equatable {
        public var name: String
        public var staff: String?
        public var site: String

        public init(name: String, staff: String?, site: String) { self.name = name; self.staff = staff; self.site = site }
    }

    /// A phone or email and every contact it was given on in the window.
    public struct Detail: Sendable, Equatable {
        public var value: String
        public var contacts: [Contact]

        public init(value: String, contacts: [Contact]) { self.value = value; self.contacts = contacts }
    }

    /// Every contact of the window, by site and staff member, and by site.
    public struct Counts: Sendable, Equatable {
        public var staff: [String: [String: Int]]
        public var sites: [String: Int]

        public init(staff: [String: [String: Int]], sites: [String: Int]) { self.staff = staff; self.sites = sites }
    }

    public enum Kind: String, Sendable { case staff, site }

    public struct Signal: Sendable, Equatable {
        public var kind: Kind
        /// "Sam (York)" for a staff member, the site's name for a site.
        public var name: String
        public var site: String
        /// The phone or email.
        public var value: String
        /// The customers it was given for on their contacts, each once, in the order given.
        public var names: [String]
        /// The contacts it was given on (at the site, for a staff member), and how many of them are theirs.
        public var contacts: Int
        public var theirs: Int
        /// Their share of the site's contacts (a staff member), or of every site's (a site).
        public var share: Double
        public var pValue: Double
    }

    public static func signals(_ details: [Detail], counts: Counts) -> [Signal] {
        details.compactMap { detail in
            guard distinct(detail.contacts.map(\.name)).count >= minimumNames else { return nil }
            return staffSignal(detail, counts) ?? siteSignal(detail, counts)
        }.sorted { ($0.pValue, $0.name, $0.value) < ($1.pValue, $1.name, $1.value) }
    }

    private static func staffSignal(_ detail: Detail, _ counts: Counts) -> Signal? {
        let groups = Dictionary(grouping: detail.contacts.filter { $0.staff != nil }) { StaffKey(site: $0.site, staff: $0.staff!) }
        guard let (key, theirs) = groups.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return nil }
        let atSite = detail.contacts.count { $0.site == key.site }
        let site = counts.sites[key.site] ?? 0, own = counts.staff[key.site]?[key.staff] ?? 0
        return signal(.staff, "\(key.staff) (\(key.site))", key.site, detail, theirs, of: atSite, share: site == 0 ? 1 : Double(own) / Double(site))
    }

    private static func siteSignal(_ detail: Detail, _ counts: Counts) -> Signal? {
        let groups = Dictionary(grouping: detail.contacts, by: \.site)
        guard let (site, theirs) = groups.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return nil }
        let all = counts.sites.values.reduce(0, +)
        return signal(.site, site, site, detail, theirs, of: detail.contacts.count,
                      share: all == 0 ? 1 : Double(counts.sites[site] ?? 0) / Double(all))
    }

    private static func signal(_ kind: Kind, _ name: String, _ site: String, _ detail: Detail, _ theirs: [Contact], of contacts: Int,
                               share: Double) -> Signal? {
        let names = distinct(theirs.map(\.name))
        let p = chance(atLeast: theirs.count, of: contacts, share: min(share, 1))
        guard names.count >= minimumNames, p < threshold else { return nil }
        return Signal(kind: kind, name: name, site: site, value: detail.value, names: names, contacts: contacts, theirs: theirs.count,
                      share: share, pValue: p)
    }

    /// What two names are compared by: "ann  LEE" is "Ann Lee".
    public static func nameKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Each name once, as first given; no empty one.
    static func distinct(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { name in
            let key = nameKey(name)
            return !key.isEmpty && seen.insert(key).inserted
        }
    }

    /// P(X ≥ m) for X ~ Binomial(n, s), summed in logarithms so the far tail stays exact.
    public static func chance(atLeast m: Int, of n: Int, share s: Double) -> Double {
        guard m > 0 else { return 1 }
        guard m <= n, s > 0 else { return 0 }
        guard s < 1 else { return 1 }
        // log k! for k up to n: a phone's contacts in a window are few.
        var logFactorial = [0.0]
        for k in stride(from: 1, through: n, by: 1) { logFactorial.append(logFactorial[k - 1] + log(Double(k))) }
        let sum = (m...n).reduce(0.0) { sum, k in
            sum + exp(logFactorial[n] - logFactorial[k] - logFactorial[n - k] + Double(k) * log(s) + Double(n - k) * log1p(-s))
        }
        return min(sum, 1)
    }

    private struct StaffKey: Hashable, Comparable {
        var site: String, staff: String
        static func < (a: StaffKey, b: StaffKey) -> Bool { (a.site, a.staff) < (b.site, b.staff) }
    }
}
