import Foundation
import GapdeskDomain
import GapdeskStore
import Testing

/// A call belongs to a site, and its times are typed and shown in that site's
/// zone, whatever zone the process runs in (over SSH, TZ is not passed).
extension EndToEnd { @Suite struct TimeZoneTests {
    /// A Thursday in July: Leeds is on British Summer Time, an hour ahead of UTC.
    static let now = "2026-07-02T08:00:00Z"

    func leedsStoreWithOneCall(_ scratch: Scratch, name: String) throws -> (db: String, callbackId: Int64) {
        let db = scratch.path(name)
        let now = Clock.parseInstant(Self.now)!
        let store = try Store.create(path: db, creator: Account.current(), at: now)
        let added = try store.addResponse(NewResponse(customer: "Ann Lee", phone: "0113 496 0000", site: "Leeds", scale: .csat5,
                                                      rating: 2, receivedAt: now.addingTimeInterval(-3600)),
                                          by: Account.current(), at: now)
        try store.changeSetting("site.Leeds.hours", to: "mon-fri 08:00-18:00 Europe/London", by: Account.current(), at: now)
        return (db, try #require(added.callbackId))
    }

    @Test func aRetryTypedAsAClockTimeIsTheSitesClockTimeWhateverTheProcessZone() throws {
        let scratch = try Scratch()
        var stored: [String: Date] = [:]
        for zone in ["UTC", "Asia/Tokyo", "Europe/London"] {
            let (db, id) = try leedsStoreWithOneCall(scratch, name: "\(zone.replacingOccurrences(of: "/", with: "-")).sqlite")
            let recorded = try Binary.run(["call", "record", String(id), "--outcome", "no-answer", "--retry-at", "tomorrow 10:00",
                                           "--db", db, "--now", Self.now], home: scratch.url, environment: ["TZ": zone])
            #expect(recorded.status == 0, "\(zone): \(recorded.stderr)")
            #expect(recorded.stdout.contains("call again tomorrow 10:00"), "\(zone): \(recorded.stdout)")
            #expect(!recorded.stdout.contains("T09:00:00"), "the message uses the friendly form, not raw ISO")
            let row = try #require(try Store.open(path: db, readOnly: true).queue(limit: 5).first)
            stored[zone] = row.dueAt
            let queue = try Binary.run(["report", "queue", "--db", db, "--now", Self.now], home: scratch.url, environment: ["TZ": zone])
            #expect(queue.stdout.contains("tomorrow 10:00"), "\(zone): the queue shows the site's 10:00:\n\(queue.stdout)")
        }
        #expect(stored["UTC"] == Clock.parseInstant("2026-07-03T09:00:00Z"), "10:00 in Leeds in July is 09:00Z")
        #expect(Set(stored.values).count == 1, "the same retry stores the same instant from every zone: \(stored)")
    }

    @Test func aViewerElsewhereSeesTheSitesTimeWithItsZoneBesideIt() throws {
        let scratch = try Scratch()
        let (db, id) = try leedsStoreWithOneCall(scratch, name: "store.sqlite")
        _ = try Binary.run(["call", "record", String(id), "--outcome", "no-answer", "--retry-at", "tomorrow 10:00",
                            "--db", db, "--now", Self.now], home: scratch.url, environment: ["TZ": "UTC"])
        let tokyo = try Binary.run(["report", "queue", "--db", db, "--now", Self.now], home: scratch.url, environment: ["TZ": "Asia/Tokyo"])
        #expect(tokyo.stdout.contains("tomorrow 10:00 BST") || tokyo.stdout.contains("tomorrow 10:00 GMT+1"), "\(tokyo.stdout)")
        let london = try Binary.run(["report", "queue", "--db", db, "--now", Self.now], home: scratch.url,
                                    environment: ["TZ": "Europe/London"])
        #expect(london.stdout.contains("tomorrow 10:00") && !london.stdout.contains("10:00 BST"), "no zone where it is the viewer's own")
        // A preference names the viewer's zone where TZ cannot (over SSH).
        let config = scratch.path("config/gapdesk")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try "[display]\ntime_zone = \"Europe/London\"\n".write(toFile: config + "/config.toml", atomically: true, encoding: .utf8)
        let tmux = try Tmux(["--db", db, "--now", Self.now], scratch: scratch, environment: ["TZ": "UTC"])
        let screen = tmux.waitFor("tomorrow 10:00")
        #expect(screen.found && !screen.screen.contains("10:00 BST"), "\(screen.screen)")
        tmux.press("q")
    }

    @Test func versionAnswers() throws {
        let scratch = try Scratch()
        let version = try Binary.run(["--version"], home: scratch.url)
        #expect(version.status == 0 && version.stdout.hasPrefix("gapdesk ") && version.stdout.contains("store schema"), "\(version.stdout)\(version.stderr)")
    }
} }
