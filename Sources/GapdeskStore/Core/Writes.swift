import Foundation
import GapdeskDomain

extension Store {
    /// The one way anything is written on someone's behalf. The session must
    /// not be read-only, and the actor's role must allow `action`: checked
    /// inside the write transaction, so a role taken away a moment ago counts
    /// (see `Role.may` for who may do what). The transaction also marks
    /// `topics` as changed for open dashboards.
    func perform<T>(_ action: ActionKind, by actor: String, changes topics: Set<ChangeTopic>,
                    _ body: (any SQLSession) throws -> T) throws -> T {
        // An account the store's files do not let write hears first what its role allows.
        if engine.readOnlyForThisAccount { try read { db in try acting(db, action, by: actor) } }
        return try transaction(changes: topics) { db in
            try acting(db, action, by: actor)
            return try body(db)
        }
    }

    /// Refuses `action` inside a write transaction unless `actor` may take
    /// it: what every write on someone's behalf checks first.
    func acting(_ db: any SQLSession, _ action: ActionKind, by actor: String) throws {
        if engine.traits.actsAsLogin, actor != account {
            // The server knows one identity, the login; a name the client claims is not it.
            throw ActionRefusal.invalid("On this server you act as your login, \(account), not as \(actor).")
        }
        try Self.authorize(db, actor, action)
    }

    /// One write transaction that also marks `topics`: what `perform` runs,
    /// and the store's own upkeep of derived figures. A failure the engine
    /// says may pass (a lock held past the busy timeout, a transaction the
    /// server asks to run again) is tried twice more before the user is
    /// told, in a sentence, to retry.
    func transaction<T>(changes topics: Set<ChangeTopic>, _ body: (any SQLSession) throws -> T) throws -> T {
        if readOnly { throw ActionRefusal.readOnly }
        if engine.readOnlyForThisAccount { throw ActionRefusal.filesReadOnly(store: engine.name, account: account) }
        var attempt = 0
        while true {
            do {
                return try engine.write { db in
                    let result = try body(db)
                    try Self.mark(db, topics)
                    return result
                }
            } catch let refusal as ActionRefusal {
                throw refusal
            } catch {
                attempt += 1
                guard let pause = engine.retryPause(after: error, attempt: attempt) else { throw classify(error) }
                Thread.sleep(forTimeInterval: Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18)
            }
        }
    }

    /// The role an account holds in this store, if any.
    public func role(of account: String) throws(StoreError) -> Role? {
        try read { db in try Self.role(db, of: account) }
    }

    static func role(_ db: any SQLSession, of account: String) throws -> Role? {
        try db.fetchOne(String.self, sql: "SELECT role FROM app_user WHERE account = ?", arguments: [account]).flatMap(Role.init(rawValue:))
    }

    static func authorize(_ db: any SQLSession, _ account: String, _ action: ActionKind) throws {
        let role = try role(db, of: account)
        guard let role, role.may(action) else { throw ActionRefusal.notAllowed(account: account, role: role, action: action) }
        // Settings are the whole team's, and some recount every site's figures.
        if action == .changeSettings, let scope = try SiteScope.of(db, account: account) {
            throw ActionRefusal.invalid("\(account) works at \(scope.description) only; the team's settings are changed by someone who sees every site.")
        }
    }
}
