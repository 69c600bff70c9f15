"""Small formatting helpers shared by the widgets and screens.

Weight is always spelled out in capitals inside brackets ("[HØJ]", "[MEDIUM]"),
so it reads without colour too; colour only repeats it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.content import Content

from tui.labels import LABELS

#: Short theme names for the status bar and lists (the report's titles are long).
THEME_SHORT = {
    1: "Integrationsprogram og danskuddannelse",
    2: "Samtaler",
    3: "Virksomhedsrettede indsatser",
    4: "Vejledning, afklaring og opkvalificering",
    5: "Sanktioner, ydelsesniveau og refusion",
}
#: The $text-* variables keep their contrast on both light and dark backgrounds.
_WEIGHT_STYLE = {"Høj": "bold $text-success", "Medium": "bold $text-warning"}
HIGHLIGHT_STYLE = "bold underline $text-accent"


def weight_text(weight: str | None, no_study: str = LABELS["da"].no_study) -> str:
    return f"[{(weight or no_study).upper()}]"


def weight_badge(weight: str | None, no_study: str = LABELS["da"].no_study) -> Content:
    style = _WEIGHT_STYLE.get(weight or "", "$text-muted")
    return Content.styled(weight_text(weight, no_study), style)


def place(section: str, title: str, page: str, page_label: str = LABELS["da"].page) -> str:
    """ "3.4.1 Hvordan virker det? · s. 25" """
    return f"{section} {title} · {page_label} {page}"


def theme_label(theme: int | None) -> str:
    return f"Tema {theme}: {THEME_SHORT[theme]}" if theme in THEME_SHORT else "Alle temaer"


def highlight(text: str, terms: Iterable[str], *, style: str = HIGHLIGHT_STYLE) -> Content:
    """`text` with every whole-word occurrence of `terms` styled (case-insensitive)."""
    words = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    content = Content(text)
    if not words:
        return content
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )
    return content.highlight_regex(pattern, style=style)


def mark_span(text: str, span: str, *, style: str = "bold") -> Content:
    """`text` with the first occurrence of `span` (an excerpt inside its paragraph) styled."""
    content = Content(text)
    start = text.find(span) if span else -1
    if start < 0:
        return content
    return content.stylize(style, start, start + len(span))
