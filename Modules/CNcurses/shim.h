#ifndef GAPDESK_CNCURSES_SHIM_H
#define GAPDESK_CNCURSES_SHIM_H

// Wide-character ncurses. The globals below are mutable C state, which Swift 6
// strict concurrency refuses to touch directly, so they sit behind functions.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

#include <stdio.h>

static inline WINDOW *gd_stdscr(void) { return stdscr; }
static inline WINDOW *gd_curscr(void) { return curscr; }
static inline FILE *gd_stdin(void) { return stdin; }
static inline FILE *gd_stdout(void) { return stdout; }
static inline const char *gd_codeset(void) { return nl_langinfo(CODESET); }
static inline int gd_lines(void) { return LINES; }
static inline int gd_cols(void) { return COLS; }
static inline int gd_colors(void) { return COLORS; }
static inline int gd_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int gd_key_resize(void) { return KEY_RESIZE; }
static inline attr_t gd_a_bold(void) { return A_BOLD; }
static inline attr_t gd_a_reverse(void) { return A_REVERSE; }
static inline attr_t gd_a_dim(void) { return A_DIM; }
static inline attr_t gd_a_underline(void) { return A_UNDERLINE; }

// Whether the terminal has an alternate screen to restore on exit (vt100 and
// the Linux console have none: what was drawn stays unless it is cleared).
static inline int gd_has_alternate_screen(void) {
    const char *enter = tigetstr("smcup");
    return enter != NULL && enter != (char *)-1 && *enter != 0;
}

// Clears the terminal and puts the cursor top left, after endwin.
static inline void gd_clear_terminal(void) {
    const char *clear = tigetstr("clear");
    if (clear != NULL && clear != (char *)-1) { putp(clear); }
    fflush(stdout);
}

// Draws one wide character with attributes and colour pair at (y, x).
static inline int gd_put_wide(int y, int x, wchar_t ch, attr_t attrs, short pair) {
    cchar_t cell;
    wchar_t text[2] = { ch, 0 };
    setcchar(&cell, text, attrs, pair, NULL);
    return mvwadd_wch(stdscr, y, x, &cell);
}

#endif
