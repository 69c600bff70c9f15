"""Evaluate the assistant on the hand-written question set (tests/gold/questions.jsonl).

Runs the full pipeline and, in the same process, dense-only and keyword-only
retrieval, and prints one table (Markdown) with hit@1/3/5, MRR, how often the
short answer holds a gold anchor, citation recall, weight accuracy, precision when
answering, coverage, abstention accuracy, excerpt length and warm latency, plus
breakdowns by language and for follow-ups.

    python scripts/eval.py                 # all three modes
    python scripts/eval.py --modes hybrid  # just the full pipeline
    python scripts/eval.py --failures      # list the misses of the sets that may be read
    python scripts/eval.py --sets dev,F    # only some sets (their names are in --help)

The clean test sets (marked in tests/gold/sets.json: E, F, M, N, O and P) print their
summary rows only, even with --failures: reading their misses would turn them into
tuning data.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.engine import Assistant  # noqa: E402
from assistant.models import Answer  # noqa: E402
from assistant.service import open_assistant  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from corpus.text import normalize  # noqa: E402

QUESTIONS = ROOT / "tests" / "gold" / "questions.jsonl"
FACTS = ROOT / "tests" / "gold" / "study_facts.json"


@dataclass(frozen=True)
class QuestionSet:
    name: str
    title: str
    path: Path
    #: A clean set is a test: its misses are never printed, so nobody tunes on them.
    clean: bool = False


GOLD = ROOT / "tests" / "gold"
#: Which sets exist and which are clean is kept beside the gold data.
SETS = tuple(
    QuestionSet(s["name"], s["title"], GOLD / s["file"], clean=s["clean"])
    for s in json.loads((GOLD / "sets.json").read_text(encoding="utf-8"))["sets"]
)


@dataclass
class Result:
    question: dict
    answer: Answer
    seconds: float

    @property
    def in_scope(self) -> bool:
        return self.question["kind"] != "out_of_scope"

    @cached_property
    def _anchors(self) -> list[str]:
        return [normalize(a) for a in self.question["anchors"]]

    def _holds_anchor(self, text: str) -> bool:
        normalized = normalize(text)
        return any(a in normalized for a in self._anchors)

    def short_answer_hit(self) -> bool:
        """Whether the short answer (the sentences shown first) holds a gold anchor."""
        return self._holds_anchor(self.answer.answer)

    def first_hit(self) -> int | None:
        """1-based rank of the first excerpt containing a gold anchor."""
        for rank, excerpt in enumerate(self.answer.excerpts, start=1):
            if self._holds_anchor(excerpt.text):
                return rank
        return None


@dataclass
class Scores:
    results: list[Result] = field(default_factory=list)

    def _answerable(self) -> list[Result]:
        return [r for r in self.results if r.in_scope and r.question["anchors"]]

    def hit_at(self, k: int, subset: list[Result] | None = None) -> float:
        rows = self._answerable() if subset is None else subset
        hits = [r for r in rows if (h := r.first_hit()) is not None and h <= k]
        return len(hits) / len(rows) if rows else float("nan")

    def short_answer_rate(self) -> float:
        """Share of answered in-scope questions whose short answer holds an anchor."""
        rows = [r for r in self._answerable() if not r.answer.abstained]
        return sum(r.short_answer_hit() for r in rows) / len(rows) if rows else float("nan")

    def mrr(self) -> float:
        rows = self._answerable()
        return statistics.mean(1 / h if (h := r.first_hit()) else 0.0 for r in rows)

    def citation_recall(self) -> float:
        recalls = [float("nan")]
        for r in self._answerable():
            gold = set(r.question["study_keys"])
            if gold:
                got = {c.key for c in r.answer.citations}
                recalls.append(len(gold & got) / len(gold))
        valid = [x for x in recalls if not math.isnan(x)]
        return statistics.mean(valid) if valid else float("nan")

    def weight_accuracy(self, gold_weights: dict[str, str]) -> float:
        pairs = [
            (c.evidence_weight, gold_weights[c.key])
            for r in self.results
            for c in r.answer.citations
            if c.key in gold_weights
        ]
        lookups = [
            (c.evidence_weight, r.question["weight"])
            for r in self.results
            if r.question.get("weight")
            for c in r.answer.citations
            if c.key in r.question["study_keys"]
        ]
        pairs += lookups
        return sum(a == b for a, b in pairs) / len(pairs) if pairs else float("nan")

    def decision_precision(self) -> float:
        """Share of answered questions that the report does answer (in scope)."""
        answered = [r for r in self.results if not r.answer.abstained]
        return sum(r.in_scope for r in answered) / len(answered) if answered else float("nan")

    def abstention(self) -> tuple[float, float, float]:
        """(abstention accuracy, precision when answering, coverage).

        Precision counts an answer as correct only if the question was in scope and
        a gold anchor is in the top five excerpts (or the gold knowledge gap is shown).
        """
        correct = [r.answer.abstained == (not r.in_scope) for r in self.results]
        answered = [r for r in self.results if not r.answer.abstained]
        good = [r for r in answered if r.in_scope and _answered_well(r)]
        in_scope = [r for r in self.results if r.in_scope]
        coverage = sum(not r.answer.abstained for r in in_scope) / len(in_scope)
        precision = len(good) / len(answered) if answered else float("nan")
        return sum(correct) / len(correct), precision, coverage

    def excerpt_chars(self) -> float:
        sizes = [
            sum(len(e.text) for e in r.answer.excerpts[:5])
            for r in self.results
            if r.answer.excerpts
        ]
        return statistics.median(sizes)

    def latency_ms(self) -> tuple[float, float]:
        times = sorted(r.seconds * 1000 for r in self.results)
        return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def _answered_well(r: Result) -> bool:
    """An in-scope answer is correct if an anchor is in its top 5 (or it found the gap)."""
    hit = r.first_hit()
    if hit is not None and hit <= 5:
        return True
    gap = r.question.get("gap")
    return (
        gap is not None
        and r.answer.knowledge_gap is not None
        and r.answer.knowledge_gap.number == gap
    )


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    lines = path.read_text("utf-8").splitlines()
    questions = [json.loads(line) for line in lines if line.strip()]
    for q in questions:  # the held-out set has no conversations, studies or weights
        q.setdefault("conversation", None)
        q.setdefault("study_keys", [])
        q.setdefault("weight", None)
    return questions


def gold_weights() -> dict[str, str]:
    facts = json.loads(FACTS.read_text("utf-8"))["facts"]
    return {f["key"]: f["value"] for f in facts if f["field"] == "evidence_weight"}


def asked(assistant: Assistant, questions: list[dict]) -> Iterator[tuple[dict, Answer, float]]:
    """(question, answer, seconds) for each question in file order; the turns of a
    conversation share one conversation, anything else starts afresh."""
    conversation = None
    for q in questions:
        if q.get("conversation") != conversation or q.get("conversation") is None:
            assistant.reset()
        conversation = q.get("conversation")
        start = time.perf_counter()
        answer = assistant.ask(q["question"])
        yield q, answer, time.perf_counter() - start


def run(assistant: Assistant, questions: list[dict]) -> Scores:
    return Scores([Result(q, a, seconds) for q, a, seconds in asked(assistant, questions)])


def table(all_scores: dict[str, Scores], weights: dict[str, str]) -> str:
    rows = [
        "| metric | " + " | ".join(all_scores) + " |",
        "|---|" + "---|" * len(all_scores),
    ]

    def row(name: str, fn) -> None:
        rows.append(f"| {name} | " + " | ".join(fn(s) for s in all_scores.values()) + " |")

    def subset(s: Scores, pred) -> list[Result]:
        return [r for r in s._answerable() if pred(r.question)]

    row("hit@1", lambda s: f"{s.hit_at(1):.3f}")
    row("hit@3", lambda s: f"{s.hit_at(3):.3f}")
    row("hit@5", lambda s: f"{s.hit_at(5):.3f}")
    row("MRR", lambda s: f"{s.mrr():.3f}")
    row("short answer holds an anchor (answered)", lambda s: f"{s.short_answer_rate():.3f}")
    row("hit@5 English", lambda s: f"{s.hit_at(5, subset(s, lambda q: q['lang'] == 'en')):.3f}")
    row("hit@5 Danish", lambda s: f"{s.hit_at(5, subset(s, lambda q: q['lang'] == 'da')):.3f}")
    row(
        "hit@5 follow-up turns",
        lambda s: f"{s.hit_at(5, subset(s, lambda q: q['kind'] == 'followup')):.3f}",
    )
    row(
        "hit@5 study lookups",
        lambda s: f"{s.hit_at(5, subset(s, lambda q: q['kind'] == 'study_lookup')):.3f}",
    )
    row("citation recall", lambda s: f"{s.citation_recall():.3f}")
    row("weight accuracy", lambda s: f"{s.weight_accuracy(weights):.3f}")
    row("abstention accuracy", lambda s: f"{s.abstention()[0]:.3f}")
    row("precision when answering (in scope and hit@5)", lambda s: f"{s.abstention()[1]:.3f}")
    row("decision precision (in scope among answered)", lambda s: f"{s.decision_precision():.3f}")
    row("coverage (in-scope answered)", lambda s: f"{s.abstention()[2]:.3f}")
    row("median top-5 excerpt chars", lambda s: f"{s.excerpt_chars():.0f}")
    row("latency p50 / p95 ms", lambda s: "{:.1f} / {:.1f}".format(*s.latency_ms()))
    return "\n".join(rows)


def failures(scores: Scores) -> str:
    out = []
    for r in scores.results:
        hit = r.first_hit()
        wrong_abstain = r.answer.abstained != (not r.in_scope)
        if wrong_abstain or (r.in_scope and r.question["anchors"] and (hit is None or hit > 5)):
            got = r.answer.excerpts[0].text[:90] if r.answer.excerpts else r.answer.answer[:90]
            out.append(
                f"{r.question['id']} [{r.question['kind']}/{r.question['lang']}] "
                f"abstained={r.answer.abstained} hit={hit}\n   Q: {r.question['question']}\n"
                f"   R: {r.answer.resolved_question}\n   A: {got}"
            )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default="hybrid,dense,keyword")
    parser.add_argument(
        "--failures", action="store_true", help="list misses of the first mode (not for clean sets)"
    )
    parser.add_argument(
        "--sets",
        default=",".join(qs.name for qs in SETS),
        help="comma-separated set names to run: " + ", ".join(qs.name for qs in SETS),
    )
    args = parser.parse_args()
    base = open_assistant(load_settings(), on_message=lambda m: print(m, file=sys.stderr))
    # Warm up: load models and caches before timing.
    base.ask("Virker privat løntilskud?")
    print(f"machine: {platform.node()} {platform.machine()}, python {platform.python_version()}")
    wanted = set(args.sets.split(","))
    for qs in SETS:
        if qs.name not in wanted or not qs.path.exists():
            continue
        title, path = qs.title, qs.path
        questions = load_questions(path)
        all_scores: dict[str, Scores] = {}
        for mode in args.modes.split(","):
            assistant = Assistant(base.corpus, base.index, mode=mode)  # type: ignore[arg-type]
            all_scores[mode] = run(assistant, questions)
        kinds: dict[str, int] = {}
        for q in questions:
            kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
        print(
            f"\n### {title}\n\n{path.relative_to(ROOT)}: {len(questions)} questions ({summary})\n"
        )
        print(table(all_scores, gold_weights()))
        if args.failures and qs.clean:
            print("\n(misses of a clean set are not printed)")
        elif args.failures:
            first = next(iter(all_scores))
            print(f"\nmisses of {first}:\n" + failures(all_scores[first]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
