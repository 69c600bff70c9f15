"""The hand-written question sets are well formed and their anchors are the report's words.

Every set that scripts/eval.py runs is listed in tests/gold/sets.json. A hit counts
only if an excerpt contains an anchor, so an anchor that is not verbatim in the
report could never be hit and would lower a figure for no reason. These checks
read the gold data and the report only, never what the assistant answers, so they
reveal nothing about a clean set's misses.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from corpus.text import normalize

ROOT = Path(__file__).parents[1]
GOLD = ROOT / "tests" / "gold"
REPORT = ROOT / "corpus" / "data" / "viden_til_at_komme_i_maal.txt"
SETS = json.loads((GOLD / "sets.json").read_text(encoding="utf-8"))["sets"]
REQUIRED = {"id", "lang", "kind", "question", "anchors"}


def _lines(file: str) -> list[dict]:
    text = (GOLD / file).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def report() -> str:
    # Line-end hyphens and line breaks vanish in normalisation, as in the gold README.
    return normalize(REPORT.read_text(encoding="utf-8"))


def test_every_question_file_is_registered_once() -> None:
    names = [s["name"] for s in SETS]
    files = [s["file"] for s in SETS]
    assert len(set(names)) == len(names)
    assert len(set(files)) == len(files)
    on_disk = {p.name for p in GOLD.glob("*.jsonl")}
    assert set(files) == on_disk


@pytest.mark.parametrize("entry", SETS, ids=[s["name"] for s in SETS])
def test_questions_are_well_formed(entry: dict) -> None:
    questions = _lines(entry["file"])
    assert questions
    ids = Counter(q["id"] for q in questions)
    assert [i for i, n in ids.items() if n > 1] == []
    for q in questions:
        assert q.keys() >= REQUIRED, q["id"]
        assert q["lang"] in {"da", "en"}, q["id"]
        assert q["question"].strip(), q["id"]
        if q["kind"] == "out_of_scope":
            assert q["anchors"] == [], f"{q['id']}: an out-of-scope question has no anchors"


@pytest.mark.parametrize("entry", SETS, ids=[s["name"] for s in SETS])
def test_every_anchor_is_verbatim_in_the_report(entry: dict, report: str) -> None:
    missing = [
        (q["id"], anchor)
        for q in _lines(entry["file"])
        for anchor in q["anchors"]
        if normalize(anchor) not in report
    ]
    assert missing == []


@pytest.mark.parametrize("entry", SETS, ids=[s["name"] for s in SETS])
def test_conversations_are_contiguous_and_in_turn_order(entry: dict) -> None:
    turns: dict[str, list[int]] = {}
    order: list[str] = []
    for q in _lines(entry["file"]):
        conversation = q.get("conversation")
        if conversation is None:
            continue
        if not order or order[-1] != conversation:
            assert conversation not in turns, f"{conversation} is split"
            order.append(conversation)
        turns.setdefault(conversation, []).append(q["turn"])
        # The first turn stands alone; the later ones lean on it, and one of them may
        # ask what the report does not answer (the tenth round's sets Q and Z).
        if q["turn"] == 1:
            assert q["kind"] != "followup", q["id"]
        else:
            assert q["kind"] in {"followup", "out_of_scope"}, q["id"]
    for conversation, seen in turns.items():
        assert seen == list(range(1, len(seen) + 1)), conversation
