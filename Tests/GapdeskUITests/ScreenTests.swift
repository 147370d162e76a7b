import Foundation
import GapdeskDomain
import GapdeskStore
import Testing
@testable import GapdeskUI

@Suite struct ScreenTests {
    @Test func at80x24TheHeaderAndTheQueueShowOverdueFirst() throws {
        let h = try Harness()
        let screen = h.screen
        #expect(screen.lines[0].contains("overdue"))
        #expect(screen.lines[1].contains("1 Callbacks") && screen.lines[1].contains("2 Low-rated") && screen.lines[1].contains("3 Gaps"))
        #expect(screen.lines[3].contains("Due") && screen.lines[3].contains("Customer"))
        let firstRow = screen.lines[4]
        #expect(firstRow.hasPrefix("!") && firstRow.contains("overdue"), "\(firstRow)")
        // Overdue rows come before anything due later.
        let marks = screen.lines[4..<22].map { $0.first ?? " " }
        let firstNotOverdue = marks.firstIndex { $0 != "!" } ?? marks.endIndex
        #expect(marks[firstNotOverdue...].allSatisfy { $0 != "!" })
        #expect(screen.lines[23].contains("c call") && screen.lines[23].contains("Tab"))
        #expect(screen.lines[23].hasSuffix("? help"), "the help key always shows: \(screen.lines[23])")
        #expect(h.state.figures.overdue > 0)
    }

    @Test func at160x48AllThreePanesShow() throws {
        let h = try Harness(rows: 48, columns: 160)
        let text = h.text
        for title in ["1 Callbacks", "2 Low-rated", "3 Gaps"] { #expect(text.contains(title)) }
        #expect(text.contains("Gap (root cause)") && text.contains("Root causes") && text.contains("Assignee"))
        #expect(h.screen.lines[0].contains("gapdesk") && h.screen.lines[0].contains("median to call"))
    }

    @Test func tabAndNumbersSwitchPanes() throws {
        let h = try Harness()
        h.press("Tab")
        #expect(h.state.focus == .lowRated)
        #expect(h.screen.lines[3].contains("Received"))
        h.press("3")
        #expect(h.screen.lines[3].contains("Gap (root cause)"))
        h.press("S-Tab")
        #expect(h.state.focus == .lowRated)
        h.press("1")
        #expect(h.state.focus == .callbacks)
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

    @Test func helpListsTheKeysFromTheBindingTable() throws {
        let h = try Harness(rows: 48, columns: 160)
        h.press("?")
        let text = h.text
        #expect(text.contains("record a call"))
        #expect(text.contains("move the gap's fix along"))
        #expect(text.contains("overdue"))
        h.press("x")
        #expect(!h.text.contains("record a call"))
    }

    @Test func helpStatesTheTeamsOwnSettingsAndScrollsNoFurtherThanItsEnd() throws {
        let h = try Harness { store in
            try store.changeSetting("ranking.half_life_days", to: "14", by: "manager1", at: Harness.now)
            try store.changeSetting("ranking.window_days", to: "60", by: "manager1", at: Harness.now)
            try store.changeSetting("fix.quiet_days", to: "45", by: "manager1", at: Harness.now)
        }
        h.press("?")
        guard case .help(let settings, _) = h.state.overlay else { Issue.record("no help"); return }
        let paragraphs = HelpView.lines(h.state, settings: settings, room: 76).map { $0.0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(paragraphs.contains("(today and the 59 whole UTC days before it)"))
        #expect(paragraphs.contains("whole days/14)") && paragraphs.contains("after 45 quiet days"))
        for _ in 0..<200 { h.press("j") }
        let bottom = h.text
        #expect(bottom.contains("again); Enter saves."), "the last line is in view: \(bottom)")
        // One k from the end moves one line up, however often j was pressed.
        h.press("k")
        #expect(h.text != bottom)
        h.press("j")
        #expect(h.text == bottom)
        // A taller window shows more: the last line stays at the bottom of the box, no blank past it.
        h.resize(rows: 40, columns: 80)
        guard case .help(_, let scroll) = h.state.overlay else { Issue.record("help closed on resize"); return }
        #expect(scroll == HelpView.maxScroll(h.state))
    }

    @Test func movingPastTheScreenLoadsTheNextWindow() throws {
        let h = try Harness()
        h.press("Tab")
        let total = h.state.lowRated.total
        #expect(total > 40)
        h.press("G")
        #expect(h.state.lowRated.selected == total - 1)
        #expect(h.state.lowRated.selectedRow != nil, "the last row is loaded")
        #expect(h.screen.lines[2].contains("\(total)/\(total)"))
        h.press("g")
        #expect(h.state.lowRated.selected == 0 && h.state.lowRated.top == 0)
        h.press("PgDn")
        #expect(h.state.lowRated.selected == 17)
    }

    @Test func enterOpensTheWholeStory() throws {
        let h = try Harness()
        h.press("Enter")
        let text = h.text
        #expect(text.contains("In the customer's words"))
        #expect(text.contains("Callback"))
        h.press("G")
        #expect(h.text.contains("Audit"))
        h.press("Esc")
        #expect(h.screen.lines[3].contains("Customer"))
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
        h.press("j", "j", "j")
        let selected = try #require(h.state.callbacks.selectedRow)
        // Someone closes the first call elsewhere: the list shifts, the cursor stays on the same customer.
        let first = try #require(h.state.callbacks.rows.first)
        _ = try h.store.recordCall(callbackId: first.callbackId, CallRecord(outcome: .thanked), by: h.account, at: Harness.now)
        h.press("r")
        #expect(h.state.callbacks.selectedRow?.callbackId == selected.callbackId)
        #expect(h.state.callbacks.selected == 2)
    }

    @Test func detailScrollingStopsAtTheLastLineAndComesStraightBack() throws {
        let h = try Harness()
        h.press("Enter", "G")
        let bottom = try #require(h.state.overlay.scroll)
        #expect(bottom == DetailView.maxScroll(h.state) && bottom > 0)
        h.press("j")
        #expect(h.state.overlay.scroll == bottom, "no scrolling past the end")
        h.press("k")
        #expect(h.state.overlay.scroll == bottom - 1, "one key up moves one line up")
    }

    @Test func aGapStillLoadingIsTitledByItsNameFromTheList() throws {
        let h = try Harness()
        let gap = try #require(h.state.gaps.rows.first)
        var state = h.state
        state.overlay = .gapBreakdown(nil, id: gap.causeId, scroll: 0)
        #expect(DashboardView.render(state).plainText.contains("Why: \(gap.name)"))
        state.overlay = .gapDetail(nil, id: gap.causeId, scroll: 0)
        #expect(DashboardView.render(state).plainText.contains("Gap: \(gap.name)"))
        #expect(DashboardView.render(state).plainText.contains("Loading…"))
    }

    @Test func aLongBreakdownListsTheLargestAndSumsTheRest() throws {
        let h = try Harness(rows: 40, columns: 120)
        let gap = try #require(h.state.gaps.rows.first)
        let top = try #require(try h.store.gapBreakdown(causeId: gap.causeId, now: Harness.now, limit: 2))
        var state = h.state
        state.overlay = .gapBreakdown(top, id: gap.causeId, scroll: 0)
        let text = DashboardView.render(state).plainText
        #expect(text.contains("… and \(gap.countInWindow - 2) smaller ones, \(String(format: "%.4f", top.otherSum)) together"), "\(text)")
        #expect(text.contains("they sum to \(String(format: "%.4f", top.sum))"))
    }

    @Test func scrollingThePressureListLeavesTheGapsAlone() throws {
        let h = try Harness()
        h.press("3", "p", "j")
        #expect(h.state.gaps.selected == 0)
        #expect(h.state.overlay.scroll != nil)
        // The list is about no gap: the gap behind it is not offered, nor changed by its keys.
        let footer = h.screen.lines[23]
        #expect(!footer.contains("f fix") && !footer.contains("w why") && footer.contains("Esc back"), "\(footer)")
        h.press("f")
        #expect(h.state.modal == .none, "f does not open a fix form for the gap behind")
        h.press("q")
        #expect(h.state.overlay == .none && !h.state.quit, "q closes the list")
    }
}
