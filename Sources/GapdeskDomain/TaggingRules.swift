/// Keyword rules that suggest root causes for untagged feedback, e.g.
/// "alignment" → "alignment not checked". A suggestion is only a suggestion:
/// the manager accepts it with one key; nothing is tagged silently.
///
/// A rule may be limited to some sites, because one word means different
/// things in different businesses ("tracking" is wheel alignment at a garage
/// and a parcel's whereabouts at a courier). Its setting then reads
/// `CAUSE @ WORDS[, WORDS…]`: it applies only to feedback from sites whose
/// name contains one of those (whole words, any case), e.g.
/// `suggest.tracking = alignment not checked @ Northgate`.
public struct TaggingRules: Sendable, Equatable {
    public static let settingPrefix = "suggest."

    public struct Rule: Sendable, Equatable {
        /// Lowercased; matched as whole words.
        public var keyword: String
        public var cause: String
        /// Words a site's name must contain for the rule to apply; empty for every site.
        public var sites: [String]

        public init(keyword: String, cause: String, sites: [String] = []) {
            self.keyword = keyword.lowercased().trimmingCharacters(in: .whitespaces)
            self.cause = cause.trimmingCharacters(in: .whitespaces)
            self.sites = sites.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        /// A rule from its setting: the keyword from the key, the cause (and any sites) from the value.
        public init(keyword: String, setting value: String) {
            let parts = value.split(separator: "@", maxSplits: 1).map(String.init)
            self.init(keyword: keyword, cause: parts.first ?? "",
                      sites: parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : [])
        }

        /// The setting's value: the cause, then the sites it is limited to.
        public var setting: String { sites.isEmpty ? cause : "\(cause) @ \(sites.joined(separator: ", "))" }

        func applies(toSite site: String) -> Bool {
            guard !sites.isEmpty else { return true }
            let name = TaggingRules.words(site)
            return sites.contains { name.contains(TaggingRules.words($0)) }
        }
    }

    public var rules: [Rule]

    public init(rules: [Rule] = []) {
        self.rules = rules.sorted { $0.keyword < $1.keyword }
    }

    /// Text as lowercase words between single spaces, with a space at each
    /// end, so that " word " finds a whole word and nothing inside another.
    static func words(_ text: String) -> String {
        " " + text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }.split(separator: " ").joined(separator: " ") + " "
    }

    /// The causes suggested for a response: none once it is tagged; else each
    /// cause whose keyword is in the comment as whole words (any case) and
    /// whose rule applies at the response's site, once each, in rule order.
    /// The list and the detail both ask here, so they always agree.
    public func suggestions(for comment: String, site: String, tags: [String]) -> [String] {
        guard tags.isEmpty else { return [] }
        let text = Self.words(comment)
        var found: [String] = []
        for rule in rules where rule.applies(toSite: site) && text.contains(Self.words(rule.keyword)) {
            if !found.contains(where: { $0.caseInsensitiveCompare(rule.cause) == .orderedSame }) { found.append(rule.cause) }
        }
        return found
    }
}
