/// Why a whole file cannot be imported: one sentence.
public enum ImportError: Error, Equatable, CustomStringConvertible {
    case cannotRead(path: String)
    case directory(path: String)
    case empty(path: String)
    case binary(path: String)
    case noHeader(path: String)
    case missingColumns(path: String, missing: [String], found: [String], contacts: Bool)
    case unknownPreset(String)
    case badMap(String)
    case cannotSpool(folder: String)
    /// The store failed (a server gone, a disk full) after `saved` rows of the file were saved.
    case interrupted(path: String, saved: Int, reason: String)

    public var description: String {
        switch self {
        case .cannotRead(let path): "\(path) cannot be read (it does not exist, or you lack permission)."
        case .directory(let path): "\(path) is a folder, not a file; name the export files in it, e.g. \(path)/*.csv."
        case .empty(let path): "\(path) is empty: there is nothing to import."
        case .binary(let path): "\(path) is not a survey export: it holds binary data, not CSV or JSON Lines text."
        case .noHeader(let path): "\(path) is not a survey export: its first line is not a row of column names."
        case .missingColumns(let path, let missing, let found, let contacts):
            (contacts ? "\(path) is read as contacts (visits, jobs, deliveries, sales: it has no rating column), and it has "
                 : "\(path) is not a survey export gapdesk can read: ")
                + "no column for \(missing.joined(separator: ", ")) "
                + "(columns found: \(found.prefix(12).joined(separator: ", "))\(found.count > 12 ? ", ..." : "")). "
                + "Name them with --map COLUMN=FIELD" + (contacts ? " (--map \"Score=rating\" if it is a survey)." : ", or choose a --preset.")
        case .unknownPreset(let name): "There is no preset \"\(name)\"; presets are generic, qualtrics, surveymonkey and google-forms."
        case .cannotSpool(let folder):
            "--strict reads standard input twice, so it keeps a copy in \(folder), and it cannot write there; import from a file instead."
        case .interrupted(let path, let saved, let reason):
            "\(path): the import stopped after \(saved) row\(saved == 1 ? " was" : "s were") saved: \(reason) "
                + "Run the same import again to add the rest: the rows already saved are recognised and not added twice."
        case .badMap(let text): "\"\(text)\" is not a column mapping; write --map \"Column name=field\", e.g. --map \"Q3=rating\"."
        }
    }
}
