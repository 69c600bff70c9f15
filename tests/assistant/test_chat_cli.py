"""`evidens chat --jsonl` and `evidens ask`: one JSON object per line, whatever comes in."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.models import Answer

LINES: list[bytes] = [
    "Virker privat løntilskud for flygtninge?".encode(),
    b"",
    b"   ",
    b"og for kvinder?",
    b"/reset",
    b"og for kvinder?",
    b"/frobnicate now",
    b"\xff\xfe ugyldig \xc3 utf-8",
    "NUL\x00 og kontroltegn\x07 om løntilskud".encode(),
    ("løntilskud " * 10_000).encode(),
    "ما الذي ينجح مع اللاجئين؟".encode(),
    "什么对难民有效？".encode(),
    b"'; DROP TABLE studies; -- $(rm -rf /)",
    b"?!?!",
    "Min borger 010190-1234 vil i løntilskud".encode(),
]


def _run(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=600,
        check=False,
    )


def test_chat_jsonl_writes_one_object_per_non_blank_line(real_assistant):
    del real_assistant  # built (once) so that the subprocess finds the index
    result = _run(["chat", "--jsonl"], b"\n".join(LINES) + b"\n")
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    objects = [json.loads(line) for line in result.stdout.decode().splitlines()]
    expected = [ln for ln in LINES if ln.strip() and ln.strip() != b"/reset"]
    assert len(objects) == len(expected)
    first, follow_up, after_reset, unknown, bad_utf8 = objects[:5]
    assert not first["abstained"] and first["excerpts"]
    assert "privat løntilskud" in follow_up["resolved_question"]
    assert after_reset["resolved_question"] == "og for kvinder?"
    assert "unknown command" in unknown["error"]
    assert "UTF-8" in bad_utf8["error"]
    for obj in objects:  # error objects too: every field of the contract
        assert set(Answer.model_fields) <= set(obj), sorted(set(Answer.model_fields) - set(obj))
    assert objects[-2]["error"]  # only punctuation
    masked = objects[-1]
    assert "010190" not in result.stdout.decode() and "XXXXXX-XXXX" in masked["question"]


def test_ask_json_and_exit_codes(real_assistant):
    del real_assistant
    ok = _run(["ask", "Hvad fandt Heinesen 2011?", "--json"])
    assert ok.returncode == 0
    answer = json.loads(ok.stdout)
    assert answer["citations"][0]["key"] == "Heinesen 2011"
    empty = _run(["ask", "   "])
    assert empty.returncode == 2 and b"Traceback" not in empty.stderr
    # The message is said once, on stderr; --json still gives tools the object.
    assert empty.stdout == b"" and len(empty.stderr.decode().splitlines()) == 1
    empty_json = _run(["ask", "   ", "--json"])
    assert empty_json.returncode == 2 and json.loads(empty_json.stdout)["error"]
    human = _run(["ask", "Hvad er reglerne for boligstøtte?"])
    assert human.returncode == 0 and "ingen evidens" in human.stdout.decode()


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["ask", "Virker privat løntilskud for flygtninge?"], b""),
        (["chat", "--jsonl"], b"Virker privat l\xc3\xb8ntilskud?\nog for kvinder?\n" * 5),
    ],
    ids=["ask", "chat"],
)
def test_a_reader_that_goes_away_ends_quietly(real_assistant, args, stdin):
    """`evidens ask … | head`: when the reader closes the pipe, no traceback."""
    del real_assistant
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tui.cli", *args],
            input=stdin,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=600,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert b"Traceback" not in result.stderr and b"BrokenPipe" not in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_one_line_and_exit_2(real_assistant):
    del real_assistant
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tui.cli", "ask", "Virker privat løntilskud for flygtninge?"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=600,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == ["evidens: No space left on device"]


def test_an_ascii_terminal_gets_an_answer_and_lossless_json(real_assistant):
    """A locale that cannot show "ø": "?" in the text, \\u escapes in the JSON."""
    del real_assistant
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    question = "Virker privat løntilskud for flygtninge?"

    def run(*extra: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "tui.cli", "ask", question, *extra],
            capture_output=True,
            env=env,
            timeout=600,
            check=False,
        )

    human = run()
    assert human.returncode == 0 and b"Traceback" not in human.stderr
    assert b"l?ntilskud" in human.stdout
    as_json = run("--json")
    assert as_json.returncode == 0
    assert as_json.stdout.isascii()
    assert json.loads(as_json.stdout)["question"] == question
    typed = subprocess.run(
        [sys.executable, "-m", "tui.cli", "chat"],
        input=question.encode() + b"\n",
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert typed.returncode == 0 and b"Traceback" not in typed.stderr


def test_the_weight_filter_can_be_typed_without_oe():
    from tui.cli import build_parser

    parser = build_parser()
    for typed in ("Høj", "høj", "hoj", "HIGH"):
        assert parser.parse_args(["ask", "q", "--min-weight", typed]).min_weight == "Høj"
    assert parser.parse_args(["chat", "--min-weight", "medium"]).min_weight == "Medium"
    with pytest.raises(SystemExit) as refused:
        parser.parse_args(["ask", "q", "--min-weight", "lav"])
    assert refused.value.code == 2
