/// The export layouts gapdesk knows: how many header rows, and which columns
/// mean what. Chosen by `--preset`, or recognised from the file.
public enum Preset: String, CaseIterable, Sendable {
    case generic
    case qualtrics
    case surveyMonkey = "surveymonkey"
    case googleForms = "google-forms"

    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "generic": self = .generic
        case "qualtrics": self = .qualtrics
        case "surveymonkey", "survey-monkey": self = .surveyMonkey
        case "google-forms", "googleforms", "google": self = .googleForms
        default: return nil
        }
    }

    /// Rows of question text after the column names (Qualtrics may add an ImportId row too).
    public var extraHeaderRows: Int {
        switch self {
        case .qualtrics, .surveyMonkey: 1
        case .generic, .googleForms: 0
        }
    }

    /// The order of slash dates in this tool's exports, where it documents one:
    /// Qualtrics and SurveyMonkey write month first; Google Forms follows the
    /// spreadsheet's locale, so it has none and needs `--date-order`.
    public var dateOrder: DateOrder? {
        switch self {
        case .qualtrics, .surveyMonkey: .mdy
        case .generic, .googleForms: nil
        }
    }

    /// Recognises a layout from its column names.
    public static func detect(header: [String]) -> Preset {
        let names = Set(header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        if names.contains("responseid") && (names.contains("recordeddate") || names.contains("startdate")) { return .qualtrics }
        if names.contains("respondent id") && names.contains("collector id") { return .surveyMonkey }
        if header.first?.trimmingCharacters(in: .whitespaces).lowercased() == "timestamp" && !names.contains("response_id") { return .googleForms }
        return .generic
    }

    /// Known column names of this layout, lowercased.
    var knownColumns: [String: Field] {
        switch self {
        case .generic:
            var map: [String: Field] = [:]
            for field in Field.allCases { map[field.rawValue] = field }
            return map
        case .qualtrics:
            return ["responseid": .responseId, "recordeddate": .receivedAt, "enddate": .receivedAt,
                    "recipientemail": .email, "recipientfirstname": .firstName, "recipientlastname": .lastName,
                    "externalreference": .phone]
        case .surveyMonkey:
            return ["respondent id": .responseId, "end date": .receivedAt, "email address": .email,
                    "first name": .firstName, "last name": .lastName]
        case .googleForms:
            return ["timestamp": .receivedAt, "email address": .email]
        }
    }

    /// Builds the column map: the preset's known columns, then question texts
    /// that make their meaning clear, then the user's `--map`s (which win).
    public func columnMap(header: [String], questions: [String]?, maps: [(column: String, field: Field)]) -> ColumnMap {
        var map = ColumnMap()
        let known = knownColumns
        for (index, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let field = known[key], map.columns[field] == nil { map.columns[field] = index }
        }
        if self != .generic {
            for (index, name) in header.enumerated() {
                let text = ((questions?.indices.contains(index) == true ? questions![index] : "") + " " + name).lowercased()
                guard let field = Self.guess(text), map.columns[field] == nil, !map.columns.values.contains(index) else { continue }
                map.columns[field] = index
            }
        }
        for (column, field) in maps {
            if let index = header.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == column.lowercased() }) {
                map.columns = map.columns.filter { $0.value != index }
                map.columns[field] = index
            }
        }
        return map
    }

    /// What a question asks, from its words.
    static func guess(_ text: String) -> Field? {
        func has(_ words: String...) -> Bool { words.contains { text.contains($0) } }
        if has("how satisfied", "rate ", "rating", "how likely", "recommend", "score") { return .rating }
        if has("comment", "tell us", "anything else", "why did you", "what could we", "feedback") { return .comment }
        if has("your name", "full name", "customer name") || text.trimmingCharacters(in: .whitespaces) == "name" { return .customer }
        if has("phone", "mobile", "telephone") { return .phone }
        if has("branch", "site", "location", "depot", "dealership") { return .site }
        if has("advisor", "staff", "driver", "who served", "technician") { return .staff }
        return nil
    }
}
