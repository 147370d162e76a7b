import Foundation
import GapdeskDomain
import GapdeskStore
import Testing
@testable import GapdeskUI

/// What each screen shows at the sizes people use: 80x24 first, then 120x40 and 160x48.
@Suite struct ScreenTests {
    static let sizes = [(rows: 24, columns: 80), (rows: 40, columns: 120), (rows: 48, columns: 160)]

    @Test func at80x24TheHeaderAndTheQueueShowOverdueFirst() throws {
        let h = try Harness()
        let screen = h.screen
        #expect(screen.lines[0].contains("overdue"))
        #expect(screen.lines[1].contains("1 Callbacks (") && screen.lines[1].contains(" 2 ") && screen.lines[1].contains("3 Gaps ("), "\(screen.lines[1])")
        #expect(screen.lines[3].contains("Due") && screen.lines[3].contains("Customer"))
        let firstRow = screen.lines[4]
        #expect(firstRow.hasPrefix("!") && firstRow.contains("late"), "\(firstRow)")
        let marks = screen.lines[4..<(4 + h.state.layout.visibleRows(for: .callbacks, focus: .callbacks))].map { $0.first ?? " " }
        let firstNotOverdue = marks.firstIndex { $0 != "!" } ?? marks.endIndex
        #expect(marks[firstNotOverdue...].allSatisfy { $0 != "!" })
        #expect(screen.lines[23].contains("c call") && screen.lines[23].contains("Tab"))
        #expect(screen.lines[23].hasSuffix("? help"), "the help key always shows: \(screen.lines[23])")
    }

    @Test func everySizeShowsDistinctSiteLabelsWholePhonesAndWholeHeaderFigures() throws {
        for size in Self.sizes {
            let h = try Harness(rows: size.rows, columns: size.columns, demo: 1_500)
            for pane in [Pane.callbacks, .lowRated] {
                h.focus(pane)
                let text = h.text
                // Every phone on the screen is whole: each loaded row's phone appears in full.
                let rows = h.state.list(pane).rows.prefix(h.state.layout.visibleRows(for: pane, focus: h.state.focus))
                let phones = rows.compactMap { $0.as(QueueRow.self)?.phone ?? $0.as(LowRatedRow.self)?.phone }
                #expect(!rows.isEmpty && !phones.isEmpty, "\(size) \(pane): rows with phones to look at")
                // The queue's phone goes last of its columns; the low-rated list's may give way below 120 columns.
                let phoneShown = text.contains("Phone")
                #expect(phoneShown || (pane == .lowRated && size.columns < 120), "\(size) \(pane) shows phones")
                #expect(phones.filter { phoneShown && !text.contains($0) } == [], "\(size): phones cut")
                // Sites show by labels that tell them apart.
                let labels = Set(h.state.siteLabels.values)
                #expect(labels.count == h.state.siteLabels.count, "labels differ: \(h.state.siteLabels)")
                #expect(!text.contains("Northgate …") && !text.contains("Northgate…"), "\(size)")
            }
            // The header's figures are whole: each shown figure is one of the full or short forms.
            let header = h.screen.lines[0]
            let shown = header.split(separator: "·").map { $0.trimmingCharacters(in: .whitespaces) }
            let known = HeaderView.figures(h.state).flatMap { [$0.wide, $0.compact] } + ["gapdesk"]
            for piece in shown where !piece.isEmpty {
                #expect(known.contains { piece == $0 || piece.hasSuffix($0) } , "\(size): \"\(piece)\" is cut in \"\(header)\"")
            }
            #expect(!header.contains("…"), "\(size): \(header)")
            // Every figure shown says its window and what it measures, in its short form too.
            #expect(!header.contains("fixed 0") || header.contains("30d"), "\(size): \(header)")
            #expect(header.range(of: "median [0-9]", options: .regularExpression) == nil, "\(size): \(header)")
            #expect(header.range(of: "on time [0-9]+%", options: .regularExpression) == nil, "\(size): \(header)")
        }
        // At 120 columns the figures give way least important first, each still saying what it measures.
        let h = try Harness(rows: 40, columns: 120)
        #expect(h.screen.lines[0].contains("on time 30d") && h.screen.lines[0].contains("rated 30d"), "\(h.screen.lines[0])")
    }

    @Test func aPhoneIsNeverCutFromFortyColumns() throws {
        for columns in [40, 50, 60, 80] {
            let h = try Harness(rows: 24, columns: columns)
            let rows = h.state.callbacks.rows.prefix(h.state.layout.visibleRows(for: .callbacks, focus: .callbacks))
            let text = h.text
            for phone in rows.compactMap(\.phone) { #expect(text.contains(phone), "\(columns) columns: \(phone)") }
        }
    }

    @Test func theSelectedRowsFullTextIsOnItsPreviewLine() throws {
        let h = try Harness()
        h.focus(.lowRated)
        let row = try #require(h.select(LowRatedRow.self) { $0.comment.count > 40 })
        let frame = try #require(h.state.layout.frame(for: .lowRated, focus: .lowRated))
        let preview = h.screen.lines[(frame.top + frame.height - frame.previewRows)...].prefix(frame.previewRows).joined(separator: " ").flattened
        #expect(preview.contains(row.site) && preview.contains(String(row.comment.prefix(30)).flattened), "\(preview)")
    }

    @Test func wideColumnsGoToTheTextThatNeedsThem() throws {
        let h = try Harness(rows: 48, columns: 160)
        h.focus(.gaps)
        let fixColumn = h.screen.lines.first { $0.contains("Fix") && $0.contains("Gap (root cause)") } ?? ""
        #expect(!fixColumn.isEmpty)
        #expect(!h.text.contains("done, quiet …"), "the Fix column has room for what it says")
        // The gap names' column is as wide as its longest name, no wider: the rest goes where text was cut.
        let longest = h.state.gaps.rows.map { DisplayWidth.of($0.name) }.max() ?? 0
        let fitted = ListLayouts.gaps.fitted(to: 160, rows: h.state.gaps.rows, context: h.state.context)
        #expect(fitted.first { $0.column.key == "name" }?.width == max(longest, 24))
        #expect(fitted.allSatisfy { !$0.compact }, "at 160 columns every column has its full text")
        for row in h.state.gaps.rows.prefix(h.state.layout.visibleRows(for: .gaps, focus: .gaps)) {
            #expect(h.text.contains(row.name) && h.text.contains(row.verdict.label), "\(row.name) and its fix are whole")
        }
    }

    @Test func marksHaveOneMeaningAndTheHeaderCountsThem() throws {
        var symbols: [String: Mark] = [:]
        for glyphs in [Glyphs.unicode, .ascii] {
            symbols = [:]
            for mark in Mark.allCases {
                #expect(symbols[mark.symbol(glyphs)] == nil, "\(mark) shares \(mark.symbol(glyphs))")
                symbols[mark.symbol(glyphs)] = mark
            }
            for trend in [glyphs.up, glyphs.down, glyphs.flat] { #expect(symbols[trend] == nil, "a trend looks like a mark: \(trend)") }
        }
        let h = try Harness(rows: 48, columns: 160)
        let rising = h.state.gaps.rows.filter { $0.mark == .rising }.count
        let recurred = h.state.gaps.rows.filter { $0.mark == .recurred }.count
        #expect(h.state.figures.risingGaps == rising && h.state.figures.recurredGaps == recurred)
        let header = h.screen.lines[0]
        #expect(rising > 0 && recurred > 0, "the demo has a gap rising and one recurred")
        #expect(header.contains("▲ \(rising) gap") && header.contains("✗ \(recurred) recurred"), "\(header)")
        let gapMarks = h.screen.lines.filter { $0.hasPrefix("▲") }.count
        #expect(gapMarks == rising, "as many rows marked rising as the header counts")
    }

    /// Starting a fix divides a gap's return by its effort, so a rising gap
    /// falls down the ranking (what to start next); the header and the Gaps
    /// title still name it, with its rank and its fix under way.
    @Test(arguments: [(24, 80), (40, 120), (48, 160)]) func aRisingGapWhoseFixIsUnderWayStaysInSight(size: (rows: Int, columns: Int)) throws {
        var name = ""
        let h = try Harness(rows: size.rows, columns: size.columns) { store in
            let rising = try #require(try store.gaps(now: Harness.now).first { $0.mark == .rising && $0.fixStatus != .inProgress })
            name = rising.name
            _ = try store.moveFix(causeId: rising.causeId, to: .inProgress, owner: "chloe", effort: 5, by: "manager1", at: Harness.now)
        }
        let gap = try #require(try h.store.gaps(now: Harness.now).first { $0.name == name })
        #expect(gap.mark == .rising && gap.rank > 1, "moved down the ranking by its effort: #\(gap.rank)")
        let header = h.screen.lines[0]
        #expect(header.contains("under way") || header.contains("in hand"), "\(header)")
        h.focus(.gaps)
        let title = h.text.split(separator: "\n").first { $0.contains("#\(gap.rank) ") } ?? ""
        #expect(title.contains(String(name.prefix(12))) && title.contains("▲"), "the Gaps title names it:\n\(h.text)")
    }

    /// The preview holds what the row's columns leave out (staff and causes
    /// too); when the comment is longer than its two rows, it ends by saying
    /// which key shows it all.
    @Test func theCallbacksPreviewNamesStaffAndCausesAndSaysHowToSeeTheRest() throws {
        let comment = String(repeating: "The car came back dirty and late again. ", count: 6) + "THE END"
        var site = ""
        let h = try Harness(rows: 24, columns: 80) { store in
            site = try #require(try store.sites().first).name
            _ = try store.addResponse(NewResponse(customer: "Zed Long", phone: "0100 77", site: site, staff: "Quentin", scale: .csat5, rating: 1,
                                                  comment: comment, receivedAt: Harness.now.addingTimeInterval(-3_600), tags: ["car returned dirty"]),
                                      by: "manager1", at: Harness.now)
        }
        try #require(h.select(QueueRow.self) { $0.customer == "Zed Long" } != nil)
        let preview = h.screen.lines[20...21].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(preview.contains("Quentin") && preview.contains("car returned dirty"), "\(preview)")
        #expect(!preview.contains("THE END") && preview.hasSuffix("Enter: all"), "\(preview)")
        h.press(.open)
        #expect(h.text.contains("THE END"), "the detail shows the comment in full")
    }

    @Test func gapKindsAndMoneyReadInWords() throws {
        let h = try Harness(rows: 48, columns: 160) { store in
            try store.changeSetting("team.currency", to: "£", by: "manager1", at: Harness.now)
        }
        h.focus(.gaps)
        #expect(h.text.contains("promises") && h.text.contains("delivery"), "kinds as words")
        #expect(h.text.contains("£"), "money in the team's currency")
        h.press(.help)
        var pages = 0
        while !h.screen.plainText.contains("expected against perceived") && pages < 20 {
            h.press(.pageDown)
            pages += 1
        }
        #expect(h.screen.plainText.contains("expected against perceived"), "the kinds are on a page of the help")
    }

    /// A gap's kind never reads as a rank: "kind: delivery to the standard", not "gap 3: ...", in the preview, detail and facts.
    @Test func aGapsKindIsNotANumber() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let h = try Harness(rows: rows, columns: columns)
            h.focus(.gaps)
            h.select(GapRow.self) { $0.kind != nil }
            #expect(h.text.contains("kind: "), "\(h.text)")
            h.press(.open)
            #expect(h.text.contains("kind: ") || h.text.contains("Kind"), "\(h.text)")
            #expect(h.text.range(of: "gap [0-9]:", options: .regularExpression) == nil, "\(h.text)")
        }
    }

    /// A pane's title says what its figures count: the list's own rows, and the team's where the list is filtered.
    @Test func paneTitlesSayWhatTheyCount() throws {
        let h = try Harness()
        let overdue = h.state.figures.overdue, open = h.state.list(.callbacks).total
        #expect(h.screen.lines[2].contains("\(overdue) overdue \(h.state.glyphs.dot) \(open) open"), "\(h.screen.lines[2])")
        h.press(.filter)
        h.type("site:Leeds")
        h.press(.submit)
        let leeds = h.state.list(.callbacks).total
        #expect(leeds < open)
        #expect(h.screen.lines[2].contains("\(leeds) open \(h.state.glyphs.dot) team: \(overdue) overdue"), "\(h.screen.lines[2])")
        h.focus(.lowRated)
        let all = h.state.list(.lowRated).total
        #expect(h.screen.lines[2].contains("\(all) critical \(h.state.glyphs.dot) \(h.state.figures.critical30d) in 30 days"),
                "\(h.screen.lines[2])")
    }

    /// Every tab fits, each with its number, the focused one with its whole title and count, whatever the width;
    /// a summary pane (Coverage) shows alone under the tabs even where the others are stacked.
    @Test func everyTabFitsWithItsNumber() throws {
        for (rows, columns) in [(24, 80), (24, 60), (40, 120), (48, 160)] {
            let h = try Harness(rows: rows, columns: columns)
            for spec in Panes.all {
                h.focus(spec.pane)
                let tabs = h.screen.lines[1]
                guard !h.state.layout.stacks(spec.pane) else {
                    #expect(!tabs.contains(" 2 "), "\(columns): stacked panes need no tabs: \(tabs)")
                    continue
                }
                #expect(tabs.contains(" \(spec.pane.number) \(spec.title)"), "\(columns): \(spec.title) focused: \(tabs)")
                for other in Panes.all { #expect(tabs.contains(" \(other.pane.number) "), "\(columns): \(other.title) in \(tabs)") }
                #expect(tabs.hasSuffix("root (admin)") || tabs.hasSuffix("manager1 (admin)"), "\(columns): the account is whole: \(tabs)")
            }
        }
        let h = try Harness(rows: 48, columns: 160)
        h.focus(.coverage)
        #expect(h.screen.lines[1].contains(" 5 Coverage ") && h.screen.lines[2].hasPrefix(" 5 Coverage"), "alone, under the tabs:\n\(h.text)")
    }

    /// The Coverage pane: contacts rated by site, staff or kind (v), each line whole enough to read, blind spots
    /// marked, the selected line in full; the header's figure of knowledge where it fits, and none without contacts.
    @Test func theCoveragePaneShowsContactsRatedAtEverySize() throws {
        for (rows, columns) in [(24, 80), (40, 120), (48, 160)] {
            let h = try Harness(rows: rows, columns: columns, demo: 3_000)
            h.focus(.coverage)
            let rated = try #require(h.state.figures.contactsRated30d)
            let title = h.screen.lines[2]
            #expect(title.hasPrefix(" 5 Coverage \(CoverageText.rated(rated))"), "\(columns): \(title)")
            #expect(h.screen.lines[3].contains("Contacts") && h.screen.lines[3].contains("Rated") && h.screen.lines[3].contains("Rate"))
            for site in ["Leeds", "York", "Dublin", "Car Sales", "Swiftline"] {
                #expect(h.screen.lines.contains { $0.hasPrefix("  \(site) ") || $0.hasPrefix("○ \(site) ") }, "\(columns): \(site) by its label\n\(h.text)")
            }
            if columns >= 120 { #expect(h.screen.lines[0].contains("rated"), "\(columns): \(h.screen.lines[0])") }
            h.press(.view)
            #expect(h.screen.lines[2].contains("showing by staff"), "\(columns): \(h.screen.lines[2])")
            let ruth = try #require(h.screen.lines.first { $0.contains("Ruth Cole (York)") }, "\(columns):\n\(h.text)")
            #expect(ruth.hasPrefix("○ "), "the demo's gater is a blind spot: \(ruth)")
            let line = try #require(h.select(Coverage.Line.self) { $0.name.hasPrefix("Ruth Cole") })
            #expect(h.words.contains("Ruth Cole (York) · \(line.share.successes) of \(line.share.trials) contacts rated in 30 days: "
                                     + percentText(line.share.rate!)), "\(h.text)")
            #expect(h.words.contains("blind spot: the rest "), "\(h.text)")
            #expect(!h.words.contains("Enter: all") && !h.screen.lines.last!.contains("Enter open"), "a coverage line has no detail to open")
            h.press(.view)
            #expect(h.screen.lines.contains { $0.hasPrefix("  service ") }, "\(columns): by kind\n\(h.text)")
        }
        let none = try Harness(rows: 40, columns: 160, demo: nil) { store in
            _ = try store.addResponse(NewResponse(customer: "Ann", phone: "0100 1", site: "Leeds", scale: .csat5, rating: 2, receivedAt: Harness.now),
                                      by: "manager1", at: Harness.now)
        }
        #expect(!none.screen.lines[0].contains("rated"), "no contacts, no figure: \(none.screen.lines[0])")
        none.focus(.coverage)
        #expect(none.words.contains("No contacts in the last 30 days"), "\(none.text)")
    }

    /// "Mine" from any pane: the logged-in person's open calls (overdue first), the fixes they own, their follow-ups.
    @Test func mineShowsWhatTheLoggedInPersonOwesFromAnyPane() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let h = try Harness(rows: rows, columns: columns) { store in
                let calls = try store.queue(limit: 3)
                for call in calls { _ = try store.assign(callbackId: call.callbackId, to: "manager1", by: "manager1", at: Harness.now) }
                let gap = try #require(try store.gaps(now: Harness.now).first)
                _ = try store.moveFix(causeId: gap.causeId, to: .inProgress, owner: "manager1", by: "manager1", at: Harness.now)
            }
            let mine = try h.store.mine(now: Harness.now)
            for pane in [Pane.gaps, .coverage] {
                h.focus(pane)
                h.press(.mine)
                let words = h.words
                #expect(words.contains("Yours: manager1") && words.contains("Calls assigned to you: 3 open, \(mine.overdueCalls) overdue"),
                        "\(columns) from \(pane): \(h.text)")
                #expect(words.contains(mine.calls[0].customer) && words.contains("Fixes you own: 1") && words.contains(mine.fixes[0].gap.name + ": "),
                        "\(columns): \(h.text)")
                let first = try #require(h.screen.lines.firstIndex { $0.contains(mine.calls[0].customer) })
                let second = try #require(h.screen.lines.firstIndex { $0.contains(mine.calls[1].customer) })
                #expect(first < second && h.screen.lines[first].contains(mine.calls[0].dueAt <= Harness.now ? "! overdue" : "due"), "overdue first")
                h.press(.back)
            }
        }
    }

    /// The Team pane: a line a person, most overdue first, the figures the team's summary keeps, at every size.
    @Test func theTeamPaneShowsWhoOwesWhat() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let h = try Harness(rows: rows, columns: columns, demo: 3_000)
            h.focus(.team)
            let team = try h.store.team(now: Harness.now)
            #expect(h.screen.lines[2].hasPrefix(" 6 Team last 30 days"), "\(columns): \(h.screen.lines[2])")
            #expect(h.screen.lines[3].contains("Person") && h.screen.lines[3].contains("Overdue") && h.screen.lines[3].contains("Made"), "\(h.text)")
            let first = try #require(team.lines.first)
            #expect(first.overdueNow > 0 && h.screen.lines[4].hasPrefix("! \(first.account) "), "most overdue first, marked: \(h.text)")
            #expect(h.screen.lines[4].contains(" \(first.overdueNow) ") && h.screen.lines[4].contains(" \(first.made) "), "\(h.screen.lines[4])")
            for line in team.lines where line.assigned + line.made > 0 {
                #expect(h.screen.lines.contains { $0.dropFirst(2).hasPrefix(line.account + " ") }, "\(columns): \(line.account)\n\(h.text)")
            }
            #expect(h.words.contains("\(first.account) · \(first.overdueNow) overdue now"), "the preview: \(h.text)")
            if columns >= 160 { #expect(h.screen.lines[3].contains("Verified") && h.screen.lines[3].contains("Told"), "\(h.screen.lines[3])") }
        }
    }

    /// The Gaps pane's columns name their window: RoS the ranking's, 30d and Cust the last 30 days, said in the title and the preview.
    @Test func theGapsColumnsSayTheirWindow() throws {
        for (rows, columns) in [(24, 80), (40, 120), (48, 160)] {
            let h = try Harness(rows: rows, columns: columns) { store in
                try store.changeSetting("ranking.window_days", to: "60", by: "manager1", at: Harness.now)
            }
            h.focus(.gaps)
            let title = h.screen.lines.first { $0.hasPrefix(" 3 Gaps ") } ?? ""
            #expect(title.contains("RoS: last 60 days \(h.state.glyphs.dot) 30d, Cust: last 30 days"), "\(columns): \(h.text)")
            let gap = try #require(h.state.gaps.selectedRow)
            #expect(h.text.flattened.contains("\(gap.customers30d) customers in 30 days"), "\(h.text)")
        }
    }

    /// A tab's count follows a write it did not see on screen: an import's new gap shows in "3 Gaps (N)" at 80x24.
    @Test func aHiddenPanesTabCountFollowsWrites() throws {
        let h = try Harness()
        let gaps = h.state.list(.gaps).total
        #expect(h.screen.lines[1].contains("3 Gaps (\(gaps))"), "\(h.screen.lines[1])")
        _ = try h.store.addResponse(NewResponse(customer: "Zed", phone: "0100 999", site: "Main", scale: .csat5, rating: 1,
                                                receivedAt: Harness.now, tags: ["a cause nobody had"]), by: h.account, at: Harness.now)
        h.runtime.pollStore()
        h.runtime.settle()
        #expect(h.screen.lines[1].contains("3 Gaps (\(gaps + 1))"), "\(h.screen.lines[1])")
    }

    @Test func tabAndNumbersSwitchPanes() throws {
        let h = try Harness()
        h.press(.nextPane)
        #expect(h.state.focus == .lowRated)
        #expect(h.screen.lines[3].contains("Age") && h.screen.lines[3].contains("Root causes"))
        h.focus(.gaps)
        #expect(h.screen.lines[3].contains("Gap (root cause)"))
        h.press(.previousPane)
        #expect(h.state.focus == .lowRated)
        h.focus(.callbacks)
        #expect(h.state.focus == .callbacks)
    }

    @Test func eachPaneKeepsItsOwnCursor() throws {
        let h = try Harness()
        h.press(.down, .down)
        h.focus(.lowRated)
        h.press(.down)
        h.focus(.callbacks)
        #expect(h.state.list(.callbacks).selected == 2 && h.state.list(.lowRated).selected == 1)
    }

    @Test func tooSmallSaysSoAndRecovers() throws {
        let h = try Harness()
        h.resize(rows: 8, columns: 30)
        #expect(h.text.contains("too small"))
        h.resize(rows: 24, columns: 80)
        #expect(h.screen.lines[3].contains("Customer"))
        for (rows, columns) in [(10, 40), (100, 300), (1, 1), (0, 0), (40, 120)] {
            h.resize(rows: rows, columns: columns)
            _ = h.screen
        }
    }

    @Test func helpListsTheKeysMarksAndKindsAndScrollsNoFurtherThanItsEnd() throws {
        let h = try Harness { store in
            try store.changeSetting("ranking.half_life_days", to: "14", by: "manager1", at: Harness.now)
            try store.changeSetting("ranking.window_days", to: "60", by: "manager1", at: Harness.now)
            try store.changeSetting("fix.quiet_days", to: "45", by: "manager1", at: Harness.now)
        }
        h.press(.help)
        let all = try #require(h.state.overlay).lines.map(\.text).joined(separator: " ").flattened
        #expect(all.contains("record a call") && all.contains("move the gap's fix along"))
        #expect(all.contains("(today and the 59 whole UTC days before it)"))
        #expect(all.contains("whole days/14)") && all.contains("after 45 quiet days"))
        #expect(all.contains("gap recurred") && all.contains("expected against perceived"))
        #expect(all.contains("Ctrl-u clears it") && all.contains("nothing typed: two of the site's open hours later"), "a form's keys are in the help")
        for _ in 0..<300 { h.press(.down) }
        let overlay = try #require(h.state.overlay)
        #expect(overlay.scroll == Overlays.maxScroll(overlay, h.state.layout), "no scrolling past the end")
        let bottom = h.text
        h.press(.up)
        #expect(h.text != bottom, "one key up moves one line up")
        h.press(.down)
        #expect(h.text == bottom)
        // A taller window shows more: the last line stays at the bottom of the box.
        h.resize(rows: 40, columns: 80)
        let taller = try #require(h.state.overlay)
        #expect(taller.scroll == Overlays.maxScroll(taller, h.state.layout))
        h.press("x")
        #expect(h.state.overlay == nil, "any other key closes it")
    }

    /// Nothing of the list shows beside the help's box: no "!" in column 0, no end of the tab row at its corner.
    @Test func theHelpBoxHidesWhatIsBehindIt() throws {
        for (rows, columns) in [(24, 80), (40, 120), (48, 160)] {
            let h = try Harness(rows: rows, columns: columns)
            h.press(.help)
            let box = Overlays.box(h.state.layout)
            for row in box.top..<(box.top + box.height) {
                let line = Array(h.screen.lines[row])
                let beside = String(line.prefix(box.left)) + String(line.dropFirst(box.left + box.width))
                #expect(beside.trimmingCharacters(in: .whitespaces).isEmpty, "\(columns)x\(rows), row \(row): \(String(line))")
            }
        }
    }

    @Test func movingPastTheScreenLoadsTheNextWindow() throws {
        let h = try Harness()
        h.focus(.lowRated)
        let total = h.state.lowRated.total
        #expect(total > 40)
        h.press(.bottom)
        #expect(h.state.lowRated.selected == total - 1)
        #expect(h.state.lowRated.selectedRow != nil, "the last row is loaded")
        #expect(h.screen.lines[2].contains("\(total)/\(total)"))
        h.press(.top)
        #expect(h.state.lowRated.selected == 0 && h.state.lowRated.top == 0)
        h.press(.pageDown)
        #expect(h.state.lowRated.selected == h.state.layout.visibleRows(for: .lowRated, focus: .lowRated) - 1)
    }

    @Test func enterOpensTheWholeStory() throws {
        let h = try Harness()
        h.press(.open)
        #expect(h.text.contains("In the customer's words") && h.text.contains("Callback"))
        h.press(.bottom)
        #expect(h.text.contains("Audit"))
        h.press(.back)
        #expect(h.screen.lines[3].contains("Customer"))
    }

    @Test func theAuditReadsInWords() throws {
        let h = try Harness()
        h.press(.recordCall)
        h.press("t")
        h.focus(.lowRated)
        h.press(.top)
        _ = try h.store.recordCall(callbackId: try #require(try h.store.queue(limit: 1).first).callbackId, CallRecord(outcome: .thanked),
                                   by: h.account, at: Harness.now)
        let entries = try h.store.auditEntries(since: nil, limit: 5)
        #expect(entries.contains { Words.audit($0).hasPrefix("recorded a call: thanked") })
        #expect(Words.audit(AuditEntry(id: 1, at: Harness.now, actor: "ben", action: "fix.move", entity: "fix", entityId: "1", before: "open",
                                       after: "in-progress, owner ben")) == "moved the fix: in progress, owner ben (was open)")
    }

    @Test func aCallFallsOverdueOnScreenWhenItsTimeComes() throws {
        let h = try Harness()
        let overdue = h.state.figures.overdue
        let next = try #require(h.state.callbacks.rows.first { $0.dueAt > Harness.now })
        h.runtime.send(.tick(next.dueAt.addingTimeInterval(1)))
        h.runtime.settle()
        #expect(h.state.figures.overdue > overdue)
        let row = try #require(h.screen.row(containing: next.customer))
        #expect(h.screen.lines[row].hasPrefix("!"), "\(h.screen.lines[row])")
    }

    @Test func theClockReloadsTheFiguresEachMinuteAndEverythingEachHour() throws {
        let h = try Harness()
        var state = h.state
        #expect(Update.apply(.tick(Harness.now.addingTimeInterval(20)), to: &state).isEmpty)
        #expect(Update.apply(.tick(Harness.now.addingTimeInterval(61)), to: &state) == [.reloadFigures])
        #expect(Update.apply(.tick(Harness.now.addingTimeInterval(3_600)), to: &state) == [.reload])
    }

    @Test func aReloadKeepsTheSelectionOnTheSameCall() throws {
        let h = try Harness()
        h.press(.down, .down, .down)
        let selected = try #require(h.state.callbacks.selectedRow)
        // Someone closes the first call elsewhere: the list shifts, the cursor stays on the same customer.
        let first = try #require(h.state.callbacks.rows.first)
        _ = try h.store.recordCall(callbackId: first.callbackId, CallRecord(outcome: .thanked), by: h.account, at: Harness.now)
        h.press(.refresh)
        #expect(h.state.callbacks.selectedRow?.callbackId == selected.callbackId)
        #expect(h.state.callbacks.selected == 2)
    }

    @Test func overlayScrollingStopsAtTheLastLineAndComesStraightBack() throws {
        let h = try Harness()
        h.press(.open, .bottom)
        let bottom = try #require(h.state.overlay?.scroll)
        #expect(bottom == Overlays.maxScroll(try #require(h.state.overlay), h.state.layout) && bottom > 0)
        h.press(.down)
        #expect(h.state.overlay?.scroll == bottom, "no scrolling past the end")
        h.press(.up)
        #expect(h.state.overlay?.scroll == bottom - 1, "one key up moves one line up")
    }

    @Test func aGapStillLoadingIsTitledByItsNameFromTheList() throws {
        let h = try Harness()
        let gap = try #require(h.state.gaps.rows.first)
        var state = h.state
        state.overlay = OverlayState(id: .why(gap.causeId))
        #expect(DashboardView.render(state).plainText.contains("Why: \(gap.name)"))
        state.overlay = OverlayState(id: .gap(gap.causeId))
        #expect(DashboardView.render(state).plainText.contains("Gap: \(gap.name)"))
        #expect(DashboardView.render(state).plainText.contains("Loading…"))
    }

    @Test func whyThisRankOpensWithItsSummaryAndWrapsInsteadOfCutting() throws {
        let h = try Harness()
        h.focus(.gaps)
        h.press(.why)
        let first = h.screen.lines[3..<22].joined(separator: "\n")
        for phrase in ["Behind it", "Trend", "Recent", "High value", "Sites", "Staff", "Fix", "At risk"] {
            #expect(first.contains(phrase), "\(phrase) on the first screen:\n\(first)")
        }
        #expect(!first.contains("Contributions"), "the arithmetic follows the summary")
        let overlay = try #require(h.state.overlay)
        #expect(overlay.lines.allSatisfy { DisplayWidth.of($0.text) <= 78 }, "every line fits: wrapped, never cut")
    }

    @Test func aLongBreakdownListsTheNewestAndSumsTheRest() throws {
        let h = try Harness(rows: 40, columns: 120)
        let gap = try #require(h.state.gaps.rows.first)
        let top = try #require(try h.store.gapBreakdown(causeId: gap.causeId, now: Harness.now, pageSize: 2))
        var state = h.state
        var overlay = OverlayState(id: .why(gap.causeId))
        overlay.content = .why(top)
        state.overlay = overlay
        let text = Overlays.lines(overlay, state).map(\.text).joined(separator: "\n")
        #expect(text.contains("… and \(gap.countInWindow - 2) older ones, \(String(format: "%.4f", top.otherSum)) together"), "\(text)")
        #expect(text.contains("all \(gap.countInWindow) sum to \(String(format: "%.4f", top.sum))"))
    }

    /// The pressure overlay says each score in doubt in a sentence with its mark, a shared phone among them, at every
    /// size: the signals first, what they mean after.
    @Test func thePressureOverlayNamesAPhoneGivenForSeveralCustomers() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let h = try Harness(rows: rows, columns: columns, demo: 3_000)
            h.focus(.gaps)
            h.press(.pressure)
            let line = try #require(h.screen.lines.firstIndex { $0.contains("◇ Declan Murphy (Northgate Dublin Service): one phone") },
                                    "\(columns):\n\(h.text)")
            #expect(line > 2 && h.words.contains("087 555 0142, was given for 11 different customers ("), "\(columns):\n\(h.text)")
            if rows > 40 { #expect(h.words.contains("one phone or email was given for several different customers"), "\(h.text)") }
        }
    }

    @Test func thePressureListOffersOnlyWhatAppliesToIt() throws {
        let h = try Harness()
        h.focus(.gaps)
        h.press(.pressure, .down)
        #expect(h.state.gaps.selected == 0)
        let footer = h.screen.lines[23]
        #expect(!footer.contains("f fix") && !footer.contains("w why") && footer.contains("Esc back"), "\(footer)")
        h.press("f")
        #expect(h.state.modal == .none, "f does not open a fix form for the gap behind")
        h.press(.back)
        #expect(h.state.overlay == nil && !h.state.quit)
    }
}
