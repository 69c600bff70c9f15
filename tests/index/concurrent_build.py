"""Run by test_store.py in two processes at once: build one index folder, report, exit.

Not a test module: it is executed as a script with the index folder as argument.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import make_chunks

from index.fake import HashingEmbedder
from index.store import ensure_index


class SlowEmbedder(HashingEmbedder):
    """Slow enough that the second process arrives while the first still builds."""

    def embed_batch(self, texts, *, role):
        time.sleep(0.4)
        return super().embed_batch(texts, role=role)


def main() -> None:
    directory = Path(sys.argv[1])
    index = ensure_index(
        directory,
        corpus_sha256="c" * 64,
        chunks=[
            c.model_copy(update={"id": f"{c.id}-{n}", "text": f"{c.text} ({n})"})
            for n in range(4)
            for c in make_chunks()
        ],
        embedder=SlowEmbedder(dim=32),
        force=True,
        on_message=lambda message: print(f"message: {message}", flush=True),
    )
    print(f"built {len(index)}", flush=True)


if __name__ == "__main__":
    main()
