import Foundation
import GapdeskDomain

/// The store's daily summaries as one registry. Each declares what it keeps
/// and what it counts (see `DailyFigure`); this keeps them all current, so
/// that no action, import or setting names one:
/// - rows added (an import's chunk, a phoned-in response) are counted as they
///   are written (`Batch`);
/// - a change to rows already written says what it touched, and every figure
///   that counts those rows counts the keys they reach again (`keeping`);
/// - a changed setting counts again, whole, the figures it changes
///   (`settingChanged`);
/// - a migration that creates or reshapes one marks it (`rebuild.NAME` in
///   `store_meta`), and the store counts what is marked once its migrations
///   are done (`rebuildMarked`);
/// - `gapdesk check` compares each with a count from the rows (`verify`).
///
/// On a server none of this runs: the server counts, as the store's owner,
/// what each statement changed of the rows the figures count, whichever
/// client writes them, and nobody else may write a figure (see PGSchema's
/// version 15). `check` compares its figures with gapdesk's count all the same.
enum Figures {
    static let all: [any DailyFigure.Type] = [LoopSummary.self, PressureSummary.self, GapSummary.self, ResultSummary.self, CoverageSummary.self, TeamSummary.self]
    static let following: [any FollowingFigure.Type] = [LoopSummary.self, GapSummary.self, ResultSummary.self, TeamSummary.self]

    /// Runs `change`, which touches the rows `touched` says, and counts again
    /// what it changed of every figure that counts those rows.
    static func keeping<T>(_ db: any SQLSession, _ touched: Touched, _ change: () throws -> T) throws -> T {
        guard !db.dialect.serverKeepsFigures else { return try change() }
        let settle = try following.filter { !$0.sources.isDisjoint(with: touched.tables) }.map { try watch($0, db, touched) }
        let result = try change()
        for step in settle { try step() }
        return result
    }

    /// The keys the touched rows reach now, and what counts them again, with
    /// those they reach then, once the change is made.
    private static func watch<Figure: FollowingFigure>(_ figure: Figure.Type, _ db: any SQLSession,
                                                       _ touched: Touched) throws -> () throws -> Void {
        let before = try Figure.keys(db, touched)
        return {
            var keys = before
            keys.formUnion(try Figure.keys(db, touched))
            try Figure.recount(db, keys)
        }
    }

    /// A team setting changed: the figures that count by it are counted again whole.
    static func settingChanged(_ db: any SQLSession, key: String) throws {
        guard !db.dialect.serverKeepsFigures else { return }
        for figure in all where figure.counts(setting: key) { try figure.rebuild(db) }
    }

    /// Customers with a value were added: the median that weighs the gaps
    /// may have moved, and when it has, the gaps are weighed again. True when
    /// they were. On a server, the server measures it and weighs them.
    @discardableResult
    static func customerValuesChanged(_ db: any SQLSession) throws -> Bool {
        if let server = db.dialect.measuresMedian { return try db.fetchOne(Bool.self, sql: server) == true }
        return try GapSummary.remeasure(db)
    }

    /// Asks for every figure to be counted again (after rows were written
    /// without them: a past recorded, a store moved in).
    static func markAll(_ db: any SQLSession) throws {
        guard !db.dialect.serverKeepsFigures else { return }
        for figure in all { try mark(db, figure.name) }
    }

    static func mark(_ db: any SQLSession, _ name: String) throws {
        try db.execute(sql: "INSERT INTO store_meta(key, value) VALUES (?, '1') ON CONFLICT(key) DO NOTHING", arguments: ["rebuild." + name])
    }

    static func marked(_ db: any SQLSession) throws -> [any DailyFigure.Type] {
        let marks = Set(try db.fetchAll(String.self, sql: "SELECT key FROM store_meta WHERE key LIKE 'rebuild.%'"))
        return all.filter { marks.contains("rebuild." + $0.name) }
    }

    /// Counts every marked figure again and clears its mark. True when there
    /// was one. On a server, which counted the rows as they were written,
    /// the median customer value is measured too: rows written in bulk (a
    /// past recorded, a store moved in) may have moved it.
    @discardableResult
    static func rebuildMarked(_ db: any SQLSession) throws -> Bool {
        let figures = try marked(db)
        for figure in figures {
            if let server = db.dialect.serverRebuildsFigure {
                try db.execute(sql: server, arguments: [figure.name])
                continue
            }
            try figure.rebuild(db)
            try db.execute(sql: "DELETE FROM store_meta WHERE key = ?", arguments: ["rebuild." + figure.name])
        }
        let weighed = db.dialect.serverKeepsFigures ? try customerValuesChanged(db) : false
        return !figures.isEmpty || weighed
    }

    /// Each figure against a count from the rows: the first difference of each that has one.
    static func verify(_ db: any SQLSession) throws -> [FigureDifference] {
        try all.compactMap { try $0.verify(db) }
    }
}

/// A response as it is written, with what every figure counts of it.
struct WrittenResponse {
    var responseId: Int64
    var customerId: Int64
    var customerValue: Double?
    var anonymous: Bool
    var siteId: Int64
    var staffId: Int64?
    var receivedAt: Int64
    /// When the contact it is about happened (when it arrived, without one).
    var contactAt: Int64
    var critical: Bool
    var shortfall: Double
    var hasComment: Bool
    /// Its distinct root causes.
    var causes: [Int64]
    /// Its callback's first due time, when it has one.
    var dueAt: Int64?
}

extension Figures {
    /// What rows added together (an import's chunk, a phoned-in response)
    /// add to every figure: counted as they are written, applied together.
    struct Batch {
        /// Nil where the server counts what rows add (see `SQLDialect.serverRebuildsFigure`).
        private var counts: Counts?
        private struct Counts {
            var loop = LoopSummary()
            var pressure = PressureSummary()
            var coverage = CoverageSummary()
            var gaps: GapSummary
            var results: ResultSummary
        }

        init(_ db: any SQLSession, settings: TeamSettings) throws {
            guard !db.dialect.serverKeepsFigures else { return }
            counts = Counts(gaps: try GapSummary(db, settings: settings), results: try ResultSummary(db))
        }

        /// What the gaps' figure knows of the store's customers, passed from
        /// one transaction of an import to the next (see `ResponseInserter.Memory`).
        var gapLastDays: [GapSummary.PairKey: Int64] {
            get { counts?.gaps.lastDays ?? [:] }
            set { counts?.gaps.lastDays = newValue }
        }

        mutating func written(_ response: WrittenResponse) {
            guard counts != nil else { return }
            counts?.pressure.responseRecorded(receivedAt: response.receivedAt, siteId: response.siteId, staffId: response.staffId,
                                              topScore: response.shortfall == 0, comment: response.hasComment)
            counts?.coverage.responseRecorded(customerId: response.customerId, siteId: response.siteId, contactAt: response.contactAt)
            if !response.anonymous && (response.critical || response.shortfall == 0) {
                counts?.results.responseRecorded(responseId: response.responseId, customerId: response.customerId, siteId: response.siteId,
                                                 contactAt: response.contactAt, critical: response.critical)
            }
            guard response.critical else { return }
            counts?.loop.responseRecorded(receivedAt: response.receivedAt, critical: true)
            if !response.causes.isEmpty {
                let tagged = TaggedResponse(receivedAt: response.receivedAt, siteId: response.siteId, staffId: response.staffId,
                                            customerId: response.customerId, customerValue: response.customerValue,
                                            shortfall: response.shortfall, causes: response.causes, waived: 0)
                counts?.gaps.count(tagged)
                counts?.gaps.saw(tagged)
            }
            if let dueAt = response.dueAt {
                counts?.loop.count(CallState(receivedAt: response.receivedAt, firstDueAt: dueAt, dueAt: dueAt, doneAt: nil))
            }
        }

        /// A contact written: a return for the customer's earlier responses, and one more contact rated or not.
        mutating func written(contact id: Int64, of customerId: Int64, siteId: Int64, staffId: Int64?, kind: ContactKind, at occurredAt: Int64) {
            counts?.results.contactRecorded(customerId: customerId, occurredAt: occurredAt)
            counts?.coverage.contactRecorded(id: id, customerId: customerId, siteId: siteId, staffId: staffId, kind: kind.rawValue,
                                             occurredAt: occurredAt)
        }

        /// Writes what the rows written so far add, once they are in the store.
        mutating func apply(_ db: any SQLSession) throws {
            guard counts != nil else { return }
            try counts?.results.settle(db)
            try counts?.loop.apply(db)
            try counts?.pressure.apply(db)
            counts?.pressure = PressureSummary()
            try counts?.coverage.apply(db)
            try counts?.gaps.apply(db)
            try counts?.results.apply(db)
        }
    }
}
