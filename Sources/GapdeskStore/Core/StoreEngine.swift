import Foundation

/// What holds a store's rows: a SQLite file on this machine or a database on
/// a PostgreSQL server (`Engines/`). The store's rules, queries, actions and
/// figures are written once against this and `SQLSession`; whatever only one
/// engine does lives behind it, as GRDB keeps `DatabaseQueue` and
/// `DatabasePool` behind `DatabaseWriter`.
protocol StoreEngine: AnyObject, Sendable {
    /// The path or address as given (an address may carry a password: never shown).
    var location: String { get }
    /// Where the store is, for messages: the path, or the server and database without a password.
    var name: String { get }
    var dialect: SQLDialect { get }
    var traits: EngineTraits { get }

    /// A read in one snapshot.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// One write transaction, tried once: `Store.transaction` tries again
    /// when `retryPause` says a failure may pass.
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// How long to wait before trying a failed write again (its `attempt`th
    /// retry), or nil when trying again would not help.
    func retryPause(after error: any Error, attempt: Int) -> Duration?
    /// A failure of this engine, in a sentence.
    func classify(_ error: any Error) -> StoreError

    /// What tells open dashboards that anyone wrote.
    func changeSource() throws(StoreError) -> any ChangeSource

    /// After a bulk load: SQLite empties its write-ahead log into the file;
    /// PostgreSQL measures the tables again for its planner.
    func checkpoint() throws
    /// Settings of this process's writer for a bulk write (SQLite's cache and
    /// syncing); a server keeps its own.
    func tuneForBulkWrites(_ tuning: BulkTuning) throws

    /// Removes a demo store's data: its files, or its tables and functions.
    func removeStore() throws

    /// How imports give way to colleagues' writes, where the engine needs it (`WriteTurns`).
    var writeTurns: WriteTurns? { get }

    /// The schema: its version, upgrades, and what `check` compares.
    var schema: any EngineSchema { get }

    /// The engine's own integrity check, in a read of its own (so it may run
    /// beside another): what it checked, in words, and the problems found
    /// (none when sound).
    func integrity() throws -> (checked: String, problems: [String])

    /// A copy of the whole store beside it, made while others go on using it
    /// (before an upgrade); its path, or nil where the engine keeps none
    /// (a server's backups are its administrator's).
    func keepCopy(named suffix: String) throws -> String?

    /// Whether this account may only read the store, whatever its role:
    /// a team's store file that does not list it as a writer.
    var readOnlyForThisAccount: Bool { get }
    /// Lets `account` write the store, or no longer, where the engine keeps
    /// that apart from the roles (a team's store file); a server's roles are
    /// its grants.
    func allowWriting(_ account: String, _ allowed: Bool) throws
}

/// What one engine may do that the other cannot, asked for by name rather
/// than by which engine it is.
struct EngineTraits: Sendable {
    /// The server knows one identity, the login; actions are in its name only.
    var actsAsLogin: Bool
    /// Rows of other sites are hidden from a login limited to sites, so
    /// only a login that sees every site can recount the team's figures.
    var hidesOtherSitesRows: Bool
    /// How long one import transaction may run before it commits and the
    /// next begins: what an import has written shows on dashboards within
    /// it. Longer transactions rewrite each touched index page less often (a
    /// commit writes every page the transaction changed). On SQLite an import
    /// also commits, after the chunk at hand, as soon as anyone waits to
    /// write, and gives way to them (`WriteTurns`); on PostgreSQL, whose
    /// writers wait on the server's lock, a colleague waits at most this long.
    var importTransactionTime: Duration
}

/// How a bulk writer is set up: for an import into a store in use, or a
/// store being filled from nothing that can be rebuilt if it is lost.
enum BulkTuning: Sendable {
    case importing
    case fillingAfresh
    case ordinary
}

/// A store's schema as an engine keeps it: frozen migrations, one version
/// after another (`SQLiteSchema`, `PGSchema`).
protocol EngineSchema: Sendable {
    /// The version the store is at.
    func storedVersion() throws -> Int
    /// The names of the migrations the store has still to take, in order.
    func pending() throws -> [String]
    /// Applies them, then `after`, in one transaction: all or nothing.
    func upgrade(then after: (any SQLSession) throws -> Void) throws
    /// The schema as the engine's catalog describes it, one line an object, sorted.
    func describe(_ db: any SQLSession) throws -> [String]
    /// The description a store made by `version`'s migrations has, if known.
    func expected(version: Int) throws -> SchemaDescription?
}
