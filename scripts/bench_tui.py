"""Benchmark the Evidens app in a real terminal (tmux) and record the figures in docs/tui.md.

Measures, with the index already built:

* first paint: launch -> the ask screen is on the pane (target <= 1.5 s);
* ready: launch -> the status bar says "Klar" (report, index and spaCy loaded, warmed up);
* answer: Enter -> the answer's "Spørgsmål: …" line is on the pane (target <= 300 ms);
* echo: a key typed right after Enter -> visible in the input (the UI is not blocked);
* stalls: the status-bar spinner turns every 100 ms while the app works; the longest
  gap between two spinner frames, while loading and during a burst of questions, shows
  whether the event loop ever froze (a stall = a gap over 250 ms).

Usage: python scripts/bench_tui.py [--runs 3] [--size 120x40] [--no-docs]
The data folder is EVIDENS_DATA_DIR (or the platform default); the index is built
first if it is missing, outside the timings.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "tui.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
STALL_MS = 250
QUESTIONS = [
    "Virker privat løntilskud for flygtninge?",
    "Hvorfor virker virksomhedspraktik?",
    "Hvad ved vi om mentorordninger?",
    "Hvilken effekt har sanktioner på beskæftigelsen?",
    "Hvad virker for kvinder med flygtningebaggrund?",
    "Hvordan skal kommunen organisere samtalerne?",
]
BURST_LAST = "Hvilke studier har høj evidensvægt?"


class Pane:
    """One tmux session running the app."""

    def __init__(self, command: list[str], *, size: tuple[int, int], env: dict[str, str]) -> None:
        self.name = f"evidens-bench-{uuid.uuid4().hex[:8]}"
        self.command = command
        self.size = size
        self.env = env

    def start(self) -> float:
        width, height = self.size
        shell = " ".join(_quote(part) for part in self.command)
        exports = " ".join(f"{k}={_quote(v)}" for k, v in self.env.items())
        started = time.perf_counter()
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                f"env {exports} {shell}",
            ],
            check=True,
        )
        return started

    def text(self) -> str:
        out = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        flags = ["-l"] if literal else []
        subprocess.run(["tmux", "send-keys", "-t", self.name, *flags, *keys], check=True)

    def stop(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False, capture_output=True)

    def wait_for(self, predicate, *, timeout: float, spinner: list[float] | None = None):
        """Poll until `predicate(text)`; return (time, text). Records spinner frame changes."""
        deadline = time.perf_counter() + timeout
        last_frame = None
        while time.perf_counter() < deadline:
            text = self.text()
            now = time.perf_counter()
            if spinner is not None:
                frame = _spinner_frame(text)
                if frame is not None and frame != last_frame:
                    spinner.append(now)
                    last_frame = frame
            if predicate(text):
                return now, text
            time.sleep(0.008)  # each capture-pane is a process; poll gently
        raise TimeoutError(f"timed out after {timeout:.0f} s; pane:\n{self.text()}")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _spinner_frame(text: str) -> str | None:
    status = text.splitlines()[1] if text.count("\n") > 1 else ""
    found = [ch for ch in status if ch in SPINNER]
    return found[0] if found else None


def _input_line(text: str) -> str:
    """The text in the question input (the line between its borders)."""
    lines = text.splitlines()
    line = lines[3] if len(lines) > 3 else ""
    return line.strip().strip("▊▎").strip()


def _max_gap_ms(times: list[float]) -> float:
    gaps = [b - a for a, b in itertools.pairwise(times)]
    return max(gaps, default=0.0) * 1000


@dataclass
class Run:
    first_paint: float
    ready: float
    answers: list[float] = field(default_factory=list)
    echoes: list[float] = field(default_factory=list)
    load_gap_ms: float = 0.0
    burst_gap_ms: float = 0.0
    burst_frames: int = 0


def one_run(command: list[str], env: dict[str, str], size: tuple[int, int]) -> Run:
    pane = Pane(command, size=size, env=env)
    started = pane.start()
    try:
        painted, _ = pane.wait_for(
            lambda t: "Filtre:" in t and "Skriv et spørgsmål" in t, timeout=30
        )
        load_frames: list[float] = []
        ready, _ = pane.wait_for(
            lambda t: (
                re.search(r"Klar\s*$", t.splitlines()[1] if t.count("\n") > 1 else "") is not None
            ),
            timeout=600,
            spinner=load_frames,
        )
        run = Run(
            first_paint=painted - started,
            ready=ready - started,
            load_gap_ms=_max_gap_ms(load_frames),
        )
        for question in QUESTIONS:
            pane.keys(question, literal=True)
            pane.wait_for(lambda t, q=question: _input_line(t) == q, timeout=10)
            time.sleep(0.2)  # let the terminal settle; not part of any timing
            sent = time.perf_counter()
            pane.keys("Enter")
            pane.keys("x", literal=True)  # typed while the answer is being found
            echoed, _ = pane.wait_for(lambda t: _input_line(t) == "x", timeout=10)
            answered, _ = pane.wait_for(lambda t, q=question: f"Spørgsmål: {q}" in t, timeout=30)
            run.answers.append(answered - sent)
            run.echoes.append(echoed - sent)
            pane.keys("BSpace")
            pane.wait_for(lambda t: "Skriv et spørgsmål" in _input_line(t), timeout=10)
        run.burst_gap_ms, run.burst_frames = burst(pane)
        return run
    finally:
        pane.stop()


def burst(pane: Pane) -> tuple[float, int]:
    """Questions sent back to back; the spinner must keep turning while they are answered."""
    frames: list[float] = []
    for question in [*QUESTIONS, *QUESTIONS[:-1], BURST_LAST]:
        pane.keys(question, literal=True)
        pane.keys("Enter")
    pane.wait_for(
        lambda t: f"Spørgsmål: {BURST_LAST}" in t and _spinner_frame(t) is None,
        timeout=60,
        spinner=frames,
    )
    return _max_gap_ms(frames), len(frames)


def ensure_index(env: dict[str, str]) -> None:
    code = (
        "from assistant.service import open_assistant; from assistant.settings import Settings;"
        "open_assistant(Settings(), on_message=print)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env}, check=True)


def machine() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as info:
        kb = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
    import textual

    return {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{kb / 1024 / 1024:.1f} GB",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "tmux": subprocess.run(
            ["tmux", "-V"], capture_output=True, text=True, check=False
        ).stdout.strip(),
    }


def report(runs: list[Run], info: dict[str, str], size: tuple[int, int]) -> str:
    paints = [r.first_paint * 1000 for r in runs]
    readies = [r.ready * 1000 for r in runs]
    answers = [a * 1000 for r in runs for a in r.answers]
    echoes = [e * 1000 for r in runs for e in r.echoes]
    load_gap = max(r.load_gap_ms for r in runs)
    burst_gap = max(r.burst_gap_ms for r in runs)

    def row(name: str, values: list[float], target: str) -> str:
        return f"| {name} | {statistics.median(values):.0f} | {max(values):.0f} | {target} |"

    answer_p90 = sorted(answers)[int(0.9 * (len(answers) - 1))]
    lines = [
        f"Measured {info['date']} by `scripts/bench_tui.py` ({len(runs)} launches × "
        f"{len(QUESTIONS)} questions, terminal {size[0]}×{size[1]} in {info['tmux']}).",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM, load average "
        f"{info['load']} at the end of the run; Python {info['python']}, Textual "
        f"{info['textual']}.",
        "",
        "| Figure | Median (ms) | Worst (ms) | Target |",
        "|---|---|---|---|",
        row("First screen painted after launch", paints, "≤ 1500"),
        row("Ready (report, index and spaCy loaded, warmed up)", readies, "–"),
        row("Enter → answer on screen", answers, "≤ 300"),
        row("Key typed right after Enter → visible", echoes, "no stall"),
        f"| Longest gap between spinner frames while loading | – | {load_gap:.0f} | "
        f"≤ {STALL_MS} (frames every 100) |",
        f"| Longest gap between spinner frames, 12 questions back to back | – | "
        f"{burst_gap:.0f} | ≤ {STALL_MS} |",
        "",
        f"Answer time p90: {answer_p90:.0f} ms. Timings include tmux and polling "
        "`capture-pane` about every 10 ms (that resolution, plus the polling load, is included).",
    ]
    return "\n".join(lines)


def write_docs(text: str) -> None:
    block = f"{START}\n{text}\n{END}"
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# The Evidens app\n"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        _, tail = rest.split(END, 1)
        updated = head + block + tail
    else:
        updated = current.rstrip() + "\n\n## Benchmarks\n\n" + block + "\n"
    DOCS.write_text(updated, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="launches to measure")
    parser.add_argument("--size", default="120x40", help="terminal size, e.g. 80x24")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/tui.md")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("bench_tui: tmux is not installed (apt-get install -y tmux)", file=sys.stderr)
        return 2
    width, height = (int(n) for n in args.size.lower().split("x"))
    env = {k: v for k, v in os.environ.items() if k.startswith("EVIDENS_")}
    env["TERM"] = "xterm-256color"
    ensure_index(env)
    evidens = shutil.which("evidens", path=str(Path(sys.executable).parent))
    command = [evidens] if evidens else [sys.executable, "-m", "tui.cli"]
    command = ["sh", "-c", f"cd {_quote(str(ROOT))} && exec " + " ".join(map(_quote, command))]
    runs = []
    for n in range(args.runs):
        run = one_run(command, env, (width, height))
        print(
            f"run {n + 1}: first paint {run.first_paint * 1000:.0f} ms, ready "
            f"{run.ready * 1000:.0f} ms, answers "
            f"{', '.join(f'{a * 1000:.0f}' for a in run.answers)} ms, echo max "
            f"{max(run.echoes) * 1000:.0f} ms, spinner gaps load {run.load_gap_ms:.0f} ms / "
            f"burst {run.burst_gap_ms:.0f} ms ({run.burst_frames} frames)"
        )
        runs.append(run)
    text = report(runs, machine(), (width, height))
    print()
    print(text)
    if not args.no_docs:
        write_docs(text)
        print(f"\nwritten to {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
