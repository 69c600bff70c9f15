"""`evidens` with no arguments: run the app and return its exit code.

Only Textual and the app's own modules are imported here; the report, the index
and spaCy load in a worker once the first screen is on the terminal.
"""

from __future__ import annotations

import sys


def run_app() -> int:
    """Run the Textual app; 0 on a normal quit, 1 if the start was cancelled or failed."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "evidens: the app needs a terminal; use 'evidens ask \"…\"' or 'evidens chat' "
            "in scripts",
            file=sys.stderr,
        )
        return 2
    from tui.app import make_app

    app = make_app()
    app.run()
    return app.return_code or 0
