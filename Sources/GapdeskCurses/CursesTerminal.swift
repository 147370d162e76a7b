import CNcurses
import Foundation
import GapdeskUI

/// Why the terminal cannot run the dashboard.
public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case unsupported(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            "The dashboard needs a terminal. For scripts and pipes use `gapdesk report queue|low-rated|gaps`."
        case .unsupported(let term):
            "This terminal (TERM=\(term.isEmpty ? "unset" : term)) cannot run the dashboard. Use `gapdesk report queue|low-rated|gaps`, or set TERM to e.g. xterm-256color."
        }
    }
}

/// The one ncurses backend: draws a `ScreenBuffer`, reads keys, restores the
/// terminal on every way out. Signals (INT, TERM, HUP) become input events, so
/// the main loop ends cleanly and no action is cut in half.
public final class CursesTerminal: TerminalDevice {
    private let screen: OpaquePointer
    private let signals = SignalFlags()
    private var signalSources: [DispatchSourceSignal] = []
    private let useColour: Bool
    private let theme: ThemeName
    private var attributes: [Style: (attr_t, Int16)] = [:]
    private var stopped = false
    public let isUTF8: Bool

    public static func start(theme: ThemeName, noColour: Bool) throws(TerminalError) -> CursesTerminal {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" { throw .unsupported(term: term) }
        setlocale(LC_ALL, "")
        let codeset = String(cString: gd_codeset())
        // Ignore before ncurses starts, so it does not install its own handlers; Dispatch delivers them.
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { Foundation.signal(signal, SIG_IGN) }
        // ncurses handles SIGWINCH only if it finds the default action; a parent
        // may have left it ignored or blocked, and then resizes would go unseen.
        Foundation.signal(SIGWINCH, SIG_DFL)
        var resize = sigset_t()
        sigemptyset(&resize)
        sigaddset(&resize, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &resize, nil)
        guard let screen = newterm(nil, gd_stdout(), gd_stdin()) else { throw .unsupported(term: term) }
        let cup = tigetstr("cup")
        if cup == nil || Int(bitPattern: cup) == -1 {
            endwin()
            delscreen(screen)
            throw .unsupported(term: term)
        }
        return CursesTerminal(screen: screen, theme: theme, noColour: noColour, utf8: codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8")
    }

    private init(screen: OpaquePointer, theme: ThemeName, noColour: Bool, utf8: Bool) {
        self.screen = screen
        self.theme = theme
        self.isUTF8 = utf8
        cbreak()
        noecho()
        nonl()
        keypad(gd_stdscr(), true)
        intrflush(gd_stdscr(), false)
        set_escdelay(25)
        curs_set(0)
        useColour = !noColour && has_colors() && theme != .monochrome
        if useColour {
            start_color()
            use_default_colors()
        }
        for (index, style) in Style.allCases.enumerated() {
            let look = Theme.look(style, theme: theme, colour: useColour)
            var attr: attr_t = 0
            if look.bold { attr |= gd_a_bold() }
            if look.reverse { attr |= gd_a_reverse() }
            if look.dim { attr |= gd_a_dim() }
            if look.underline { attr |= gd_a_underline() }
            var pair: Int16 = 0
            if useColour && (look.foreground != nil || look.background != nil) {
                pair = Int16(index + 1)
                init_pair(pair, Int16(look.foreground?.rawValue ?? -1), Int16(look.background?.rawValue ?? -1))
            }
            attributes[style] = (attr, pair)
        }
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            let flags = signals
            source.setEventHandler { flags.raise(signal) }
            source.resume()
            signalSources.append(source)
        }
    }

    deinit { stop() }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        curs_set(1)
        endwin()
        // Without an alternate screen the dashboard would stay under the prompt.
        if gd_has_alternate_screen() == 0 { gd_clear_terminal() }
        delscreen(screen)
        for source in signalSources { source.cancel() }
    }

    public var rows: Int { Int(gd_lines()) }
    public var columns: Int { Int(gd_cols()) }

    public func read(timeoutMilliseconds: Int) -> InputEvent? {
        if let event = signals.take() { return event }
        wtimeout(gd_stdscr(), Int32(timeoutMilliseconds))
        var character: wint_t = 0
        let result = wget_wch(gd_stdscr(), &character)
        if let event = signals.take() { return event }
        if result == ERR {
            return inputHungUp() ? .hangup : nil
        }
        if result == KEY_CODE_YES {
            return functionKey(Int32(character))
        }
        return key(forCharacter: UInt32(character))
    }

    /// A dropped SSH link shows as end of input: without this check the
    /// dashboard would spin at full CPU reading nothing.
    private func inputHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return false }
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        // Readable but nothing to read: end of file.
        var byte: UInt8 = 0
        return recv(STDIN_FILENO, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 0
    }

    private func functionKey(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE: return .resize(rows: rows, columns: columns)
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        default: return nil
        }
    }

    private func key(forCharacter value: UInt32) -> InputEvent? {
        switch value {
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(UnicodeScalar(value + 96)!)))
        default:
            guard value >= 32, let scalar = UnicodeScalar(value) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    public func present(_ buffer: ScreenBuffer) {
        werase(gd_stdscr())
        for row in 0..<min(buffer.rows, rows) {
            for column in 0..<min(buffer.columns, columns) {
                let cell = buffer.cell(row, column)
                guard let scalar = cell.text.unicodeScalars.first else { continue }  // right half of a wide character
                let (attr, pair) = attributes[cell.style] ?? (0, 0)
                // Writing the bottom-right cell reports ERR (the cursor cannot advance); it is drawn all the same.
                _ = gd_put_wide(Int32(row), Int32(column), wchar_t(scalar.value), attr, pair)
            }
        }
        if let cursor = buffer.cursor {
            curs_set(1)
            wmove(gd_stdscr(), Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wnoutrefresh(gd_stdscr())
        doupdate()
        sendLinks(of: buffer)
    }

    /// Makes the drawn links clickable (OSC 8), straight to the terminal once
    /// ncurses has drawn: the same cells again inside a hyperlink. ncurses is
    /// first put in plain attributes, which is where the sequence leaves them.
    private func sendLinks(of buffer: ScreenBuffer) {
        let theme = theme, colour = useColour
        let sequence = Hyperlink.sequence(for: buffer) { Theme.look($0, theme: theme, colour: colour).sgr }
        guard !sequence.isEmpty else { return }
        _ = vidattr(0)
        fflush(gd_stdout())
        let bytes = Array(sequence.utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    public func invalidate() {
        clearok(gd_curscr(), true)
    }

    public func copyToClipboard(_ text: String) -> Bool {
        let sequence = "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        // Sent straight to the terminal after ncurses has flushed its own output.
        let bytes = Array(sequence.utf8)
        return bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) } == bytes.count
    }
}

/// Signals noted by Dispatch, taken by the main loop.
final class SignalFlags: @unchecked Sendable {
    private var pending: [Int32] = []
    private let lock = NSLock()

    func raise(_ signal: Int32) {
        lock.lock(); pending.append(signal); lock.unlock()
    }

    func take() -> InputEvent? {
        lock.lock(); defer { lock.unlock() }
        guard let signal = pending.first else { return nil }
        pending.removeFirst()
        return signal == SIGHUP ? .hangup : .interrupt
    }
}
