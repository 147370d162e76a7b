/// What the dashboard needs from a terminal. The ncurses backend implements
/// it; tests use a scripted one.
public protocol TerminalDevice: AnyObject {
    var rows: Int { get }
    var columns: Int { get }
    /// Waits up to `timeoutMilliseconds` for input; nil when none came.
    func read(timeoutMilliseconds: Int) -> InputEvent?
    /// Shows the buffer; only what changed since the last call reaches the terminal.
    func present(_ buffer: ScreenBuffer)
    /// Forgets what is on the terminal, so the next `present` repaints all of
    /// it (after a resize, or when the user asks to redraw).
    func invalidate()
    /// Puts text on the user's own clipboard (OSC 52), even over SSH.
    func copyToClipboard(_ text: String) -> Bool
}
