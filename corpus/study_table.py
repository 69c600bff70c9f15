"""Bilag 2: the five theme tables, reassembled row by row from the flattened PDF text.

How the extraction flattened the tables (read off the source, Bilag 2 in full):

* A cell is a *block* of consecutive lines; blocks are separated by empty or
  whitespace-only lines and by page breaks.
* A cell that fits on one line shares that line with the first line of the cells to
  its right: "Kvalitativt casestudie Ikke-arbejdsmarkedsparate kontanthjælpsmod-" is a
  design cell followed by the first line of a target-group cell. Only the first line of
  a block is ever shared; the block's other lines continue its last cell.
* At the foot of a page, the first line of every cell lands on one line ("Hansen, E. B.
  & Nydanskeres vurdering af Tværsnitsundersøgelse … Medium"), and the row continues at
  the top of the next page, from the left, with only the columns that still have text
  (" (2006) området effekt ift. …").
* Page footers ("Viden til at komme i mål med integration", "2-12") land between rows.

Cells that share a line are told apart by cues, never by line numbers:

* authors end with a year "(2009)", or are a "Surname, X." list, or a name the tables
  give elsewhere with a year ("Beskæftigelsesministeriet");
* a design starts with a term of the report's own Tabel 2 (read from the source) and
  may go on with a parenthesis;
* a target group is a short phrase that ends a sentence; the result starts the next;
* a weight is "Høj" or "Medium" at the end of a line;
* on a row continued over a page break, a fragment goes to the column whose text it
  completes: "effekt" completes "motivations-" because the report has the word
  "motivationseffekt" elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from corpus.errors import CorpusError
from corpus.models import StudyRow
from corpus.source import PageMap, Source
from corpus.study_cells import (
    WEIGHTS,
    YEAR,
    Lexicon,
    design_vocabulary,
    find_design,
    looks_like_authors,
    split_author,
    split_target,
)

AUTHORS, TITLE, DESIGN, TARGET, RESULT, WEIGHT = range(6)
_TEXT_COLUMNS = range(TITLE, WEIGHT)
_BILAG2 = re.compile(r"^\s?BILAG 2:")
_BILAG3 = re.compile(r"^\s?BILAG 3:")
_THEME = re.compile(r"^\s*Inkluderede studier i tema (\d):")
_HEADER = "Forfatter Titel Forskningsdesign Målgruppe Effekt/resultat Evidensvægt"
_FOOTER = re.compile(r"^\s*(?:Viden til at komme i mål med integration|\d-\d{1,2})\s*$")
_PERSON_START = re.compile(r"[A-ZÆØÅ][\w-]+,$")
_TRAILING_WEIGHT = re.compile(r"(.*\S) (Høj|Medium)")
_NAMES = ("authors", "title", "design", "target group", "result")


@dataclass(frozen=True)
class Block:
    """Consecutive text lines of one table cell (its first line may hold more cells)."""

    first_line: int
    lines: tuple[str, ...]
    page_initial: bool  # the first block on its page: a row may continue here

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1


@dataclass
class _Row:
    """A row being assembled: the raw line pieces of each of the six columns."""

    first_line: int
    last_line: int
    cells: list[list[str]] = field(default_factory=lambda: [[] for _ in range(6)])
    next_column: int = AUTHORS
    continued: int | None = None  # last column filled after a page break

    def add(self, column: int, text: str, last_line: int) -> None:
        self.cells[column].append(text)
        self.last_line = max(self.last_line, last_line)

    def tail(self, column: int) -> str:
        return self.cells[column][-1].strip() if self.cells[column] else ""

    def author_open(self) -> bool:
        return not any(YEAR.search(piece) for piece in self.cells[AUTHORS])

    def open_columns(self) -> list[int]:
        """Columns that visibly go on: no year yet, an empty cell, a split word."""
        columns = [AUTHORS] if self.author_open() else []
        return columns + [
            c for c in _TEXT_COLUMNS if not self.tail(c) or self.tail(c)[-1] in "-&,;"
        ]

    def is_open(self) -> bool:
        return bool(self.open_columns())


@dataclass(frozen=True)
class StudyTable:
    """The parsed rows, and what the parser could not recover (for `corpus check`)."""

    rows: list[StudyRow]
    notes: list[str]


@dataclass(frozen=True)
class _Context:
    lexicon: Lexicon
    designs: tuple[str, ...]
    known_authors: tuple[str, ...]


def parse_study_rows(source: Source, page_map: PageMap) -> list[StudyRow]:
    """Every row of the five Bilag 2 theme tables, in table order."""
    return parse_study_table(source, page_map).rows


def parse_study_table(source: Source, page_map: PageMap) -> StudyTable:
    """The rows plus notes on rows the extraction truncated."""
    tables = theme_blocks(source, page_map)
    context = _Context(
        lexicon=Lexicon(source.lines),
        designs=design_vocabulary(source),
        known_authors=_known_authors(b for _, blocks in tables for b in blocks),
    )
    rows: list[StudyRow] = []
    notes: list[str] = []
    for theme, blocks in tables:
        for draft in _assemble(blocks, context):
            row = _finish(draft, theme, context, page_map)
            rows.append(row)
            for column in draft.open_columns():
                notes.append(
                    f"tema {theme}: the {_NAMES[column]} of {row.authors} ({row.year}), row at "
                    f"line {row.first_line}, breaks off at '…{draft.tail(column)[-20:]}'; "
                    "the rest is missing from the extracted text"
                )
    return StudyTable(rows=rows, notes=notes)


def theme_blocks(source: Source, page_map: PageMap) -> list[tuple[int, list[Block]]]:
    """Bilag 2 cut into theme tables, each a list of cell blocks, footers dropped."""
    tables: list[tuple[int, list[Block]]] = []
    last_page = -1
    for run in _text_runs(source, page_map):
        cells = run
        if heading := _THEME.match(run[0][1]):
            tables.append((int(heading.group(1)), []))
            cells = run[1:]
        if not (cells and tables):
            continue
        first_line, page = cells[0][0], page_map.line_page[cells[0][0]]
        tables[-1][1].append(Block(first_line, tuple(t for _, t in cells), page != last_page))
        last_page = page
    return tables


def _text_runs(source: Source, page_map: PageMap) -> Iterator[list[tuple[int, str]]]:
    """Runs of (line number, text) in Bilag 2, cut at blank lines, footers and page starts."""
    lines = source.lines
    start = next(n for n, text in enumerate(lines, 1) if _BILAG2.match(text))
    end = next(n for n, text in enumerate(lines, 1) if _BILAG3.match(text))
    page_starts = {page.first_line for page in page_map.pages}
    run: list[tuple[int, str]] = []
    for number in range(start + 1, end):
        text = lines[number - 1]
        gap = not text.strip() or _FOOTER.match(text) or text.strip() == _HEADER
        if run and (gap or number in page_starts):
            yield run
            run = []
        if not gap:
            run.append((number, text))
    if run:
        yield run


def _known_authors(blocks: Iterable[Block]) -> tuple[str, ...]:
    """Author strings the tables give with a year ("Beskæftigelsesministeriet (2006)")."""
    names = set()
    for block in blocks:
        match = re.match(r"([^()]+?) ?\((?:19|20)\d\d\)", " ".join(" ".join(block.lines).split()))
        if match:
            names.add(match.group(1))
    return tuple(sorted(names, key=len, reverse=True))


def _assemble(blocks: list[Block], context: _Context) -> list[_Row]:
    """Rows of one table: a block continues the last row over a page break, fills its
    next columns, or starts a new row once the last one has its weight."""
    rows: list[_Row] = []
    for block in blocks:
        row = rows[-1] if rows else None
        if row and (row.continued is not None or (block.page_initial and row.is_open())):
            if _continue_row(row, block, context):
                continue
            row.continued = None
        if row is None or _starts_new_row(row, block):
            row = _Row(first_line=block.first_line, last_line=block.first_line)
            rows.append(row)
        pieces = _split_fresh(block.lines[0], row.next_column, context)
        for column, text in pieces:
            row.add(column, text, block.first_line)
        for number, line in enumerate(block.lines[1:], start=block.first_line + 1):
            row.add(pieces[-1][0], line, number)
        row.next_column = pieces[-1][0] + 1
    return rows


def _starts_new_row(row: _Row, block: Block) -> bool:
    if row.cells[WEIGHT]:
        return True
    # A row whose weight cell never came: the next block is a new row, not a weight.
    return row.next_column >= WEIGHT and block.lines[0].strip() not in WEIGHTS


# --- cells that share a line, on a fresh row ------------------------------------------


def _split_fresh(line: str, column: int, context: _Context) -> list[tuple[int, str]]:
    """Cut a block's first line into (column, text) pieces, starting at `column`."""
    text = " ".join(line.split())
    if text in WEIGHTS:
        return [(WEIGHT, text)]
    weight = None
    if column < WEIGHT and (match := _TRAILING_WEIGHT.fullmatch(text)):
        text, weight = match.group(1), match.group(2)
    pieces: list[tuple[int, str]] = []
    if column == AUTHORS:
        spans_row = weight is not None or find_design(text, context.designs) is not None
        author, text = split_author(text, context.known_authors, spans_row=spans_row)
        pieces.append((AUTHORS, author))
        column = TITLE
    pieces += _split_cells(text, column, context.designs, page_foot=weight is not None)
    if weight:
        pieces.append((WEIGHT, weight))
    return pieces


def _split_cells(
    text: str, column: int, designs: tuple[str, ...], *, page_foot: bool
) -> list[tuple[int, str]]:
    """Title, design, target-group and result pieces of `text`, which starts in `column`."""
    pieces: list[tuple[int, str]] = []
    if text and column <= DESIGN and (found := find_design(text, designs)):
        start, end = found
        if start:
            pieces.append((column, text[:start].strip()))
        pieces.append((DESIGN, text[start:end].strip()))
        text, column = text[end:].strip(), TARGET
    if text and column == TARGET:
        target, text = split_target(text, page_foot=page_foot)
        pieces.append((TARGET, target))
        column = RESULT
    if text:
        pieces.append((column, text))
    return pieces


# --- rows continued over a page break -------------------------------------------------


def _continue_row(row: _Row, block: Block, context: _Context) -> bool:
    """Add `block` to a row continued from the previous page; False if it is not part of it."""
    pieces = _split_continuation(block.lines[0], row, context)
    if not pieces:
        return False
    for column, text in pieces:
        row.add(column, text, block.first_line)
    for number, line in enumerate(block.lines[1:], start=block.first_line + 1):
        row.add(pieces[-1][0], line, number)
    row.continued = pieces[-1][0]
    return True


def _split_continuation(line: str, row: _Row, context: _Context) -> list[tuple[int, str]]:
    """Cut the first line of a block continuing `row`; [] if the block is not part of it."""
    if not row.author_open() and looks_like_authors(line, context.known_authors):
        return []
    pieces: list[tuple[int, str]] = []
    previous_end = 0
    for token in re.finditer(r"\S+", line):
        word = token.group()
        if not pieces:
            after = -1 if row.continued is None else row.continued
            column = _first_column(word, row, after, context.lexicon)
            if column is None:
                return []
        else:
            wide_gap = token.start() - previous_end >= 2  # a column edge survived
            column = _next_column(word, pieces[-1], row, context.lexicon, wide_gap=wide_gap)
        if column is None:
            pieces[-1] = (pieces[-1][0], f"{pieces[-1][1]} {word}")
        else:
            pieces.append((column, word))
        previous_end = token.end()
    return pieces


def _next_column(
    word: str, piece: tuple[int, str], row: _Row, lexicon: Lexicon, *, wide_gap: bool
) -> int | None:
    """The column `word` opens after `piece`, or None if it goes on with `piece`.

    A word opens a column if it completes that column's split word; after a year or a
    wide gap the column edge is certain, so it also opens the next column still open.
    """
    column, text = piece
    completed = _completed_column(word, row, column, lexicon)
    if completed is not None or not (wide_gap or (column == AUTHORS and YEAR.search(text))):
        return completed
    return _open_column(word, row, column, lexicon)


def _first_column(word: str, row: _Row, after: int, lexicon: Lexicon) -> int | None:
    if (
        after < AUTHORS
        and row.author_open()
        and (YEAR.fullmatch(word) or _PERSON_START.match(word))
    ):
        return AUTHORS
    column = _completed_column(word, row, after, lexicon)
    return column if column is not None else _open_column(word, row, after, lexicon)


def _completed_column(word: str, row: _Row, after: int, lexicon: Lexicon) -> int | None:
    """The first later column whose split word `word` completes into an attested word."""
    for column in range(max(after + 1, TITLE), WEIGHT):
        if lexicon.completes(row.tail(column), word):
            return column
    return None


def _open_column(word: str, row: _Row, after: int, lexicon: Lexicon) -> int | None:
    """The first later column that can take more text.

    A lower-case fragment that is no word of its own ("sesforløb") must finish a
    column that ends in a hyphen; anything else goes to a column not yet closed by a
    full stop or a closing parenthesis.
    """
    candidates = range(max(after + 1, TITLE), WEIGHT)
    if word[:1].islower() and not lexicon.is_word(word):
        hyphenated = [c for c in candidates if row.tail(c).endswith("-")]
        if hyphenated:
            return hyphenated[0]
    return next((c for c in candidates if not row.tail(c).endswith((".", ")", "?"))), None)


# --- from draft to record -------------------------------------------------------------


def _finish(row: _Row, theme: int, context: _Context, page_map: PageMap) -> StudyRow:
    cells = [context.lexicon.join(pieces) for pieces in row.cells]
    years = list(YEAR.finditer(cells[AUTHORS]))
    where = f"Bilag 2 tema {theme}, row at line {row.first_line}"
    if not years:
        raise CorpusError(f"{where}: no year in the author cell {cells[AUTHORS]!r}")
    missing = [name for name, c in zip(_NAMES, cells, strict=False) if not c]
    if missing:
        raise CorpusError(f"{where}: empty {', '.join(missing)}")
    page = page_map.page_of(row.first_line)
    return StudyRow(
        theme=theme,
        authors=cells[AUTHORS][: years[-1].start()].strip(),
        year=int(years[-1].group(1)),
        title=cells[TITLE],
        design=cells[DESIGN],
        target_group=cells[TARGET],
        result=cells[RESULT],
        evidence_weight=cells[WEIGHT] if cells[WEIGHT] in WEIGHTS else None,  # type: ignore[arg-type]
        page=page.label,
        page_index=page.index,
        first_line=row.first_line,
        last_line=row.last_line,
    )
