import Foundation
import Testing
@testable import GapdeskStore

/// Says whether the PostgreSQL cases ran: one line when they were skipped,
/// and a failure in CI, where they never may be.
@Suite struct EngineCoverage {
    @Test func thePostgreSQLCasesRunOrSaySoOnce() {
        if TestEngine.server == nil {
            print("PostgreSQL cases skipped: set GAPDESK_TEST_POSTGRES to a throwaway server's superuser connection (scripts/postgres-throwaway.sh start).")
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "in CI the PostgreSQL cases must run")
        }
    }
}
