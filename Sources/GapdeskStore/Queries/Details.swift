import Foundation
import GapdeskDomain

/// Read as a record: each property from the column of its name (`entity_id`).
public struct AuditEntry: Sendable, Hashable, Decodable {
    /// Its number: entries are numbered in the order they were written.
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var entity: String
    public var entityId: String
    public var before: String?
    public var after: String?

    public init(id: Int64, at: Date, actor: String, action: String, entity: String, entityId: String, before: String?, after: String?) {
        self.id = id; self.at = at; self.actor = actor; self.action = action; self.entity = entity
        self.entityId = entityId; self.before = before; self.after = after
    }
}

/// Read as a record (made_at AS "at", made_by AS "by").
public struct CallAttempt: Sendable, Hashable, Decodable {
    public var at: Date
    public var by: String
    public var outcome: CallOutcome?
    public var note: String?
    public var retryAt: Date?
}

/// One earlier (or later) response from the same customer, read as a record.
public struct HistoryItem: Sendable, Hashable, Decodable {
    public var responseId: Int64
    public var receivedAt: Date
    public var contactKind: String
    public var contactSummary: String
    public var site: String
    public var siteZone: TimeZone
    public var scale: RatingScale
    public var rating: Int
    public var comment: String
}

/// Everything about one response, for the detail view.
public struct ResponseDetail: Sendable, Hashable {
    public var responseId: Int64
    public var externalId: String
    public var customer: Customer
    public var site: String
    /// The site's time zone: the response's times are shown and typed in it.
    public var siteZone: TimeZone
    public var staff: String?
    public var contactKind: String
    public var contactSummary: String
    public var contactAt: Date?
    public var scale: RatingScale
    public var rating: Int
    public var critical: Bool
    public var comment: String
    public var channel: String
    public var receivedAt: Date
    public var tags: [String]
    /// Root causes the tagging rules suggest for the comment.
    public var suggestions: [String]
    public var callback: CallbackSummary?
    public var callbackNote: String?
    public var doneBy: String?
    public var attempts: [CallAttempt]
    public var guaranteeTotal: Double
    public var history: [HistoryItem]
    public var audit: [AuditEntry]
}

/// Everything about one gap, for the detail view.
public struct GapDetail: Sendable, Hashable {
    public var causeId: Int64
    public var name: String
    public var kind: GapKind?
    public var team: String?
    public var fix: FixSnapshot?
    public var fixRevision: Int
    public var recent: [LowRatedRow]
    public var audit: [AuditEntry]
}

extension Store {
    public func responseDetail(id: Int64, historyLimit: Int = 20) throws(StoreError) -> ResponseDetail? {
        try read { db in
            let scope = try scope(db)
            guard let row = try db.fetchOne(record: StoredResponse.self, sql: """
                SELECT r.external_id, r.scale, r.rating, r.critical, r.comment, r.channel, r.received_at,
                       cu.id AS customer_id, cu.name AS customer_name, cu.phone, cu.email, cu.value, cu.anonymous,
                       s.name AS site, s.time_zone, st.name AS staff, co.kind AS contact_kind, co.summary AS contact_summary, co.occurred_at
                FROM response r JOIN customer cu ON cu.id = r.customer_id JOIN site s ON s.id = r.site_id
                LEFT JOIN staff st ON st.id = r.staff_id LEFT JOIN contact co ON co.id = r.contact_id
                WHERE r.id = ?\(scope.condition("r.site_id"))
                """, arguments: [id]) else { return nil }
            let tags = try db.fetchAll(String.self, sql: """
                SELECT rc.name FROM response_cause x JOIN root_cause rc ON rc.id = x.cause_id WHERE x.response_id = ? ORDER BY rc.name
                """, arguments: [id])
            let callbackRow = try db.fetchOne(sql: """
                SELECT id AS callback_id, due_at, done_at, outcome, attempts, assignee, note, done_by FROM callback WHERE response_id = ?
                """, arguments: [id])
            let callback = try callbackRow.map { try CallbackSummary(from: SQLRecordDecoder(row: $0)) }
            let closing = try callbackRow.map { try CallClosing(from: SQLRecordDecoder(row: $0)) }
            let attempts = try callback.map { callback in
                try db.fetchAll(records: CallAttempt.self, sql: """
                    SELECT made_at AS "at", made_by AS "by", outcome, note, retry_at FROM call_attempt WHERE callback_id = ? ORDER BY made_at, id
                    """, arguments: [callback.callbackId])
            } ?? []
            let guaranteeTotal = try db.fetchOne(Double.self, sql: "SELECT coalesce(sum(amount), 0) FROM guarantee WHERE response_id = ?",
                                                     arguments: [id]) ?? 0
            let history = try db.fetchAll(records: HistoryItem.self, sql: """
                SELECT r.id AS response_id, r.received_at, coalesce(co.kind, '') AS contact_kind, coalesce(co.summary, '') AS contact_summary,
                       s.name AS site, s.time_zone AS site_zone, r.scale, r.rating, r.comment
                FROM response r JOIN site s ON s.id = r.site_id LEFT JOIN contact co ON co.id = r.contact_id
                WHERE r.customer_id = ? AND r.id != ?\(scope.condition("r.site_id")) ORDER BY r.received_at DESC LIMIT ?
                """, arguments: [row.customerId, id, historyLimit])
            var audit = try Self.audit(db, entity: "response", id: String(id))
            if let callback { audit += try Self.audit(db, entity: "callback", id: String(callback.callbackId)) }
            audit.sort { $0.at < $1.at }
            return ResponseDetail(
                responseId: id, externalId: row.externalId,
                customer: Customer(id: row.customerId, name: row.customerName, phone: row.phone, email: row.email, value: row.value,
                                   anonymous: row.anonymous),
                site: row.site, siteZone: SiteCodec.zone(row.timeZone), staff: row.staff,
                contactKind: row.contactKind ?? "", contactSummary: row.contactSummary ?? "",
                contactAt: row.occurredAt.map(Date.init(epochSeconds:)),
                scale: row.scale, rating: row.rating, critical: row.critical,
                comment: row.comment, channel: row.channel, receivedAt: Date(epochSeconds: row.receivedAt),
                tags: tags, suggestions: try Self.taggingRules(db).suggestions(for: row.comment, site: row.site, tags: tags),
                callback: callback, callbackNote: closing?.note, doneBy: closing?.doneBy,
                attempts: attempts, guaranteeTotal: guaranteeTotal, history: history, audit: audit)
        }
    }

    /// A response with its customer, site, staff member and contact, as the detail reads it.
    private struct StoredResponse: Decodable {
        var externalId: String, scale: RatingScale, rating: Int, critical: Bool, comment: String, channel: String, receivedAt: Int64
        var customerId: Int64, customerName: String, phone: String?, email: String?, value: Double?, anonymous: Bool
        var site: String, timeZone: String, staff: String?, contactKind: String?, contactSummary: String?, occurredAt: Int64?
    }

    /// The note a call was closed with, and by whom.
    private struct CallClosing: Decodable {
        var note: String?, doneBy: String?
    }

    /// A root cause as stored.
    private struct StoredCause: Decodable {
        var id: Int64, name: String, kind: GapKind?, team: String?

        var cause: RootCause { RootCause(id: id, name: name, kind: kind, team: team) }
    }

    public func gapDetail(causeId: Int64, recentLimit: Int = 30) throws(StoreError) -> GapDetail? {
        let detail: GapDetail? = try read { db in
            guard let cause = try db.fetchOne(record: StoredCause.self, sql: "SELECT id, name, kind, team FROM root_cause WHERE id = ?",
                                              arguments: [causeId]) else { return nil }
            let fix = try Self.fixRow(db, causeId: causeId)
            return GapDetail(causeId: causeId, name: cause.name, kind: cause.kind,
                             team: cause.team, fix: fix?.snapshot, fixRevision: fix?.revision ?? 0, recent: [],
                             audit: try Self.audit(db, entity: "fix", id: String(causeId)))
        }
        guard var detail else { return nil }
        detail.recent = try lowRated(filter: ListFilter(), limit: recentLimit, causeId: causeId)
        return detail
    }

    /// Every root cause, for the tag picker: with a response, those most
    /// reported at its site first; then those most reported anywhere. Counted
    /// from the gaps' daily summaries, whatever the size of the store.
    public func rootCauses(forResponse responseId: Int64? = nil) throws(StoreError) -> [RootCause] {
        try read { db in
            try db.fetchAll(records: StoredCause.self, sql: """
                SELECT rc.id, rc.name, rc.kind, rc.team FROM root_cause rc
                LEFT JOIN (SELECT cause_id, sum(responses) AS responses FROM gap_place_day
                           WHERE site_id = (SELECT site_id FROM response WHERE id = ?) GROUP BY cause_id) here ON here.cause_id = rc.id
                LEFT JOIN (SELECT cause_id, sum(responses) AS responses FROM gap_day GROUP BY cause_id) everywhere ON everywhere.cause_id = rc.id
                ORDER BY coalesce(here.responses, 0) DESC, coalesce(everywhere.responses, 0) DESC, rc.name
                """, arguments: [responseId]).map(\.cause)
        }
    }

    /// Accounts with a role, for the assign picker.
    public func accounts() throws(StoreError) -> [(account: String, role: Role)] {
        try read { db in
            try db.fetchAll(records: StoredUser.self, sql: "SELECT account, role, added_at, added_by FROM app_user ORDER BY account")
                .map { ($0.account, $0.role) }
        }
    }

    static func audit(_ db: any SQLSession, entity: String, id: String, limit: Int = 50) throws -> [AuditEntry] {
        try db.fetchAll(records: AuditEntry.self, sql: """
            SELECT * FROM audit WHERE entity = ? AND entity_id = ?\(db.dialect.leavesOutDescribedRowEntries) ORDER BY at DESC, id DESC LIMIT ?
            """, arguments: [entity, id, limit]).reversed()
    }
}
