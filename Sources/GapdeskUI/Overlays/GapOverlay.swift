import Foundation
import GapdeskDomain
import GapdeskStore

/// One gap: its kind, its fix and owner, the latest feedback tagged with it, its audit.
enum GapOverlay {
    static func spec(_ id: Int64) -> OverlaySpec {
        OverlaySpec(
            scope: .gapDetail,
            title: { content, state in
                guard case .gap(let detail)? = content else { return "Gap: " + Overlays.gapName(id, state) }
                return "Gap: " + detail.name
            },
            load: { store, _ throws(StoreError) in try store.gapDetail(causeId: id).map(OverlayContent.gap) },
            lines: { content, state, width in
                guard case .gap(let detail) = content else { return [] }
                return lines(detail, state: state, width: width)
            },
            gap: { content in
                guard case .gap(let detail) = content else { return nil }
                return GapTarget(id: detail.causeId, name: detail.name, status: detail.fix?.status, owner: detail.fix?.owner,
                                 effort: detail.fix?.effort, revision: detail.fixRevision, rank: nil)
            })
    }

    static func lines(_ d: GapDetail, state: AppState, width: Int) -> [DetailLine] {
        let clock = state.clock, keys = state.bindings
        let dot = " \(state.glyphs.dot) "
        var lines: [DetailLine] = []
        lines.append(DetailLine([(d.name, .bold),
                                 (dot + (d.kind.map { "kind: \($0.words)" } ?? "kind not set") + (d.team.map { dot + "team \($0)" } ?? ""),
                                  .normal)]))
        if let kind = d.kind { lines.append(DetailLine("  " + kind.meaning.prefix(1).uppercased() + kind.meaning.dropFirst() + ".", .dim)) }
        lines.append(.blank)
        lines.append(.heading("Fix"))
        if let fix = d.fix {
            lines.append(DetailLine([("  \(fix.status.label)", fix.status == .done ? .good : .dueToday),
                                     (dot + "owner \(fix.owner ?? "nobody")" + dot + "effort \(fix.effort.map { String(format: "%g", $0) } ?? "not estimated")",
                                      .normal)]))
            if let note = fix.note { lines.append(DetailLine("  " + note, .dim)) }
        } else {
            lines.append(DetailLine("  no fix yet: press \(keys.keyName(.moveFix)) to start one, \(keys.keyName(.setOwner)) to choose its owner", .warning))
        }
        lines.append(.blank)
        lines.append(.heading("Latest critical feedback tagged with it (\(d.recent.count))"))
        if d.recent.isEmpty { lines.append(DetailLine("  none", .dim)) }
        for row in d.recent {
            lines.append(DetailLine("  \(TimeText.full(row.receivedAt, clock: clock, zone: row.siteZone))  \(row.rating)/\(row.scale.top)  "
                                    + "\(row.anonymous ? ListLayouts.anonymous : row.customer)  \(row.site)"
                                    + (row.staff.map { dot + $0 } ?? "") + (row.comment.isEmpty ? "" : dot + "“\(row.comment)”")))
        }
        lines.append(.blank)
        lines += ResponseOverlay.audit(d.audit, state: state, zone: clock.timeZone)
        return lines
    }
}
