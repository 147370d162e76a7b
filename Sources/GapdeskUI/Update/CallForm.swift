import Foundation
import GapdeskDomain
import GapdeskStore

/// The "record a call" form: the outcome by one letter. Thanked, recovered and
/// still unhappy need nothing more, so their letter saves the call at once
/// (`c` `t`); their capital letter picks them and moves on to a note. A
/// guarantee asks the amount, no answer when to try again (in the site's time).
/// Unreachable gives up on the call: it closes it, and counts as not reached.
enum CallForm {
    static let outcomes: [(Character, CallOutcome)] = [
        ("t", .thanked), ("r", .recovered), ("u", .unhappy), ("g", .guarantee), ("n", .noAnswer), ("x", .unreachable),
    ]

    static func make(callbackId: Int64, customer: String, phone: String?, zone: TimeZone) -> Form {
        Form(title: "Call \(customer)" + (phone.map { " on \($0)" } ?? " (no phone on record)"),
             purpose: .recordCall(callbackId: callbackId, customer: customer, zone: zone), fields: [
            .init(id: "outcome", label: "Outcome", input: .choice(outcomes.map {
                Form.Option(key: $0.0, label: $0.1 == .noAnswer ? "no answer" : $0.1.rawValue, value: $0.1.rawValue,
                            completes: ![.guarantee, .noAnswer].contains($0.1))
            }, selected: 0)),
            .init(id: "amount", label: "Waived", input: .text(LineEditor("", maxLength: 12), placeholder: "amount the customer did not pay, e.g. 120"),
                  shownWhen: ("outcome", [CallOutcome.guarantee.rawValue])),
            .init(id: "retry", label: "Try again", input: .text(LineEditor("", maxLength: 40),
                                                                 placeholder: "in 2 open hours; or +3h, 14:30, tomorrow 09:00"),
                  shownWhen: ("outcome", [CallOutcome.noAnswer.rawValue])),
            .init(id: "note", label: "Note", input: .text(LineEditor(""), placeholder: "optional")),
        ])
    }
}

/// Telling a customer their gap is fixed: told, no answer or declined, each
/// saved by its letter (its capital adds a note).
enum FollowupForm {
    static let outcomes: [(Character, FollowupOutcome)] = [("t", .told), ("n", .noAnswer), ("d", .declined)]

    static func make(_ followup: FollowupRow) -> Form {
        Form(title: "Tell \(followup.customer) \"\(followup.gap)\" is fixed" + (followup.phone.map { " (\($0))" } ?? " (no phone on record)"),
             purpose: .followup(id: followup.id), fields: [
            .init(id: "outcome", label: "Outcome", input: .choice(outcomes.map {
                Form.Option(key: $0.0, label: $0.1.label, value: $0.1.rawValue, completes: true)
            }, selected: 0)),
            .init(id: "note", label: "Note", input: .text(LineEditor(""), placeholder: "optional")),
        ])
    }
}

/// Moving a gap's fix along: its owner chosen from the team, its effort and a note.
enum FixForm {
    static func make(_ gap: GapTarget, to status: FixStatus, accounts: [String], current: String?) -> Form {
        let owners = accounts.isEmpty ? [current ?? ""] : accounts
        return Form(title: "Fix for \"\(gap.name)\": \(gap.status?.label ?? "no fix yet") → \(status.label)",
                    purpose: .moveFix(gap, to: status), fields: [
            .init(id: "owner", label: "Owner", input: .choice(owners.map { Form.Option(key: nil, label: $0, value: $0) },
                                                              selected: current.flatMap { owners.firstIndex(of: $0) } ?? 0)),
            .init(id: "effort", label: "Effort", input: .text(LineEditor(gap.effort.map { String(format: "%g", $0) } ?? ""),
                                                               placeholder: "estimate from 0.1 to 1,000, e.g. 2 (default 1)")),
            .init(id: "note", label: "Note", input: .text(LineEditor(""), placeholder: "what is being done (optional)")),
        ])
    }
}

/// Turns a submitted form into a store action, or says what is wrong with it.
enum FormSubmit {
    static func effects(for form: Form, _ state: inout AppState) -> Result<[Effect], ActionFailure> {
        switch form.purpose {
        case .recordCall(let callbackId, _, let zone):
            guard let outcome = CallOutcome(rawValue: form.value("outcome")) else { return .failure(ActionFailure("Pick an outcome.")) }
            var record = CallRecord(outcome: outcome, note: form.value("note"))
            if outcome == .guarantee {
                guard let amount = Limits.check(Money.parse(form.value("amount"), currency: state.context.currency), in: Limits.guaranteeAmount) else {
                    return .failure(ActionFailure("Type the amount waived, \(Limits.describe(Limits.guaranteeAmount)), e.g. 120."))
                }
                record.amount = amount
            }
            // No time typed: the store sets the call two of the site's open hours on.
            if outcome == .noAnswer, !form.value("retry").trimmingCharacters(in: .whitespaces).isEmpty {
                let siteClock = Clock(now: state.clock.now, timeZone: zone)
                guard let retry = TimeInput.parse(form.value("retry"), clock: siteClock), retry > state.clock.now else {
                    return .failure(ActionFailure("Try again when? e.g. +2h, 14:30, tomorrow 09:00 (site's time, to come)."))
                }
                record.retryAt = retry
            }
            return .success([.perform(.recordCall(callbackId: callbackId, record))])
        case .followup(let id):
            guard let outcome = FollowupOutcome(rawValue: form.value("outcome")) else { return .failure(ActionFailure("Pick an outcome.")) }
            return .success([.perform(.recordFollowup(id: id, outcome, note: form.value("note")))])
        case .moveFix(let gap, let to):
            let effortText = form.value("effort")
            var effort: Double?
            if !effortText.isEmpty {
                guard let value = Limits.check(Double(effortText), in: Limits.effort) else {
                    return .failure(ActionFailure("Effort is a number \(Limits.describe(Limits.effort)), e.g. 2."))
                }
                effort = value
            }
            state.movedGap = gap
            return .success([.perform(.moveFix(gap, to: to, owner: form.value("owner"), effort: effort, note: form.value("note")))])
        case .filter(let pane):
            let spec = pane.spec
            let filter = FilterParser.parse(form.value("query"))
            if let stray = FilterParser.fields(filter).first(where: { !spec.filters.contains($0) }) {
                return .failure(ActionFailure("\(spec.title) cannot be narrowed by \(stray.rawValue); it takes "
                                              + spec.filters.map { $0 == .words ? "words" : $0.prefix + "NAME" }.joined(separator: ", ") + "."))
            }
            state.update(pane) { list in
                list.filter = filter
                list.resetCursor()
            }
            return .success([.reloadPane(pane)])
        case .newCause(let responseId, let name):
            let kind = Int(form.value("kind")).flatMap(GapKind.init(rawValue:))
            return .success([.perform(.tag(responseId: responseId, causes: [name], kind: kind))])
        }
    }
}

extension Update {
    static func formKey(_ key: Key, _ command: Command?, _ form: inout Form, _ state: inout AppState) -> [Effect] {
        switch form.handle(key, command: command) {
        case .cancel:
            state.modal = .none
            return []
        case .editing:
            state.modal = .form(form)
            return []
        case .submit:
            switch FormSubmit.effects(for: form, &state) {
            case .success(let effects):
                state.modal = .none
                let performs = effects.filter { if case .perform = $0 { true } else { false } }.count
                state.pendingActions += performs
                if performs > 0 { say("Saving…", .info, &state) }
                return effects
            case .failure(let failure):
                form.error = failure.message
                state.modal = .form(form)
                return []
            }
        }
    }

    /// The tag picker: typing narrows; the binding table moves, chooses and closes.
    static func tagKey(_ key: Key, _ command: Command?, _ picker: inout TagPicker, _ state: inout AppState) -> [Effect] {
        let typing: Bool = if case .character = key { true } else { false }
        switch typing ? nil : command {
        case .back?:
            state.modal = .none
            return []
        case .nextField?, .down?: picker.move(by: 1)
        case .previousField?, .up?: picker.move(by: -1)
        case .submit?:
            state.modal = .none
            switch picker.selectedItem {
            case .existing(let cause)?:
                if picker.alreadyTagged.contains(where: { $0.lowercased() == cause.name.lowercased() }) {
                    say("Already tagged \"\(cause.name)\".", .info, &state)
                    return []
                }
                state.pendingActions += 1
                return [.perform(.tag(responseId: picker.responseId, causes: [cause.name], kind: nil))]
            case .create(let name)?:
                state.modal = .form(Form(title: "New root cause \"\(name)\": which kind of gap?",
                                         purpose: .newCause(responseId: picker.responseId, name: name), fields: [
                    .init(id: "kind", label: "Kind", input: .choice(GapKind.allCases.map {
                        Form.Option(key: Character(String($0.rawValue)), label: "\($0.rawValue) \($0.label): \($0.words)", value: String($0.rawValue))
                    }, selected: 2)),
                ]))
                return []
            case nil:
                return []
            }
        default:
            _ = picker.type(key)
        }
        state.modal = .tags(picker)
        return []
    }

    /// Choosing an account: to assign a call to, or to own a gap's fix.
    static func accountKey(_ command: Command?, _ picker: inout AccountPicker, _ state: inout AppState) -> [Effect] {
        switch command {
        case .back?:
            state.modal = .none
            return []
        case .down?, .nextField?: picker.move(by: 1)
        case .up?, .previousField?: picker.move(by: -1)
        case .submit?:
            state.modal = .none
            guard picker.accounts.indices.contains(picker.selected) else { return [] }
            let account = picker.accounts[picker.selected]
            state.pendingActions += 1
            switch picker.purpose {
            case .assign(let callbackId): return [.perform(.assign(callbackId: callbackId, to: account))]
            case .owner(let gap):
                state.movedGap = gap
                return [.perform(.setOwner(gap, owner: account))]
            case .fix: return []
            }
        default: break
        }
        state.modal = .accounts(picker)
        return []
    }
}
