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
/// customer, site and staff, then records the contact, the response, its tags
/// and, when it is critical and someone can be called, its callback. The one
/// path for a phoned-in comment and for every row of an import.
///
/// Rows are recorded a batch at a time: what the store holds for the batch is
/// read first (`KnownRows`), each row is worked out in memory with ids
/// given ahead (`PendingRows`), and `finish` writes them, each table's
/// rows at once, then the summaries. On PostgreSQL that is a few round trips
/// per batch instead of several per row.
struct ResponseInserter {
    /// What recording the rows so far created besides the responses themselves.
    struct Created: Equatable {
        var customers = 0, sites = 0, staff = 0
        /// Of the new customers, those with a value (they move the median value weights use).
        var valuedCustomers = 0
    }

    let actor: String
    private let now: Date
    /// The import run the rows come from (nil for a phoned-in response).
    let run: Int64?
    let settings: TeamSettings
    private let criticalRule: CriticalRule
    private(set) var created = Created()
    private var figures: Figures.Batch
    private let db: any SQLSession
    private var known = KnownRows()
    private var pending = PendingRows([.customer, .contact, .response, .responseCause, .callback])
    /// How many rows of a table may follow: the rows of the batch at hand.
    private var batchSize = 1
    private let siteByName, staffByName, insertStaff: any SQLStatement
    // Names repeat on nearly every row of an export: look each up once per transaction.
    private var sites: [String: Site] = [:]
    private var staff: [StaffKey: Int64] = [:]
    private var causes: [String: Int64] = [:]

    fileprivate struct StaffKey: Hashable { var siteId: Int64; var name: String }

    /// What one transaction read and wrote of the store that the next may
    /// start from, if no other connection writes between them (see `memory`).
    struct Memory {
        fileprivate var mark: WriteMark
        fileprivate var known: KnownRows
        fileprivate var sites: [String: Site], staff: [StaffKey: Int64], causes: [String: Int64]
        fileprivate var gapLastDays: [GapSummary.PairKey: Int64]
    }
    /// Customers and gap pairs past which an import stops carrying them
    /// from one transaction to the next: memory stays bounded however large the store.
    static let rememberedLimit = 2_000_000

    /// `memory`: what an earlier transaction of the same import learnt; used
    /// only when nobody else has written since (else read afresh).
    /// It is taken, not copied: the tables it holds are then this inserter's alone, and grow in place.
    /// `now`: when the rows are recorded, which decides what is too old to call back.
    init(_ db: any SQLSession, actor: String, at now: Date, run: Int64? = nil, memory: consuming Memory? = nil) throws {
        self.db = db
        self.actor = actor
        self.now = now
        self.run = run
        settings = try Store.teamSettings(db)
        criticalRule = settings.criticalRule
        figures = try Figures.Batch(db, settings: settings)
        siteByName = try db.prepare("SELECT id FROM site WHERE name = ?")
        staffByName = try db.prepare("SELECT id FROM staff WHERE site_id = ? AND name = ?")
        insertStaff = try db.prepare("INSERT INTO staff(name, site_id) VALUES (?, ?)")
        if let memory = memory.take(), try db.writeMark() == memory.mark {
            (known, sites, staff, causes, figures.gapLastDays) = (memory.known, memory.sites, memory.staff, memory.causes, memory.gapLastDays)
        }
    }

    /// What the next transaction may start from, once this one commits: read
    /// after its last write. Nil where the engine cannot tell whether others write.
    func memory() throws -> Memory? {
        guard known.customerCount + figures.gapLastDays.count <= Self.rememberedLimit, let mark = try db.writeMark() else { return nil }
        return Memory(mark: mark, known: known.customersOnly, sites: sites, staff: staff, causes: causes, gapLastDays: figures.gapLastDays)
    }

    /// Records a batch of rows (`lines[i]` is where `rows[i]` is in the run's
    /// file) and answers each one's outcome. A row whose id is already stored
    /// is not recorded again, so rerunning an import adds only what is
    /// missing, and one whose content differs is a conflict. Nothing is
    /// written until `finish`.
    mutating func insert(_ rows: some Collection<PreparedRow>, lines: some Collection<Int?>) throws -> [RowOutcome] {
        precondition(rows.count == lines.count, "a line for each row")
        try known.lookUp(rows, in: db)
        batchSize = rows.count
        return try zip(rows, lines).map { prepared, line in
            switch prepared.row {
            case .response(let response): try insert(response, identity: prepared.identity, hash: prepared.contentHash, line: line)
            case .contact(let contact): try insert(contact: contact, identity: prepared.identity, hash: prepared.contentHash, line: line)
            }
        }
    }

    private mutating func insert(_ new: NewResponse, identity: CustomerIdentity, hash: Int64, line: Int?) throws -> RowOutcome {
        if let stored = try stored(known.responses, "response id", new.externalId, hash: hash) { return stored }
        if let id = new.externalId { known.recorded(response: id, .init(hash: hash, run: run, line: line.map(Int64.init))) }
        let (site, staffId) = try place(new.site, staff: new.staff)
        let (customerId, customerValue, givenName) = try customer(identity, siteId: site.id)
        let received = new.receivedAt.epochSeconds

        var contactId: Int64?
        if new.contactKind != nil || new.contactAt != nil {
            contactId = try recordContact(kind: new.contactKind ?? .service, siteId: site.id, staffId: staffId, customerId: customerId,
                                          givenName: givenName, at: new.contactAt?.epochSeconds ?? received)
        }

        let critical = criticalRule.isCritical(new.rating, on: new.scale)
        let shortfall = new.scale.shortfall(new.rating)
        let run = run
        let responseId = try add(.response) { [$0, .of(new.externalId ?? "manual-\(UUID().uuidString.lowercased())"), .of(contactId), .of(customerId),
                                               .of(site.id), .of(staffId), .of(new.scale.code), .of(new.rating), .of(shortfall), .of(critical),
                                               .of(new.comment), .of(new.channel), .of(received), .of(hash), .of(run), .of(line)] }
        var causeIds: [Int64] = []
        for tag in new.tags where !tag.trimmedSpaces.isEmpty {
            let causeId = try cause(named: tag, at: new.receivedAt)
            if causeIds.contains(causeId) { continue }
            causeIds.append(causeId)
            pending.add(.responseCause, [.of(responseId), .of(causeId), .of(received), .of(received), .of(actor)])
        }
        let anonymous = identity.anonymous
        var written = WrittenResponse(responseId: responseId, customerId: customerId, customerValue: customerValue, anonymous: anonymous,
                                      siteId: site.id, staffId: staffId, receivedAt: received, contactAt: new.contactAt?.epochSeconds ?? received,
                                      critical: critical, shortfall: shortfall, hasComment: !new.comment.isEmpty, causes: causeIds)
        // Nobody to call back, nothing to call about, or too late to.
        let history = critical && !anonymous
            && CallbackRules.isTooOldToCall(receivedAt: new.receivedAt, recordedAt: now, maxAgeDays: settings.callbackMaxAgeDays)
        guard critical, !anonymous, !history else {
            figures.written(written)
            return .recorded(RecordedResponse(responseId: responseId, callbackId: nil, dueAt: nil, critical: critical, anonymous: anonymous,
                                              history: history))
        }
        let due = CallbackRules.dueTime(receivedAt: new.receivedAt, hours: site.hours, businessDays: settings.callbackDueBusinessDays)
        written.dueAt = due.epochSeconds
        figures.written(written)
        let callbackId = try add(.callback) { [$0, .of(responseId), .of(received), .of(due.epochSeconds), .of(due.epochSeconds)] }
        return .recorded(RecordedResponse(responseId: responseId, callbackId: callbackId, dueAt: due, critical: true, anonymous: false))
    }

    /// Records one contact from a contact file: its customer matched as a
    /// response's is, and it is a return for their earlier responses. One
    /// whose id is stored already is not recorded again.
    private mutating func insert(contact new: NewContact, identity: CustomerIdentity, hash: Int64, line: Int?) throws -> RowOutcome {
        if let stored = try stored(known.contacts, "contact id", new.externalId, hash: hash) { return stored }
        if let id = new.externalId { known.recorded(contact: id, .init(hash: hash, run: run, line: line.map(Int64.init))) }
        let (site, staffId) = try place(new.site, staff: new.staff)
        let (customerId, _, givenName) = try customer(identity, siteId: site.id)
        _ = try recordContact(kind: new.kind, siteId: site.id, staffId: staffId, customerId: customerId, givenName: givenName,
                              at: new.occurredAt.epochSeconds, file: (new.externalId, hash, line))
        return .recordedContact
    }

    /// What a row whose id is stored already comes to: a repeat, or a conflict; nil when its id is new.
    private func stored(_ known: [String: KnownRows.Stored], _ idName: String, _ externalId: String?, hash: Int64) throws -> RowOutcome? {
        guard let externalId, let stored = known[externalId] else { return nil }
        guard let storedHash = stored.hash, storedHash != hash else { return .alreadyThere }
        return .conflict(try conflict(idName, externalId, run: stored.run, line: stored.line))
    }

    /// The site a row names (created if new) and its staff member, if it names one.
    private mutating func place(_ siteName: String, staff: String?) throws -> (Site, Int64?) {
        let site = try site(named: siteName)
        return (site, try staff.flatMap { $0.isEmpty ? nil : $0 }.map { try staffMember($0, siteId: site.id) })
    }

    /// A row of a table with ids, written by `finish`; answers its id.
    private mutating func add(_ table: PendingRows.Table, _ values: (SQLValue) -> [SQLValue]) throws -> Int64 {
        try pending.add(table, in: db, ahead: batchSize, values)
    }

    /// Records a contact (with its file's id, hash and line when it came from a
    /// contact file): a return for the customer's earlier responses.
    private mutating func recordContact(kind: ContactKind, siteId: Int64, staffId: Int64?, customerId: Int64, givenName: String?,
                                        at occurred: Int64, file: (id: String?, hash: Int64, line: Int?)? = nil) throws -> Int64 {
        let run = file == nil ? nil : run
        let contactId = try add(.contact) { [$0, .of(kind.rawValue), .of(siteId), .of(staffId), .of(customerId), .of(occurred), .of(""),
                                             .of(file?.id), .of(file?.hash), .of(run), .of(file?.line), .of(givenName)] }
        figures.written(contact: contactId, of: customerId, siteId: siteId, staffId: staffId, kind: kind, at: occurred)
        return contactId
    }

    private struct ImportRun: Decodable {
        var source: String, startedAt: Date
    }

    /// Where the stored row with this id came from, in a sentence.
    private func conflict(_ idName: String, _ externalId: String, run storedRun: Int64?, line storedLine: Int64?) throws -> String {
        let id = "\(idName) \"\(externalId.prefix(60))\""
        if let storedRun, storedRun == run, let storedLine {
            return "\(id) is also on line \(storedLine) of this file, with different content"
        }
        if let storedRun, let earlier = try db.fetchOne(record: ImportRun.self, sql: "SELECT source, started_at FROM import_run WHERE id = ?",
                                                        arguments: [storedRun]) {
            return "\(id) was imported from \(earlier.source)\(storedLine.map { " line \($0)" } ?? "") on "
                + earlier.startedAt.formatted(.iso8601.year().month().day()) + ", with different content"
        }
        return "\(id) is already stored, with different content"
    }

    /// Writes the rows recorded so far, then what they add to the daily summaries.
    mutating func finish() throws {
        try pending.write(db)
        try figures.apply(db)
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
    /// is its own customer. Returns the customer, their value, and the name
    /// the row gave where it is not the customer's (matched by phone or email).
    private mutating func customer(_ new: CustomerIdentity, siteId: Int64) throws -> (Int64, Double?, givenName: String?) {
        func matched(_ found: KnownRows.Customer) -> (Int64, Double?, givenName: String?) {
            let given = new.storedName.trimmedSpaces
            let differs = !given.isEmpty && SharedContactDetails.nameKey(given) != SharedContactDetails.nameKey(found.name)
            return (found.id, found.value, differs ? given : nil)
        }
        if let phone = new.matchPhone, let found = known.byPhone[phone] { return matched(found) }
        if let email = new.matchEmail, let found = known.byEmail[email] { return matched(found) }
        if new.matchedByName, let found = known.byName[.init(name: new.name, siteId: siteId)] { return (found.id, found.value, nil) }
        let customerId = try add(.customer) { [$0, .of(new.storedName), .of(new.matchPhone), .of(new.matchEmail), .of(new.value), .of(siteId),
                                               .of(new.anonymous)] }
        known.created(.init(id: customerId, value: new.value, name: new.storedName), new, siteId: siteId)
        created.customers += 1
        if new.value != nil { created.valuedCustomers += 1 }
        return (customerId, new.value, nil)
    }
}
