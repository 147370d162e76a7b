import ArgumentParser
import Foundation
import GapdeskDomain
import GapdeskStore
import GapdeskUI

/// Runs one store action for a command, printing its sentence; a refusal
/// goes to stderr with a non-zero exit.
func perform(_ options: StoreOptions, _ body: (Store, String, Date) throws -> String) throws {
    let store = try options.openStore()
    do {
        Output.say(try body(store, store.account, options.clock.now))
    } catch let error as CustomStringConvertible & Error {
        Diagnostics.logger.notice("refused: \(error.description)")
        throw UserError(error.description)
    }
}

extension CallOutcome: ExpressibleByArgument {}
extension FixStatus: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}

struct CallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call", abstract: "Record or assign callbacks, for scripts and phone systems.",
        subcommands: [Record.self, Assign.self])

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a call made to a customer.")
        @Argument(help: "The callback id (JSON reports carry it as callback_id).") var id: Int64
        @Option(help: "thanked, recovered, unhappy, guarantee, no-answer, or unreachable (give up: closes the call, not reached).") var outcome: CallOutcome
        @Option(help: "A short note.") var note: String?
        @Option(parsing: .unconditional, help: "Amount waived, for --outcome guarantee (0 to 1,000,000; the team's currency sign and thousands commas are fine: £1,250.50).")
        var amount: String?
        @Option(name: .customLong("retry-at"), help: ArgumentHelp(
            "When to try again, for no-answer (default: two of the site's open hours later): +2h, 14:30, \"tomorrow 10:00\" (clock times in the call's site's zone) or ISO 8601.",
            valueName: "time"))
        var retryAt: String?
        @OptionGroup var store: StoreOptions

        func run() throws {
            try perform(store) { db, actor, now in
                var retry: Date?
                if let retryAt {
                    // "10:00" means 10:00 where the customer is, whatever zone this process runs in.
                    let zone = try db.callZone(callbackId: id) ?? store.clock.timeZone
                    guard let parsed = TimeInput.parse(retryAt, clock: Clock(now: now, timeZone: zone)) else {
                        throw UserError("\"\(retryAt)\" is not a time gapdesk understands; use +2h, 14:30, \"tomorrow 10:00\" or ISO 8601.")
                    }
                    retry = parsed
                }
                var waived: Double?
                if let amount {
                    guard let parsed = Money.parse(amount, currency: try db.teamSettings().currency) else {
                        throw UserError("\"\(amount)\" is not an amount gapdesk understands; use 120, 45.50 or 1,250.")
                    }
                    waived = parsed
                }
                return try db.recordCall(callbackId: id, CallRecord(outcome: outcome, note: note, amount: waived, retryAt: retry),
                                         by: actor, at: now).message
            }
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign an open call to an account (supervisors).")
        @Argument(help: "The callback id.") var id: Int64
        @Argument(help: "The account to assign it to.") var user: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            try perform(store) { db, actor, now in try db.assign(callbackId: id, to: user, by: actor, at: now).message }
        }
    }
}

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Tag a response with root causes (new causes are created, kind unset).")
    @Argument(help: "The response id (reports carry it as response_id).") var responseId: Int64
    @Argument(help: "One or more root causes, e.g. \"alignment not checked\".") var causes: [String]
    @Option(parsing: .unconditional, help: "Kind of gap (1-5) for causes created now.") var kind: Int?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let kind, GapKind(rawValue: kind) == nil { throw ValidationError("--kind is a gap kind from 1 to 5.") }
    }

    func run() throws {
        try perform(store) { db, actor, now in
            try db.tag(responseId: responseId, causes: causes, kind: kind.flatMap(GapKind.init(rawValue:)), by: actor, at: now).message
        }
    }
}

struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix", abstract: "Move a gap's fix: open, in-progress, done (supervisors).")
    @Argument(help: "The gap: its cause_id or its exact name.") var gap: String
    @Option(help: "open, in-progress or done.") var status: FixStatus
    @Option(help: "Who owns the fix.") var owner: String?
    @Option(parsing: .unconditional, help: "Effort estimate, 0.1 to 1,000 (return on satisfaction is divided by it).") var effort: Double?
    @Option(help: "What is being done.") var note: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        try perform(store) { db, actor, now in
            guard let causeId = try db.causeId(named: gap) else { throw ActionRefusal.unknown(what: "gap", id: "\"\(gap)\"") }
            return try db.moveFix(causeId: causeId, to: status, owner: owner, effort: effort, note: note, by: actor, at: now).message
        }
    }
}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Who may do what: managers work calls and tags; supervisors also fixes, assignments, owners.",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give an operating-system account a role (admins).")
        @Argument(help: "The account name, as the operating system knows it.") var name: String
        @Option(help: "manager, supervisor or admin.") var role: Role
        @Option(help: ArgumentHelp("Limit the account to these sites, separated by commas (default: every site).", valueName: "sites"))
        var sites: String?
        @OptionGroup var store: StoreOptions
        func run() throws {
            let list = sites.map { $0.split(separator: ",").map(String.init) }
            try perform(store) { db, actor, now in try db.addUser(name, role: role, sites: list, by: actor, at: now) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accounts, their roles and their sites.")
        @OptionGroup var store: StoreOptions
        func run() throws {
            let users: [(account: String, role: Role, addedAt: Date, addedBy: String, sites: [String])]
            do { users = try store.openStore(readOnly: true).users() } catch let error as StoreError { throw UserError(error.description) }
            for user in users {
                let fields = [user.account, user.role.rawValue, user.sites.isEmpty ? "every site" : user.sites.joined(separator: ","),
                              "added \(Clock.formatInstant(user.addedAt)) by \(user.addedBy)"]
                Output.raw(fields.map { SafeText.sanitize($0) }.joined(separator: "\t") + "\n")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take an account's role away (admins); they can still look.")
        @Argument(help: "The account name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() throws { try perform(store) { db, actor, now in try db.removeUser(name, by: actor, at: now) } }
    }
}

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Record one phoned-in response (and its callback when critical).")
    @Option(help: "The customer's name.") var customer: String
    @Option(help: "Their phone number (matches an existing customer).") var phone: String?
    @Option(help: "Their email (matches an existing customer).") var email: String?
    @Option(help: "The site (created with default hours if new).") var site: String
    @Option(help: "The staff member involved.") var staff: String?
    @Option(parsing: .unconditional, help: "The rating on its scale.") var rating: Int
    @Option(help: "csat5, nps10 or MIN-MAX.") var scale: String = "csat5"
    @Option(help: "The customer's words.") var comment: String = ""
    @Option(help: "A root cause (repeatable).") var tag: [String] = []
    @Option(help: "service, delivery or sale.") var kind: String = "service"
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard RatingScale(code: scale) != nil else { throw ValidationError("--scale is csat5, nps10 or MIN-MAX (e.g. 1-7).") }
        guard ContactKind(rawValue: kind) != nil else { throw ValidationError("--kind is one of \(ContactKind.names).") }
    }

    func run() throws {
        let scale = RatingScale(code: scale)!
        try perform(store) { db, actor, now in
            let recorded = try db.addResponse(NewResponse(customer: customer, phone: phone, email: email, site: site, staff: staff,
                                                          contactKind: ContactKind(rawValue: kind)!, scale: scale, rating: rating,
                                                          comment: comment, channel: "phone", receivedAt: now, tags: tag),
                                              by: actor, at: now)
            guard let callbackId = recorded.callbackId, let due = recorded.dueAt else {
                return "Recorded response \(recorded.responseId) (not critical, so no callback)."
            }
            return "Recorded response \(recorded.responseId); callback \(callbackId) is due \(Clock.formatInstant(due))."
        }
    }
}


extension FollowupOutcome: ExpressibleByArgument {}

struct FollowupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup", abstract: "Tell the customers who reported a gap that its fix is verified.",
        subcommands: [Create.self, Record.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the follow-ups verified fixes are due (every verified gap, or one by its cause_id or name); each customer and gap once.")
        @Argument(help: "A verified gap: its cause_id or exact name (default: every verified gap).") var gap: String?
        @OptionGroup var store: StoreOptions

        func run() throws {
            try perform(store) { db, actor, now in
                guard let gap else {
                    let created = try db.createDueFollowups(by: actor, at: now, evenIfOff: true)
                    return created == 0 ? "No new follow-ups: every customer of every verified gap has one."
                        : "\(created) follow-up\(created == 1 ? "" : "s") created: see gapdesk report followups."
                }
                guard let causeId = try db.causeId(named: gap) else { throw ActionRefusal.unknown(what: "gap", id: "\"\(gap)\"") }
                return try db.createFollowups(causeId: causeId, by: actor, at: now).message
            }
        }
    }

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record telling a customer their gap is fixed.")
        @Argument(help: "The follow-up id (report followups --format json carries it as followup_id).") var id: Int64
        @Option(help: "told, no-answer or declined.") var outcome: FollowupOutcome
        @Option(help: "A short note.") var note: String?
        @OptionGroup var store: StoreOptions

        func run() throws {
            try perform(store) { db, actor, now in try db.recordFollowup(id: id, outcome: outcome, note: note, by: actor, at: now).message }
        }
    }
}
