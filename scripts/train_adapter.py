"""Train the query adapter (index/adapter.py) on the calibration question sets.

    python scripts/train_adapter.py                   # train; write index/data/...-adapter.npz
    python scripts/train_adapter.py --cross-validate  # leave-one-set-out figures, writes nothing

Needs torch (`pip install -e '.[st]'`); the adapter it writes is read with numpy only.

Data: every question of the sets that tests/gold/sets.json does not mark clean,
asked through the assistant (with the adapter off) so that a follow-up is embedded
as the engine embeds it, with its conversation. An in-scope question's positives
are the chunks whose text holds one of its gold anchors, the rule by which
scripts/eval.py counts a hit; an out-of-scope question's positive is "no passage".
The clean sets are never read: they stay a test.

Objective: a chunk's score is the cosine of normalize(W q) with the chunk or its
best sentence, as in the dense ranking; "no passage" scores a learned constant.
The loss is the softmax cross-entropy of the positives against all chunks and "no
passage" (temperature `tau`; out-of-scope questions weigh `oos_weight`), plus
`lam` * ||W - I||^2, which keeps W near the identity so that what the questions do
not cover keeps e5's own geometry. Full-batch Adam from W = I, so the result is
deterministic.

Bars: each set's questions are scored by a W trained on the other sets; the scope
bar is the adapted top cosine below which `SCOPE_LOSS` of the in-scope questions
the assistant answers fall, and questions below it are abstained on. The rare-word
bar is the same at `RARE_WORD_LOSS`: below it, a rare word the report never uses
puts a question out of scope.
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

from assistant.engine import DENSE_QUERY_CHARS, Assistant  # noqa: E402
from assistant.errors import SettingsError  # noqa: E402
from assistant.service import open_assistant  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from corpus.text import normalize  # noqa: E402
from index.adapter import SHIPPED_ADAPTER, QueryAdapter, write_adapter  # noqa: E402
from index.search import HybridIndex  # noqa: E402

#: Chosen by cross-validation on the calibration sets (docs/evaluation.md, ninth and
#: tenth rounds).
TAU = 0.03
LAM = 0.01
OOS_WEIGHT = 3.0
EPOCHS = 200
LEARNING_RATE = 1e-3
#: Share of the answered in-scope questions (scored out of fold) the scope bar may
#: turn into abstentions.
SCOPE_LOSS = 0.01
#: The same share for the looser bar under which a rare word the report never uses
#: decides (assistant.engine): such a word is rare in an answerable question, so
#: the bar may be higher (docs/evaluation.md, tenth round).
RARE_WORD_LOSS = 0.03
#: Where "no passage" starts, near the plain cosines of an off-topic question.
NULL_START = 0.85


@dataclass(frozen=True)
class Example:
    set_name: str
    query: np.ndarray  # the question as the engine embedded it
    positives: tuple[int, ...]  # chunk positions holding a gold anchor; () out of scope
    answered: bool  # the assistant, adapter off, answered it: the scope bar's domain

    @property
    def out_of_scope(self) -> bool:
        return not self.positives


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
            for q, asked, answered in _asked(
                assistant, evaluation.load_questions(qs.path), embedded
            ):
                if q["kind"] == "out_of_scope":
                    # A scope rule may have stopped it before retrieval: embed it as asked.
                    text = asked[0] if asked else q["question"][:DENSE_QUERY_CHARS]
                    examples.append(Example(qs.name, plain(text), (), answered))
                    continue
                anchors = [normalize(a) for a in q["anchors"]]
                positives = tuple(i for i, t in enumerate(texts) if any(a in t for a in anchors))
                if asked and positives:
                    examples.append(Example(qs.name, plain(asked[0]), positives, answered))
    finally:
        index.embed_query = plain  # type: ignore[method-assign]
    return examples


def _asked(assistant: Assistant, questions: list[dict], embedded: list[str]):
    """(question, the texts embedded while answering it, answered?), asked as
    scripts/eval.py asks them."""
    embedded.clear()
    for q, answer, _ in evaluation.asked(assistant, questions):
        yield q, list(embedded), not answer.abstained
        embedded.clear()  # before the next question is asked


def train(
    index: HybridIndex,
    examples: list[Example],
    *,
    tau: float = TAU,
    lam: float = LAM,
    oos_weight: float = OOS_WEIGHT,
    epochs: int = EPOCHS,
) -> tuple[np.ndarray, float]:
    """W and its final training loss (without the penalty)."""
    import torch

    scores = _scorer(index)
    queries = torch.tensor(np.stack([e.query for e in examples]))
    n = len(index.chunks)
    positive = torch.zeros(len(examples), n + 1, dtype=torch.bool)  # last column: none
    weight = torch.ones(len(examples))
    for row, example in enumerate(examples):
        positive[row, list(example.positives) or [n]] = True
        weight[row] = oos_weight if example.out_of_scope else 1.0
    eye = torch.eye(queries.shape[1])
    w = eye.clone().requires_grad_(True)
    null = torch.tensor(NULL_START, requires_grad=True)
    optimizer = torch.optim.Adam([w, null], lr=LEARNING_RATE)
    fit = torch.tensor(0.0)
    for _ in range(epochs):
        optimizer.zero_grad()
        s = scores(torch.nn.functional.normalize(queries @ w.T, dim=1))
        logits = torch.cat([s, null.expand(len(examples), 1)], 1) / tau
        per_question = torch.logsumexp(logits, 1) - torch.logsumexp(
            logits.masked_fill(~positive, -1e9), 1
        )
        fit = (per_question * weight).sum() / weight.sum()
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


def _adapted(examples: list[Example], w: np.ndarray | None):
    import torch

    queries = torch.tensor(np.stack([e.query for e in examples]))
    if w is None:
        return queries
    return torch.nn.functional.normalize(queries @ torch.tensor(w).T, dim=1)


def hit_at_5(index: HybridIndex, examples: list[Example], w: np.ndarray | None) -> float:
    """Share of in-scope examples with a positive among the five best chunks by dense
    score alone."""
    examples = [e for e in examples if not e.out_of_scope]
    top = _scorer(index)(_adapted(examples, w)).topk(5, dim=1).indices.tolist()
    return float(
        np.mean([bool(set(t) & set(e.positives)) for t, e in zip(top, examples, strict=True)])
    )


def top_cosines(index: HybridIndex, examples: list[Example], w: np.ndarray) -> np.ndarray:
    """Each example's best adapted cosine over all chunks: what the scope bar reads."""
    return _scorer(index)(_adapted(examples, w)).max(1).values.numpy()


@dataclass(frozen=True)
class OutOfFold:
    """Every example scored by an adapter trained without its set."""

    examples: list[Example]
    top: np.ndarray  # best adapted cosine, as `top_cosines`
    hit_before: dict[str, float]  # per set: dense hit@5 without an adapter
    hit_after: dict[str, float]  # ... and with one trained on the other sets

    def bar(self, loss: float = SCOPE_LOSS) -> float:
        """The cosine below which `loss` of the answered in-scope questions fall."""
        kept = np.sort([t for e, t in self._answered() if not e.out_of_scope])
        return float(kept[int(loss * len(kept))])

    def below(self, bar: float, set_name: str | None = None) -> tuple[int, int, int, int]:
        """(in-scope below `bar`, answered in-scope, out-of-scope below, answered out of
        scope), over one set or all."""
        chosen = [(e, t) for e, t in self._answered() if set_name in (None, e.set_name)]
        inside = [t for e, t in chosen if not e.out_of_scope]
        outside = [t for e, t in chosen if e.out_of_scope]
        return (
            sum(t < bar for t in inside),
            len(inside),
            sum(t < bar for t in outside),
            len(outside),
        )

    def _answered(self) -> list[tuple[Example, float]]:
        return [(e, float(t)) for e, t in zip(self.examples, self.top, strict=True) if e.answered]


def out_of_fold(index: HybridIndex, examples: list[Example], **params: float) -> OutOfFold:
    """Leave one set out: train on the others, score the set left out."""
    names = list(dict.fromkeys(e.set_name for e in examples))
    ordered: list[Example] = []
    tops = []
    before, after = {}, {}
    for name in names:
        held = [e for e in examples if e.set_name == name]
        w, _ = train(index, [e for e in examples if e.set_name != name], **params)  # type: ignore[arg-type]
        ordered += held
        tops.append(top_cosines(index, held, w))
        if any(not e.out_of_scope for e in held):
            before[name], after[name] = hit_at_5(index, held, None), hit_at_5(index, held, w)
        print(f"  {name}: trained without it", file=sys.stderr)
    return OutOfFold(ordered, np.concatenate(tops), before, after)


def cross_validate(folds: OutOfFold, params: dict[str, float]) -> None:
    """Per set: dense hit@5 without and with an adapter trained on the other sets, and
    what the scope bar (set on all sets' out-of-fold scores) does to it."""
    bar = folds.bar()
    print(f"scope bar {bar:.4f} ({SCOPE_LOSS:.0%} of the answered in-scope questions below)")
    for name in dict.fromkeys(e.set_name for e in folds.examples):
        lost, answered, caught, wrong = folds.below(bar, name)
        hit = (
            f"dense hit@5 {folds.hit_before[name]:.3f} -> {folds.hit_after[name]:.3f}"
            if name in folds.hit_before
            else "no in-scope questions"
        )
        print(
            f"{name:4} {hit}; bar abstains on {lost}/{answered} answered in-scope, "
            f"{caught}/{wrong} answered out-of-scope"
        )
    n = sum(1 for e in folds.examples if not e.out_of_scope)
    sizes = {
        name: sum(1 for e in folds.examples if e.set_name == name and not e.out_of_scope)
        for name in folds.hit_before
    }
    before = sum(folds.hit_before[k] * sizes[k] for k in sizes) / n
    after = sum(folds.hit_after[k] * sizes[k] for k in sizes) / n
    lost, answered, caught, wrong = folds.below(bar)
    print(
        f"all  dense hit@5 {before:.3f} -> {after:.3f} over {n} in-scope questions; bar "
        f"abstains on {lost}/{answered} answered in-scope, {caught}/{wrong} answered "
        f"out-of-scope  {params}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SHIPPED_ADAPTER, help="where to write W")
    parser.add_argument("--tau", type=float, default=TAU, help="softmax temperature")
    parser.add_argument("--lam", type=float, default=LAM, help="weight of ||W - I||^2")
    parser.add_argument(
        "--oos-weight",
        type=float,
        default=OOS_WEIGHT,
        help="weight of an out-of-scope question in the loss",
    )
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="full-batch Adam steps")
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="print leave-one-set-out dense hit@5 and scope-bar figures; write nothing",
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
    params = {
        "tau": args.tau,
        "lam": args.lam,
        "oos_weight": args.oos_weight,
        "epochs": args.epochs,
    }
    print("scoring each set with an adapter trained on the others ...", file=sys.stderr)
    folds = out_of_fold(base.index, examples, **params)
    if args.cross_validate:
        cross_validate(folds, params)
        return 0
    bar, rare_bar = folds.bar(), folds.bar(RARE_WORD_LOSS)
    w, loss = train(base.index, examples, **params)  # type: ignore[arg-type]
    lost, answered, caught, wrong = folds.below(bar)
    about = {
        "trained_on": [qs.name for qs in sets],
        "questions": sum(1 for e in examples if not e.out_of_scope),
        "out_of_scope_questions": sum(1 for e in examples if e.out_of_scope),
        **params,
        "loss": round(loss, 4),
        "scope_loss": SCOPE_LOSS,
        "rare_word_loss": RARE_WORD_LOSS,
        "scope_bar_out_of_fold": f"abstains on {lost}/{answered} answered in-scope, "
        f"{caught}/{wrong} answered out-of-scope",
    }
    adapter = QueryAdapter(w, base.index.embedder.id, about, scope_bar=bar, rare_word_bar=rare_bar)
    write_adapter(adapter, args.out)
    before, after = hit_at_5(base.index, examples, None), hit_at_5(base.index, examples, w)
    print(f"wrote {args.out}: scope bar {bar:.4f}, rare-word bar {rare_bar:.4f}; {about}")
    print(f"dense hit@5 on the training questions {before:.3f} -> {after:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
