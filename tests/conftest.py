"""Shared fixtures: the real corpus is built once per test session."""

from __future__ import annotations

import pytest

from corpus.models import Corpus
from corpus.source import Source, load_source


@pytest.fixture(scope="session")
def source() -> Source:
    return load_source()


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    from corpus.build import load_corpus

    return load_corpus()
