"""Opening the assistant: corpus, embedder and index, built on first use."""

from __future__ import annotations

from collections.abc import Callable

from assistant.engine import Assistant
from assistant.settings import Settings
from corpus.build import load_corpus
from index.embedders import make_embedder
from index.search import BuildProgress
from index.store import corpus_fingerprint, ensure_index


def open_assistant(
    settings: Settings,
    *,
    on_message: Callable[[str], None] | None = None,
    progress: BuildProgress | None = None,
) -> Assistant:
    """Load (or build, on first use or when stale) the index and return an assistant."""
    corpus = load_corpus()
    embedder = make_embedder(settings.embedder, settings.model)
    index = ensure_index(
        settings.index_dir,
        # The fingerprint covers the chunker too: a changed parser rebuilds the index.
        corpus_sha256=corpus_fingerprint(corpus.source_sha256, corpus.chunks),
        chunks=corpus.chunks,
        embedder=embedder,
        on_message=on_message,
        progress=progress,
    )
    if not settings.query_adapter:
        index.adapter = None
    return Assistant(corpus, index)
