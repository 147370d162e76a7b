/// Each shipped version of the PostgreSQL schema as `PGSchema.describe`
/// reads it from the catalog, pinned (`SchemaDescription`): what `gapdesk
/// check` compares a store with. `FrozenMigrationTests` makes a store at
/// each version from the frozen migrations and fails, printing this file
/// anew, if it describes differently.
enum PGShippedSchemas {
    static let digests: [Int: [String: String]] = [:]
}
