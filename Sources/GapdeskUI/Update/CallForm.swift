import Foundation
import GapdeskDomain
import GapdeskStore

/// The "record a call" form: outcome by one letter, then what that outcome needs.
enum CallForm {
    static let outcomes: [(Character, CallOutcome)] = [
        ("t", .thanked), ("r", .recovered), ("u", .unhappy), ("g", .guarantee), ("n", .noAnswer),
    ]

    static func make(callbackId: Int64, customer: String, phone: String?) -> Form {
        Form(title: "Call \(customer)" + (phone.map { " on \($0)" } ?? " (no phone on record)"),
             purpose: .recordCall(callbackId: callbackId, customer: customer), fields: [
            .init(id: "outcome", label: "Outcome", input: .choice(outcomes.map {
                Form.Option(key: $0.0, label: $0.1 == .noAnswer ? "no answer" : $0.1.rawValue, value: $0.1.rawValue)
            }, selected: 0)),
            .init(id: "amount", label: "Waived", input: .text(LineEditor("", maxLength: 12), placeholder: "amount the customer did not pay, e.g. 120"),
                  shownWhen: ("outcome", [CallOutcome.guarantee.rawValue])),
            .init(id: "retry", label: "Try again", input: .text(LineEditor("+2h", maxLength: 40), placeholder: "+2h, 14:30, tomorrow 09:00"),
                  shownWhen: ("outcome", [CallOutcome.noAnswer.rawValue])),
            .init(id: "note", label: "Note", input: .text(LineEditor(""), placeholder: "optional")),
        ])
    }
}

/// Turns a submitted form into a store action, or says what is wrong with it.
enum FormSubmit {
    static func effects(for form: Form, _ state: inout AppState) -> Result<[Effect], ActionFailure> {
        switch form.purpose {
        case .recordCall(let callbackId, _):
            guard let outcome = CallOutcome(rawValue: form.value("outcome")) else { return .failure(ActionFailure("Pick an outcome.")) }
            var record = CallRecord(outcome: outcome, note: form.value("note"))
            if outcome == .guarantee {
                guard let amount = Double(form.value("amount").replacingOccurrences(of: ",", with: "")), amount >= 0, amount.isFinite else {
                    return .failure(ActionFailure("Type the amount waived, e.g. 120."))
                }
                record.amount = amount
            }
            if outcome == .noAnswer {
                guard let retry = TimeInput.parse(form.value("retry"), clock: state.clock), retry > state.clock.now else {
                    return .failure(ActionFailure("When to try again? e.g. +2h, 14:30 or tomorrow 09:00 (in the future)."))
                }
                record.retryAt = retry
            }
            return .success([.perform(.recordCall(callbackId: callbackId, record))])
        case .assign:
            return .failure(ActionFailure("Assigning uses the picker."))
        case .moveFix(let causeId, _, let to, let revision):
            let effortText = form.value("effort")
            var effort: Double?
            if !effortText.isEmpty {
                guard let value = Double(effortText), value > 0, value.isFinite else {
                    return .failure(ActionFailure("Effort is a number above 0, e.g. 2."))
                }
                effort = value
            }
            return .success([.perform(.moveFix(causeId: causeId, to: to, owner: form.value("owner"), effort: effort,
                                               note: form.value("note"), revision: revision))])
        case .setOwner(let causeId, _):
            let owner = form.value("owner")
            guard !owner.isEmpty else { return .failure(ActionFailure("Type the owner's name.")) }
            return .success([.perform(.setOwner(causeId: causeId, owner: owner))])
        case .filter(let pane):
            let filter = FilterParser.parse(form.value("query"))
            switch pane {
            case .callbacks: state.callbacks.filter = filter
            case .lowRated: state.lowRated.filter = filter
            case .gaps: state.gaps.filter = filter
            }
            Commands.resetCursor(pane, &state)
            return .success([.reloadPane(pane)])
        case .newCause(let responseId, let name):
            let kind = Int(form.value("kind")).flatMap(GapKind.init(rawValue:))
            return .success([.perform(.tag(responseId: responseId, causes: [name], kind: kind))])
        }
    }
}

extension Update {
    static func formKey(_ key: Key, _ form: inout Form, _ state: inout AppState) -> [Effect] {
        switch form.handle(key) {
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

    static func tagKey(_ key: Key, _ picker: inout TagPicker, _ state: inout AppState) -> [Effect] {
        switch picker.handle(key) {
        case .cancel:
            state.modal = .none
            return []
        case .editing:
            state.modal = .tags(picker)
            return []
        case .pick(.existing(let cause)):
            state.modal = .none
            if picker.alreadyTagged.contains(where: { $0.lowercased() == cause.name.lowercased() }) {
                say("Already tagged \"\(cause.name)\".", .info, &state)
                return []
            }
            state.pendingActions += 1
            return [.perform(.tag(responseId: picker.responseId, causes: [cause.name], kind: nil))]
        case .pick(.create(let name)):
            state.modal = .form(Form(title: "New root cause \"\(name)\": which kind of gap?",
                                     purpose: .newCause(responseId: picker.responseId, name: name), fields: [
                .init(id: "kind", label: "Kind", input: .choice(GapKind.allCases.map {
                    Form.Option(key: Character(String($0.rawValue)), label: "\($0.rawValue) \($0.label)", value: String($0.rawValue))
                }, selected: 2)),
            ]))
            return []
        }
    }

    static func assignKey(_ key: Key, _ picker: inout AssignPicker, _ state: inout AppState) -> [Effect] {
        switch key {
        case .escape:
            state.modal = .none
        case .down, .character("j"), .tab:
            picker.selected = min(max(0, picker.accounts.count - 1), picker.selected + 1)
            state.modal = .assign(picker)
        case .up, .character("k"), .backTab:
            picker.selected = max(0, picker.selected - 1)
            state.modal = .assign(picker)
        case .enter:
            state.modal = .none
            guard picker.accounts.indices.contains(picker.selected) else { return [] }
            state.pendingActions += 1
            return [.perform(.assign(callbackId: picker.callbackId, to: picker.accounts[picker.selected]))]
        default:
            state.modal = .assign(picker)
        }
        return []
    }
}
