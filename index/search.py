"""Hybrid search over the chunks: dense (FAISS) + keyword (BM25), fused, with filters.

Filters (theme, chunk kind, minimum evidence weight) restrict the candidate ids
*before* either side ranks, so a filtered search returns the best k matching
chunks rather than whatever survived of an unfiltered top-k.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from corpus.models import WEIGHT_RANK, Chunk, ChunkKind, Weight
from index.adapter import QueryAdapter
from index.embedders import Embedder, embed_texts
from index.errors import IndexBuildError
from index.fusion import FusionConfig, Ranking, fuse
from index.keyword import KeywordIndex
from index.sentences import SentenceIndex, embedded_sentences, sentence_passages
from index.vectors import HNSW_THRESHOLD, VectorIndex

Mode = Literal["hybrid", "dense", "keyword"]
#: Progress of a build: (stage, done, total); stages are "keywords", "embedding", "vectors".
BuildProgress = Callable[[str, int, int], None]
DEFAULT_FUSION = FusionConfig()


class Hit(BaseModel):
    """One search result with both component scores, for display and for the assistant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    chunk: Chunk
    rank: int = Field(description="1-based position in the fused result")
    score: float = Field(description="Fused score (RRF or weighted; see index.fusion)")
    dense_score: float | None = Field(
        description="Cosine of the query with the chunk or its best sentence (without the "
        "query adapter); None if not in the dense top"
    )
    adapted_score: float | None = Field(
        default=None,
        description="Cosine of the adapted query (index.adapter) with the chunk or its best "
        "sentence; None without an adapter or if not in the dense top",
    )
    keyword_score: float | None = Field(description="BM25 score; None if no query term matched")
    dense_rank: int | None = Field(description="1-based rank among dense candidates")
    keyword_rank: int | None = Field(description="1-based rank among keyword candidates")


def passage_text(chunk: Chunk) -> str:
    """What gets embedded and keyword-indexed for a chunk: the section title, then the text.

    The title carries the topic ("Løntilskud") that a paragraph often only implies.
    """
    return f"{chunk.section_title}\n{chunk.text}" if chunk.section_title else chunk.text


def embedded_texts(chunks: Sequence[Chunk]) -> list[str]:
    """Every text a build embeds: each chunk's passage, then each sentence passage."""
    return [passage_text(c) for c in chunks] + sentence_passages(chunks)[0]


class HybridIndex:
    """Chunks plus their dense and keyword indexes; `search` is the one entry point."""

    def __init__(
        self,
        *,
        chunks: Sequence[Chunk],
        vectors: VectorIndex,
        keyword: KeywordIndex,
        embedder: Embedder,
        sentences: SentenceIndex | None = None,
        fusion: FusionConfig = DEFAULT_FUSION,
        adapter: QueryAdapter | None = None,
    ) -> None:
        if not (len(chunks) == vectors.size == keyword.size):
            raise IndexBuildError(
                f"index parts disagree: {len(chunks)} chunks, {vectors.size} vectors, "
                f"{keyword.size} keyword documents"
            )
        if sentences is not None and sentences.size and int(sentences.owners.max()) >= len(chunks):
            raise IndexBuildError("sentence vectors point past the last chunk")
        self.chunks = list(chunks)
        self.vectors = vectors
        self.sentences = sentences
        self.keyword = keyword
        self.embedder = embedder
        self.fusion = fusion
        #: Moves query vectors before the dense ranking (index.adapter); a query-time
        #: choice like `fusion`, not part of the saved index.
        self.adapter = adapter
        self._theme = np.array([c.theme if c.theme is not None else -1 for c in chunks])
        self._kind = np.array([c.kind for c in chunks])
        self._weight = np.array([WEIGHT_RANK.get(c.evidence_weight or "", 0) for c in chunks])
        self._position = {c.id: i for i, c in enumerate(self.chunks)}
        self._sentence_ids = _sentence_ids(self.chunks, sentences)

    @classmethod
    def build(
        cls,
        chunks: Sequence[Chunk],
        *,
        embedder: Embedder,
        fusion: FusionConfig = DEFAULT_FUSION,
        hnsw_threshold: int = HNSW_THRESHOLD,
        known_vectors: dict[str, np.ndarray] | None = None,
        progress: BuildProgress | None = None,
        adapter: QueryAdapter | None = None,
    ) -> HybridIndex:
        """Analyze, embed and index `chunks`.

        `known_vectors` maps passage text to a vector already computed by the same
        embedder (from the previous index), so a rebuild embeds only changed text.
        """
        if not chunks:
            raise IndexBuildError("the corpus has no chunks to index")
        texts = [passage_text(c) for c in chunks]
        _, owners = sentence_passages(chunks)
        report = progress or (lambda stage, done, total: None)
        report("keywords", 0, 1)
        keyword = KeywordIndex.build(texts)
        report("keywords", 1, 1)
        # One embedding pass over chunks and sentences: one progress bar, one dedup.
        vectors = _embed_passages(embedded_texts(chunks), embedder, known_vectors or {}, report)
        report("vectors", 0, 1)
        index = VectorIndex.build(vectors[: len(texts)], hnsw_threshold=hnsw_threshold)
        sentences = SentenceIndex(
            vectors=VectorIndex.build(vectors[len(texts) :], hnsw_threshold=hnsw_threshold),
            owners=owners,
        )
        report("vectors", 1, 1)
        return cls(
            chunks=chunks,
            vectors=index,
            keyword=keyword,
            embedder=embedder,
            sentences=sentences,
            fusion=fusion,
            adapter=adapter,
        )

    def __len__(self) -> int:
        return len(self.chunks)

    def candidates(
        self,
        *,
        theme: int | Collection[int] | None = None,
        kinds: Collection[ChunkKind] | None = None,
        min_weight: Weight | None = None,
        studies: Collection[str] | None = None,
    ) -> np.ndarray | None:
        """Ids of chunks passing the filters; None when there is no filter.

        A chunk without evidence weight fails any minimum-weight filter; `studies`
        keeps the chunks linked to at least one of those study keys.
        """
        if theme is None and kinds is None and min_weight is None and studies is None:
            return None
        mask = np.ones(len(self.chunks), dtype=bool)
        if studies is not None:
            wanted = set(studies)
            mask &= np.array([bool(wanted.intersection(c.study_keys)) for c in self.chunks])
        if theme is not None:
            themes = [theme] if isinstance(theme, int) else list(theme)
            mask &= np.isin(self._theme, themes)
        if kinds is not None:
            mask &= np.isin(self._kind, list(kinds))
        if min_weight is not None:
            mask &= self._weight >= WEIGHT_RANK[min_weight]
        return np.flatnonzero(mask).astype(np.int64)

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        theme: int | Collection[int] | None = None,
        kinds: Collection[ChunkKind] | None = None,
        min_weight: Weight | None = None,
        studies: Collection[str] | None = None,
        mode: Mode = "hybrid",
        fusion: FusionConfig | None = None,
        dense_query: str | None = None,
        keyword_emphasis: str | None = None,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """The best `k` chunks for `query` among those passing the filters.

        `fusion` overrides the index's fusion for this query (the assistant weighs
        the keyword side more for English questions). `dense_query`, when given, is
        what the embedder reads instead of `query`: embedding time grows with the
        text, while extra keywords cost BM25 nothing. `keyword_emphasis` is text whose
        words count once more on the keyword side (a follow-up's own words beside the
        earlier questions it is searched with). `query_vector` is that text already
        embedded with `embed_query`, for a caller that needs the vector too.
        """
        if not query.strip() or k <= 0:
            return []
        fusion = fusion or self.fusion
        candidates = self.candidates(
            theme=theme, kinds=kinds, min_weight=min_weight, studies=studies
        )
        depth = max(k, fusion.depth)
        dense = None
        vector = None
        if mode != "keyword":
            vector = (
                self.embed_query(dense_query or query) if query_vector is None else query_vector
            )
            moved = vector if self.adapter is None else self.adapter.apply(vector)
            dense = self.dense_ranking(moved, depth, candidates)
        keyword = (
            self.keyword_ranking(query, depth, candidates, emphasis=keyword_emphasis)
            if mode != "dense"
            else None
        )
        if dense is not None and keyword is not None:
            order = fuse(dense, keyword, fusion)
        else:
            single = dense if dense is not None else keyword
            order = list(zip(single.ids.tolist(), single.scores.tolist(), strict=True))  # type: ignore[union-attr]
        hits = self._hits(order[:k], dense, keyword)
        if self.adapter is not None and vector is not None:
            hits = self._with_plain_cosines(hits, vector)
        return hits

    def _with_plain_cosines(self, hits: list[Hit], vector: np.ndarray) -> list[Hit]:
        """`hits` with `dense_score` from the query vector itself, not the adapter's,
        which moves to `adapted_score`.

        The adapter moves the vector the ranking uses, but the assistant's
        thresholds on `dense_score` were calibrated on plain cosines; the adapter's
        own scope bar reads `adapted_score`.
        """
        positions = np.array([self._position[h.chunk.id] for h in hits], dtype=np.int64)
        best = self.vectors.inner_products(vector, positions).astype(np.float64)
        owned = [
            (i, sid)
            for i, p in enumerate(positions.tolist())
            for sid in self._sentence_ids.get(p, {}).values()
        ]
        if owned and self.sentences is not None:
            ids = np.array([sid for _, sid in owned], dtype=np.int64)
            for (i, _), cosine in zip(
                owned, self.sentences.vectors.inner_products(vector, ids), strict=True
            ):
                best[i] = max(best[i], float(cosine))
        return [
            h
            if h.dense_score is None
            else h.model_copy(update={"dense_score": float(b), "adapted_score": h.dense_score})
            for h, b in zip(hits, best.tolist(), strict=True)
        ]

    def position(self, chunk_id: str) -> int | None:
        """Where the chunk `chunk_id` stands in `chunks`, or None if it is not there."""
        return self._position.get(chunk_id)

    def embed_query(self, text: str) -> np.ndarray:
        """The query vector of `text` (unit length, like the passages')."""
        return self.embedder.embed_batch([text], role="query")[0]

    def dense_ranking(
        self, vector: np.ndarray, depth: int, candidates: np.ndarray | None
    ) -> Ranking:
        """Chunks by cosine, each scored by itself or its best sentence, whichever is higher."""
        scores, ids = self.vectors.search(vector, depth, candidates=candidates)
        if self.sentences is None or not self.sentences.size:
            return Ranking(ids=ids, scores=scores)
        best = dict(zip(ids.tolist(), scores.tolist(), strict=True))
        for chunk, score in self.sentences.best_per_chunk(vector, depth, candidates).items():
            best[chunk] = max(score, best.get(chunk, score))
        order = sorted(best.items(), key=lambda item: -item[1])[:depth]
        return Ranking(
            ids=np.array([doc for doc, _ in order], dtype=np.int64),
            scores=np.array([score for _, score in order], dtype=np.float32),
        )

    def sentence_closeness(self, vector: np.ndarray, chunk: Chunk) -> list[float | None]:
        """Cosine of `vector` with each sentence of `chunk`, in `sentence_spans` order.

        A chunk of one sentence is its own sentence. A fragment too short to have
        been embedded gets None, as does every sentence when the chunk is unknown.
        """
        position = self._position.get(chunk.id)
        spans = chunk.sentence_spans or [(0, len(chunk.text))]
        if position is None:
            return [None] * len(spans)
        ids = self._sentence_ids.get(position)
        if not ids:
            if len(spans) > 1:  # built without sentence vectors
                return [None] * len(spans)
            whole = self.vectors.inner_products(vector, np.array([position], dtype=np.int64))
            return [float(whole[0])]
        assert self.sentences is not None  # ids come from it
        cosines = self.sentences.vectors.inner_products(vector, np.array(list(ids.values())))
        found = dict(zip(ids, cosines.tolist(), strict=True))
        return [found.get(n) for n in range(len(spans))]

    def keyword_ranking(
        self, query: str, depth: int, candidates: np.ndarray | None, emphasis: str | None = None
    ) -> Ranking:
        scores = self.keyword.scores(query)
        if emphasis:
            # BM25 counts a query word once; words said twice count twice this way.
            scores = scores + self.keyword.scores(emphasis)
        pool = (
            np.flatnonzero(scores > 0) if candidates is None else candidates[scores[candidates] > 0]
        )
        if len(pool) == 0:
            return Ranking.empty()
        top = pool[np.argsort(-scores[pool], kind="stable")[:depth]]
        return Ranking(ids=top.astype(np.int64), scores=scores[top])

    def _hits(
        self, order: list[tuple[int, float]], dense: Ranking | None, keyword: Ranking | None
    ) -> list[Hit]:
        dense_at = _positions(dense)
        keyword_at = _positions(keyword)
        hits = []
        for rank, (doc, score) in enumerate(order, start=1):
            d = dense_at.get(doc)
            kw = keyword_at.get(doc)
            hits.append(
                Hit(
                    chunk=self.chunks[doc],
                    rank=rank,
                    score=float(score),
                    dense_score=None if d is None else float(dense.scores[d]),  # type: ignore[union-attr]
                    keyword_score=None if kw is None else float(keyword.scores[kw]),  # type: ignore[union-attr]
                    dense_rank=None if d is None else d + 1,
                    keyword_rank=None if kw is None else kw + 1,
                )
            )
        return hits


def _sentence_ids(
    chunks: Sequence[Chunk], sentences: SentenceIndex | None
) -> dict[int, dict[int, int]]:
    """Chunk position -> {sentence number: sentence vector id}; empty when the sentence
    vectors were not built from these chunks' sentences."""
    if sentences is None:
        return {}
    order = embedded_sentences(chunks)
    if len(order) != sentences.size or any(
        owner != position
        for owner, (position, _) in zip(sentences.owners.tolist(), order, strict=True)
    ):
        return {}
    ids: dict[int, dict[int, int]] = {}
    for vector_id, (position, number) in enumerate(order):
        ids.setdefault(position, {})[number] = vector_id
    return ids


def _positions(ranking: Ranking | None) -> dict[int, int]:
    return {} if ranking is None else {doc: i for i, doc in enumerate(ranking.ids.tolist())}


def _embed_passages(
    texts: list[str],
    embedder: Embedder,
    known: dict[str, np.ndarray],
    report: BuildProgress,
) -> np.ndarray:
    """Embed each distinct text not in `known` once; progress counts only those.

    The Bilag 2 rows repeat one study under several themes, so identical passages
    are common; they share one vector.
    """
    vectors = {t: v for t, v in known.items() if v.shape == (embedder.dim,)}
    todo = [t for t in dict.fromkeys(texts) if t not in vectors]
    report("embedding", 0, len(todo))
    if todo:
        fresh = embed_texts(
            embedder,
            todo,
            role="passage",
            progress=lambda done, total: report("embedding", done, total),
        )
        vectors.update(zip(todo, fresh, strict=True))
    return np.stack([vectors[t] for t in texts]).astype(np.float32)
