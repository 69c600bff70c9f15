"""The numbered source lists that open sections 3.2-3.6, one list per theme.

"1. Arendt, J. N.; Bolvig, I.; … (2016): Kommunernes integrationsindsats … KORA." The
lists are boxes in the PDF and the extraction lost parts of them: the tema 2 list is
missing entirely, the tema 3 list stops after item 9 (one stray line of a lost item,
"Market Policies for Immigrants … IZA.", is left at the top of the next page), tema 4's
items 5 and 19 are cut off, and the tema 5 list stops inside item 3. `cross_check` puts
such gaps, and every disagreement with the Bilag 2 tables, into words.

An entry links to a study when a Bilag 2 row has the same first author (ignoring case)
and year. Its key is spelled as chapter 3 spells the author ("CABI 2010", where the
tables write "Cabi"); `studies.build_catalogue` uses the same spelling, so the keys
agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from corpus.models import ReferenceEntry, StudyRow
from corpus.source import PageMap, Source
from corpus.study_cells import Lexicon, first_author
from corpus.study_table import parse_study_rows

_SECTION = re.compile(r"^\s?3\.[2-6] Tema ([1-5]):")
# A chapter heading is in capitals: "4 IDENTIFIKATION AF VIDENSHULLER", " 1. METODEBILAG".
_CHAPTER = re.compile(r"^\s?\d\.? [A-ZÆØÅ][A-ZÆØÅ ,-]+\s*$")
_SUBSECTION = re.compile(r"^\s?\d\.\d(?:\.\d)* [A-ZÆØÅ]")
_ITEM = re.compile(r"^(\d{1,2})\. (.*\((?:19|20)\d\d\).*)$")
_AUTHOR_YEAR = re.compile(r"^(.*?) ?\(((?:19|20)\d\d)\):? ?")
_STATED = re.compile(r"identificeret (\d+) studier")
# A sentence ends at ". " or "? " before a capital, but not after a number ("nr. 2. Maj").
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.?]) (?=[A-ZÆØÅ])")


def parse_references(source: Source, page_map: PageMap) -> list[ReferenceEntry]:
    """Every surviving item of the five source lists, de-hyphenated and linked."""
    lexicon = Lexicon(source.lines)
    in_tables = {_pair(row.authors, row.year) for row in parse_study_rows(source, page_map)}
    page_starts = {page.first_line for page in page_map.pages}
    entries = []
    for theme, first, last in theme_sections(source):
        for number, lines in _items(source.lines, first, last, page_starts):
            text = lexicon.join(lines)
            authors, year = author_year(text)
            linked = year is not None and _pair(authors, year) in in_tables
            key = f"{first_author(authors)} {year}" if linked else None
            entries.append(ReferenceEntry(theme=theme, number=number, text=text, study_key=key))
    return entries


def theme_sections(source: Source) -> list[tuple[int, int, int]]:
    """(theme, first line, last line) of sections 3.2-3.6."""
    starts = [
        (int(m.group(1)), n)
        for n, text in enumerate(source.lines, 1)
        if (m := _SECTION.match(text))
    ]
    sections = []
    for index, (theme, first) in enumerate(starts):
        limit = starts[index + 1][1] if index + 1 < len(starts) else len(source.lines) + 1
        end = next(
            (n for n in range(first + 1, limit) if _CHAPTER.match(source.lines[n - 1])), limit
        )
        sections.append((theme, first, end - 1))
    return sections


def _items(
    lines: tuple[str, ...], first: int, last: int, page_starts: set[int]
) -> Iterator[tuple[int, list[str]]]:
    """(number, lines) of each list item; an item ends at the next item, a heading or a
    page break (the lists are boxes, and the text after a break is the running text)."""
    number = 0
    item: list[str] = []
    for n in range(first, last + 1):
        text = lines[n - 1]
        match = _ITEM.match(text)
        if item and (match or n in page_starts or _SUBSECTION.match(text)):
            yield number, item
            item = []
        if match:
            number, item = int(match.group(1)), [match.group(2)]
        elif item and text.strip():
            item.append(text)
    if item:
        yield number, item


def author_year(text: str) -> tuple[str, int | None]:
    """("Arendt, J. N. & Pozzoli, D.", 2013) from an entry's text."""
    match = _AUTHOR_YEAR.match(text)
    return (match.group(1), int(match.group(2))) if match else (text, None)


def publisher_of(entry: ReferenceEntry) -> str | None:
    """The entry's last sentence, which names the publisher ("KORA", "AKF", "SFI").

    None where the entry is only a title ("LG Insight (2008): Eksemplariske …") or is
    cut off (no final full stop), since its last words are then not the publisher.
    """
    match = _AUTHOR_YEAR.match(entry.text)
    rest = entry.text[match.end() :] if match else entry.text
    if not rest.endswith("."):
        return None
    sentences = _SENTENCE_END.split(rest[:-1])
    return sentences[-1].strip() if len(sentences) > 1 else None


def publishers(entries: Iterable[ReferenceEntry]) -> dict[str, str]:
    """Publisher per linked study key; the fullest wording where lists differ."""
    found: dict[str, str] = {}
    for entry in entries:
        publisher = publisher_of(entry)
        if entry.study_key and publisher and len(publisher) > len(found.get(entry.study_key, "")):
            found[entry.study_key] = publisher
    return found


def stated_study_counts(source: Source) -> dict[int, int]:
    """How many studies each section 3.2-3.6 says it identified ("identificeret 10 studier")."""
    counts = {}
    for theme, first, last in theme_sections(source):
        text = " ".join(source.lines[first - 1 : last])
        if match := _STATED.search(" ".join(text.split())):
            counts[theme] = int(match.group(1))
    return counts


def cross_check(
    references: Iterable[ReferenceEntry],
    rows: Iterable[StudyRow],
    *,
    stated_counts: Mapping[int, int] | None = None,
) -> list[str]:
    """Human-readable differences between the source lists and the Bilag 2 tables."""
    by_theme: dict[int, list[ReferenceEntry]] = defaultdict(list)
    for entry in references:
        by_theme[entry.theme].append(entry)
    table: dict[int, list[StudyRow]] = defaultdict(list)
    for row in rows:
        table[row.theme].append(row)
    themes_of: dict[tuple[str, int | None], set[int]] = defaultdict(set)
    for theme, theme_rows in table.items():
        for row in theme_rows:
            themes_of[_pair(row.authors, row.year)].add(theme)
    notes = []
    for theme in sorted(set(table) | set(by_theme)):
        stated = (stated_counts or {}).get(theme)
        if stated is not None and stated != len(table[theme]):
            notes.append(
                f"tema {theme}: the section says {stated} studies; "
                f"the table has {len(table[theme])} rows"
            )
        notes += _list_gaps(theme, by_theme[theme], len(table[theme]), stated)
        notes += _list_vs_table(theme, by_theme[theme], table[theme], themes_of)
    return notes


def _list_gaps(
    theme: int, entries: list[ReferenceEntry], rows: int, stated: int | None
) -> list[str]:
    expected = stated or rows
    if not entries:
        return [
            f"tema {theme}: the source list is missing from the extracted text "
            f"({expected} studies expected)"
        ]
    notes = []
    numbers = sorted(e.number for e in entries)
    if numbers != list(range(1, len(numbers) + 1)):
        notes.append(f"tema {theme}: the source list is numbered {numbers}")
    if numbers[-1] < expected:
        notes.append(
            f"tema {theme}: the source list stops after item {numbers[-1]}; items "
            f"{numbers[-1] + 1}-{expected} are missing from the extracted text"
        )
    notes += [
        f"tema {theme}: source list item {e.number} is cut off: '…{e.text[-40:]}'"
        for e in entries
        if not e.text.endswith(".")
    ]
    return notes


def _list_vs_table(
    theme: int,
    entries: list[ReferenceEntry],
    rows: list[StudyRow],
    themes_of: Mapping[tuple[str, int | None], set[int]],
) -> list[str]:
    listed = {_pair(*author_year(e.text)): e for e in entries}
    tabled = {_pair(r.authors, r.year): r for r in rows}
    notes = []
    for pair, entry in listed.items():
        if pair not in tabled:
            authors, year = author_year(entry.text)
            others = sorted(themes_of.get(pair, ()))
            where = f"it is in tema {others}" if others else "it is in no Bilag 2 table"
            notes.append(
                f"tema {theme}: source list item {entry.number}, {authors} ({year}), is not in "
                f"the tema {theme} table ({where})"
            )
    if entries and len(entries) >= len(rows):  # only a complete list can miss a row
        notes += [
            f"tema {theme}: the table row {row.authors} ({row.year}) is not in the source list"
            for pair, row in tabled.items()
            if pair not in listed
        ]
    return notes


def _pair(authors: str, year: int | None) -> tuple[str, int | None]:
    return first_author(authors).casefold(), year
