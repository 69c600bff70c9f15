"""Sentence vectors: a chunk also scores as well as its best-matching sentence.

A chunk's embedding is the mean of two to six sentences, so a question aimed at
one of them ("tjener virksomhederne penge på praktik?") is diluted by the rest.
Each sentence of a multi-sentence chunk is therefore embedded too, and the dense
score of a chunk is the larger of its own cosine and its best sentence's cosine
(max-sim). Measured on the development questions with scripts/eval.py: hit@5
0.893 -> 0.912, MRR 0.708 -> 0.750; held-out A hit@5 0.767 -> 0.867.

A sentence is embedded as "section title + newline + sentence", like its chunk.
Study summaries (Bilag 2 rows) are one table row each and single-sentence chunks
are their own sentence, so neither adds sentence vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.models import Chunk
from index.vectors import VectorIndex

#: Shorter pieces are list labels or stray fragments ("Se fx", "(2015)").
MIN_SENTENCE_CHARS = 15
#: Sentences fetched per wanted chunk: a chunk has several, and the best of
#: one chunk should not crowd out the other chunks' best.
FANOUT = 4


def embedded_sentences(chunks: Sequence[Chunk]) -> list[tuple[int, int]]:
    """(chunk position, sentence number) of each sentence that gets a vector, in
    vector order: the one place that decides which sentences are embedded."""
    found: list[tuple[int, int]] = []
    for position, chunk in enumerate(chunks):
        if chunk.kind == "study_summary" or len(chunk.sentence_spans) < 2:
            continue
        for number, (start, end) in enumerate(chunk.sentence_spans):
            if len(chunk.text[start:end].strip()) >= MIN_SENTENCE_CHARS:
                found.append((position, number))
    return found


def sentence_passages(chunks: Sequence[Chunk]) -> tuple[list[str], np.ndarray]:
    """The texts to embed for the sentences of `chunks`, and each one's chunk position."""
    texts: list[str] = []
    owners: list[int] = []
    for position, number in embedded_sentences(chunks):
        chunk = chunks[position]
        start, end = chunk.sentence_spans[number]
        sentence = chunk.text[start:end].strip()
        texts.append(f"{chunk.section_title}\n{sentence}" if chunk.section_title else sentence)
        owners.append(position)
    return texts, np.asarray(owners, dtype=np.int64)


@dataclass(frozen=True)
class SentenceIndex:
    """Sentence vectors in FAISS plus, per vector, the position of its chunk."""

    vectors: VectorIndex
    owners: np.ndarray

    @property
    def size(self) -> int:
        return self.vectors.size

    def best_per_chunk(
        self, query: np.ndarray, depth: int, candidates: np.ndarray | None
    ) -> dict[int, float]:
        """Chunk position -> cosine of its best sentence, over the top sentences."""
        allowed = None
        if candidates is not None:
            allowed = np.flatnonzero(np.isin(self.owners, candidates)).astype(np.int64)
        scores, ids = self.vectors.search(query, depth * FANOUT, candidates=allowed)
        best: dict[int, float] = {}
        for score, sentence in zip(scores.tolist(), ids.tolist(), strict=True):
            owner = int(self.owners[sentence])
            if owner not in best:  # scores come best first
                best[owner] = score
        return best

    def save(self, vectors_path: Path, owners_path: Path) -> None:
        self.vectors.save(vectors_path)
        with owners_path.open("wb") as out:
            np.save(out, self.owners, allow_pickle=False)

    @classmethod
    def load(cls, vectors_path: Path, owners_path: Path) -> SentenceIndex:
        """Read what `save` wrote; errors propagate for the store to call corruption."""
        vectors = VectorIndex.load(vectors_path)
        owners = np.load(owners_path, allow_pickle=False).astype(np.int64)
        if owners.shape != (vectors.size,):
            raise ValueError(f"{owners.shape[0]} sentence owners for {vectors.size} vectors")
        return cls(vectors=vectors, owners=owners)
