import Foundation
import GRDB
import Testing
@testable import GapdeskStore

/// A shipped migration never changes: stores in the field were made by it,
/// and a store at any version upgrades to the same schema as a new one.
@Suite struct FrozenMigrationTests {
    /// The SHA-256 of each shipped migration's text. A change of the schema is
    /// a new migration on both engines, never an edit of one listed here.
    static let shippedSQLite: [String: String] = [
        "v1: the feedback loop": "e1ae142456bdf36cb697c4cb6ccc9e4af2bae3f7ca013c622e71766d2b8d4edf",
        "v2: responses by time": "cca28c3a3bd95070dd34aec48e38154316cb43331b8ece3e67c64d2200862cf2",
        "v3: change topics": "78615727e627cf8cd6b89c50b9c46f1eb12dd0e74d29e001894b75a354e9be09",
        "v4: loop figures by day": "5ed6eab829347f61c8e38a18fde9e91bee5d0ca59293867df7553c74ab24753e",
        "v5: responses by day, site and staff": "c7f1cd310f13a31f2deb1fc9892cd7902764cfbabfea20cc2d3aaa07cf2e9ee5",
        "v6: gaps by day": "69bf8cd313a3940ffd9d0c7f53f29611a7be50e52046facfde628bff0c48b6c2",
        "v7: open calls by day, fewer indexes": "fb4b2a46e57719ed73ecafaa4816bc550cde5835a710b313cc28dfdfaf346d3d",
        "v8: where rows came from, anonymous customers, exact gap sums": "530e93e3da4f7d10243fd0969b888e9311ccaf62474f85a9955ad7bbf1d833a1",
        "v9: contacts of any kind, returns by what happened, follow-ups": "bbb792d5cacea4c49d527804721006fd84fc51460dacb5f6e8c937258abbcf0c",
        "v10: accounts limited to sites": "3175ece342a7a6844be2b14b7d75de3a4289a3f637ef490de00323a8eeb2eb1f",
        "v11: the store's mark, the audit's chain": "19eaf3f57addf43a8bbc4b1b29e64be3ca86f7da5d1307791a6759ce54b7531c",
        "v12: a gap's facts by day": "bc3b78ccd1823f8486f16c33b087083e904f5dfd520b752a19de09d3a20068c9",
        "v13: when each audit entry was written, a tag's time": "42d62e3b0d4b61e83a86b874cd834b3ca30531d54f15f0dcb6ef6f7ab770287b",
        "v14: stated times the store itself checks": "c5a8d983a94fbe076151d60d9ffcf8f030b50d3c393a0742305c718377bbe338",
        "v15: figures a server counts": "9ed31672fad57a3c11b161a13b82b284609861728fc0df2b9f168e25906af032",
        "v16: follow-ups a page at a time": "3dd50ed8ba1a050b5766da9efd07c3ce8ad160044f899ba46a33eb7acd1d70f0",
        "v17: contacts rated": "1881e1ebf40cf7ace47f5e65f2e5c0e15311cb94cf09f668be3c0d37c23e799d",
        "v18: the name a contact gave": "31353a8325f2d8430e5030dc54dc09945d1159a50452b0916fe57939c55e8b89",
    ]
    static let shippedPostgreSQL: [Int: String] = [
        10: "c0dbf671239c93732088a7130be3e34a6633d469cfa6d73237f8402046f7a3e3",
        11: "c9e8e9acf3fdb394323bcb23ac5abd0b91ee46c4daa2258a6b8bc286c6929b15",
        12: "4504147cd5c1058f697c52c81ffc3f60e4faab57679313662e10a4586f27b963",
        13: "d93382c081ea3ab28a2f9dae6abf91b83587b9ffc8b8030a85286d46de29649b",
        14: "09af51894c27d1af186e0e37096ce0f03292638444d3a67e87f6a318a1e8f3f0",
        15: "00cfb6fe22404ea50ce6cf68b7f8eaa4ba9c16acd98505e2c2b55b4464401295",
        16: "1e1d633a353b3881f372c0cb4291d7cd5af96a34914ffe214f6b188c90e3acc4",
        17: "d2d3f1cbdc05d729f0f6b6189c3654255c0485042c52d1bf18bf8b230bff738a",
        18: "99c35f5debd56ad701533a1f26fbbd64651642aa4b99f497a7bbea59b1ff503f",
    ]

    @Test func shippedMigrationsNeverChange() {
        let sqlite = Dictionary(uniqueKeysWithValues: SQLiteSchema.migrations.map { ($0.identifier, SHA256.hex($0.sql)) })
        let postgres = Dictionary(uniqueKeysWithValues: PGSchema.migrations.map { ($0.version, SHA256.hex($0.sql)) })
        for (identifier, hash) in Self.shippedSQLite {
            #expect(sqlite[identifier] == hash, "SQLite's \(identifier) was edited after it shipped: add a migration instead")
        }
        for (version, hash) in Self.shippedPostgreSQL {
            #expect(postgres[version] == hash, "PostgreSQL's version \(version) was edited after it shipped: add a migration instead")
        }
        let sqliteLines: [String] = SQLiteSchema.migrations.map { "        \"\($0.identifier)\": \"\(SHA256.hex($0.sql))\"," }
        let postgresLines: [String] = PGSchema.migrations.map { "        \($0.version): \"\(SHA256.hex($0.sql))\"," }
        let pinned = Set(sqlite.keys) == Set(Self.shippedSQLite.keys) && Set(postgres.keys) == Set(Self.shippedPostgreSQL.keys)
        #expect(pinned, "every migration is pinned here once it ships:\n\((sqliteLines + postgresLines).joined(separator: "\n"))")
    }

    @Test func bothEnginesAreAtTheStoresVersion() {
        #expect(SQLiteSchema.migrations.count == Store.schemaVersion)
        #expect(PGSchema.version == Store.schemaVersion)
    }
}

extension FrozenMigrationTests {
    @Test func sha256IsTheStandardOne() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}

extension FrozenMigrationTests {
    /// What `gapdesk check` compares a PostgreSQL store with is each version as its frozen migrations make it.
    @Test(.enabled(if: TestEngine.server != nil, "needs GAPDESK_TEST_POSTGRES"))
    func thePinnedPostgreSQLSchemasAreWhatTheMigrationsMake() throws {
        var made: [Int: SchemaDescription] = [:]
        for version in PGSchema.migrations.map(\.version) {
            let (_, database) = try UpgradeTests.postgresStore(atVersion: version, withRows: false)
            defer { TestStore.drop(database: database) }
            let connection = try PGConnection(TestStore.address(database: database, user: nil))
            let engine = PGEngine(address: TestStore.address(database: database, user: nil))
            made[version] = SchemaDescription(lines: try PGSchema(engine: engine).describe(PGSession(connection)))
        }
        let pinned = PGShippedSchemas.digests.mapValues(SchemaDescription.init(digests:))
        let differences = made.keys.sorted().flatMap { version in
            made[version]!.differences(from: pinned[version] ?? SchemaDescription(digests: [:]), version: version)
        }
        let same = differences.isEmpty && Set(made.keys) == Set(pinned.keys)
        #expect(same, "\(differences.prefix(10)); PGShippedSchemas.swift should read:\n\(Self.pinnedFile(made))")
        #expect(made.values.allSatisfy { $0.digests.count > 200 }, "the catalog is read whole")
    }

    static func pinnedFile(_ descriptions: [Int: SchemaDescription]) -> String {
        let versions = descriptions.keys.sorted().map { version in
            "        \(version): [\n" + descriptions[version]!.digests.sorted { $0.key < $1.key }
                .map { "            \"\($0.key.replacingOccurrences(of: "\"", with: "\\\""))\": \"\($0.value)\"," }.joined(separator: "\n") + "\n        ],"
        }
        return "    static let digests: [Int: [String: String]] = [\n" + versions.joined(separator: "\n") + "\n    ]"
    }
}
