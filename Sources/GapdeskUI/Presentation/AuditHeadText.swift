/// The audit's head under a printed audit or meeting document: the last
/// entry's number and the start of its chain. Kept on paper, it shows a
/// later rewrite of the audit (`gapdesk check` recomputes the chain).
public enum AuditHeadText {
    public static func line(_ head: (entry: Int64, chain: String)?, markdown: Bool) -> String {
        guard let head else { return "" }
        let text = "Audit head: entry \(head.entry), \(head.chain.prefix(12)) (`gapdesk check` shows whether the audit still leads here)."
        return markdown ? "\n" + ReportFormat.markdownCell(text).replacingOccurrences(of: "\\`", with: "`") + "\n" : text + "\n"
    }
}
