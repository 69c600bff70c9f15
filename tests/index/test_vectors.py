"""FAISS wrapper: exact below the threshold, HNSW above, filters inside the search."""

from __future__ import annotations

import numpy as np
import pytest

from index.embedders import normalize_rows
from index.vectors import HnswParams, VectorIndex


@pytest.fixture(scope="module")
def data() -> np.ndarray:
    return normalize_rows(np.random.default_rng(7).standard_normal((600, 16)))


def test_small_collections_are_exact_and_large_ones_hnsw(data) -> None:
    assert VectorIndex.build(data).kind == "flat"
    hnsw = VectorIndex.build(data, hnsw_threshold=100, hnsw=HnswParams(m=8, ef_search=32))
    assert hnsw.kind == "hnsw"
    assert hnsw.parameters()["hnsw"]["m"] == 8


def test_search_returns_the_vector_itself_first(data) -> None:
    for index in (VectorIndex.build(data), VectorIndex.build(data, hnsw_threshold=100)):
        scores, ids = index.search(data[42], 5)
        assert ids[0] == 42 and scores[0] == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("threshold", [10_000, 100])
def test_candidates_restrict_before_ranking(data, threshold) -> None:
    index = VectorIndex.build(data, hnsw_threshold=threshold)
    candidates = np.arange(1, 600, 7)
    _, ids = index.search(data[0], 10, candidates=candidates)
    assert len(ids) == 10 and set(ids) <= set(candidates)
    expected = candidates[np.argsort(-(data[candidates] @ data[0]))[:10]]
    assert list(ids) == list(expected)
    assert list(index.search(data[0], 3, candidates=np.array([], np.int64))[1]) == []


def test_save_load_round_trip_and_vectors(tmp_path, data) -> None:
    index = VectorIndex.build(data, hnsw_threshold=100)
    index.save(tmp_path / "v.faiss")
    loaded = VectorIndex.load(tmp_path / "v.faiss", hnsw=index.hnsw)
    assert loaded.kind == "hnsw" and loaded.size == 600
    np.testing.assert_allclose(loaded.vectors(), data, atol=1e-6)
