"""Record the real assistant's answers that the snapshot tests show.

Snapshots must not change from run to run, but the assistant's excerpt choice
currently depends on Python's string hashing (PYTHONHASHSEED), so the snapshot
tests replay answers recorded once, here, with a fixed seed. Re-record after a
deliberate change to the assistant and look at the new snapshots:

    PYTHONHASHSEED=0 EVIDENS_DATA_DIR=/tmp/evidens python tests/tui/record_answers.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "snapshot_answers.json"
#: (conversation, question): questions in one conversation are asked in order.
CONVERSATIONS = [
    ["Virker privat løntilskud for flygtninge?", "og for kvinder?"],
    ["Hvad er hovedstaden i Frankrig?"],
    ["Hvad ved vi om virksomhedernes incitament til at ansætte flygtninge?"],
    ["Hvilken effekt har danskuddannelse på beskæftigelsen?"],
]


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        print("run with PYTHONHASHSEED=0 so the recording is reproducible", file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE.parent.parent))
    from assistant.service import open_assistant
    from assistant.settings import Settings

    assistant = open_assistant(Settings())
    recorded: dict[str, dict] = {}
    for conversation in CONVERSATIONS:
        assistant.reset()
        for question in conversation:
            answer = assistant.ask(question)
            recorded[question] = answer.model_dump(mode="json")
    OUT.write_text(json.dumps(recorded, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(recorded)} answers to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
