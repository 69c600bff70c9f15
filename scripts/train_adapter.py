"""Train the query adapter (index/adapter.py) on the calibration question sets.

    python scripts/train_adapter.py                   # train; write index/data/...-adapter.npz
    python scripts/train_adapter.py --cross-validate  # leave-one-set-out figures, writes nothing

Needs torch (`pip install -e '.[st]'`); the adapter it writes is read with numpy only.

Data: every in-scope question of the sets that tests/gold/sets.json does not mark
clean, asked through the assistant (with the adapter off) so that a follow-up is
embedded as the engine embeds it, with its conversation. Its positives are the
chunks whose text holds one of its gold anchors, the rule by which
scripts/eval.py counts a hit. The clean sets are never read: they stay a test.

Objective: a chunk's score is the cosine of normalize(W q) with the chunk or its
best sentence, as in the dense ranking; the loss is the softmax cross-entropy of
the positives against all chunks (temperature `tau`), plus `lam` * ||W - I||^2,
which keeps W near the identity so that what the questions do not cover keeps
e5's own geometry. Full-batch Adam from W = I, so the result is deterministic.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))  # also when imported, as the tests do

import eval as evaluation  # noqa: E402  (scripts/eval.py: the question sets)

from assistant.engine import Assistant  # noqa: E402
from assistant.errors import SettingsError  # noqa: E402
from assistant.service import open_assistant  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from corpus.text import normalize  # noqa: E402
from index.adapter import SHIPPED_ADAPTER, QueryAdapter, write_adapter  # noqa: E402
from index.search import HybridIndex  # noqa: E402

#: Chosen by --cross-validate on the calibration sets (docs/evaluation.md, ninth round).
TAU = 0.03
LAM = 0.1
EPOCHS = 200
LEARNING_RATE = 1e-3


@dataclass(frozen=True)
class Example:
    set_name: str
    query: np.ndarray  # the question as the engine embedded it
    positives: tuple[int, ...]  # chunk positions holding a gold anchor


def collect(assistant: Assistant, sets: list[evaluation.QuestionSet]) -> list[Example]:
    """Ask every question of `sets`; keep what the engine embedded and its positives."""
    index = assistant.index
    texts = [normalize(c.text) for c in index.chunks]
    embedded: list[str] = []
    plain = index.embed_query

    def recording(text: str) -> np.ndarray:  # the engine's own query, follow-ups resolved
        embedded.append(text)
        return plain(text)

    index.embed_query = recording  # type: ignore[method-assign]
    examples = []
    try:
        for qs in sets:
            for q, asked in _asked(assistant, evaluation.load_questions(qs.path), embedded):
                anchors = [normalize(a) for a in q["anchors"]]
                positives = tuple(i for i, t in enumerate(texts) if any(a in t for a in anchors))
                if q["kind"] != "out_of_scope" and asked and positives:
                    examples.append(Example(qs.name, plain(asked[0]), positives))
    finally:
        index.embed_query = plain  # type: ignore[method-assign]
    return examples


def _asked(assistant: Assistant, questions: list[dict], embedded: list[str]):
    """(question, the texts embedded while answering it), conversations kept as in eval."""
    conversation = None
    for q in questions:
        if q.get("conversation") != conversation or q.get("conversation") is None:
            assistant.reset()
        conversation = q.get("conversation")
        embedded.clear()
        assistant.ask(q["question"])
        yield q, list(embedded)


def train(
    index: HybridIndex,
    examples: list[Example],
    *,
    tau: float = TAU,
    lam: float = LAM,
    epochs: int = EPOCHS,
) -> tuple[np.ndarray, float]:
    """W and its final training loss (without the penalty)."""
    import torch

    scores = _scorer(index)
    queries = torch.tensor(np.stack([e.query for e in examples]))
    positive = torch.zeros(len(examples), len(index.chunks), dtype=torch.bool)
    for row, example in enumerate(examples):
        positive[row, list(example.positives)] = True
    eye = torch.eye(queries.shape[1])
    w = eye.clone().requires_grad_(True)
    optimizer = torch.optim.Adam([w], lr=LEARNING_RATE)
    fit = torch.tensor(0.0)
    for _ in range(epochs):
        optimizer.zero_grad()
        logits = scores(torch.nn.functional.normalize(queries @ w.T, dim=1)) / tau
        fit = -(
            torch.logsumexp(logits.masked_fill(~positive, -1e9), 1) - torch.logsumexp(logits, 1)
        ).mean()
        (fit + lam * ((w - eye) ** 2).sum()).backward()
        optimizer.step()
    return w.detach().numpy().astype(np.float32), float(fit.detach())


def _scorer(index: HybridIndex):
    """Query vectors -> (queries x chunks) scores: max of chunk and best-sentence cosine."""
    import torch

    chunks = torch.tensor(index.vectors.vectors())
    if index.sentences is None or not index.sentences.size:
        return lambda q: q @ chunks.T
    sentences = torch.tensor(index.sentences.vectors.vectors())
    owners = torch.tensor(index.sentences.owners)

    def scores(q):
        per_sentence = q @ sentences.T
        best = torch.full((q.shape[0], chunks.shape[0]), -1.0)
        best = best.scatter_reduce(
            1, owners.expand(q.shape[0], -1), per_sentence, reduce="amax", include_self=True
        )
        return torch.maximum(q @ chunks.T, best)

    return scores


def hit_at_5(index: HybridIndex, examples: list[Example], w: np.ndarray | None) -> float:
    """Share of examples with a positive among the five best chunks by dense score alone."""
    import torch

    queries = torch.tensor(np.stack([e.query for e in examples]))
    if w is not None:
        queries = torch.nn.functional.normalize(queries @ torch.tensor(w).T, dim=1)
    top = _scorer(index)(queries).topk(5, dim=1).indices.tolist()
    return float(
        np.mean([bool(set(t) & set(e.positives)) for t, e in zip(top, examples, strict=True)])
    )


def cross_validate(index: HybridIndex, examples: list[Example], **params: float) -> None:
    """Per set: dense hit@5 without and with an adapter trained on the other sets."""
    names = list(dict.fromkeys(e.set_name for e in examples))
    before = after = 0.0
    for name in names:
        held = [e for e in examples if e.set_name == name]
        w, _ = train(index, [e for e in examples if e.set_name != name], **params)  # type: ignore[arg-type]
        b, a = hit_at_5(index, held, None), hit_at_5(index, held, w)
        before, after = before + b * len(held), after + a * len(held)
        print(f"{name:4} {len(held):4} questions  dense hit@5 {b:.3f} -> {a:.3f}")
    n = len(examples)
    print(f"all  {n:4} questions  dense hit@5 {before / n:.3f} -> {after / n:.3f}  {params}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SHIPPED_ADAPTER, help="where to write W")
    parser.add_argument("--tau", type=float, default=TAU, help="softmax temperature")
    parser.add_argument("--lam", type=float, default=LAM, help="weight of ||W - I||^2")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="full-batch Adam steps")
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="print leave-one-set-out dense hit@5 and write nothing",
    )
    args = parser.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        print("train_adapter: needs torch (pip install -e '.[st]')", file=sys.stderr)
        return 2
    try:
        settings = load_settings().model_copy(update={"query_adapter": False})
    except SettingsError as e:
        print(f"train_adapter: {e}", file=sys.stderr)
        return 2
    sets = [qs for qs in evaluation.SETS if not qs.clean]
    base = open_assistant(settings, on_message=lambda m: print(m, file=sys.stderr))
    print(f"asking {len(sets)} calibration sets ...", file=sys.stderr)
    examples = collect(base, sets)
    params = {"tau": args.tau, "lam": args.lam, "epochs": args.epochs}
    if args.cross_validate:
        cross_validate(base.index, examples, **params)
        return 0
    w, loss = train(base.index, examples, **params)  # type: ignore[arg-type]
    about = {
        "trained_on": [qs.name for qs in sets],
        "questions": len(examples),
        **params,
        "loss": round(loss, 4),
    }
    write_adapter(QueryAdapter(w, base.index.embedder.id, about), args.out)
    before, after = hit_at_5(base.index, examples, None), hit_at_5(base.index, examples, w)
    print(f"wrote {args.out}: {about}")
    print(f"dense hit@5 on the training questions {before:.3f} -> {after:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
