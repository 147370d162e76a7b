import Foundation
import GapdeskDomain

/// Why an action was not carried out: a sentence for the status line or stderr.
public enum ActionRefusal: Error, Equatable, CustomStringConvertible {
    /// `when` says when in words, in the site's zone ("at 09:01", "yesterday at 16:30").
    case alreadyRecorded(by: String, when: String, outcome: String)
    case changedMeanwhile(by: String, when: String)
    case unknown(what: String, id: String)
    case invalid(String)
    case notAllowed(account: String, role: Role?, action: ActionKind)
    case readOnly
    /// A team's store file that does not list the account as a writer.
    case filesReadOnly(store: String, account: String)
    case nothingToUndo
    /// The account is limited to `sites`, and `site` is not one of them.
    case outsideSites(account: String, sites: [String], site: String)

    public var description: String {
        switch self {
        case .alreadyRecorded(let by, let when, let outcome):
            "Already recorded by \(by) \(when) (\(outcome)); nothing was changed."
        case .changedMeanwhile(let by, let when):
            "Changed meanwhile by \(by) \(when); nothing was changed. Look again and retry."
        case .unknown(let what, let id):
            "There is no \(what) \(id)."
        case .invalid(let message):
            message
        case .notAllowed(let account, let role, let action):
            if let role {
                "\(account) is a \(role.rawValue) and may not \(Self.verb(action)); \(Self.remedy(action))"
            } else {
                "\(account) has no role in this store, so can look but not change anything. An admin can run `gapdesk user add \(account) --role manager`."
            }
        case .readOnly:
            "This session is read-only (--read-only), so nothing was changed. Run it without --read-only to make changes."
        case .filesReadOnly(let store, let account):
            "\(store) is read-only for \(account): its files list who may write them, and \(account) is not among them, so nothing was changed. "
                + "The store's owner gives write access with `gapdesk user add \(account) --role ROLE`."
        case .nothingToUndo:
            "Nothing to undo in this session."
        case .outsideSites(let account, let sites, let site):
            "\(account) works at \(sites.joined(separator: ", ")) only, and \(site) is not one of them; nothing was changed. An admin can widen this with `gapdesk user add \(account) --role ROLE --sites ...`."
        }
    }

    /// Who can help: whoever holds the lowest role that may.
    static func remedy(_ action: ActionKind) -> String {
        guard let role = Role.allCases.sorted().first(where: { $0.may(action) }) else { return "nobody may." }
        return role == .admin ? "ask an admin." : "ask a \(role.rawValue) or an admin."
    }

    static func verb(_ action: ActionKind) -> String {
        switch action {
        case .recordCall: "record calls"
        case .tag: "tag responses"
        case .assign: "assign calls"
        case .moveFix: "move fixes"
        case .setOwner: "set gap owners"
        case .addResponse: "add responses"
        case .importFile: "import files"
        case .changeSettings: "change settings"
        case .manageUsers: "manage users"
        case .followup: "follow up fixed gaps"
        }
    }
}
