import Foundation

/// Which engine holds a store, told by how the store is named: a PostgreSQL
/// address (see `PGAddress`) or the path of a SQLite file.
enum Engines {
    static func open(_ location: String, readOnly: Bool) throws(StoreError) -> (any StoreEngine, account: String) {
        if PGAddress.isPostgres(location) { return try PGEngine.open(address: location) }
        return (try SQLiteEngine.open(path: location, readOnly: readOnly), Account.current())
    }

    /// Makes a store and runs `firstWrite` in the write that follows its
    /// schema, with the account the engine knows its maker as (the login on
    /// a server; on SQLite, `creator`).
    static func create(_ location: String, creator: String, sharedGroup: String?,
                       firstWrite: (any SQLSession, String) throws -> Void) throws(StoreError) -> (any StoreEngine, account: String) {
        if PGAddress.isPostgres(location) {
            if sharedGroup != nil {
                throw .cannotCreate(path: PGAddress.display(location),
                                    reason: "--shared-group is for a store file; on PostgreSQL the server's roles say who may use it")
            }
            return try PGEngine.create(address: location, firstWrite: firstWrite)
        }
        return (try SQLiteEngine.create(path: location, sharedGroup: sharedGroup) { try firstWrite($0, creator) }, creator)
    }
}
