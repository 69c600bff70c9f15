"""Fusion arithmetic: RRF, min-max weighting, ties."""

from __future__ import annotations

import numpy as np
import pytest

from index.fusion import (
    FusionConfig,
    Ranking,
    fuse,
    min_max,
    reciprocal_rank_fusion,
    weighted_fusion,
)


def _r(ids, scores) -> Ranking:
    return Ranking(np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float32))


def test_rrf_sums_reciprocal_ranks() -> None:
    fused = reciprocal_rank_fusion([_r([1, 2], [0.9, 0.8]), _r([2, 3], [5.0, 1.0])], k=60)
    assert fused[2] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[1] == pytest.approx(1 / 61)
    assert fused[3] == pytest.approx(1 / 62)


def test_min_max_scales_and_handles_flat_lists() -> None:
    np.testing.assert_allclose(min_max(np.array([2.0, 4.0, 3.0])), [0.0, 1.0, 0.5])
    np.testing.assert_allclose(min_max(np.array([7.0])), [1.0])
    assert len(min_max(np.array([]))) == 0


def test_weighted_fusion_mixes_normalised_scores() -> None:
    fused = weighted_fusion(_r([1, 2], [0.9, 0.7]), _r([2, 3], [10.0, 0.0]), alpha=0.7)
    assert fused[1] == pytest.approx(0.7)
    assert fused[2] == pytest.approx(0.3)
    assert fused[3] == pytest.approx(0.0)


def test_fuse_orders_best_first_and_keeps_dense_order_on_ties() -> None:
    dense, keyword = _r([5, 6], [0.8, 0.8]), Ranking.empty()
    assert [doc for doc, _ in fuse(dense, keyword, FusionConfig(method="rrf"))] == [5, 6]
    order = fuse(_r([1, 2], [0.9, 0.1]), _r([2], [3.0]), FusionConfig(method="weighted", alpha=0.4))
    assert [doc for doc, _ in order] == [2, 1]
