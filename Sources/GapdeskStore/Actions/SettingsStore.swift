import Foundation
import GapdeskDomain

/// One setting as listed by `gapdesk settings list`.
public struct SettingListing: Sendable, Equatable {
    public var key: String
    public var value: String
    public var defaultValue: String
    public var meaning: String
}

extension Store {
    public func teamSettings() throws(StoreError) -> TeamSettings {
        try read { db in try Self.teamSettings(db) }
    }

    static func teamSettings(_ db: any SQLSession) throws -> TeamSettings {
        let rows = try db.fetchAll(records: StoredSetting.self, sql: "SELECT key, value FROM setting")
        return TeamSettings(stored: Dictionary(rows.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
    }

    /// Every team setting, then each site's business hours.
    public func settingListings() throws(StoreError) -> [SettingListing] {
        let settings = try teamSettings()
        var listings = TeamSettings.definitions.map {
            SettingListing(key: $0.key, value: settings.values[$0.key] ?? $0.defaultValue,
                           defaultValue: $0.defaultValue, meaning: $0.meaning)
        }
        for rule in try taggingRules().rules {
            let where_ = rule.sites.isEmpty ? "" : " at sites named with \(rule.sites.map { "\"\($0)\"" }.joined(separator: " or "))"
            listings.append(SettingListing(key: TaggingRules.settingPrefix + rule.keyword, value: rule.setting, defaultValue: "",
                                           meaning: "untagged feedback with the words \"\(rule.keyword)\"\(where_) is suggested the root cause "
                                               + "\"\(rule.cause)\" (CAUSE @ SITE WORDS limits it to some sites; \"\" removes it)"))
        }
        let labels = try siteLabels()
        let defaults = SiteLabels.labels(try sites().map(\.name))
        for site in try sites() {
            listings.append(SettingListing(
                key: "site.\(site.name).hours", value: HoursSpec.format(site.hours),
                defaultValue: HoursSpec.format(BusinessHours.standard),
                meaning: "when \(site.name) is open, in its own time zone: callback due times count only these hours, "
                    + "and its times are shown and typed in that zone"))
            listings.append(SettingListing(
                key: "site.\(site.name).short", value: labels[site.name] ?? site.name, defaultValue: defaults[site.name] ?? site.name,
                meaning: "what narrow columns call \(site.name) (by default the words no other site's name has)"))
        }
        return listings
    }

    public func setting(_ key: String) throws -> SettingListing {
        guard let listing = try settingListings().first(where: { $0.key.lowercased() == key.lowercased() }) else {
            throw SettingError.unknown(key: key)
        }
        return listing
    }

    /// Changes one setting (or a site's hours) and records it in the audit.
    public func changeSetting(_ key: String, to text: String, by actor: String, at now: Date) throws {
        if let siteName = Self.siteName(inKey: key, suffix: ".short") {
            let label = text.trimmingCharacters(in: .whitespaces)
            guard label.count <= 24, !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw SettingError.invalid(key: key, value: text, expected: "a short label of at most 24 characters (\"\" for the default)")
            }
            try perform(.changeSettings, by: actor, changes: [.other]) { db in
                guard let name = try Self.site(db, named: siteName)?.name else { throw StoreError.failed("There is no site called \"\(siteName)\".") }
                try Self.write(db, key: "site.\(name).short", value: label.isEmpty ? nil : label, by: actor, at: now)
            }
            return
        }
        if let siteName = Self.siteName(inKey: key, suffix: ".hours") {
            let hours = try HoursSpec.parse(text)
            try perform(.changeSettings, by: actor, changes: [.other]) { db in
                guard let named = try Self.site(db, named: siteName),
                      let site = try db.fetchOne(record: SiteCodec.Stored.self, sql: "SELECT \(SiteCodec.Stored.columns) FROM site WHERE id = ?",
                                                 arguments: [named.id])?.site else {
                    throw StoreError.failed("There is no site called \"\(siteName)\".")
                }
                let before = HoursSpec.format(site.hours)
                try db.execute(sql: "UPDATE site SET time_zone = ?, opens = ?, closes = ?, days = ? WHERE id = ?",
                               arguments: [hours.timeZone.identifier, hours.opens, hours.closes,
                                           SiteCodec.days(hours.days), site.id])
                try Self.audit(db, key: "site.\(named.name).hours", before: before, after: HoursSpec.format(hours), by: actor, at: now)
            }
            return
        }
        if key.lowercased().hasPrefix(TaggingRules.settingPrefix) {
            let rule = TaggingRules.Rule(keyword: String(key.dropFirst(TaggingRules.settingPrefix.count)), setting: text)
            let keyword = rule.keyword
            let cause = rule.cause.isEmpty ? "" : rule.setting
            guard !keyword.isEmpty, keyword.count <= 60, rule.cause.count <= 80, rule.sites.allSatisfy({ $0.count <= 80 }),
                  !rule.cause.isEmpty || rule.sites.isEmpty else {
                throw SettingError.invalid(key: key, value: text, expected: "suggest.KEYWORD = a root cause name (up to 80 characters), "
                                               + "then optionally @ and the words of the sites it is limited to, e.g. \"alignment not checked @ Northgate\"")
            }
            try perform(.changeSettings, by: actor, changes: [.other]) { db in
                try Self.write(db, key: TaggingRules.settingPrefix + keyword, value: cause.isEmpty ? nil : cause, by: actor, at: now)
            }
            return
        }
        guard let definition = TeamSettings.definition(for: key) else { throw SettingError.unknown(key: key) }
        let value = try definition.parse(text)
        try perform(.changeSettings, by: actor, changes: [.other]) { db in
            try Self.write(db, key: key, value: value, unsetMeans: definition.defaultValue, by: actor, at: now)
            if key.hasPrefix("critical.below.") { try Self.recomputeCritical(db, settings: try Self.teamSettings(db)) }
            try Figures.settingChanged(db, key: key)
        }
    }

    /// Stores `value` under `key` (nil removes it, back to `unsetMeans`) and
    /// audits the change: the one way a setting row is written.
    private static func write(_ db: any SQLSession, key: String, value: String?, unsetMeans: String? = nil, by actor: String, at now: Date) throws {
        let before = try db.fetchOne(String.self, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
        if let value {
            try db.execute(sql: """
                INSERT INTO setting(key, value, changed_at, changed_by) VALUES (?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, changed_by = excluded.changed_by
                """, arguments: [key, value, now.epochSeconds, actor])
        } else {
            try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
        }
        try audit(db, key: key, before: before ?? unsetMeans, after: value ?? unsetMeans, by: actor, at: now)
    }

    private static func audit(_ db: any SQLSession, key: String, before: String?, after: String?, by actor: String, at now: Date) throws {
        try Audit.record(db, at: now, actor: actor, action: ActionKind.changeSettings.rawValue, entity: "setting", entityId: key,
                         before: before, after: after)
    }

    /// A changed threshold re-decides which responses are critical.
    static func recomputeCritical(_ db: any SQLSession, settings: TeamSettings) throws {
        let rule = settings.criticalRule
        for scale in [RatingScale.csat5, .nps10] {
            try db.execute(sql: "UPDATE response SET critical = CASE WHEN rating < ? THEN 1 ELSE 0 END WHERE scale = ?",
                           arguments: [rule.threshold(for: scale), scale.code])
        }
    }

    public func taggingRules() throws(StoreError) -> TaggingRules {
        try read { db in try Self.taggingRules(db) }
    }

    static func taggingRules(_ db: any SQLSession) throws -> TaggingRules {
        let rows = try db.fetchAll(records: StoredSetting.self, sql: "SELECT key, value FROM setting WHERE key LIKE 'suggest.%'")
        return TaggingRules(rules: rows.map {
            TaggingRules.Rule(keyword: String($0.key.dropFirst(TaggingRules.settingPrefix.count)), setting: $0.value)
        })
    }

    /// The site a `site.NAME.hours` or `site.NAME.short` key names.
    static func siteName(inKey key: String, suffix: String) -> String? {
        guard key.lowercased().hasPrefix("site."), key.lowercased().hasSuffix(suffix), key.count > 5 + suffix.count else { return nil }
        return String(key.dropFirst(5).dropLast(suffix.count))
    }
}
