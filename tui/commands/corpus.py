"""`evidens corpus …`: inspect the records built from the report."""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus.build import build_corpus
from corpus.check import check_corpus
from corpus.models import Corpus
from corpus.source import load_source
from tui import json_output


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "corpus",
        help="inspect the report's records: sections, studies, citations",
        description="Inspect what Evidens built from the report.",
    )
    parser.set_defaults(func=lambda _args: parser.print_help() or 2)
    commands = parser.add_subparsers(dest="corpus_command", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="print counts and every failed invariant (exit 1 if any)"
    )
    _add_source(check)
    check.set_defaults(func=run_check)

    studies = commands.add_parser("studies", help="print the study catalogue from Bilag 2")
    _add_source(studies)
    studies.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    studies.set_defaults(func=run_studies)

    sections = commands.add_parser("sections", help="print chapters, sections and page ranges")
    _add_source(sections)
    sections.set_defaults(func=run_sections)

    citations = commands.add_parser("citations", help="print in-text citations and their links")
    _add_source(citations)
    citations.add_argument(
        "--unresolved", action="store_true", help="only those not linked to a study"
    )
    citations.set_defaults(func=run_citations)


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        metavar="PATH",
        help="report text to parse (default: the copy shipped with Evidens)",
    )


def _corpus(args: argparse.Namespace) -> Corpus:
    return build_corpus(load_source(args.source))


def run_check(args: argparse.Namespace) -> int:
    source = load_source(args.source)
    report = check_corpus(build_corpus(source), source)
    print(f"source: {source.path} (sha256 {source.sha256[:12]}…)")
    for name, value in report.counts.items():
        shown = (
            ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else value
        )
        print(f"{name:>22}: {shown}")
    if report.notes:
        print("\nwhere the report disagrees with itself, and what the extraction lost:")
        for note in report.notes:
            print(f"  - {note}")
    if report.failures:
        print(f"\n{len(report.failures)} failed invariant(s):")
        for failure in report.failures:
            print(f"  ✗ {failure}")
        return 1
    print("\nall invariants hold")
    return 0


def run_studies(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    if args.json:
        print(json_output.dumps([s.model_dump(mode="json") for s in corpus.studies], indent=2))
        return 0
    for study in corpus.studies:
        themes = ",".join(str(t) for t in study.themes)
        print(f"{study.key:<32} {study.evidence_weight:<6} tema {themes:<9} {study.design}")
        print(f"{'':<32} {study.title}")
    return 0


def run_sections(args: argparse.Namespace) -> int:
    for section in _corpus(args).sections:
        indent = "  " * (section.level - 1)
        pages = (
            section.page_start
            if section.page_start == section.page_end
            else f"{section.page_start}-{section.page_end}"
        )
        theme = f"  [tema {section.theme}]" if section.theme and section.level == 2 else ""
        print(f"{indent}{section.number} {section.title}  (s. {pages}){theme}")
    return 0


def run_citations(args: argparse.Namespace) -> int:
    for citation in _corpus(args).citations:
        if args.unresolved and citation.key:
            continue
        target = citation.key or "— not an included study"
        print(f"s. {citation.page:<5} {citation.section:<7} {citation.text:<45} → {target}")
    return 0
