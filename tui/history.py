"""The question history behind the input's up/down keys, kept in `history.jsonl`.

Every entry is CPR-masked and stripped of control characters before it is kept
in memory or written; the file is rewritten atomically, so a crash leaves either
the old history or the new one. Unreadable lines are skipped, never fatal.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from assistant.privacy import mask_cpr
from tui.export import atomic_write_text

LIMIT = 500
#: Longer entries are cut: a pasted e-mail is not worth keeping in full.
MAX_ENTRY = 1000


def clean_entry(text: str) -> str:
    """Masked, one line, no control characters, at most `MAX_ENTRY` characters."""
    chars = (" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    flat = " ".join("".join(chars).split())
    return mask_cpr(flat)[0][:MAX_ENTRY]


class History:
    """Past questions, oldest first, with a cursor for up/down browsing."""

    def __init__(self, path: Path | None = None, *, limit: int = LIMIT) -> None:
        self.path = path
        self.limit = limit
        self.entries: list[str] = []
        self._cursor: int | None = None

    @classmethod
    def load(cls, path: Path, *, limit: int = LIMIT) -> History:
        """Read the file if it is there; a missing or damaged file gives what could be read."""
        history = cls(path, limit=limit)
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return history
        for line in lines:
            try:
                entry = json.loads(line).get("q")
            except (ValueError, AttributeError):
                continue
            if isinstance(entry, str) and (entry := clean_entry(entry)):
                history.entries.append(entry)
        history.entries = history.entries[-limit:]
        return history

    def add(self, text: str) -> None:
        """Remember a question (masked) and save; raises `OSError` if the file cannot be written."""
        self._cursor = None
        entry = clean_entry(text)
        if not entry or (self.entries and self.entries[-1] == entry):
            return
        self.entries = [*self.entries, entry][-self.limit :]
        self.save()

    def save(self) -> None:
        if self.path is None:
            return
        body = "".join(json.dumps({"q": e}, ensure_ascii=False) + "\n" for e in self.entries)
        atomic_write_text(self.path, body)

    # --- browsing ------------------------------------------------------------------------

    def previous(self) -> str | None:
        """One step back in time; None when there is nothing older."""
        if not self.entries:
            return None
        if self._cursor is None:
            self._cursor = len(self.entries)
        if self._cursor == 0:
            return None
        self._cursor -= 1
        return self.entries[self._cursor]

    def next(self) -> str | None:
        """One step forward; "" past the newest entry (back to an empty input)."""
        if self._cursor is None:
            return None
        self._cursor += 1
        if self._cursor >= len(self.entries):
            self._cursor = None
            return ""
        return self.entries[self._cursor]

    def reset_cursor(self) -> None:
        self._cursor = None
