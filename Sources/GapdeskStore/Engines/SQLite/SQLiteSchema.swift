import Foundation
import GRDB

/// The store's schema on SQLite, made and upgraded by migrations. Times are
/// INTEGER seconds since 1970 (UTC): compact, indexable and free of format
/// ambiguity.
///
/// Every list the dashboard shows is served by an index named for it; the
/// partial indexes keep "open calls" and "critical responses" lookups
/// independent of how many rows the store holds.
///
/// A migration, once shipped, never changes: each is literal SQL, and
/// `FrozenMigrationTests` holds the hash of every shipped one. A change of
/// the schema is a new migration here and in `PGSchema` alike. A migration
/// never calls the code of the day: a summary table it creates or reshapes
/// is marked to be rebuilt (a `rebuild.KIND` row in `store_meta`), and the
/// store rebuilds marked summaries with the code of the day once the
/// migrations are done.
struct SQLiteSchema: EngineSchema {
    let engine: SQLiteEngine

    /// The migrations in order: GRDB records each identifier in `grdb_migrations` as it is applied.
    static let migrations: [(identifier: String, sql: String)] = [
        ("v1: the feedback loop", v1),
        ("v2: responses by time", v2),
        ("v3: change topics", v3),
        // v4's table is counted by v7, which gives it its final shape.
        ("v4: loop figures by day", v4),
        ("v5: responses by day, site and staff", v5),
        ("v6: gaps by day", v6),
        ("v7: open calls by day, fewer indexes", v7),
        ("v8: where rows came from, anonymous customers, exact gap sums", v8),
        ("v9: contacts of any kind, returns by what happened, follow-ups", v9),
        ("v10: accounts limited to sites", v10),
        ("v11: the store's mark, the audit's chain", v11),
        ("v12: a gap's facts by day", v12),
        ("v13: when each audit entry was written, a tag's time", v13),
        ("v14: stated times the store itself checks", v14),
        ("v15: figures a server counts", v15),
        ("v16: follow-ups a page at a time", v16),
        ("v17: contacts rated", v17),
        ("v18: the name a contact gave", v18),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (identifier, sql) in migrations {
            migrator.registerMigration(identifier) { db in try db.execute(sql: sql) }
        }
        return migrator
    }

    /// The migrator of the first `version` migrations (a store as that version made it).
    static func migrator(upTo version: Int) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (identifier, sql) in migrations.prefix(version) {
            migrator.registerMigration(identifier) { db in try db.execute(sql: sql) }
        }
        return migrator
    }

    /// How many migrations the store has applied: more than this build knows
    /// means a newer gapdesk wrote it.
    func storedVersion() throws -> Int {
        try engine.pool.read { db in
            guard try db.tableExists("grdb_migrations") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") ?? 0
        }
    }

    func pending() throws -> [String] {
        let applied = try engine.pool.read { db in try db.tableExists("grdb_migrations") ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : [] }
        return Self.migrations.map(\.identifier).filter { !applied.contains($0) }
    }

    /// As GRDB's migrator does for one migration, for all of them at once:
    /// foreign keys are checked at the end, not while tables are rebuilt.
    func upgrade(then after: (any SQLSession) throws -> Void) throws {
        let pending = Set(try pending())
        try engine.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction(.immediate) {
                for (identifier, sql) in Self.migrations where pending.contains(identifier) {
                    try db.execute(sql: sql)
                    try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES (?)", arguments: [identifier])
                }
                if let broken = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                    throw StoreError.failed("The upgrade would leave a row of \(broken[0] as String? ?? "a table") pointing at nothing; nothing was changed.")
                }
                let session = GRDBSession(db)
                try after(session)
                try AuditChain.seal(session)
                return .commit
            }
        }
    }

    func describe(_ db: any SQLSession) throws -> [String] {
        try Self.describe(db)
    }

    /// What the schema of `version` is, built from its migrations in memory.
    func expected(version: Int) throws -> SchemaDescription? {
        guard (1...Self.migrations.count).contains(version) else { return nil }
        let queue = try DatabaseQueue()
        try Self.migrator(upTo: version).migrate(queue)
        return SchemaDescription(lines: try queue.read { try Self.describe(GRDBSession($0)) })
    }

    /// Each table, index and trigger as SQLite keeps its text (runs of
    /// spaces made one), and the file's mark.
    static func describe(_ db: any SQLSession) throws -> [String] {
        let objects = try db.fetchAll(sql: """
            SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name
            """).map { row -> String in
            let text = (row[2] as String).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return "\(row[0] as String) \(row[1] as String): \(text)"
        }
        return objects + ["application_id: \(try db.fetchOne(Int64.self, sql: "PRAGMA application_id") ?? 0)"]
    }

    private static let v1 = """
        CREATE TABLE site (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            time_zone TEXT NOT NULL,
            opens INTEGER NOT NULL,
            closes INTEGER NOT NULL,
            days TEXT NOT NULL
        );
        CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            site_id INTEGER NOT NULL REFERENCES site(id),
            UNIQUE (site_id, name)
        );
        CREATE TABLE customer (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            phone TEXT,
            email TEXT,
            value REAL,
            site_id INTEGER REFERENCES site(id)
        );
        CREATE INDEX customer_by_phone ON customer(phone) WHERE phone IS NOT NULL;
        CREATE INDEX customer_by_email ON customer(email) WHERE email IS NOT NULL;
        CREATE INDEX customer_by_name ON customer(name, site_id);

        CREATE TABLE contact (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('service', 'delivery', 'sale')),
            site_id INTEGER NOT NULL REFERENCES site(id),
            staff_id INTEGER REFERENCES staff(id),
            customer_id INTEGER NOT NULL REFERENCES customer(id),
            occurred_at INTEGER NOT NULL,
            summary TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX contact_by_customer ON contact(customer_id, occurred_at);

        CREATE TABLE response (
            id INTEGER PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE,
            contact_id INTEGER REFERENCES contact(id),
            customer_id INTEGER NOT NULL REFERENCES customer(id),
            site_id INTEGER NOT NULL REFERENCES site(id),
            staff_id INTEGER REFERENCES staff(id),
            scale TEXT NOT NULL,
            rating INTEGER NOT NULL,
            shortfall REAL NOT NULL CHECK (shortfall BETWEEN 0 AND 1),
            critical INTEGER NOT NULL CHECK (critical IN (0, 1)),
            comment TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL,
            received_at INTEGER NOT NULL
        );
        -- The low-rated list: newest critical responses first.
        CREATE INDEX response_critical_by_time ON response(received_at) WHERE critical = 1;
        -- The low-rated list sorted lowest rating first.
        CREATE INDEX response_critical_by_rating ON response(rating, received_at DESC) WHERE critical = 1;
        CREATE INDEX response_by_customer ON response(customer_id, received_at);
        CREATE INDEX response_by_site ON response(site_id, received_at);
        CREATE INDEX response_by_staff ON response(staff_id, received_at);

        CREATE TABLE root_cause (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            kind INTEGER CHECK (kind BETWEEN 1 AND 5),
            team TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE response_cause (
            response_id INTEGER NOT NULL REFERENCES response(id) ON DELETE CASCADE,
            cause_id INTEGER NOT NULL REFERENCES root_cause(id),
            tagged_at INTEGER NOT NULL,
            tagged_by TEXT NOT NULL,
            PRIMARY KEY (response_id, cause_id)
        ) WITHOUT ROWID;
        CREATE INDEX response_cause_by_cause ON response_cause(cause_id, response_id);

        CREATE TABLE callback (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL UNIQUE REFERENCES response(id),
            created_at INTEGER NOT NULL,
            -- first_due_at never moves; due_at moves to the retry time after "no answer".
            first_due_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            assignee TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            outcome TEXT,
            note TEXT,
            done_at INTEGER,
            done_by TEXT,
            revision INTEGER NOT NULL DEFAULT 0
        );
        -- The callback queue: open calls by due time.
        CREATE INDEX callback_open_by_due ON callback(due_at) WHERE done_at IS NULL;
        -- The callback queue sorted newest first.
        CREATE INDEX callback_open_by_created ON callback(created_at) WHERE done_at IS NULL;
        CREATE INDEX callback_done_by_time ON callback(done_at) WHERE done_at IS NOT NULL;
        CREATE INDEX callback_by_first_due ON callback(first_due_at);

        CREATE TABLE call_attempt (
            id INTEGER PRIMARY KEY,
            callback_id INTEGER NOT NULL REFERENCES callback(id),
            made_at INTEGER NOT NULL,
            made_by TEXT NOT NULL,
            outcome TEXT NOT NULL,
            note TEXT,
            retry_at INTEGER
        );
        CREATE INDEX call_attempt_by_callback ON call_attempt(callback_id, made_at);
        CREATE INDEX call_attempt_by_time ON call_attempt(made_at);

        CREATE TABLE guarantee (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES response(id),
            callback_id INTEGER REFERENCES callback(id),
            amount REAL NOT NULL CHECK (amount >= 0),
            approved_by TEXT NOT NULL,
            invoked_at INTEGER NOT NULL
        );
        CREATE INDEX guarantee_by_response ON guarantee(response_id);

        CREATE TABLE fix (
            cause_id INTEGER PRIMARY KEY REFERENCES root_cause(id),
            status TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'done')),
            owner TEXT,
            effort REAL CHECK (effort > 0),
            note TEXT,
            started_at INTEGER,
            done_at INTEGER,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE app_user (
            account TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('manager', 'supervisor', 'admin')),
            added_at INTEGER NOT NULL,
            added_by TEXT NOT NULL
        );

        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            changed_at INTEGER NOT NULL,
            changed_by TEXT NOT NULL
        );

        -- Facts about the store itself (e.g. that it holds demo data).
        CREATE TABLE store_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        -- Append-only: every change, who made it and when, before and after.
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_by_entity ON audit(entity, entity_id, at);
        CREATE INDEX audit_by_time ON audit(at);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        """

    /// The pressure tallies read the window's responses by time; indexes by
    /// site and by staff made them scan every response, and cost every insert.
    private static let v2 = """
        DROP INDEX response_by_site;
        DROP INDEX response_by_staff;
        CREATE INDEX response_by_time ON response(received_at);
        """

    /// A counter per kind of change (see `ChangeTopic`), bumped by each write.
    private static let v3 = """
        CREATE TABLE change_topic (topic TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO change_topic VALUES ('calls', 0), ('responses', 0), ('gaps', 0), ('other', 0);
        """

    /// The header's 30-day figures per UTC day (see `LoopSummary`).
    private static let v4 = """
        CREATE TABLE loop_day (
            day INTEGER PRIMARY KEY,
            critical INTEGER NOT NULL DEFAULT 0,
            -- Callbacks by the day of their first due time, and those closed by then.
            fell_due INTEGER NOT NULL DEFAULT 0,
            on_time INTEGER NOT NULL DEFAULT 0
        );
        -- Closed calls by the day they closed and how long after the response (CallDelayHistogram buckets).
        CREATE TABLE call_delay_day (
            day INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            calls INTEGER NOT NULL,
            PRIMARY KEY (day, bucket)
        ) WITHOUT ROWID;
        """

    /// What the pressure signals compare, per UTC day (see `PressureSummary`).
    private static let v5 = """
        CREATE TABLE response_day (
            day INTEGER NOT NULL,
            site_id INTEGER NOT NULL,
            staff_id INTEGER NOT NULL,  -- 0 when the response names no staff member
            responses INTEGER NOT NULL,
            top INTEGER NOT NULL,
            comments INTEGER NOT NULL,
            PRIMARY KEY (day, site_id, staff_id)
        ) WITHOUT ROWID;
        INSERT INTO store_meta(key, value) VALUES ('rebuild.pressure', '1') ON CONFLICT(key) DO NOTHING;
        """

    /// What the gap ranking reads (see `GapSummary`).
    private static let v6 = """
        CREATE TABLE gap_day (
            day INTEGER NOT NULL,
            cause_id INTEGER NOT NULL,
            responses INTEGER NOT NULL,
            unaged REAL NOT NULL,          -- Σ shortfall × value weight × 1/k
            waived REAL NOT NULL,
            customers_last INTEGER NOT NULL,
            value_last REAL NOT NULL,
            PRIMARY KEY (day, cause_id)
        ) WITHOUT ROWID;
        CREATE TABLE gap_customer (
            cause_id INTEGER NOT NULL,
            customer_id INTEGER NOT NULL,
            last_day INTEGER NOT NULL,
            PRIMARY KEY (cause_id, customer_id)
        ) WITHOUT ROWID;
        ALTER TABLE fix ADD COLUMN recurrences INTEGER NOT NULL DEFAULT 0;
        INSERT INTO store_meta(key, value) VALUES ('rebuild.gaps', '1') ON CONFLICT(key) DO NOTHING;
        """

    /// Open calls by the day they are due, and each day's call delays in one
    /// value instead of a row per bucket (a month of them was thousands of rows).
    /// Nothing reads responses by time alone any more: every such read goes
    /// through a daily summary, so that index only cost each insert.
    private static let v7 = """
        ALTER TABLE loop_day ADD COLUMN open_due INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE loop_day ADD COLUMN delays BLOB;
        DROP TABLE call_delay_day;
        DROP INDEX response_by_time;
        INSERT INTO store_meta(key, value) VALUES ('rebuild.loop', '1') ON CONFLICT(key) DO NOTHING;
        """

    /// - Each import run, and for each response the run and line it came from
    ///   and a hash of its content, so the same id with different content is
    ///   a conflict reported with both lines, not silently skipped.
    /// - Anonymous customers: feedback without a name, email or phone; each
    ///   response is its own customer, and nobody can be called.
    /// - The gap summary in integers (billionths of a point, cents), so its
    ///   sums are exact in any order: a killed import and its rerun give the
    ///   same figures as one clean run.
    private static let v8 = """
        CREATE TABLE import_run (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            actor TEXT NOT NULL
        );
        ALTER TABLE response ADD COLUMN content_hash INTEGER;
        ALTER TABLE response ADD COLUMN import_run_id INTEGER REFERENCES import_run(id);
        ALTER TABLE response ADD COLUMN source_line INTEGER;
        ALTER TABLE customer ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1));
        DROP TABLE gap_day;
        CREATE TABLE gap_day (
            day INTEGER NOT NULL,
            cause_id INTEGER NOT NULL,
            responses INTEGER NOT NULL,
            unaged INTEGER NOT NULL,          -- Σ shortfall × value weight × 1/k, in billionths
            waived INTEGER NOT NULL,          -- cents
            customers_last INTEGER NOT NULL,
            value_last INTEGER NOT NULL,      -- cents
            PRIMARY KEY (day, cause_id)
        ) WITHOUT ROWID;
        INSERT INTO store_meta(key, value) VALUES ('rebuild.gaps', '1') ON CONFLICT(key) DO NOTHING;
        """

    /// - Contacts of any kind, imported on their own (most have no survey),
    ///   each with an id of its own (the file's contact_id, or a hash of the
    ///   row) so a rerun adds only what is missing.
    /// - Returns by what happened (see `ResultSummary`): each response that
    ///   can be in the results, with its group, its call's speed and its
    ///   customer's next contact; and their counts per UTC day of contact.
    /// - Follow-ups: telling the customers who reported a gap that its fix
    ///   was verified, once per customer and gap.
    private static let v9 = """
        CREATE TABLE contact_v9 (
            id INTEGER PRIMARY KEY,
            external_id TEXT UNIQUE,
            kind TEXT NOT NULL,
            site_id INTEGER NOT NULL REFERENCES site(id),
            staff_id INTEGER REFERENCES staff(id),
            customer_id INTEGER NOT NULL REFERENCES customer(id),
            occurred_at INTEGER NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            content_hash INTEGER,
            import_run_id INTEGER REFERENCES import_run(id),
            source_line INTEGER
        );
        INSERT INTO contact_v9(id, kind, site_id, staff_id, customer_id, occurred_at, summary)
            SELECT id, kind, site_id, staff_id, customer_id, occurred_at, summary FROM contact;
        DROP TABLE contact;
        ALTER TABLE contact_v9 RENAME TO contact;
        CREATE INDEX contact_by_customer ON contact(customer_id, occurred_at);

        CREATE TABLE result_response (
            response_id INTEGER PRIMARY KEY REFERENCES response(id) ON DELETE CASCADE,
            customer_id INTEGER NOT NULL,
            site_id INTEGER NOT NULL,
            contact_at INTEGER NOT NULL,
            grp TEXT NOT NULL,
            speed TEXT NOT NULL,
            next_contact_at INTEGER
        );
        CREATE INDEX result_response_by_customer ON result_response(customer_id, contact_at);
        CREATE INDEX result_response_by_date ON result_response(contact_at);
        -- A ResultTally per UTC day of contact and site: responses and returns by group and speed,
        -- counted with the return_days setting in force (a change of it rebuilds the table).
        CREATE TABLE result_day (
            day INTEGER NOT NULL,
            site_id INTEGER NOT NULL,
            tally BLOB NOT NULL,
            PRIMARY KEY (day, site_id)
        ) WITHOUT ROWID;

        CREATE TABLE followup (
            id INTEGER PRIMARY KEY,
            cause_id INTEGER NOT NULL REFERENCES root_cause(id),
            customer_id INTEGER NOT NULL REFERENCES customer(id),
            -- The customer's latest critical response tagged with the gap.
            response_id INTEGER NOT NULL REFERENCES response(id),
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            outcome TEXT CHECK (outcome IN ('told', 'declined')),
            note TEXT,
            done_at INTEGER,
            done_by TEXT,
            revision INTEGER NOT NULL DEFAULT 0,
            UNIQUE (cause_id, customer_id)
        );
        CREATE INDEX followup_open ON followup(created_at) WHERE done_at IS NULL;
        INSERT INTO store_meta(key, value) VALUES ('rebuild.results', '1') ON CONFLICT(key) DO NOTHING;
        """

    /// An account listed here sees and changes the rows of these sites only;
    /// an account not listed, every site.
    private static let v10 = """
        CREATE TABLE app_user_site (
            account TEXT NOT NULL REFERENCES app_user(account) ON DELETE CASCADE,
            site_id INTEGER NOT NULL REFERENCES site(id),
            PRIMARY KEY (account, site_id)
        ) WITHOUT ROWID;
        """

    /// - The store's own mark in the file's header (see `SQLiteStoreMark`).
    /// - The audit's chain: each entry carries a hash of the entry before it
    ///   and of its own content (see `AuditChain`), so a rewrite of the audit
    ///   shows. An entry is sealed once, by the write that made it: the
    ///   append-only trigger lets the chain be set where there is none, and
    ///   nothing else. The entries made before this migration are sealed by
    ///   the write that applies it.
    private static let v11 = """
        PRAGMA application_id = 1734439012;
        ALTER TABLE audit ADD COLUMN chain TEXT;
        CREATE INDEX audit_unsealed ON audit(id) WHERE chain IS NULL;
        DROP TRIGGER audit_no_update;
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            WHEN OLD.chain IS NOT NULL OR NEW.chain IS NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
                OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action OR NEW.entity IS NOT OLD.entity
                OR NEW.entity_id IS NOT OLD.entity_id OR NEW.before IS NOT OLD.before OR NEW.after IS NOT OLD.after
            BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        """

    /// What why-this-rank and the meeting document say of a gap, from the
    /// days as the ranking is, at any store size: the part of each day's sum
    /// from customers worth more than the median, and each day's responses by
    /// site and staff member (0: none named). A gap's days newest first say
    /// which days hold its latest responses, so those are read alone.
    private static let v12 = """
        ALTER TABLE gap_day ADD COLUMN unaged_valued INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX gap_day_by_cause ON gap_day(cause_id, day);
        CREATE TABLE gap_place_day (
            cause_id INTEGER NOT NULL,
            day INTEGER NOT NULL,
            site_id INTEGER NOT NULL,
            staff_id INTEGER NOT NULL,
            responses INTEGER NOT NULL,
            PRIMARY KEY (cause_id, day, site_id, staff_id)
        ) WITHOUT ROWID;
        INSERT INTO store_meta(key, value) VALUES ('rebuild.gaps', '1') ON CONFLICT(key) DO NOTHING;
        """

    /// The audit keeps, beside the time an action states (`--now`, a call
    /// recorded late), when the entry was written, sealed into its chain.
    /// A tag keeps when its response arrived, so a gap's newest responses
    /// are read from its own index, not from every response of those days.
    private static let v13 = """
        ALTER TABLE response_cause ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0;
        UPDATE response_cause SET received_at = (SELECT r.received_at FROM response r WHERE r.id = response_cause.response_id);
        DROP INDEX response_cause_by_cause;
        CREATE INDEX response_cause_by_cause ON response_cause(cause_id, received_at, response_id);
        ALTER TABLE audit ADD COLUMN written_at INTEGER;
        DROP TRIGGER audit_no_update;
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            WHEN OLD.chain IS NOT NULL OR NEW.chain IS NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
                OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action OR NEW.entity IS NOT OLD.entity
                OR NEW.entity_id IS NOT OLD.entity_id OR NEW.before IS NOT OLD.before OR NEW.after IS NOT OLD.after
                OR NEW.written_at IS NOT OLD.written_at
            BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        """

    /// A time a row states (a call, an attempt, a guarantee, a follow-up, a
    /// fix) is never after the real time (ten minutes of another machine's
    /// clock aside) nor before what it records: the feedback it answers, the
    /// root cause a fix is for. gapdesk says so in a sentence first; these
    /// hold for any other program that writes the file. Rows an import adds
    /// by the million (tags, new calls) are left to gapdesk's own checks: a
    /// trigger on each cost an import of a million rows a seventh of its
    /// time, and on one machine whoever may write the file may drop a
    /// trigger too (the file system is the authority there, see `FileAccess`).
    private static let v14 = """
        CREATE TRIGGER callback_stated_time BEFORE UPDATE OF done_at ON callback
            WHEN NEW.done_at IS NOT NULL AND NEW.done_at IS NOT OLD.done_at
                AND (NEW.done_at > CAST(strftime('%s', 'now') AS INTEGER) + 600 OR NEW.done_at < NEW.created_at)
            BEGIN SELECT RAISE(ABORT, 'a call cannot be dated after the real time, nor before its feedback arrived'); END;
        CREATE TRIGGER call_attempt_stated_time BEFORE INSERT ON call_attempt
            WHEN NEW.made_at > CAST(strftime('%s', 'now') AS INTEGER) + 600
                OR NEW.made_at < (SELECT created_at FROM callback WHERE id = NEW.callback_id)
            BEGIN SELECT RAISE(ABORT, 'a call attempt cannot be dated after the real time, nor before its feedback arrived'); END;
        CREATE TRIGGER guarantee_stated_time BEFORE INSERT ON guarantee
            WHEN NEW.invoked_at > CAST(strftime('%s', 'now') AS INTEGER) + 600
                OR NEW.invoked_at < (SELECT received_at FROM response WHERE id = NEW.response_id)
            BEGIN SELECT RAISE(ABORT, 'a guarantee cannot be dated after the real time, nor before its feedback arrived'); END;
        CREATE TRIGGER followup_stated_time BEFORE INSERT ON followup
            WHEN NEW.created_at > CAST(strftime('%s', 'now') AS INTEGER) + 600
                OR NEW.created_at < (SELECT received_at FROM response WHERE id = NEW.response_id)
                OR NEW.done_at > CAST(strftime('%s', 'now') AS INTEGER) + 600 OR NEW.done_at < NEW.created_at
            BEGIN SELECT RAISE(ABORT, 'a follow-up cannot be dated after the real time, nor before what it follows'); END;
        CREATE TRIGGER followup_done_stated_time BEFORE UPDATE OF done_at ON followup
            WHEN NEW.done_at IS NOT NULL AND NEW.done_at IS NOT OLD.done_at
                AND (NEW.done_at > CAST(strftime('%s', 'now') AS INTEGER) + 600 OR NEW.done_at < NEW.created_at)
            BEGIN SELECT RAISE(ABORT, 'a follow-up cannot be dated after the real time, nor before what it follows'); END;
        CREATE TRIGGER fix_stated_time BEFORE INSERT ON fix
            WHEN max(NEW.updated_at, coalesce(NEW.started_at, 0), coalesce(NEW.done_at, 0)) > CAST(strftime('%s', 'now') AS INTEGER) + 600
                OR min(NEW.updated_at, coalesce(NEW.started_at, NEW.updated_at), coalesce(NEW.done_at, NEW.updated_at))
                    < (SELECT created_at FROM root_cause WHERE id = NEW.cause_id)
            BEGIN SELECT RAISE(ABORT, 'a fix cannot be dated after the real time, nor before its root cause was named'); END;
        CREATE TRIGGER fix_stated_time_moved BEFORE UPDATE OF updated_at, started_at, done_at ON fix
            WHEN (NEW.updated_at IS NOT OLD.updated_at OR NEW.started_at IS NOT OLD.started_at OR NEW.done_at IS NOT OLD.done_at)
                AND (max(NEW.updated_at, coalesce(NEW.started_at, 0), coalesce(NEW.done_at, 0)) > CAST(strftime('%s', 'now') AS INTEGER) + 600
                    OR min(NEW.updated_at, coalesce(NEW.started_at, NEW.updated_at), coalesce(NEW.done_at, NEW.updated_at))
                        < (SELECT created_at FROM root_cause WHERE id = NEW.cause_id))
            BEGIN SELECT RAISE(ABORT, 'a fix cannot be dated after the real time, nor before its root cause was named'); END;
        """

    /// Nothing changes here. On a server the server counts the figures
    /// (PostgreSQL's version 15); on one machine gapdesk counts them as it
    /// writes, and the file system decides who may write at all.
    private static let v15 = """
        -- The figures stay gapdesk's to count on SQLite.
        """

    /// The follow-ups to make, oldest first, and those made, newest first,
    /// each read a page at a time in the order of its index: without them
    /// every list of them sorted all the follow-ups there are.
    private static let v16 = """
        DROP INDEX followup_open;
        CREATE INDEX followup_open ON followup(created_at, id) WHERE done_at IS NULL;
        CREATE INDEX followup_made ON followup(done_at, id) WHERE done_at IS NOT NULL;
        """

    /// How much of the business the feedback covers (see `CoverageSummary`):
    /// the visits feedback is about, and contacts by day and group with how
    /// many of them were rated; a person's open calls, by when they are due
    /// ("mine"); and each person's calls by day (see `TeamSummary`).
    private static let v17 = """
        CREATE INDEX callback_open_by_assignee ON callback(assignee, due_at) WHERE done_at IS NULL;
        CREATE TABLE rated_visit (
            customer_id INTEGER NOT NULL,
            site_id INTEGER NOT NULL,
            day INTEGER NOT NULL,
            PRIMARY KEY (customer_id, site_id, day)
        ) WITHOUT ROWID;
        CREATE TABLE contact_day (
            day INTEGER NOT NULL,
            site_id INTEGER NOT NULL,
            staff_id INTEGER NOT NULL,  -- 0 when the contact names no staff member
            kind TEXT NOT NULL,
            contacts INTEGER NOT NULL,
            rated INTEGER NOT NULL,
            PRIMARY KEY (day, site_id, staff_id, kind)
        ) WITHOUT ROWID;
        INSERT INTO store_meta(key, value) VALUES ('rebuild.coverage', '1') ON CONFLICT(key) DO NOTHING;
        CREATE TABLE team_day (
            day INTEGER NOT NULL,
            site_id INTEGER NOT NULL,
            account TEXT NOT NULL,
            assigned INTEGER NOT NULL,
            made INTEGER NOT NULL,
            on_time INTEGER NOT NULL,
            open_due INTEGER NOT NULL,
            PRIMARY KEY (day, site_id, account)
        ) WITHOUT ROWID;
        -- The days with open calls due, for "overdue now": few, however long the store's history.
        CREATE INDEX team_day_open ON team_day(day) WHERE open_due != 0;
        INSERT INTO store_meta(key, value) VALUES ('rebuild.team', '1') ON CONFLICT(key) DO NOTHING;
        """

    /// A contact keeps the name its row gave its customer where that is not
    /// the customer's stored name (customers are matched by phone, then
    /// email): one phone or email given for several names is how a staff
    /// member steers the survey to themselves (see `SharedContactDetails`).
    /// The index holds those contacts alone, few however large the store.
    private static let v18 = """
        ALTER TABLE contact ADD COLUMN given_name TEXT;
        CREATE INDEX contact_given_name ON contact(occurred_at) WHERE given_name IS NOT NULL;
        """
}
