import Foundation
import GapdeskDomain

/// What recording one row came to.
public enum RowOutcome: Sendable, Equatable {
    case recorded(RecordedResponse)
    /// A contact from a contact file.
    case recordedContact
    /// What a check that writes nothing expects would be recorded.
    case new(anonymous: Bool)
    /// Its id is stored already, with the same content: a rerun or an overlapping export.
    case alreadyThere
    /// Its id is stored already with different content; the sentence says where that came from.
    case conflict(String)
}

/// Records responses inside one write transaction: matches or creates the
/// customer, site and staff, then writes the contact, the response, its tags
/// and, when it is critical and someone can be called, its callback. The one
/// path for a phoned-in comment and for every row of an import.
struct ResponseInserter {
    /// What recording the rows so far created besides the responses themselves.
    struct Created: Equatable {
        var customers = 0, sites = 0, staff = 0
        /// Of the new customers, those with a value (they move the median value weights use).
        var valuedCustomers = 0
    }

    let actor: String
    /// The import run the rows come from (nil for a phoned-in response).
    let run: Int64?
    let settings: TeamSettings
    private let criticalRule: CriticalRule
    private(set) var created = Created()
    private var summary = LoopSummary()
    private var pressure = PressureSummary()
    private var gaps: GapSummary
    private var results: ResultSummary
    private let db: any SQLSession
    private let storedResponse, storedContact, siteByName, staffByName, customerByPhone, customerByEmail, customerByName: any SQLStatement
    private let insertStaff, insertCustomer, insertContact, insertResponse, insertTag, insertCallback: any SQLStatement
    // Names repeat on nearly every row of an export: look each up once per transaction.
    private var sites: [String: Site] = [:]
    private var staff: [StaffKey: Int64] = [:]
    private var causes: [String: Int64] = [:]

    private struct StaffKey: Hashable { var siteId: Int64; var name: String }

    init(_ db: any SQLSession, actor: String, run: Int64? = nil) throws {
        self.db = db
        self.actor = actor
        self.run = run
        settings = try Store.teamSettings(db)
        criticalRule = settings.criticalRule
        gaps = try GapSummary(db, settings: settings)
        results = try ResultSummary(db)
        storedResponse = try db.prepare(UpkeepRead.storedResponse.sql(db.dialect))
        storedContact = try db.prepare(UpkeepRead.storedContact.sql(db.dialect))
        siteByName = try db.prepare("SELECT id FROM site WHERE name = ?")
        staffByName = try db.prepare("SELECT id FROM staff WHERE site_id = ? AND name = ?")
        customerByPhone = try db.prepare(UpkeepRead.customerByPhone.sql(db.dialect))
        customerByEmail = try db.prepare(UpkeepRead.customerByEmail.sql(db.dialect))
        customerByName = try db.prepare(UpkeepRead.customerByName.sql(db.dialect))
        insertStaff = try db.prepare("INSERT INTO staff(name, site_id) VALUES (?, ?)")
        insertCustomer = try db.prepare("INSERT INTO customer(name, phone, email, value, site_id, anonymous) VALUES (?, ?, ?, ?, ?, ?)")
        insertContact = try db.prepare("""
            INSERT INTO contact(kind, site_id, staff_id, customer_id, occurred_at, summary, external_id, content_hash, import_run_id, source_line)
            VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)
            """)
        insertResponse = try db.prepare("""
            INSERT INTO response(external_id, contact_id, customer_id, site_id, staff_id, scale, rating, shortfall,
                critical, comment, channel, received_at, content_hash, import_run_id, source_line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertTag = try db.prepare("INSERT INTO response_cause(response_id, cause_id, tagged_at, tagged_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
        insertCallback = try db.prepare("INSERT INTO callback(response_id, created_at, first_due_at, due_at) VALUES (?, ?, ?, ?)")
    }

    /// Records one response (from `line` of the run's file); a response whose
    /// id is already stored is not recorded again, so rerunning an import adds
    /// only what is missing, and one whose content differs is a conflict.
    mutating func insert(_ new: NewResponse, line: Int? = nil) throws -> RowOutcome {
        let hash = new.contentHash
        if let stored = try stored(storedResponse, "response id", new.externalId, hash: hash) { return stored }
        let (site, staffId) = try place(new.site, staff: new.staff)
        let (customerId, customerValue) = try customer(new.identity, siteId: site.id)
        let received = new.receivedAt.epochSeconds

        var contactId: Int64?
        if new.contactKind != nil || new.contactAt != nil {
            contactId = try recordContact(kind: new.contactKind ?? .service, siteId: site.id, staffId: staffId, customerId: customerId,
                                          at: new.contactAt?.epochSeconds ?? received)
        }

        let critical = criticalRule.isCritical(new.rating, on: new.scale)
        let shortfall = new.scale.shortfall(new.rating)
        insertResponse.bind(1, new.externalId ?? "manual-\(UUID().uuidString.lowercased())")
        insertResponse.bind(2, contactId)
        insertResponse.bind(3, customerId)
        insertResponse.bind(4, site.id)
        insertResponse.bind(5, staffId)
        insertResponse.bind(6, new.scale.code)
        insertResponse.bind(7, Int64(new.rating))
        insertResponse.bind(8, shortfall)
        insertResponse.bind(9, critical ? 1 : 0)
        insertResponse.bind(10, new.comment)
        insertResponse.bind(11, new.channel)
        insertResponse.bind(12, received)
        insertResponse.bind(13, hash)
        insertResponse.bind(14, run)
        insertResponse.bind(15, line.map(Int64.init))
        let responseId = try insertResponse.insert()
        pressure.responseRecorded(receivedAt: received, siteId: site.id, staffId: staffId, topScore: shortfall == 0,
                                  comment: !new.comment.isEmpty)

        var causeIds: [Int64] = []
        for tag in new.tags where !tag.trimmedSpaces.isEmpty {
            let causeId = try cause(named: tag, at: new.receivedAt)
            if causeIds.contains(causeId) { continue }
            causeIds.append(causeId)
            insertTag.bind(1, responseId)
            insertTag.bind(2, causeId)
            insertTag.bind(3, received)
            insertTag.bind(4, actor)
            try insertTag.run()
        }
        let anonymous = new.isAnonymous
        if !anonymous && (critical || shortfall == 0) {
            try results.responseRecorded(db, responseId: responseId, customerId: customerId, siteId: site.id,
                                         contactAt: new.contactAt?.epochSeconds ?? received, critical: critical)
        }
        guard critical else { return .recorded(RecordedResponse(responseId: responseId, callbackId: nil, dueAt: nil, critical: false, anonymous: anonymous)) }
        summary.responseRecorded(receivedAt: received, critical: true)
        if !causeIds.isEmpty {
            let tagged = TaggedResponse(receivedAt: received, customerId: customerId, customerValue: customerValue,
                                        shortfall: shortfall, causes: causeIds, waived: 0)
            gaps.count(tagged)
            gaps.saw(tagged)
        }
        // Nobody to call back.
        if anonymous { return .recorded(RecordedResponse(responseId: responseId, callbackId: nil, dueAt: nil, critical: true, anonymous: true)) }
        let due = CallbackRules.dueTime(receivedAt: new.receivedAt, hours: site.hours, businessDays: settings.callbackDueBusinessDays)
        summary.count(CallState(receivedAt: received, firstDueAt: due.epochSeconds, dueAt: due.epochSeconds, doneAt: nil))
        insertCallback.bind(1, responseId)
        insertCallback.bind(2, received)
        insertCallback.bind(3, due.epochSeconds)
        insertCallback.bind(4, due.epochSeconds)
        let callbackId = try insertCallback.insert()
        return .recorded(RecordedResponse(responseId: responseId, callbackId: callbackId, dueAt: due, critical: true,
                                          anonymous: false))
    }

    /// Records one contact from a contact file: its customer matched as a
    /// response's is, and it is a return for their earlier responses. One
    /// whose id is stored already is not recorded again.
    mutating func insert(contact new: NewContact, line: Int? = nil) throws -> RowOutcome {
        let hash = new.contentHash
        if let stored = try stored(storedContact, "contact id", new.externalId, hash: hash) { return stored }
        let (site, staffId) = try place(new.site, staff: new.staff)
        let (customerId, _) = try customer(new.identity, siteId: site.id)
        _ = try recordContact(kind: new.kind, siteId: site.id, staffId: staffId, customerId: customerId, at: new.occurredAt.epochSeconds,
                              file: (new.externalId, hash, line))
        return .recordedContact
    }

    /// What a row whose id is stored already comes to: a repeat, or a conflict; nil when its id is new.
    private func stored(_ statement: any SQLStatement, _ idName: String, _ externalId: String?, hash: Int64) throws -> RowOutcome? {
        guard let externalId else { return nil }
        statement.bind(1, externalId)
        guard let stored = try statement.firstRow(columns: 3) else { return nil }
        guard let storedHash = stored[0], storedHash != hash else { return .alreadyThere }
        return .conflict(try conflict(idName, externalId, run: stored[1], line: stored[2]))
    }

    /// The site a row names (created if new) and its staff member, if it names one.
    private mutating func place(_ siteName: String, staff: String?) throws -> (Site, Int64?) {
        let site = try site(named: siteName)
        return (site, try staff.flatMap { $0.isEmpty ? nil : $0 }.map { try staffMember($0, siteId: site.id) })
    }

    /// Writes a contact (with its file's id, hash and line when it came from a
    /// contact file): a return for the customer's earlier responses.
    private mutating func recordContact(kind: ContactKind, siteId: Int64, staffId: Int64?, customerId: Int64, at occurred: Int64,
                                        file: (id: String?, hash: Int64, line: Int?)? = nil) throws -> Int64 {
        insertContact.bind(1, kind.rawValue)
        insertContact.bind(2, siteId)
        insertContact.bind(3, staffId)
        insertContact.bind(4, customerId)
        insertContact.bind(5, occurred)
        insertContact.bind(6, file?.id)
        insertContact.bind(7, file?.hash)
        insertContact.bind(8, file == nil ? nil : run)
        insertContact.bind(9, file?.line.map(Int64.init))
        let contactId = try insertContact.insert()
        try results.contactRecorded(db, customerId: customerId, occurredAt: occurred)
        return contactId
    }

    /// Either kind of import row.
    mutating func insert(_ row: ImportRow, line: Int) throws -> RowOutcome {
        switch row {
        case .response(let response): try insert(response, line: line)
        case .contact(let contact): try insert(contact: contact, line: line)
        }
    }

    /// Where the stored row with this id came from, in a sentence.
    private func conflict(_ idName: String, _ externalId: String, run storedRun: Int64?, line storedLine: Int64?) throws -> String {
        let id = "\(idName) \"\(externalId.prefix(60))\""
        if let storedRun, storedRun == run, let storedLine {
            return "\(id) is also on line \(storedLine) of this file, with different content"
        }
        if let storedRun, let row = try db.fetchOne(sql: "SELECT source, started_at FROM import_run WHERE id = ?", arguments: [storedRun]) {
            let source: String = row["source"]
            return "\(id) was imported from \(source)\(storedLine.map { " line \($0)" } ?? "") on "
                + Date(epochSeconds: row["started_at"]).formatted(.iso8601.year().month().day()) + ", with different content"
        }
        return "\(id) is already stored, with different content"
    }

    /// Writes what the responses recorded so far add to the daily summaries.
    mutating func finish() throws {
        try summary.apply(db)
        try pressure.apply(db)
        try gaps.apply(db)
        try results.apply(db)
        pressure = PressureSummary()
    }

    private mutating func site(named name: String) throws -> Site {
        if let site = sites[name] { return site }
        siteByName.bind(1, name)
        let site: Site
        if let id = try siteByName.firstInteger(), let stored = try Store.site(db, id: id) {
            try Store.checkSite(db, id, siteName: stored.name, for: actor)
            site = stored
        } else {
            if let scope = try SiteScope.of(db, account: actor) {
                throw ActionRefusal.outsideSites(account: actor, sites: scope.names, site: name)
            }
            site = Site(id: try Store.insertSite(db, name: name, hours: .standard), name: name, hours: .standard)
            created.sites += 1
        }
        sites[name] = site
        return site
    }

    private mutating func staffMember(_ name: String, siteId: Int64) throws -> Int64 {
        let key = StaffKey(siteId: siteId, name: name)
        if let id = staff[key] { return id }
        staffByName.bind(1, siteId)
        staffByName.bind(2, name)
        var id = try staffByName.firstInteger()
        if id == nil {
            insertStaff.bind(1, name)
            insertStaff.bind(2, siteId)
            id = try insertStaff.insert()
            created.staff += 1
        }
        staff[key] = id
        return id!
    }

    private mutating func cause(named name: String, at: Date) throws -> Int64 {
        if let id = causes[name] { return id }
        let id = try Store.findOrCreateCause(db, name: name, kind: nil, at: at)
        causes[name] = id
        return id
    }

    /// Matches by phone, then email, then name at the same site; creates the
    /// customer otherwise. Anonymous feedback is never matched: each response
    /// is its own customer. Returns the customer and their value.
    private mutating func customer(_ new: CustomerIdentity, siteId: Int64) throws -> (Int64, Double?) {
        let phone = new.phone?.trimmedSpaces.nilIfEmpty
        let email = new.email?.trimmedSpaces.lowercased().nilIfEmpty
        let anonymous = new.anonymous
        if let phone {
            customerByPhone.bind(1, phone)
            if let found = try customerByPhone.firstIntegerAndReal() { return found }
        }
        if let email {
            customerByEmail.bind(1, email)
            if let found = try customerByEmail.firstIntegerAndReal() { return found }
        }
        if phone == nil && email == nil && !anonymous {
            customerByName.bind(1, new.name)
            customerByName.bind(2, siteId)
            if let found = try customerByName.firstIntegerAndReal() { return found }
        }
        insertCustomer.bind(1, anonymous ? "" : new.name)
        insertCustomer.bind(2, phone)
        insertCustomer.bind(3, email)
        insertCustomer.bind(4, new.value)
        insertCustomer.bind(5, siteId)
        insertCustomer.bind(6, anonymous ? 1 : 0)
        let customerId = try insertCustomer.insert()
        created.customers += 1
        if new.value != nil { created.valuedCustomers += 1 }
        return (customerId, new.value)
    }
}
