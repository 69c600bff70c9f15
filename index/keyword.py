"""The keyword side: BM25 (`bm25s`) over the Danish analyzer's tokens.

BM25 catches what embeddings blur: exact terms, names, years and numbers. The
analyzer is fitted on the corpus, so it is saved with the BM25 matrices (in its
compact form, see `DanishAnalyzer.compact`) and the two always travel together.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.analyzer import DanishAnalyzer

BM25_PARAMS = {"k1": 1.2, "b": 0.75, "method": "lucene"}
ANALYZER_FILE = "analyzer.json"
BM25_DIR = "bm25"


class KeywordIndex:
    """BM25 scores of every document for a query, in document order."""

    def __init__(self, bm25: object, analyzer: DanishAnalyzer) -> None:
        self.bm25 = bm25
        self.analyzer = analyzer

    @classmethod
    def build(cls, texts: Sequence[str]) -> KeywordIndex:
        """Fit the analyzer on `texts`, tokenize them and index the tokens."""
        import bm25s

        analyzer = DanishAnalyzer.fit(texts)
        tokens = analyzer.analyze_many(texts)
        bm25 = bm25s.BM25(**BM25_PARAMS)
        bm25.index(tokens, show_progress=False)
        vocabulary = {token for doc in tokens for token in doc}
        return cls(bm25, analyzer.compact(vocabulary))

    @property
    def size(self) -> int:
        return int(self.bm25.scores["num_docs"])  # type: ignore[attr-defined]

    def query_tokens(self, query: str) -> list[str]:
        """The analyzed query, without repeats (a repeated term would count twice)."""
        return list(dict.fromkeys(self.analyzer.analyze(query)))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document (float32, 0 where no query term occurs)."""
        vocab = self.bm25.vocab_dict  # type: ignore[attr-defined]
        ids = [vocab[t] for t in self.query_tokens(query) if t in vocab]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.bm25.get_scores_from_ids(ids), dtype=np.float32)  # type: ignore[attr-defined]

    def save(self, directory: Path) -> None:
        """Write the BM25 matrices to `directory/bm25/` and the analyzer beside them."""
        self.bm25.save(str(directory / BM25_DIR), show_progress=False)  # type: ignore[attr-defined]
        (directory / ANALYZER_FILE).write_text(
            json.dumps(self.analyzer.to_dict(), ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex:
        """Read what `save` wrote; errors propagate for the store to call corruption."""
        import bm25s

        bm25 = bm25s.BM25.load(str(directory / BM25_DIR), show_progress=False)
        data = json.loads((directory / ANALYZER_FILE).read_text(encoding="utf-8"))
        return cls(bm25, DanishAnalyzer.from_dict(data))
