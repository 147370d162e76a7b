import GapdeskDomain

/// Picking root causes to tag a response with: type to narrow, Enter to pick,
/// or create a new cause from what was typed.
public struct TagPicker: Sendable, Equatable {
    public var responseId: Int64
    public var customer: String
    public var query = LineEditor("", maxLength: 80)
    public var causes: [RootCause]
    public var alreadyTagged: [String]
    public var selected = 0

    public init(responseId: Int64, customer: String, causes: [RootCause], alreadyTagged: [String]) {
        self.responseId = responseId; self.customer = customer; self.causes = causes; self.alreadyTagged = alreadyTagged
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

    public enum Outcome: Equatable { case editing, pick(Item), cancel }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .escape: return .cancel
        case .enter: return selectedItem.map(Outcome.pick) ?? .editing
        case .down, .tab, .control("n"): selected = min(max(0, items.count - 1), selected + 1)
        case .up, .backTab, .control("p"): selected = max(0, selected - 1)
        default:
            if query.handle(key) { selected = 0 }
        }
        return .editing
    }
}

/// Picking the account a call is assigned to.
public struct AssignPicker: Sendable, Equatable {
    public var callbackId: Int64
    public var accounts: [String]
    public var selected = 0

    public init(callbackId: Int64, accounts: [String], current: String?) {
        self.callbackId = callbackId
        self.accounts = accounts
        selected = current.flatMap { accounts.firstIndex(of: $0) } ?? 0
    }
}
