import Foundation
import GapdeskStore
import GapdeskUI

/// Everything the command line prints goes through here. Text from the
/// store, a file or an argument may hold escape sequences and invisible
/// characters: `say` and `warn` pass it through the one sanitiser; `raw` is
/// for output that is already safe (rendered reports: each format escapes
/// its own cells, and JSON its own strings).
enum Output {
    static func say(_ text: String) {
        raw(SafeText.sanitize(Secrets.redacted(text), keepNewlines: true) + "\n")
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data((SafeText.sanitize(Secrets.redacted(text), keepNewlines: true) + "\n").utf8))
    }

    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
