"""10,000 generated questions through `evidens chat --jsonl`: one object per line, flat memory."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest

N_QUESTIONS = 10_000
SCRIPTS = ["ما الذي ينجح", "难民 工作", "Что работает", "🙂🚀", "שלום", "नमस्ते"]
NOISE = "!?.,;:-_()[]{}'\"#%&/\\|<>=+*^~`@$"


def _questions(corpus) -> list[str]:
    """Deterministic mix of corpus words, noise, other scripts, CPR numbers and resets."""
    rng = random.Random(7)
    words = sorted(
        {w.strip(".,()”") for p in corpus.paragraphs for w in p.text.split() if w.isalpha()}
    )
    out: list[str] = []
    while len(out) < N_QUESTIONS:
        roll = rng.random()
        if roll < 0.55:
            line = " ".join(rng.choices(words, k=rng.randint(1, 12))) + "?"
        elif roll < 0.70:
            line = "".join(rng.choices(NOISE + "0123456789 ", k=rng.randint(1, 40)))
        elif roll < 0.82:
            line = f"{rng.choice(SCRIPTS)} {rng.choice(words)} {rng.choice(SCRIPTS)}"
        elif roll < 0.88:
            day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(0, 99)
            cpr = f"{day:02d}{month:02d}{year:02d}-{rng.randint(0, 9999):04d}"
            line = f"Borger {cpr} {rng.choice(words)}"
        elif roll < 0.92:
            line = "/reset"
        elif roll < 0.95:
            line = "   "
        elif roll < 0.97:
            line = (rng.choice(words) + " ") * rng.randint(200, 2000)
        else:
            line = "og for kvinder?"
        out.append(line)
    return out


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.slow
def test_ten_thousand_questions_one_object_each_and_flat_memory(real_assistant, corpus):
    del real_assistant  # the index is built; the subprocess loads it
    questions = _questions(corpus)
    expected = [q for q in questions if q.strip() and q.strip() != "/reset"]
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "chat", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def feed() -> None:
        for question in questions:
            process.stdin.write(question.replace("\n", " ") + "\n")  # type: ignore[union-attr]
        process.stdin.close()  # type: ignore[union-attr]

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    rss: dict[int, int] = {}
    count = 0
    for line in process.stdout:  # type: ignore[union-attr]
        obj = json.loads(line)
        assert {"question", "resolved_question", "abstained", "answer", "excerpts"} <= set(obj)
        count += 1
        if count in (1_000, len(expected)):
            rss[count] = _rss_kib(process.pid)
    writer.join()
    stderr = process.stderr.read()  # type: ignore[union-attr]
    assert process.wait(timeout=60) == 0, stderr[-2000:]
    assert "Traceback" not in stderr
    assert count == len(expected)
    growth = rss[len(expected)] / rss[1_000]
    assert growth <= 1.10, f"RSS grew from {rss[1_000]} to {rss[len(expected)]} KiB"
