"""A deterministic, dependency-free embedder for unit tests.

Hashed character trigrams of each word: texts sharing word pieces get similar
vectors, which is enough to test ranking, fusion and persistence without loading
a neural model. Uses `zlib.crc32`, not `hash()`, so vectors are the same in every
process (Python salts `hash` per process).
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from index.embedders import Role, normalize_rows

_WORD = re.compile(r"\w+")


class HashingEmbedder:
    """Signed feature hashing of character 3-grams into `dim` buckets."""

    def __init__(self, dim: int = 64, *, seed: int = 0) -> None:
        self._dim = dim
        self.seed = seed
        self.id = f"hashing:{dim}:{seed}"

    @property
    def dim(self) -> int:
        return self._dim

    def embed_batch(self, texts: list[str], *, role: Role) -> np.ndarray:
        # The role is ignored on purpose: queries and passages share one space here.
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for gram in _trigrams(text):
                code = zlib.crc32(gram.encode("utf-8"), self.seed)
                out[row, code % self._dim] += 1.0 if code & (1 << 31) else -1.0
        out[~out.any(axis=1), 0] = 1.0  # empty text: a fixed unit vector, never NaN
        return normalize_rows(out)


def _trigrams(text: str) -> list[str]:
    grams: list[str] = []
    for word in _WORD.findall(text.lower()):
        padded = f"<{word}>"
        grams.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams
