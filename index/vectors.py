"""The dense side: FAISS inner product over L2-normalised vectors (= cosine).

Small collections use exact search (`IndexFlatIP`); above `HNSW_THRESHOLD`
vectors the index is an `IndexHNSWFlat` graph. The threshold is measured (see
`scripts/bench_index.py` and docs/benchmarks.md, 2 cores, dim 384): exact search
stays under ~1 ms up to 10,000 vectors and grows linearly (≈4 ms at 20k, ≈17 ms at
100k), while HNSW stays under 1 ms but costs a graph build and gives up exactness.
The report has a few hundred chunks, so it is always searched exactly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

HNSW_THRESHOLD = 10_000
#: Below this many candidates a filtered search scores the candidates directly
#: (exact, ~1 ms); above it the HNSW graph is searched with an ID selector.
EXACT_CANDIDATES = 20_000


@dataclass(frozen=True)
class HnswParams:
    """HNSW settings (measured on 2 cores, dim 384; see docs/benchmarks.md)."""

    m: int = 32
    ef_construction: int = 80
    ef_search: int = 64


def _faiss() -> Any:
    import faiss

    return faiss


class VectorIndex:
    """A FAISS index plus the knowledge of how to search it with a candidate filter."""

    def __init__(self, index: Any, *, hnsw: HnswParams | None = None) -> None:
        self.index = index
        self.hnsw = hnsw or HnswParams()
        if self.kind == "hnsw":
            index.hnsw.efSearch = self.hnsw.ef_search

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        *,
        hnsw_threshold: int = HNSW_THRESHOLD,
        hnsw: HnswParams | None = None,
    ) -> VectorIndex:
        """Exact index for up to `hnsw_threshold` vectors, HNSW above."""
        faiss = _faiss()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        hnsw = hnsw or HnswParams()
        if n <= hnsw_threshold:
            index = faiss.IndexFlatIP(dim)
        else:
            index = faiss.IndexHNSWFlat(dim, hnsw.m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = hnsw.ef_construction
        index.add(vectors)
        return cls(index, hnsw=hnsw)

    @property
    def kind(self) -> str:
        return "hnsw" if hasattr(self.index, "hnsw") else "flat"

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def dim(self) -> int:
        return int(self.index.d)

    def parameters(self) -> dict[str, Any]:
        return {"kind": self.kind, **({"hnsw": asdict(self.hnsw)} if self.kind == "hnsw" else {})}

    def search(
        self, query: np.ndarray, k: int, *, candidates: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-`k` (scores, ids) by inner product, restricted to `candidates` if given.

        The restriction happens inside the search, so a filter never shrinks a
        top-k computed over everything.
        """
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        if candidates is not None:
            if len(candidates) == 0:
                return np.empty(0, np.float32), np.empty(0, np.int64)
            if self.kind == "hnsw" and len(candidates) <= EXACT_CANDIDATES:
                return self._exact_over(query[0], candidates, k)
        k = min(k, self.size if candidates is None else len(candidates))
        if k <= 0:
            return np.empty(0, np.float32), np.empty(0, np.int64)
        params = self._params(candidates, k)
        scores, ids = (
            self.index.search(query, k, params=params) if params else self.index.search(query, k)
        )
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep].astype(np.int64)

    def _params(self, candidates: np.ndarray | None, k: int) -> Any:
        if candidates is None:
            return None
        faiss = _faiss()
        selector = faiss.IDSelectorBatch(np.ascontiguousarray(candidates, dtype=np.int64))
        if self.kind == "hnsw":
            return faiss.SearchParametersHNSW(sel=selector, efSearch=max(self.hnsw.ef_search, k))
        return faiss.SearchParameters(sel=selector)

    def _exact_over(
        self, query: np.ndarray, candidates: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        ids = np.ascontiguousarray(candidates, dtype=np.int64)
        scores = self.inner_products(query, ids)
        top = np.argsort(-scores, kind="stable")[:k]
        return scores[top], ids[top]

    def inner_products(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """The inner product of `query` with each stored vector in `ids`, in that order."""
        if len(ids) == 0:
            return np.empty(0, np.float32)
        stored = self.index.reconstruct_batch(np.ascontiguousarray(ids, dtype=np.int64))
        return (stored @ np.asarray(query, dtype=np.float32).reshape(-1)).astype(np.float32)

    def vectors(self) -> np.ndarray:
        """All stored vectors (both index kinds keep them uncompressed)."""
        return self.index.reconstruct_n(0, self.size)

    def save(self, path: Path) -> None:
        _faiss().write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, *, hnsw: HnswParams | None = None) -> VectorIndex:
        """Read a FAISS file; FAISS raises RuntimeError on a truncated or foreign file."""
        return cls(_faiss().read_index(str(path)), hnsw=hnsw)
