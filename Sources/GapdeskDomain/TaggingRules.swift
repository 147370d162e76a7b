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

        /// The keyword and the sites' words as `words` gives them, worked out once: every row of a list asks.
        private let keywordWords: String
        private let siteWords: [String]

        public init(keyword: String, cause: String, sites: [String] = []) {
            self.keyword = keyword.lowercased().trimmingCharacters(in: .whitespaces)
            self.cause = cause.trimmingCharacters(in: .whitespaces)
            self.sites = sites.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            keywordWords = TaggingRules.words(self.keyword)
            siteWords = self.sites.map(TaggingRules.words)
        }

        /// A rule from its setting: the keyword from the key, the cause (and any sites) from the value.
        public init(keyword: String, setting value: String) {
            let parts = value.split(separator: "@", maxSplits: 1).map(String.init)
            self.init(keyword: keyword, cause: parts.first ?? "",
                      sites: parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : [])
        }

        /// The setting's value: the cause, then the sites it is limited to.
        public var setting: String { sites.isEmpty ? cause : "\(cause) @ \(sites.joined(separator: ", "))" }

        /// `siteName`: the site's name as `words` gives it.
        func applies(toSite siteName: String) -> Bool {
            siteWords.isEmpty || siteWords.contains { siteName.contains($0) }
        }

        func found(in text: String) -> Bool { text.contains(keywordWords) }
    }

    public var rules: [Rule]

    public init(rules: [Rule] = []) {
        self.rules = rules.sorted { $0.keyword < $1.keyword }
    }

    /// Text as lowercase words between single spaces, with a space at each
    /// end, so that " word " finds a whole word and nothing inside another.
    static func words(_ text: String) -> String {
        var words = ""
        var gap = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if gap && !words.isEmpty { words.append(" ") }
                words.append(character)
                gap = false
            } else {
                gap = true
            }
        }
        return " " + words + " "
    }

    /// The causes suggested for a response: none once it is tagged; else each
    /// cause whose keyword is in the comment as whole words (any case) and
    /// whose rule applies at the response's site, once each, in rule order.
    /// The list and the detail both ask here, so they always agree.
    public func suggestions(for comment: String, site: String, tags: [String]) -> [String] {
        guard tags.isEmpty, !rules.isEmpty else { return [] }
        let (text, siteName) = (Self.words(comment), Self.words(site))
        var found: [String] = []
        for rule in rules where rule.applies(toSite: siteName) && rule.found(in: text) {
            if !found.contains(where: { $0.caseInsensitiveCompare(rule.cause) == .orderedSame }) { found.append(rule.cause) }
        }
        return found
    }
}
