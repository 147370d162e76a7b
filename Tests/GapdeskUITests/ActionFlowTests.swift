import Foundation
import GapdeskDomain
import GapdeskStore
import Testing
@testable import GapdeskUI

/// The daily loop as a manager and a supervisor do it, step by step: focus a
/// pane, press a binding, see what changed.
@Suite struct ActionFlowTests {
    @Test func aThankYouCallIsTwoKeys() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        let overdueBefore = h.state.figures.overdue
        h.press(.recordCall)
        #expect(h.text.contains("Call \(first.customer)"))
        h.press("t")
        #expect(h.state.modal == .none, "t saves at once: a thank-you needs nothing more")
        #expect(h.status == "Call recorded for \(first.customer): thanked.")
        #expect(!h.state.callbacks.rows.contains { $0.callbackId == first.callbackId })
        #expect(h.state.figures.overdue == overdueBefore - 1)
        let detail = try #require(try h.store.responseDetail(id: first.responseId))
        #expect(detail.callback?.outcome == .thanked && detail.attempts.first?.note == nil)
        #expect(detail.audit.contains { $0.actor == h.account && $0.action == "call.record" })
    }

    @Test func aCapitalLetterPicksTheOutcomeAndAsksForANote() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press(.recordCall)
        h.press("R")
        #expect(h.text.contains("> Note"), "on to the note")
        h.type("booked back in free")
        h.press(.submit)
        #expect(h.status == "Call recorded for \(first.customer): recovered.")
        #expect(try h.store.responseDetail(id: first.responseId)?.attempts.first?.note == "booked back in free")
    }

    @Test func noAnswerAsksWhenToTryAgainAndKeepsTheCallOpen() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press(.recordCall)
        h.press("n")
        #expect(h.text.contains("Try again"))
        h.press("Ctrl-u")
        h.type("yesterday")
        h.press(.submit)
        #expect(h.text.contains("Try again when?"), "a bad time is explained in the form")
        h.press("Ctrl-u")
        h.type("+3h")
        h.press(.submit)
        #expect(h.status.contains("; call again"))
        let row = try #require(try h.store.queue(limit: 100).first { $0.callbackId == first.callbackId })
        #expect(row.dueAt == Harness.now.addingTimeInterval(3 * 3600))
    }

    /// After a no-answer the call goes down the queue; the cursor stays where the next call now is.
    @Test func afterANoAnswerTheCursorStaysOnTheNextCall() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        let second = try #require(h.state.callbacks.rows.dropFirst().first)
        let position = h.state.callbacks.selected
        h.press(.recordCall)
        h.press("n")
        h.type("+3h")
        h.press(.submit)
        #expect(try h.store.queue(limit: 100).first { $0.callbackId == first.callbackId }?.attempts == 1, "\(h.status)")
        #expect(h.state.callbacks.selected == position)
        #expect(h.state.callbacks.selectedRow?.callbackId == second.callbackId, "the cursor is on the call that came next")
    }

    /// The retry field starts empty (what it does then is its hint), so a typed time is the whole time.
    @Test func aTypedRetryIsTheWholeFieldAndNoneIsTwoOpenHours() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press(.recordCall)
        h.press("n")
        #expect(h.text.contains("in 2 open hours"), "the hint says what an empty field does")
        h.type("+3h")
        h.press(.submit)
        let typed = try #require(try h.store.queue(limit: 100).first { $0.callbackId == first.callbackId })
        #expect(typed.dueAt == Harness.now.addingTimeInterval(3 * 3600), "\(h.status)")
        let next = try Harness()
        let second = try #require(next.state.callbacks.selectedRow)
        next.press(.recordCall)
        next.press("n")
        next.press(.submit)
        #expect(next.status.contains("; call again"))
        let untyped = try #require(try next.store.queue(limit: 100).first { $0.callbackId == second.callbackId })
        #expect(untyped.dueAt > Harness.now && untyped.attempts == 1)
    }

    @Test func unreachableClosesTheCallAfterItsNote() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press(.recordCall)
        #expect(h.text.contains("x unreachable"), "the form offers giving up")
        h.press("X")
        h.type("tried three times")
        h.press(.submit)
        #expect(h.status == "Call recorded for \(first.customer): not reached.")
        #expect(try h.store.queue(limit: 1000).contains { $0.callbackId == first.callbackId } == false)
        #expect(try h.store.responseDetail(id: first.responseId)?.attempts.map(\.outcome) == [.unreachable])
    }

    @Test func aGuaranteeAsksForTheAmountWithinItsRange() throws {
        let h = try Harness { store in
            try store.changeSetting("team.currency", to: "£", by: "manager1", at: Harness.now)
        }
        let first = try #require(h.state.callbacks.selectedRow)
        h.press(.recordCall)
        h.press("g")
        h.type("1e308")
        h.press(.submit)
        #expect(h.text.contains("from 0 to 1,000,000"), "the range is named")
        h.press("Ctrl-u")
        h.type("£85.50")
        h.press(.nextField)
        h.type("paid what they felt fair")
        h.press(.submit)
        #expect(h.status == "Call recorded for \(first.customer): guarantee invoked, £85.50 waived.")
        #expect(try h.store.responseDetail(id: first.responseId)?.guaranteeTotal == 85.5)
    }

    @Test func escapeAndQCloseEveryFormPickerAndOverlayAlike() throws {
        let h = try Harness()
        let before = h.state.callbacks.total
        for key in ["Esc", "q"] {
            h.press(.recordCall)
            h.press(key)
            #expect(h.state.modal == .none, "\(key) closes the call form")
            h.press(.assign)
            #expect(h.text.contains("Assign the call to"))
            h.press(key)
            #expect(h.state.modal == .none, "\(key) closes the assign picker")
            h.press(.open)
            h.press(key)
            #expect(h.state.overlay == nil && !h.state.quit, "\(key) closes the detail")
        }
        // In a text field q is a letter.
        h.press(.filter)
        h.type("q")
        #expect(h.state.modal != .none)
        h.press("Esc")
        #expect(h.state.callbacks.total == before)
    }

    @Test func aMessageClearsOnTheNextKey() throws {
        let h = try Harness()
        h.focus(.lowRated)
        h.press(.sort)
        #expect(h.status.contains("sorted by lowest rating first"))
        h.focus(.gaps)
        #expect(h.status.isEmpty, "a sort message does not linger onto another pane")
    }

    @Test func undoTakesBackTheLastCall() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press(.recordCall)
        h.press("r")
        #expect(!h.state.callbacks.rows.contains { $0.callbackId == first.callbackId })
        h.press(.undo)
        #expect(h.status.contains("Undone"))
        #expect(h.state.callbacks.rows.contains { $0.callbackId == first.callbackId })
        h.press(.undo)
        #expect(h.status.contains("Nothing to undo"))
    }

    @Test func taggingCanCreateACauseWithItsKindInWords() throws {
        let h = try Harness()
        h.focus(.lowRated)
        let row = try #require(h.state.lowRated.selectedRow)
        h.press(.tag)
        #expect(h.text.contains("Tag \(row.customer)"))
        h.type("keys left in the car")
        #expect(h.text.contains("+ create \"keys left in the car\""))
        h.press(.submit)
        #expect(h.text.contains("which kind of gap") && h.text.contains("delivery to the standard"))
        h.press("3")
        h.press(.submit)
        #expect(h.status == "Tagged: keys left in the car.")
        #expect(try h.store.rootCauses().first { $0.name == "keys left in the car" }?.kind == .delivery)
        #expect(h.state.lowRated.rows.first { $0.responseId == row.responseId }?.tags.contains("keys left in the car") == true)
    }

    @Test func taggingPicksAnExistingCauseByTyping() throws {
        let h = try Harness()
        h.focus(.lowRated)
        let row = try #require(h.state.lowRated.selectedRow)
        h.press(.tag)
        h.type("align")
        h.press(.submit)
        #expect(try h.store.responseDetail(id: row.responseId)?.tags.contains("alignment not checked") == true)
    }

    @Test func aSupervisorMovesAFixAlongWithAnOwnerFromTheTeam() throws {
        let h = try Harness()
        h.focus(.gaps)
        let gap = try #require(h.select(GapRow.self) { $0.fixStatus == .open || $0.fixStatus == nil })
        h.press(.moveFix)
        #expect(h.text.contains("Fix for \"\(gap.name)\""))
        #expect(h.text.contains("← ") && h.text.contains(" →"), "the owner is chosen, not typed")
        h.press("Right")
        let owner = try #require({ () -> String? in
            guard case .form(let form) = h.state.modal else { return nil }
            return form.value("owner")
        }())
        #expect(try h.store.accounts().map(\.account).contains(owner))
        h.press(.nextField, .nextField)
        h.type("new checklist")
        h.press(.submit)
        #expect(h.status.contains("is now in progress"))
        let fix = try h.store.gapDetail(causeId: gap.causeId)?.fix
        #expect(fix?.status == .inProgress && fix?.owner == owner)
    }

    @Test func anOwnerIsPickedFromTheTeam() throws {
        let h = try Harness()
        h.focus(.gaps)
        let gap = try #require(h.state.gaps.selectedRow)
        h.press(.setOwner)
        #expect(h.text.contains("Owner of \"\(gap.name)\""))
        let accounts = try h.store.accounts().map(\.account)
        h.press(.nextField, .submit)
        let owner = try h.store.gapDetail(causeId: gap.causeId)?.fix?.owner
        #expect(owner.map(accounts.contains) == true, "\(owner ?? "nobody") is on the team")
    }

    /// Up from the first account is the last; down from the last is the first; a form's choices wrap the same way.
    @Test func pickersAndChoicesWrapAtTheirEnds() throws {
        let h = try Harness()
        h.focus(.gaps)
        h.press(.setOwner)
        guard case .accounts(let opened) = h.state.modal else { Issue.record("no owner picker"); return }
        #expect(opened.accounts.count >= 2)
        for _ in 0..<opened.selected { h.press(.previousField) }
        h.press(.previousField)
        guard case .accounts(let wrapped) = h.state.modal else { Issue.record("the picker closed"); return }
        #expect(wrapped.selected == opened.accounts.count - 1, "up from the first is the last")
        h.press(.nextField)
        guard case .accounts(let back) = h.state.modal else { Issue.record("the picker closed"); return }
        #expect(back.selected == 0, "down from the last is the first")

        var form = CallForm.make(callbackId: 1, customer: "Ann", phone: nil, zone: TimeZone(identifier: "UTC")!)
        _ = form.handle(.left, command: nil)
        guard case .choice(let options, let selected) = form.fields[0].input else { Issue.record("no outcome choice"); return }
        #expect(selected == options.count - 1, "left from the first outcome is the last")
        _ = form.handle(.right, command: nil)
        guard case .choice(_, let first) = form.fields[0].input else { return }
        #expect(first == 0, "right from the last outcome is the first")
    }

    @Test func theStatusLineSaysWhenYourActionMovesAGapsRank() throws {
        let h = try Harness()
        h.focus(.gaps)
        let top = try #require(h.state.gaps.selectedRow)
        h.press(.moveFix)
        h.press(.nextField)
        h.type("9")
        h.press(.submit)
        #expect(h.status.contains("\"\(top.name)\" moved from #1 to #"), "\(h.status)")
        #expect(h.status.contains("effort 9 divides its score by 9"))
        #expect(Words.effort(2) == "halves its score" && Words.effort(0.5) == "doubles its score")
    }

    @Test func assignPicksFromAccounts() throws {
        let h = try Harness()
        let first = try #require(h.state.callbacks.selectedRow)
        h.press(.assign)
        #expect(h.text.contains("Assign the call to"))
        h.press(.nextField, .submit)
        #expect(h.status.contains("Call assigned to"))
        #expect(try h.store.queue(limit: 100).first { $0.callbackId == first.callbackId }?.assignee != first.assignee)
    }

    @Test func copyingAPhonePutsItOnTheTerminalsClipboard() throws {
        let h = try Harness()
        let call = try #require(h.select(QueueRow.self) { $0.phone != nil })
        h.press(.copyPhone)
        #expect(h.terminal.clipboard == [call.phone!])
        #expect(h.status.contains("Copied \(call.phone!)"))
    }

    @Test func filterNarrowsByWhatThePaneOffers() throws {
        let h = try Harness()
        h.focus(.lowRated)
        h.press(.filter)
        h.type("site:york")
        h.press(.submit)
        #expect(!h.state.lowRated.rows.isEmpty && h.state.lowRated.rows.allSatisfy { $0.site.contains("York") })
        #expect(h.screen.lines[2].contains("filter: site:york"))
        h.press(.filter)
        h.press("Ctrl-u")
        h.type("zzz-no-such-thing")
        h.press(.submit)
        #expect(h.text.contains("Nothing matches"))
        // The gap ranking is kept per cause and day: it offers words only, and says so.
        h.focus(.gaps)
        h.press(.filter)
        #expect(h.text.contains("words  (empty: all)") && !h.text.contains("site:NAME"))
        h.type("site:york")
        h.press(.submit)
        #expect(h.text.contains("Gaps cannot be narrowed by site"))
    }

    @Test func sortCyclesAndSaysSo() throws {
        let h = try Harness()
        h.focus(.lowRated)
        h.press(.sort)
        #expect(h.status.contains("sorted by lowest rating first"))
        #expect(!h.state.lowRated.rows.isEmpty && h.state.lowRated.rows.map(\.rating) == h.state.lowRated.rows.map(\.rating).sorted())
    }

    @Test func aReadOnlySessionCannotChangeAnythingByKey() throws {
        let h = try Harness(readOnly: true)
        let before = h.state.callbacks.total
        #expect(h.screen.lines[23].hasPrefix("READ-ONLY"))
        #expect(!h.screen.lines[23].contains("c call"))
        h.press(.recordCall)
        #expect(h.status.contains("Read-only session"))
        #expect(h.state.modal == .none)
        h.press(.tag, .assign)
        h.focus(.gaps)
        h.press(.moveFix, .setOwner)
        #expect(h.state.callbacks.total == before && h.state.modal == .none)
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
        _ = try h.store.recordCall(callbackId: first.callbackId, CallRecord(outcome: .recovered), by: "ben", at: Harness.now)
        h.press(.recordCall)
        h.press("t")
        #expect(h.status.contains("Already recorded by ben at 09:00 (recovered)"), "\(h.status)")
    }

    /// Losing the server is said over a passing note, and a refused write over both.
    @Test func aLostServerShowsOverANoteUntilItIsBack() throws {
        let h = try Harness()
        var state = h.state
        state.status = StatusMessage(text: "6 follow-ups to make.", kind: .info, shownAt: Harness.now)
        _ = Update.apply(.storeChanged(.lost("Server unreachable; reconnecting.")), to: &state)
        let statusRow = { (state: AppState) in DashboardView.render(state).text(row: state.layout.statusRow) }
        #expect(statusRow(state).contains("Server unreachable; reconnecting."), "\(statusRow(state))")
        state.status = StatusMessage(text: "Not saved: the server cannot be reached.", kind: .error, shownAt: Harness.now)
        #expect(statusRow(state).contains("Not saved"))
        #expect(Update.apply(.storeChanged(.reconnected), to: &state) == [.reload])
        #expect(state.serverLost == nil && statusRow(state).contains("Connected to the server again"))
    }

    @Test func aColleaguesCallReloadsTheCallsButNotTheGapRanking() throws {
        let h = try Harness(rows: 40, columns: 160)
        var state = h.state
        let effects = Update.apply(.storeChanged(.topics([.calls])), to: &state)
        #expect(effects.contains(.reloadPane(.callbacks)) && effects.contains(.reloadFigures))
        #expect(!effects.contains(.reload) && !effects.contains(.reloadPane(.gaps)))
        #expect(Update.apply(.storeChanged(.topics([.gaps])), to: &state) == [.reloadFigures, .reloadPane(.gaps), .reloadPane(.followups), .reloadPane(.team)],
                "a fix moved changes the team's figures too")
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

    @Test func whyShowsTheSummaryFirstAndViewsNarrowTheGaps() throws {
        let h = try Harness()
        h.focus(.gaps)
        let top = try #require(h.state.gaps.selectedRow)
        h.press(.why)
        #expect(h.text.contains("Why #1: \(top.name)"))
        #expect(h.text.contains("Behind it") && h.text.contains("in the last 30 days"), "the summary opens it")
        h.press(.bottom)
        #expect(h.text.contains("Where and who"))
        h.press(.back, .view)
        #expect(h.state.gaps.rows.allSatisfy { !$0.verdict.isFixed || $0.mark == .recurred })
        #expect(h.state.gaps.rows.contains { $0.mark == .recurred }, "the open view includes recurred gaps: they need attention most")
        h.press(.view)
        #expect(!h.state.gaps.rows.isEmpty && h.state.gaps.rows.allSatisfy { $0.verdict.isFixed && $0.mark != .recurred })
        h.press(.view)
        #expect(h.state.list(.gaps).viewIndex == 0)
    }

    @Test func aSuggestionIsTheSameInTheListAndTheDetailAndTakesOneKey() throws {
        let h = try Harness()
        h.focus(.lowRated)
        let suggested = try #require(h.select(LowRatedRow.self) { $0.tags.isEmpty && !$0.suggestions.isEmpty })
        h.press(.open)
        guard case .response(let detail)? = h.state.overlay?.content else { Issue.record("no detail"); return }
        #expect(detail.suggestions == suggested.suggestions)
        h.press(.back)
        h.press(.acceptSuggestion)
        #expect(h.status == "Tagged: \(suggested.suggestions.joined(separator: ", ")).")
        #expect(try h.store.responseDetail(id: suggested.responseId)?.tags == suggested.suggestions.sorted())
    }

    @Test func pressureSignalsSayWhatTheyMeanFirst() throws {
        let h = try Harness(demo: 3_000)
        h.focus(.gaps)
        h.press(.pressure)
        #expect(h.text.contains("Pressure signals"))
        #expect(h.words.contains("Tom Fairweather") && h.words.contains("gave the top score where"))
        #expect(h.words.contains("by chance this happens less than 1 time in"), "\(h.text)")
    }

    @Test func anEmptyStoreSaysHowToBegin() throws {
        let h = try Harness(demo: nil)
        #expect(h.text.contains("This store is empty"))
        #expect(h.text.contains("gapdesk import") && h.text.contains("gapdesk add") && h.text.contains("gapdesk demo"))
        // Opened with --db, the commands it suggests carry it: followed, they reach this store, not a second one.
        let named = try Harness(demo: nil, storeArgument: " --db team.sqlite")
        #expect(named.words.contains("gapdesk import export.csv --db team.sqlite") && named.words.contains("gapdesk add --db team.sqlite"),
                "\(named.text)")
        _ = try h.store.addResponse(NewResponse(customer: "First", phone: "0100", site: "Main", scale: .csat5, rating: 2, receivedAt: Harness.now),
                                    by: h.account, at: Harness.now)
        h.runtime.pollStore()
        h.runtime.settle()
        #expect(!h.text.contains("This store is empty") && h.text.contains("First"))
    }

    /// "Made today" counts a call the moment it is made, by anyone, with any
    /// outcome: a write is counted up to the moment it is heard of, not up to
    /// the dashboard's last tick of the clock.
    @Test func madeTodayCountsACallTheMomentItIsMadeWhateverItsOutcome() throws {
        let h = try Harness()
        final class Moment: @unchecked Sendable { var now = Harness.now }
        let moment = Moment()
        let runtime = DashboardRuntime(terminal: h.terminal, store: h.store, state: h.state, now: { moment.now })
        runtime.settle()
        var made = runtime.state.figures.madeToday
        for outcome in CallOutcome.allCases {
            let call = try #require(try h.store.queue(limit: 1).first?.callbackId)
            moment.now = moment.now.addingTimeInterval(0.6)
            _ = try h.store.recordCall(callbackId: call, CallRecord(outcome: outcome, amount: outcome == .guarantee ? 10 : nil), by: "ben",
                                       at: moment.now)
            runtime.pollStore()
            runtime.settle()
            made += 1
            #expect(runtime.state.figures.madeToday == made, "after a colleague's \(outcome.rawValue) call")
        }
        // One's own call, from the queue.
        moment.now = moment.now.addingTimeInterval(0.6)
        runtime.send(.input(.key(.character("1"))))
        runtime.send(.input(.key(.character("c"))))
        runtime.send(.input(.key(.character("t"))))
        runtime.settle()
        #expect(runtime.state.figures.madeToday == made + 1, "\(runtime.state.status?.text ?? "")")
    }
}
