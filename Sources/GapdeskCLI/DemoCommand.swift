import ArgumentParser
import Foundation
import GapdeskDemo
import GapdeskDomain
import GapdeskStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a realistic demo store (a dealership group and a parcel firm) and open it.",
        discussion: """
            The demo also holds the year before the last 90 days, with what each callback came to and the contacts \
            (visits, jobs, deliveries without a survey) that followed: the Results overlay (R by default) shows what is true of \
            these data (recovered and thanked customers came back more often than those never called, fast calls \
            more than slow ones). Most staff hand the survey to about one customer in three; \(DemoCatalogue.gater) at \
            \(DemoCatalogue.gaterSite) hands it mostly to customers who will give the top score, so Coverage (5) and the \
            pressure signals (p) show her rated far less often and far higher, and \(DemoCatalogue.pusher) at Leeds pushes the \
            customers he asks for top scores; \(DemoCatalogue.borrower) at \(DemoCatalogue.borrowerSite) puts his own mobile \
            (\(DemoCatalogue.borrowerPhone)) on \(DemoCatalogue.borrowedVisits) customers' visits and answers their surveys himself, \
            so p marks him for one phone given for several customers. The same --seed and --now always build the same store. Without --db the demo lives at \
            $XDG_DATA_HOME/gapdesk/demo.sqlite and is rebuilt each time; a store that is not a demo is never replaced.
            """)

    @OptionGroup var store: StoreOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("How many survey responses to generate over 90 days.", valueName: "n"))
    var responses: Int = 3_000

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed for the generator.", valueName: "s"))
    var seed: UInt64 = 1

    @Flag(name: .customLong("no-ui"), help: "Build the store and exit without opening the dashboard.")
    var noUI = false

    func validate() throws {
        guard (1...10_000_000).contains(responses) else {
            throw ValidationError("--responses must be between 1 and 10,000,000.")
        }
    }

    func run() throws {
        store.startLogging()
        let path = store.db ?? store.location.defaultDemoPath
        let shown = Self.shown(path)
        let clock = store.clock
        if store.readOnly {
            // Look at the demo there is, building nothing.
            guard PGAddress.isPostgres(path) || FileManager.default.fileExists(atPath: path) else {
                throw UserError("There is no demo store at \(shown) yet, and --read-only builds nothing; run `gapdesk demo` without it first.")
            }
            let existing = try store.openStore(at: path, readOnly: true)
            if !noUI { try OpenCommand.runDashboard(store: existing, clock: clock, readOnly: true, greeting: "Demo store (read-only): \(shown)") }
            return
        }
        try replaceDemo(at: path)
        let started = Date()
        let built: Store
        let summary: DemoSummary
        do {
            built = try Store.create(path: path, creator: Account.current(), at: clock.now)
            var generator = DemoGenerator(options: DemoOptions(responses: responses, seed: seed, now: clock.now))
            summary = try generator.generate(into: built, actor: built.account)
        } catch {
            throw UserError(String(describing: error))
        }
        let seconds = Date().timeIntervalSince(started)
        Output.say("""
            Built a demo store at \(built.name) in \(String(format: "%.1f", seconds)) s: \(summary.responses) responses \
            (\(summary.critical) critical), \(summary.customers) customers, \(summary.callbacks) callbacks \
            (\(summary.openCallbacks) open), \(summary.guarantees) guarantees, \(summary.contactsWithoutSurvey) contacts nobody was asked \
            to rate; and from the year before, \(summary.pastResponses) responses and the \(summary.contacts) later contacts that show \
            who came back. "Now" is \(Clock.formatInstant(clock.now)).
            """)
        if !noUI {
            try OpenCommand.runDashboard(store: built, clock: clock, readOnly: false,
                                         greeting: "Demo store: \(built.name) (each gapdesk demo builds it afresh).")
        }
    }

    /// Removes an earlier demo at `path` made by this account, refusing to
    /// touch anything else (another account's demo holds their work too).
    /// A store's place as messages show it: a server's address without its password.
    static func shown(_ path: String) -> String { PGAddress.isPostgres(path) ? PGAddress.display(path) : path }

    private func replaceDemo(at path: String) throws {
        let shown = Self.shown(path)
        let existing: Store
        if PGAddress.isPostgres(path) {
            // An empty database takes a demo as it is.
            guard let opened = try? Store.open(path: path, readOnly: true) else { return }
            existing = opened
        } else {
            guard FileManager.default.fileExists(atPath: path) else { return }
            do {
                existing = try Store.open(path: path, readOnly: true)
            } catch {
                throw UserError("\(shown) already exists and is not a gapdesk demo store, so demo will not replace it. Choose another --db.")
            }
        }
        guard try existing.isDemo() else {
            throw UserError("\(shown) holds a real gapdesk store, so demo will not replace it. Choose another --db.")
        }
        let me = existing.account
        if let creator = try existing.creator(), creator != me {
            throw UserError("\(shown) is a demo store that \(creator) made; only they may rebuild it. Choose another --db.")
        }
        do { try existing.removeDemo() } catch { throw UserError("\(error)") }
    }
}
