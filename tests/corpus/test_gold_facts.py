"""Hand-verified facts about the studies (tests/gold/study_facts.json, written from the report)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.text import normalize

GOLD = json.loads((Path(__file__).parents[1] / "gold" / "study_facts.json").read_text("utf-8"))
FACTS = GOLD["facts"]


@pytest.fixture(scope="module")
def studies(corpus):
    return {s.key: s for s in corpus.studies}


#: Facts read in Bilag 2 are about catalogue fields; facts read in chapters 1-4
#: (source lines before Bilag 2) are about the paragraphs that cite the study.
BILAG2_FIRST_LINE = 3972


def _citing_text(corpus, key: str) -> str:
    ids = {c.paragraph_id for c in corpus.citations if c.key == key}
    return " ".join(p.text for p in corpus.paragraphs if p.id in ids)


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f"{f['key']}:{f['field']}:{f['value']}")
def test_fact(corpus, studies, fact):
    study = studies[fact["key"]]
    field, value = fact["field"], fact["value"]
    if field.endswith("_contains") and max(fact["source_lines"]) < BILAG2_FIRST_LINE:
        assert normalize(value) in normalize(_citing_text(corpus, study.key))
    elif field == "evidence_weight":
        assert study.evidence_weight == value
    elif field == "year":
        assert study.year == value
    elif field == "themes_include":
        assert value in study.themes
    else:
        attribute = field.removesuffix("_contains")
        assert normalize(value) in normalize(getattr(study, attribute))


def test_hand_counts(corpus):
    by_theme = {str(t): sum(t in s.themes for s in corpus.studies) for t in range(1, 6)}
    assert by_theme == GOLD["studies_by_theme_counted_by_hand"]
    assert len(corpus.studies) == GOLD["unique_studies_counted_by_hand"]
    weights = {w: sum(s.evidence_weight == w for s in corpus.studies) for w in ("Høj", "Medium")}
    assert weights == GOLD["weights_counted_by_hand"]
