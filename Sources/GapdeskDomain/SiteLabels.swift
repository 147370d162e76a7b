/// Short labels for sites, for narrow columns: each site's own (the team
/// setting `site.NAME.short`), or by default the words of its name that no
/// other site's name has ("Northgate Leeds Service" → "Leeds" beside
/// "Northgate York Service"; "Swiftline Parcels Manchester" → "Swiftline"),
/// as many as fit in ten characters but at least one, and the whole name
/// where it has no such word. Different sites always get different labels.
/// `sitesWith`: how many of all the sites have each (lower-case) word, where
/// `names` are only some of them; counted from `names` when nil.
public enum SiteLabels {
    public static func labels(_ names: [String], overrides: [String: String] = [:], sitesWith counted: [String: Int]? = nil) -> [String: String] {
        let words = names.map { $0.split(separator: " ").map(String.init) }
        var sitesWith = counted ?? [:]
        if counted == nil {
            for nameWords in words {
                for word in Set(nameWords.map { $0.lowercased() }) { sitesWith[word, default: 0] += 1 }
            }
        }
        var labels: [String: String] = [:]
        for (name, nameWords) in zip(names, words) {
            let own = nameWords.filter { sitesWith[$0.lowercased()] == 1 }
            guard var label = own.first else { labels[name] = name; continue }
            for word in own.dropFirst() {
                guard label.count + 1 + word.count <= 10 else { break }
                label += " " + word
            }
            labels[name] = label
        }
        for (name, label) in overrides where labels[name] != nil && !label.isEmpty { labels[name] = label }
        // A label chosen by hand may repeat another: then both show their whole names.
        let counts = Dictionary(labels.values.map { ($0.lowercased(), 1) }, uniquingKeysWith: +)
        for (name, label) in labels where counts[label.lowercased(), default: 0] > 1 { labels[name] = name }
        return labels
    }
}
