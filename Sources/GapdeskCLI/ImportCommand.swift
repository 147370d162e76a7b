import ArgumentParser
import Foundation
import GapdeskDomain
import GapdeskImport
import GapdeskStore
import GapdeskUI

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import survey exports (CSV or JSON Lines); safe to rerun, safe while others work.",
        discussion: """
            Generic CSV columns (any order): response_id, received_at, customer, phone, email, customer_value, site, \
            staff, contact_date, contact_kind, rating, scale, comment, root_causes (separated by ;). Qualtrics, \
            SurveyMonkey and Google Forms exports are recognised from their headers. A response already imported \
            (same response id, or same content where the file has no ids) is skipped. Bad rows are reported with \
            their line, column and reason and the rest imported; the exit status is then 1. \
            A file with contact_date but no rating column (or --contacts) is a contact file: contact_id, customer, phone, email, \
            customer_value, site, staff, contact_date, contact_kind (\(ContactKind.names)); its contacts show who came back.
            """)

    @Argument(help: ArgumentHelp("CSV or .jsonl files; - reads standard input (CSV).", valueName: "file"))
    var files: [String]

    @Option(help: "generic, qualtrics, surveymonkey or google-forms (default: recognised from the file).")
    var preset: String?

    @Option(name: .customLong("map"), help: ArgumentHelp("Use a column for a field, e.g. --map \"Q3=rating\" (repeatable).", valueName: "COLUMN=FIELD"))
    var maps: [String] = []

    @Option(help: "Scale of ratings without a scale column: csat5, nps10 or MIN-MAX.")
    var scale: String = "csat5"

    @Option(help: "Site for rows without one.")
    var site: String?

    @Option(name: .customLong("date-order"), help: ArgumentHelp("How to read dates written with slashes: dmy (01/03/2026 is 1 March), mdy (3 January) or ymd. Without it a date that could be read both ways is rejected; the Qualtrics and SurveyMonkey presets read mdy.", valueName: "order"))
    var dateOrder: DateOrder?

    @Flag(help: "Read the file as contacts without a survey (a file with contact_date and no rating column is read so anyway).")
    var contacts = false

    @Flag(name: .customLong("dry-run"), help: "Check and count, change nothing.")
    var dryRun = false

    @Flag(help: "Import nothing if any row is bad.")
    var strict = false

    @Option(help: ArgumentHelp("Write rejected rows, with line, column and reason, to this CSV file.", valueName: "file"))
    var rejects: String?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let preset, Preset(name: preset) == nil { throw ValidationError(ImportError.unknownPreset(preset).description) }
        if RatingScale(code: scale) == nil { throw ValidationError("--scale is csat5, nps10 or MIN-MAX (e.g. 0-100).") }
        for map in maps { do { _ = try ImportOptions.parseMap(map) } catch { throw ValidationError(error.description) } }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read only once.") }
    }

    func run() throws {
        if store.readOnly && !dryRun { throw UserError("An import writes to the store, which --read-only forbids; use --dry-run to check a file without writing.") }
        let opened = try store.openStore(readOnly: dryRun)
        let options = ImportOptions(preset: preset.flatMap(Preset.init(name:)), maps: maps.compactMap { try? ImportOptions.parseMap($0) },
                                    scale: RatingScale(code: scale)!, site: site, dateOrder: dateOrder, dryRun: dryRun, strict: strict, contacts: contacts)
        let rejectsFile = try rejects.map(RejectsFile.init(path:))
        let progress = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
        var anyRejected = false, anyFailed = false
        for file in files {
            var shown = 0
            let importer = Importer(store: opened, actor: opened.account, now: store.clock.now, options: options,
                                    onReject: { reject in
                                        shown += 1
                                        if shown <= 20 {
                                            progress.message("\(file) line \(reject.line)" + (reject.column.isEmpty ? "" : ", column \(reject.column)")
                                                             + ": \(reject.reason)")
                                        }
                                        rejectsFile?.write(file: file, reject)
                                    },
                                    onProgress: { progress.update(file: file, $0) })
            do {
                let summary = try importer.run(path: file)
                progress.finish()
                if shown > 20 { Output.warn("\(file): \(shown - 20) more rejected rows" + (rejects == nil ? " (use --rejects FILE to keep them all)" : "")) }
                Output.say(describe(summary, file: file))
                anyRejected = anyRejected || summary.rejected > 0
            } catch {
                progress.finish()
                Output.warn("gapdesk: \(String(describing: error))")
                anyFailed = true
            }
        }
        if anyFailed || anyRejected { throw ExitCode.failure }
    }

    /// Where every line of the file went: lines read = imported + already
    /// there + rejected + header (+ blank), exactly.
    func describe(_ s: ImportSummary, file: String) -> String {
        let t = s.tally
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        func lines(_ lines: Int, _ what: String, rows: Int, rowName: String) -> String {
            "\(lines) \(what)" + (lines == rows ? "" : " (\(count(rows, rowName, rowName + "s")))")
        }
        let rowName = s.contacts ? "contact" : "response"
        var parts = [lines(t.imported, dryRun || s.abandoned ? "would be imported" : "imported", rows: s.counts.imported, rowName: rowName),
                     lines(t.alreadyThere, "already there", rows: s.counts.alreadyThere, rowName: rowName),
                     lines(t.rejected, "rejected", rows: s.rejected, rowName: "row"),
                     count(t.header, "header line", "header lines")]
        if t.blank > 0 { parts.append("\(t.blank) blank") }
        var text = "\(file) (\(s.contacts ? "contacts" : s.preset.rawValue)): read \(count(s.lines, "line", "lines")): " + parts.joined(separator: ", ")
        if s.abandoned { return text + ". Nothing was imported (--strict): fix the rows above and run again." }
        if s.counts.anonymous > 0 { text += "; \(s.counts.anonymous) anonymous (nobody to call back)" }
        if !dryRun && !s.contacts { text += "; callbacks created \(s.counts.callbacks)" }
        if !dryRun && s.counts.history > 0 {
            text += "; \(count(s.counts.history, "critical response", "critical responses")) too old to call back "
                + "(history: counted in the ranking and the results, no callback; see callback.max_age_days)"
        }
        let created = [(s.counts.customersCreated, "customer", "customers"), (s.counts.sitesCreated, "site", "sites"),
                       (s.counts.staffCreated, "staff member", "staff")]
            .filter { $0.0 > 0 }.map { count($0.0, $0.1, $0.2) }
        if !created.isEmpty && !dryRun { text += "; created " + created.joined(separator: ", ") }
        if s.commentsCut > 0 { text += "; \(count(s.commentsCut, "comment", "comments")) cut to 10,000 characters" }
        return text + "."
    }
}

/// Every rejected line with where and why, and the line itself byte for byte
/// (invalid UTF-8 included), as CSV: `file, line, byte, column, error,
/// reason, original`. `byte` is where the line starts in the file; `error` is
/// a code for the kind of problem. A cell that a spreadsheet would run as a
/// formula starts with a `'` (the original line too); otherwise the original
/// is exactly as it was, so it can be fixed and imported again.
final class RejectsFile {
    let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw UserError("Cannot write the rejects file \(path).")
        }
        self.handle = handle
        handle.write(Data("file,line,byte,column,error,reason,original\r\n".utf8))
    }

    func write(file: String, _ reject: Reject) {
        let described = [file, String(reject.line), String(reject.offset), reject.column, reject.kind.rawValue, reject.reason]
            .map { ReportFormat.csvField(SafeText.spreadsheetCell($0)) }.joined(separator: ",")
        var bytes = Array(described.utf8) + [UInt8(ascii: ",")]
        let guarded = reject.original.first.map { "=+-@\t\r".utf8.contains($0) } ?? false
        bytes.append(UInt8(ascii: "\""))
        if guarded { bytes.append(UInt8(ascii: "'")) }
        for byte in reject.original {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes += Array("\"\r\n".utf8)
        handle.write(Data(bytes))
    }
}

/// Rows, rows per second and time left, on standard error when it is a terminal.
final class ProgressBar {
    let enabled: Bool
    let started = Date()
    var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(file: String, _ progress: ImportProgress) {
        guard enabled else { return }
        let seconds = max(0.001, Date().timeIntervalSince(started))
        let rate = Double(progress.rows) / seconds
        var line = "\r\(SafeText.sanitize(file)): \(progress.rows) rows, \(Int(rate)) rows/s"
        if let total = progress.totalBytes, total > 0 {
            let done = min(1, Double(progress.bytesRead) / Double(total))
            let width = 24
            let filled = Int(done * Double(width))
            let left = done > 0 ? seconds / done - seconds : 0
            line += " [" + String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled) + "]"
                + " \(Int(done * 100))%, ETA \(Int(left) / 60):" + String(format: "%02d", Int(left) % 60)
        }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
        drawn = true
    }

    func message(_ text: String) {
        if enabled && drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        Output.warn(text)
    }

    func finish() {
        if enabled && drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}

extension DateOrder: ExpressibleByArgument {}
