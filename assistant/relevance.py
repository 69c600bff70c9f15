"""Does the report answer this question? The abstention decision.

Signals: the best dense similarity among the top hits (is any passage about the
same thing?) and how many of the question's analysed terms the best excerpts
contain (does it use the question's words?), plus whether the question names a
domain concept or a question kind at all. Dense similarity alone cannot separate
"reglerne for boligstøtte til flygtninge" from answerable questions; that is the
job of `assistant.scope`, which runs first. Thresholds are calibrated on tests/gold/questions.jsonl
with scripts/eval.py (see docs/evaluation.md); change them only with a new run.

A third signal comes with the query adapter (index.adapter): W was trained to keep
out-of-scope questions away from every passage, so a best adapted cosine below
the adapter's `scope_bar` says no passage answers. scripts/train_adapter.py sets
the bar on questions the adapter was not trained on, and it vetoes an answer only.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.excerpts import Cut
from assistant.understanding import Analysis
from index.search import Hit

TOP = 5
#: Dense cosine (multilingual-e5-small) above which a passage is on the question's topic.
DENSE_ON_TOPIC = 0.84
#: Lower bar when the question names a domain concept of the report.
DENSE_ON_TOPIC_WITH_CONCEPT = 0.80
MIN_OVERLAP = 2
#: Kinds about the report itself, which need no domain concept ("hvor mange studier").
REPORT_KINDS = {"method", "numbers", "knowledge_gap", "study_lookup", "definition"}


@dataclass(frozen=True)
class Relevance:
    answers: bool
    near_topic: bool
    top_dense: float
    top_overlap: int
    #: Best adapted cosine among the hits; None without an adapter.
    top_adapted: float | None = None


def judge(
    hits: list[Hit],
    cuts: list[tuple[Hit, Cut]],
    analysis: Analysis,
    *,
    scope_bar: float | None = None,
) -> Relevance:
    if not hits:
        return Relevance(answers=False, near_topic=False, top_dense=0.0, top_overlap=0)
    top_dense = max((h.dense_score or 0.0) for h in hits[:TOP])
    top_overlap = max(c.overlap for _, c in cuts[:TOP])
    about_report = bool(set(analysis.kinds) & REPORT_KINDS)
    if analysis.topical:
        answers = top_dense >= DENSE_ON_TOPIC_WITH_CONCEPT or top_overlap >= MIN_OVERLAP
    elif about_report:
        # "Hvad menes med helbredsmestring?": one of the report's own words must occur.
        answers = top_overlap >= 1 and (
            top_dense >= DENSE_ON_TOPIC_WITH_CONCEPT or top_overlap >= MIN_OVERLAP
        )
    else:
        answers = top_dense >= DENSE_ON_TOPIC and top_overlap >= MIN_OVERLAP
    # All hits, not the top five: the best adapted passage may rank lower after fusion.
    adapted = [h.adapted_score for h in hits if h.adapted_score is not None]
    top_adapted = max(adapted) if adapted else None
    if scope_bar is not None and top_adapted is not None and top_adapted < scope_bar:
        answers = False
    near = top_dense >= DENSE_ON_TOPIC_WITH_CONCEPT - 0.04
    return Relevance(
        answers=answers,
        near_topic=near,
        top_dense=top_dense,
        top_overlap=top_overlap,
        top_adapted=top_adapted,
    )
