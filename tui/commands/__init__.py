"""Subcommands of `evidens`. Each module exposes `register(subparsers)`.

A command parses its arguments, calls one function of the core that returns data,
and prints it. Errors of the core are turned into one line by `tui.cli.main`.
"""
