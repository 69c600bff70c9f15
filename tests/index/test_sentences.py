"""Sentence vectors: a chunk scores as well as its best sentence (max-sim), and they persist."""

from __future__ import annotations

import numpy as np
import pytest

from corpus.models import Chunk
from index.errors import IndexCorruptError
from index.search import HybridIndex, embedded_texts, passage_text
from index.sentences import sentence_passages
from index.store import SENTENCE_OWNERS, ensure_index, load_index

SHA = "b" * 64
TARGET = "Mentorer hjælper nyansatte flygtninge med at forstå arbejdspladsens uskrevne regler."
OTHER = "Sanktioner påvirker ledige indvandreres overgang til job."


@pytest.fixture
def long_chunk(sentence_chunk) -> Chunk:
    return sentence_chunk(
        "Kommunerne har organiseret beskæftigelsesindsatsen meget forskelligt i perioden.",
        TARGET,
        "Registerdata fra flere år viser store forskelle mellem kommunernes resultater.",
        "Evalueringerne bygger på interviews med ledere, sagsbehandlere og virksomheder.",
        cid="long",
    )


def test_only_multi_sentence_findings_get_sentence_vectors(long_chunk, sentence_chunk) -> None:
    single = sentence_chunk(TARGET, cid="single")
    table = sentence_chunk(TARGET, TARGET, cid="row", kind="study_summary")
    texts, owners = sentence_passages([single, table, long_chunk])
    assert texts == [long_chunk.text[a:b] for a, b in long_chunk.sentence_spans]
    assert owners.tolist() == [2, 2, 2, 2]
    assert embedded_texts([single, long_chunk]) == [
        passage_text(single),
        passage_text(long_chunk),
        *texts,
    ]


def test_a_chunk_scores_as_its_best_sentence(long_chunk, sentence_chunk, embedder) -> None:
    other = sentence_chunk(OTHER, cid="other")
    index = HybridIndex.build([other, long_chunk], embedder=embedder)
    hit = index.search(TARGET, k=2, mode="dense")[0]
    chunk_cosine = float(
        embedder.embed_batch([passage_text(long_chunk)], role="passage")[0]
        @ embedder.embed_batch([TARGET], role="query")[0]
    )
    assert hit.chunk.id == "long"
    assert hit.dense_score == pytest.approx(1.0, abs=1e-5)  # the sentence itself
    assert chunk_cosine < 0.8  # the whole chunk alone would have scored far lower


def test_filters_restrict_sentences_too(long_chunk, sentence_chunk, embedder) -> None:
    other = sentence_chunk(OTHER, cid="other")
    index = HybridIndex.build([other, long_chunk], embedder=embedder)
    hits = index.search(TARGET, k=2, mode="dense", kinds=["footnote"])
    assert hits == []
    only_other = index.dense_ranking(index.embed_query(TARGET), 5, np.array([0], dtype=np.int64))
    assert only_other.ids.tolist() == [0]


def test_sentences_survive_save_and_load(tmp_path, long_chunk, chunks, embedder) -> None:
    items = [*chunks, long_chunk]
    built = ensure_index(tmp_path / "index", corpus_sha256=SHA, chunks=items, embedder=embedder)
    loaded = load_index(tmp_path / "index", corpus_sha256=SHA, embedder=embedder)
    assert loaded.sentences is not None and built.sentences is not None
    assert loaded.sentences.owners.tolist() == built.sentences.owners.tolist()
    assert loaded.search(TARGET, k=1, mode="dense")[0].chunk.id == "long"


def test_damaged_sentence_owners_are_corrupt(tmp_path, long_chunk, embedder) -> None:
    directory = tmp_path / "index"
    ensure_index(directory, corpus_sha256=SHA, chunks=[long_chunk], embedder=embedder)
    (directory / SENTENCE_OWNERS).write_bytes(b"\x93NUMPY garbage")
    with pytest.raises(IndexCorruptError) as error:
        load_index(directory, corpus_sha256=SHA, embedder=embedder)
    assert "\n" not in str(error.value)


def test_sentence_closeness_is_the_cosine_of_each_span(
    long_chunk, sentence_chunk, embedder
) -> None:
    single = sentence_chunk(OTHER, cid="single")
    fragment = sentence_chunk(
        "Se fx.", TARGET, "Registerdata fra flere år viser store forskelle.", cid="fragment"
    )
    index = HybridIndex.build([single, long_chunk, fragment], embedder=embedder)
    query = index.embed_query(TARGET)

    def cosine(passage: str) -> float:
        return float(embedder.embed_batch([passage], role="passage")[0] @ query)

    closeness = index.sentence_closeness(query, long_chunk)
    expected = [cosine(long_chunk.text[a:b]) for a, b in long_chunk.sentence_spans]
    assert closeness == pytest.approx(expected, abs=1e-5)
    assert max(range(4), key=lambda k: closeness[k]) == 1  # TARGET is the second sentence
    # A chunk of one sentence is that sentence; a fragment too short to embed has none.
    assert index.sentence_closeness(query, single) == pytest.approx(
        [cosine(passage_text(single))], abs=1e-5
    )
    assert index.sentence_closeness(query, fragment)[0] is None
    assert index.sentence_closeness(query, fragment)[1] == pytest.approx(1.0, abs=1e-5)
    stranger = long_chunk.model_copy(update={"id": "stranger"})
    assert index.sentence_closeness(query, stranger) == [None] * 4
