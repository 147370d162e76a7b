// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "gapdesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gapdesk", targets: ["gapdesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // The system ncurses library, wide-character build. No pkg-config: the
        // flags it gives (-D_DEFAULT_SOURCE, -D_XOPEN_SOURCE) are ones SwiftPM
        // refuses with a warning on every build, and the shim defines what the
        // wide-character functions need itself; libncursesw links libtinfo.
        .systemLibrary(
            name: "CNcurses",
            path: "Modules/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // libpq, PostgreSQL's own client library (libpq-dev): the connection
        // strings, PG* variables, ~/.pgpass, service files and sslmode psql users know.
        .systemLibrary(
            name: "CLibpq",
            path: "Modules/CLibpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Extended attributes (sys/xattr.h): who may write a team's store file.
        .systemLibrary(name: "CXattr", path: "Modules/CXattr"),
        // SQLite configured as the program loads (in C: sqlite3_config takes variable arguments).
        .target(name: "CSQLiteSetup", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Rules of the feedback loop: pure Swift, no I/O.
        .target(name: "GapdeskDomain"),
        // The store: schema, queries, actions, summaries, import, on SQLite or PostgreSQL.
        .target(
            name: "GapdeskStore",
            dependencies: [
                "GapdeskDomain", "CLibpq", "CSQLiteSetup", "CXattr",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface, for the import's hot path.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The demo business: what happened at its sites over a year, recorded through the store.
        .target(name: "GapdeskDemo", dependencies: ["GapdeskDomain", "GapdeskStore"]),
        // Survey exports in: streaming CSV and JSON Lines readers, presets, row checks, batched import.
        .target(
            name: "GapdeskImport",
            dependencies: ["GapdeskDomain", "GapdeskStore"]
        ),
        // The terminal UI: state, update, views drawn into a canvas. No ncurses here.
        .target(
            name: "GapdeskUI",
            dependencies: ["GapdeskDomain", "GapdeskStore"]
        ),
        // The one thin ncurses backend behind the canvas interface.
        .target(
            name: "GapdeskCurses",
            dependencies: ["CNcurses", "GapdeskUI"]
        ),
        // The command line: commands, options, error reporting.
        .target(
            name: "GapdeskCLI",
            dependencies: [
                "GapdeskDomain", "GapdeskStore", "GapdeskDemo", "GapdeskImport", "GapdeskUI", "GapdeskCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "gapdesk", dependencies: ["GapdeskCLI"]),
        // Fuzzing: the code arbitrary bytes reach, and a libFuzzer entry point (scripts/fuzz.sh).
        .target(name: "GapdeskFuzzing", dependencies: ["GapdeskDomain", "GapdeskImport", "GapdeskUI"]),
        .executableTarget(name: "gapdesk-fuzz", dependencies: ["GapdeskFuzzing"]),
        // Performance at scale (README: swift run -c release gapdesk-bench); not part of swift test.
        .executableTarget(name: "gapdesk-bench", dependencies: ["GapdeskDomain", "GapdeskStore", "GapdeskDemo", "GapdeskUI"]),
        .testTarget(name: "GapdeskDomainTests", dependencies: ["GapdeskDomain"]),
        .testTarget(name: "GapdeskStoreTests", dependencies: ["GapdeskStore", "GapdeskDemo"], resources: [.copy("Shipped")]),
        .testTarget(name: "GapdeskImportTests", dependencies: ["GapdeskImport", "GapdeskStore", "GapdeskFuzzing"],
                    resources: [.copy("Fixtures"), .copy("FuzzCorpus")]),
        .testTarget(name: "GapdeskUITests", dependencies: ["GapdeskUI", "GapdeskStore", "GapdeskDemo"]),
        .testTarget(name: "GapdeskEndToEndTests", dependencies: ["GapdeskDomain", "GapdeskStore"]),
    ]
)
