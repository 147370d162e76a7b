import Foundation
import GapdeskDomain
import GapdeskStore
import Testing
@testable import GapdeskUI

@Suite struct ActionFlowTests {
    @Test func cThenTThenEnterThanksTheFirstOverdueCustomer() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        let overdueBefore = h.state.figures.overdue
        h.press("c")
        #expect(h.text.contains("Call \(first.customer)"))
        h.press("t", "Enter")
        #expect(h.text.contains("Call recorded: thanked."))
        #expect(!h.state.callbacks.rows.contains { $0.callbackId == first.callbackId })
        #expect(h.state.figures.overdue == overdueBefore - 1)
        #expect(h.state.figures.madeToday >= 1)
        let detail = try #require(try h.store.responseDetail(id: first.responseId))
        #expect(detail.callback?.outcome == .thanked)
        #expect(detail.audit.contains { $0.actor == h.account && $0.action == "call.record" })
    }

    @Test func noAnswerAsksWhenToTryAgainAndKeepsTheCallOpen() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press("c", "n")
        #expect(h.text.contains("Try again"))
        h.press("Ctrl-u")
        h.type("yesterday")
        h.press("Enter", "Enter")
        #expect(h.text.contains("When to try again"), "a bad time is explained in the form")
        h.press("Up", "Ctrl-u")
        h.type("+3h")
        h.press("Enter", "Enter")
        #expect(h.text.contains("No answer recorded"))
        let row = try #require(try h.store.queue(limit: 100).first { $0.callbackId == first.callbackId })
        #expect(row.dueAt == Harness.now.addingTimeInterval(3 * 3600))
    }

    @Test func aGuaranteeAsksForTheAmount() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press("c", "g")
        h.type("85.50")
        h.press("Enter")
        h.type("paid what they felt fair")
        h.press("Enter")
        #expect(h.text.contains("guarantee invoked"))
        #expect(try h.store.responseDetail(id: first.responseId)?.guaranteeTotal == 85.5)
    }

    @Test func escapeCancelsWithoutWriting() throws {
        let h = try Harness()
        let before = h.state.callbacks.total
        h.press("c", "t", "Esc")
        #expect(h.state.modal == .none)
        #expect(h.state.callbacks.total == before)
    }

    @Test func undoTakesBackTheLastCall() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press("c", "r", "Enter")
        #expect(!h.state.callbacks.rows.contains { $0.callbackId == first.callbackId })
        h.press("u")
        #expect(h.text.contains("Undone"))
        #expect(h.state.callbacks.rows.contains { $0.callbackId == first.callbackId })
        h.press("u")
        #expect(h.text.contains("Nothing to undo"))
    }

    @Test func taggingCanCreateACauseWithItsKind() throws {
        let h = try Harness()
        h.press("Tab")
        let row = try #require(h.state.lowRated.selectedRow)
        h.press("t")
        #expect(h.text.contains("Tag \(row.customer)"))
        h.type("keys left in the car")
        #expect(h.text.contains("+ create \"keys left in the car\""))
        h.press("Enter")
        #expect(h.text.contains("which kind of gap"))
        h.press("3")
        h.press("Enter")
        #expect(h.text.contains("Tagged: keys left in the car."))
        #expect(try h.store.rootCauses().first { $0.name == "keys left in the car" }?.kind == .delivery)
        #expect(h.state.lowRated.rows.first { $0.responseId == row.responseId }?.tags.contains("keys left in the car") == true)
    }

    @Test func taggingPicksAnExistingCauseByTyping() throws {
        let h = try Harness()
        h.press("Tab")
        let row = try #require(h.state.lowRated.selectedRow)
        h.press("t")
        h.type("align")
        h.press("Enter")
        #expect(try h.store.responseDetail(id: row.responseId)?.tags.contains("alignment not checked") == true)
    }

    @Test func aSupervisorMovesAFixAlong() throws {
        let h = try Harness()
        h.press("3")
        let gap = try #require(h.state.gaps.rows.first { $0.fixStatus == .open || $0.fixStatus == nil })
        let index = try #require(h.state.gaps.rows.firstIndex(of: gap))
        for _ in 0..<index { h.press("j") }
        h.press("f")
        #expect(h.text.contains("Fix for \"\(gap.name)\""))
        h.press("Enter", "Enter")
        h.type("new checklist")
        h.press("Enter")
        #expect(h.text.contains("is now in progress"))
        #expect(try h.store.gapDetail(causeId: gap.causeId)?.fix?.status == .inProgress)
    }

    @Test func assignPicksFromAccounts() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press("a")
        #expect(h.text.contains("Assign the call to"))
        h.press("j", "Enter")
        #expect(h.text.contains("Call assigned to"))
        #expect(try h.store.queue(limit: 100).first { $0.callbackId == first.callbackId }?.assignee != first.assignee)
    }

    @Test func yCopiesThePhoneThroughTheTerminal() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.rows.first { $0.phone != nil })
        let index = try #require(h.state.callbacks.rows.firstIndex(of: first))
        for _ in 0..<index { h.press("j") }
        h.press("y")
        #expect(h.terminal.clipboard == [first.phone!])
        #expect(h.text.contains("Copied \(first.phone!)"))
    }

    @Test func filterNarrowsByWordsAndSite() throws {
        let h = try Harness()
        h.press("Tab", "/")
        h.type("site:york")
        h.press("Enter")
        #expect(!h.state.lowRated.rows.isEmpty)
        #expect(h.state.lowRated.rows.allSatisfy { $0.site.contains("York") })
        #expect(h.screen.lines[2].contains("filter: site:york"))
        h.press("/", "Ctrl-u")
        h.type("zzz-no-such-thing")
        h.press("Enter")
        #expect(h.text.contains("Nothing matches"))
    }

    @Test func sortCyclesAndSaysSo() throws {
        let h = try Harness()
        h.press("Tab", "s")
        #expect(h.text.contains("sorted by lowest rating first"))
        let ratings = h.state.lowRated.rows.map { $0.scale.normalised($0.rating) }
        #expect(h.state.lowRated.rows.map(\.rating) == h.state.lowRated.rows.map(\.rating).sorted())
        #expect(!ratings.isEmpty)
    }

    @Test func aReadOnlySessionCannotChangeAnythingByKey() throws {
        let h = try Harness(readOnly: true)
        let before = h.state.callbacks.total
        #expect(h.screen.lines[23].hasPrefix("READ-ONLY"))
        #expect(!h.screen.lines[23].contains("c call"))
        h.press("c")
        #expect(h.text.contains("Read-only session"))
        #expect(h.state.modal == .none)
        h.press("t", "a", "3", "f", "o")
        #expect(h.state.callbacks.total == before)
        #expect(h.state.modal == .none)
    }

    @Test func aManagerMayCallButNotMoveFixes() throws {
        let h = try Harness()
        // The harness account is admin of its own store; run a second dashboard as a manager.
        var state = h.runtime.state
        state.role = .manager
        let runtime = DashboardRuntime(terminal: h.terminal, store: h.store, state: state, now: { Harness.now })
        runtime.send(.input(.key(.character("3"))))
        runtime.send(.input(.key(.character("f"))))
        #expect(runtime.state.status?.text.contains("needs a supervisor") == true)
        #expect(runtime.state.modal == .none)
    }

    @Test func twoDashboardsRacingOnOneCallGetOneWinnerAndAClearRefusal() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        // Someone else records it first, from another dashboard.
        _ = try h.store.recordCall(callbackId: first.callbackId, CallRecord(outcome: .recovered), by: h.account, at: Harness.now)
        h.press("c", "t", "Enter")
        #expect(h.text.contains("Already recorded by \(h.account)"))
    }

    @Test func aColleaguesCallReloadsTheCallsButNotTheGapRanking() throws {
        let h = try Harness(rows: 40, columns: 160)
        var state = h.state
        let effects = Update.apply(.storeChanged(.topics([.calls])), to: &state)
        #expect(effects.contains(.reloadPane(.callbacks)) && effects.contains(.reloadFigures))
        #expect(!effects.contains(.reload) && !effects.contains(.reloadPane(.gaps)))
        #expect(Update.apply(.storeChanged(.topics([.gaps])), to: &state) == [.reloadPane(.gaps), .reloadFigures])
        #expect(Update.apply(.storeChanged(.unknown), to: &state) == [.reload])
        #expect(Update.apply(.storeChanged(.nothing), to: &state).isEmpty)

        // Through the runtime: another connection assigns the top call, and the poll shows it.
        let top = try #require(h.state.callbacks.selectedRow)
        let colleague = try Store.open(path: h.store.path)
        _ = try colleague.assign(callbackId: top.callbackId, to: "zed", by: h.account, at: Harness.now)
        #expect(h.state.callbacks.selectedRow?.assignee != "zed")
        h.runtime.pollStore()
        h.runtime.settle()
        #expect(h.state.callbacks.selectedRow?.assignee == "zed")
    }

    @Test func whyShowsTheBreakdownAndViewNarrowsTheGaps() throws {
        let h = try Harness()
        h.press("3")
        let top = try #require(h.state.gaps.selectedRow)
        h.press("w")
        #expect(h.text.contains("Why #1: \(top.name)"))
        #expect(h.text.contains(String(format: "RoS %.4f", top.score)))
        #expect(h.text.contains("Contributions"))
        h.press("Esc", "v")
        #expect(h.text.contains("showing all") == false)
        #expect(h.state.gapView == .open)
        #expect(h.state.gaps.rows.allSatisfy { !$0.verdict.isFixed })
        h.press("v")
        #expect(h.state.gaps.rows.allSatisfy { $0.verdict.isFixed } && !h.state.gaps.rows.isEmpty)
        h.press("v")
        #expect(h.state.gapView == .all)
    }

    @Test func aSuggestionIsShownAndAcceptedWithOneKey() throws {
        let h = try Harness()
        h.press("Tab")
        let suggested = try #require(h.state.lowRated.rows.first { $0.tags.isEmpty && !$0.suggestions.isEmpty })
        #expect(h.text.contains("suggest: "))
        let index = try #require(h.state.lowRated.rows.firstIndex(of: suggested))
        for _ in 0..<index { h.press("j") }
        h.press("T")
        #expect(h.text.contains("Tagged: \(suggested.suggestions.joined(separator: ", "))."))
        #expect(try h.store.responseDetail(id: suggested.responseId)?.tags == suggested.suggestions.sorted())
    }

    @Test func pressureSignalsAreListedForTheSupervisor() throws {
        let h = try Harness(demo: 3_000)
        h.press("3", "p")
        #expect(h.text.contains("Pressure signals"))
        #expect(h.text.contains("Tom Fairweather"))
        // At 80 columns the figures wrap under the name instead of being cut off.
        let signal = try #require(h.screen.lines.firstIndex { $0.contains("Tom Fairweather") })
        #expect(h.screen.lines[signal + 1].contains("responses, top scores") && h.text.contains("z ="), "\(h.text)")
    }
}
