"""`evidens ask` and `evidens chat`: questions from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import BinaryIO, TextIO

from assistant.engine import Assistant, Filters
from assistant.models import Answer
from assistant.service import open_assistant
from assistant.settings import load_settings
from tui import json_output
from tui.render_text import render_answer

RESET = "/reset"


def register(sub: argparse._SubParsersAction) -> None:
    ask = sub.add_parser(
        "ask",
        help="ask one question and print a grounded answer",
        description="Ask one question (Danish or English). Exit 0 with an answer or an "
        "abstention, 2 if the question is empty or unusable.",
    )
    ask.add_argument(
        "question", help='the question, e.g. "Virker privat løntilskud for flygtninge?"'
    )
    ask.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    _add_filters(ask)
    ask.set_defaults(func=run_ask)

    chat = sub.add_parser(
        "chat",
        help="a conversation: one question per line on stdin",
        description="Read questions line by line and keep the conversation, so follow-ups "
        f"('og for kvinder?') resolve against earlier turns. '{RESET}' forgets them.",
    )
    chat.add_argument(
        "--jsonl",
        action="store_true",
        help="write exactly one JSON object per non-blank input line (for tools)",
    )
    _add_filters(chat)
    chat.set_defaults(func=run_chat)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--theme", type=int, choices=range(1, 6), metavar="1-5", help="only this theme"
    )
    parser.add_argument(
        "--min-weight",
        type=_weight,
        choices=("Høj", "Medium"),
        help="only excerpts backed by studies of this weight (also hoj, high, medium)",
    )


#: What may be typed for a weight: any case, and without "ø" for keyboards that lack it.
_WEIGHTS = {"høj": "Høj", "hoj": "Høj", "high": "Høj", "medium": "Medium"}


def _weight(text: str) -> str:
    try:
        return _WEIGHTS[text.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a weight; choose Høj (or hoj, high) or Medium"
        ) from None


def _open() -> Assistant:
    def say(message: str) -> None:
        print(f"evidens: {message}", file=sys.stderr)

    return open_assistant(load_settings(), on_message=say, progress=_progress_printer())


def _progress_printer():
    def report(stage: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            width = 30
            filled = int(width * done / max(total, 1))
            end = "\n" if done >= total else ""
            bar = "#" * filled + "-" * (width - filled)
            print(f"\r  {stage:<10} [{bar}] {done}/{total}", end=end, file=sys.stderr)

    return report


def run_ask(args: argparse.Namespace) -> int:
    assistant = _open()
    answer = assistant.ask(args.question, filters=Filters(args.theme, args.min_weight))
    if args.json:
        print(to_json(answer))  # tools get the object, with its `error` field
    elif not answer.error:
        print(render_answer(answer))
    if answer.error:  # said once, on stderr
        print(f"evidens: {answer.error}", file=sys.stderr)
        return 2
    return 0


def to_json(answer: Answer) -> str:
    return json_output.dumps(answer.model_dump(mode="json"))


def run_chat(args: argparse.Namespace) -> int:
    assistant = _open()
    filters = Filters(args.theme, args.min_weight)
    if args.jsonl:
        return chat_jsonl(assistant, sys.stdin.buffer, sys.stdout, filters)
    return chat_interactive(assistant, filters)


def chat_jsonl(assistant: Assistant, stdin: BinaryIO, stdout: TextIO, filters: Filters) -> int:
    """One JSON object per non-blank line, flushed; `/reset` resets silently; no line is lost."""
    for raw in stdin:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            _emit(
                stdout,
                _error_object(raw.decode("utf-8", "replace"), f"invalid UTF-8 at byte {e.start}"),
            )
            continue
        question = line.rstrip("\r\n")
        if not question.strip():
            continue
        if question.strip() == RESET:
            assistant.reset()
            continue
        if question.startswith("/"):
            _emit(
                stdout,
                _error_object(question, f"unknown command {question.split()[0]!r}; only {RESET}"),
            )
            continue
        try:
            _emit(stdout, to_json(assistant.ask(question, filters=filters)))
        except Exception as e:  # one bad line must not end the conversation or lose output
            _emit(stdout, _error_object(question, f"internal error: {type(e).__name__}"))
    return 0


def _emit(stdout: TextIO, line: str) -> None:
    stdout.write(line + "\n")
    stdout.flush()


def _error_object(question: str, error: str) -> str:
    """A line the assistant never saw, as a whole answer object with `error` set."""
    from assistant.answers import unusable
    from assistant.inputs import clean_question

    return to_json(unusable(clean_question(question), error))


def chat_interactive(assistant: Assistant, filters: Filters) -> int:
    print(f"Evidens — stil et spørgsmål ({RESET} nulstiller, Ctrl-D afslutter).", file=sys.stderr)
    while True:
        try:
            question = input("> ")
        except EOFError:
            print(file=sys.stderr)
            return 0
        if not question.strip():
            continue
        if question.strip() == RESET:
            assistant.reset()
            print("(samtalen er nulstillet)")
            continue
        print(render_answer(assistant.ask(question, filters=filters)))
