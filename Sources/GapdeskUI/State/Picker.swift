import GapdeskDomain

/// Picking root causes to tag a response with: type to narrow, choose one,
/// or create a new cause from what was typed.
public struct TagPicker: Sendable, Equatable {
    public var responseId: Int64
    public var customer: String
    public var query = LineEditor("", maxLength: 80)
    public var causes: [RootCause]
    public var alreadyTagged: [String]
    /// What the tagging rules suggest: listed first, so the likely cause is one key away.
    public var suggested: [String]
    public var selected = 0

    public init(responseId: Int64, customer: String, causes: [RootCause], alreadyTagged: [String], suggested: [String] = []) {
        self.responseId = responseId; self.customer = customer; self.alreadyTagged = alreadyTagged; self.suggested = suggested
        let first = causes.filter { cause in suggested.contains { $0.caseInsensitiveCompare(cause.name) == .orderedSame } }
        self.causes = first + causes.filter { !first.contains($0) }
    }

    public func isSuggested(_ cause: RootCause) -> Bool {
        suggested.contains { $0.caseInsensitiveCompare(cause.name) == .orderedSame }
    }

    public enum Item: Equatable, Sendable {
        case existing(RootCause)
        case create(String)
    }

    /// Causes whose name contains every typed word, then "create" when the
    /// text names no existing cause exactly.
    public var items: [Item] {
        let text = query.text.trimmingCharacters(in: .whitespaces)
        let words = text.lowercased().split(separator: " ")
        var items = causes.filter { cause in
            let name = cause.name.lowercased()
            return words.allSatisfy { name.contains($0) }
        }.map(Item.existing)
        if !text.isEmpty && !causes.contains(where: { $0.name.lowercased() == text.lowercased() }) {
            items.append(.create(text))
        }
        return items
    }

    public var selectedItem: Item? {
        let all = items
        return all.isEmpty ? nil : all[max(0, min(selected, all.count - 1))]
    }

    public mutating func move(by delta: Int) {
        selected = max(0, min(max(0, items.count - 1), selected + delta))
    }

    /// Types into the query; the list narrows from its top.
    public mutating func type(_ key: Key) -> Bool {
        guard query.handle(key) else { return false }
        selected = 0
        return true
    }
}

/// Picking an account: to assign a call to, or to own a gap's fix.
public struct AccountPicker: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case assign(callbackId: Int64)
        case owner(GapTarget)
        /// Moving a fix along: the team's accounts are its owner's choices in the fix form.
        case fix(GapTarget, to: FixStatus)
    }

    public var purpose: Purpose
    public var accounts: [String]
    public var selected = 0

    public init(purpose: Purpose, accounts: [String], current: String?) {
        self.purpose = purpose
        self.accounts = accounts
        selected = current.flatMap { accounts.firstIndex(of: $0) } ?? 0
    }

    public var title: String {
        switch purpose {
        case .assign: "Assign the call to"
        case .owner(let gap): "Owner of \"\(gap.name)\""
        case .fix(let gap, _): "Fix for \"\(gap.name)\""
        }
    }

    /// One step wraps at the ends (a short list, walked round); longer moves stop there.
    public mutating func move(by delta: Int) {
        guard !accounts.isEmpty else { return }
        selected = abs(delta) == 1 ? (selected + delta + accounts.count) % accounts.count
            : max(0, min(accounts.count - 1, selected + delta))
    }
}
