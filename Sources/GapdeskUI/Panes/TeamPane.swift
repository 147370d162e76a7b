import GapdeskDomain
import GapdeskStore

/// Who owes what, a line a person over the last 30 days: calls assigned,
/// made, made on time and overdue now; fixes owned and where they stand;
/// customers told their gap is fixed. The supervisor's weekly question.
enum TeamPane {
    static let windowDays = 30

    static let layout = ListLayout<TeamLine>(
        columns: [
            Column("account", "Person", width: .text(min: 8)) { line, _ in line.account },
            .count("overdue_now", "Overdue") { $0.overdueNow },
            .count("assigned", "Assigned") { $0.assigned },
            .count("made", "Made") { $0.made },
            Column("made_on_time", "On time", width: .content(min: 7, max: 7), alignRight: true,
                   json: { line, _ in .integer(Int64(line.madeOnTime)) }) { line, _ in
                line.made == 0 ? "-" : percentText(Double(line.madeOnTime) / Double(line.made))
            },
            .count("fixes_owned", "Fixes", priority: 1) { $0.fixesOwned },
            .count("fixes_started", "Started", priority: 3) { $0.fixesStarted },
            .count("fixes_done", "Done", priority: 2) { $0.fixesDone },
            .count("fixes_verified", "Verified", priority: 2) { $0.fixesVerified },
            .count("fixes_recurred", "Recurred", priority: 1) { $0.fixesRecurred },
            .count("told", "Told", priority: 3) { $0.told },
        ],
        ids: { _ in [] },
        marker: { line, _ in line.overdueNow > 0 ? .overdue : line.fixesRecurred > 0 ? .recurred : nil })

    /// A person's row keeps the cursor as the order changes: FNV-1a of the account.
    static func stableId(_ account: String) -> Int64 {
        Int64(bitPattern: account.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 })
    }

    static let legend = "Overdue: their open calls past due now. Assigned: their calls falling due on the window's days; Made: calls they closed in it, "
        + "On time: of those, by the first due time. Fixes: the fixes they own; Started and Done in the window; Verified: done and quiet since; "
        + "Recurred: feedback came after it was done. Told: customers they told in the window that their gap is fixed."

    static let spec = PaneSpec(
        pane: .team, title: "Team", layout: layout.erased(),
        sorts: ["most overdue", "name"], views: [],
        filters: [],
        empty: { _ in "Nobody has a role in this store yet: gapdesk user add NAME --role manager." },
        summary: { state in
            let lines = state.list(.team).rows.compactMap { $0.as(TeamLine.self) }
            let made = lines.reduce(0) { $0 + $1.made }, onTime = lines.reduce(0) { $0 + $1.madeOnTime }
            return "last \(windowDays) days \(state.glyphs.dot) \(made) calls made" + (made == 0 ? "" : ", \(percentText(Double(onTime) / Double(made))) on time")
        },
        countsInTab: false, reloadedBy: [.calls, .gaps, .other], share: 0,
        load: { store, query throws(StoreError) in
            var lines = try store.team(now: query.now, windowDays: windowDays).lines
            if query.sort == 1 { lines.sort { $0.account < $1.account } }
            let window = lines.dropFirst(query.offset).prefix(query.limit)
            return PaneLoad(rows: window.map { PaneRow($0, id: stableId($0.account)) }, total: lines.count, atLeast: false)
        },
        preview: { row, context in
            guard let line = row.as(TeamLine.self) else { return "" }
            return Preview.join([line.account, "\(line.overdueNow) overdue now", "\(line.assigned) assigned and \(line.made) made in \(windowDays) days"
                                    + (line.made == 0 ? "" : ", \(line.madeOnTime) on time"),
                                 "fixes: \(line.fixesOwned) owned, \(line.fixesStarted) started, \(line.fixesDone) done, \(line.fixesVerified) verified, "
                                    + "\(line.fixesRecurred) recurred", "\(line.told) told"], context)
        },
        target: { _ in nil },
        gap: { _ in nil },
        open: { _ in nil },
        report: PaneReport(name: "team", about: "per person: calls assigned, made, on time, overdue; fixes owned and where they stand; customers told") {
            store, request throws(StoreError) in
            let team = try store.team(now: request.now, windowDays: request.window ?? windowDays)
            let heading = request.forPeople ? "The team over the last \(team.windowDays) days, most overdue first.\n\n" : ""
            return heading + request.format.render(team.lines, layout: layout, context: request.context) + (request.forPeople ? "\n" + legend + "\n" : "")
        },
        commands: [.pressure], shortTitle: "Team")
}
