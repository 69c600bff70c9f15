"""The shipped source text: loading, checksum, and the printed page of every line.

Page convention (see docs/corpus.md):

* The extractor writes an empty line after every text line, except at the end of a
  page: there the next page's first line follows directly and starts with a space.
  A *break line* is therefore a line that starts with a space and directly follows
  a non-empty line. It opens a new page if it carries text, or if it is one of a
  run of such lines (the footer blocks). A lone one-space line after text is a
  paragraph end that lost its empty line, not a page break.
* A run of consecutive break lines is one page break, except that a figure caption
  standing alone ("Figur 2: ...") is a full-page figure and makes a page of its own.
* The report's pages are numbered 1.. from the first line; each appendix (Bilag 1-3)
  starts a new numbering "k-1", "k-2", ... as printed.
* A surviving page label ("3 af 43", "2-12") names the page it sits on; where the
  count of breaks disagrees with a label, the label wins and the disagreement is
  kept in `PageMap.discrepancies` for `evidens corpus check` to report.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from corpus.errors import SourceError
from corpus.models import Page

SOURCE_NAME = "viden_til_at_komme_i_maal.txt"
#: The report's last words; a source that does not end with Bilag 3 is truncated.
_END_MARKER = "UIM Bjørn Andreas Dreyer West Chefkonsulent"
_MIN_BYTES = 100_000

_MAIN_LABEL = re.compile(r"^(\d{1,2}) af 43\s*$")
_BILAG_LABEL = re.compile(r"^([123])-(\d{1,2})\s*$")
_BILAG_START = (
    (1, re.compile(r"^ ?1\. METODEBILAG")),
    (2, re.compile(r"^ ?BILAG 2:")),
    (3, re.compile(r"^ ?BILAG 3:")),
)
_FIGURE_CAPTION = re.compile(r"^ Figur \d+:")


@dataclass(frozen=True)
class Source:
    """The raw source: its text, lines (index 0 = line 1) and checksum."""

    path: Path
    text: str
    lines: tuple[str, ...]
    sha256: str


def default_source_path() -> Path:
    """The copy of the report that ships inside the package."""
    return Path(str(resources.files("corpus") / "data" / SOURCE_NAME))


def expected_sha256() -> str:
    """The checksum recorded next to the shipped source."""
    record = resources.files("corpus") / "data" / (Path(SOURCE_NAME).stem + ".sha256")
    return record.read_text(encoding="utf-8").split()[0]


def load_source(path: Path | None = None, *, verify: bool = True) -> Source:
    """Read and validate the source; raise `SourceError` with one clear sentence.

    With `verify`, a source whose SHA-256 differs from the recorded one is refused:
    every page, section and table rule in this package was checked against it.
    """
    path = path or default_source_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise SourceError(f"{path}: source file not found") from e
    except OSError as e:
        raise SourceError(f"{path}: cannot read source ({e.strerror})") from e
    if not data.strip():
        raise SourceError(f"{path}: source file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceError(f"{path}: source is not valid UTF-8 (byte {e.start})") from e
    if "\x00" in text:
        raise SourceError(f"{path}: source contains NUL bytes; it is not a text file")
    digest = hashlib.sha256(data).hexdigest()
    if verify and digest != expected_sha256():
        if len(data) < _MIN_BYTES or _END_MARKER not in text:
            raise SourceError(f"{path}: source is truncated (ends before Bilag 3)")
        raise SourceError(
            f"{path}: source changed (sha256 {digest[:12]}…, expected "
            f"{expected_sha256()[:12]}…); the parser was verified against the shipped report"
        )
    return Source(path=path, text=text, lines=tuple(text.split("\n")), sha256=digest)


@dataclass
class PageMap:
    """Printed page of every source line, and where the mapping needed a label."""

    pages: list[Page]
    line_page: list[int]  # line_page[n] = page index of 1-based line n (slot 0 unused)
    discrepancies: list[str] = field(default_factory=list)

    def page_of(self, line: int) -> Page:
        return self.pages[self.line_page[line]]


def _break_starts(lines: tuple[str, ...]) -> list[int]:
    """1-based line numbers where a new page starts (line 1 always does)."""
    starts = [1]
    n = len(lines)
    i = 1  # 0-based index of the candidate line
    while i < n:
        if not (lines[i].startswith(" ") and lines[i - 1] != ""):
            i += 1
            continue
        run_end = i
        while run_end + 1 < n and lines[run_end + 1].startswith(" ") and lines[run_end] != "":
            run_end += 1
        run = range(i, run_end + 1)
        if len(run) > 1 or lines[i].strip():
            starts.append(i + 1)
            # A lone figure caption is a full-page figure: the next line opens another page.
            if len(run) > 1 and _FIGURE_CAPTION.match(lines[i]) and lines[i + 1].strip():
                starts.append(i + 2)
        i = run_end + 1
    return starts


def _part_of(line: int, bilag_starts: dict[int, int]) -> int:
    """0 for the report itself, k for Bilag k."""
    part = 0
    for k, start in sorted(bilag_starts.items()):
        if line >= start:
            part = k
    return part


def build_page_map(source: Source) -> PageMap:
    """Assign every line its printed page (see the module docstring for the rules)."""
    lines = source.lines
    bilag_starts: dict[int, int] = {}
    for number, text in enumerate(lines, start=1):
        for k, pattern in _BILAG_START:
            if k not in bilag_starts and pattern.match(text):
                bilag_starts[k] = number
    starts = sorted(set(_break_starts(lines)) | set(bilag_starts.values()))

    labels: dict[int, tuple[int, int]] = {}  # start line -> (part, printed number)
    label_lines: dict[int, int] = {}
    for number, text in enumerate(lines, start=1):
        main = _MAIN_LABEL.match(text)
        bilag = _BILAG_LABEL.match(text)
        if main or bilag:
            page_start = max(s for s in starts if s <= number)
            part = 0 if main else int(bilag.group(1))  # type: ignore[union-attr]
            printed = int(main.group(1)) if main else int(bilag.group(2))  # type: ignore[union-attr]
            labels[page_start] = (part, printed)
            label_lines[page_start] = number

    pages: list[Page] = []
    discrepancies: list[str] = []
    counters: dict[int, int] = {}
    for index, start in enumerate(starts):
        end = (starts[index + 1] - 1) if index + 1 < len(starts) else len(lines)
        part = _part_of(start, bilag_starts)
        printed = counters.get(part, 0) + 1
        if start in labels:
            label_part, label_number = labels[start]
            if (label_part, label_number) != (part, printed):
                discrepancies.append(
                    f"page label at line {label_lines[start]} says "
                    f"{_format(label_part, label_number)}, the count of page breaks gives "
                    f"{_format(part, printed)}: {label_number - printed} page break(s) "
                    "cannot be seen in the extracted text; the label wins"
                )
                printed = label_number
        counters[part] = printed
        pages.append(
            Page(
                index=index,
                label=_format(part, printed),
                first_line=start,
                last_line=end,
                label_in_source=start in labels,
            )
        )
    line_page = [0] * (len(lines) + 1)
    for page in pages:
        for n in range(page.first_line, page.last_line + 1):
            line_page[n] = page.index
    return PageMap(pages=pages, line_page=line_page, discrepancies=discrepancies)


def _format(part: int, number: int) -> str:
    return str(number) if part == 0 else f"{part}-{number}"
