"""Danish analyzer for the keyword index: tokens -> lemmas -> compound parts.

Caseworkers search for "praktik" where the report says "virksomhedspraktik", and
for "tilskud" where it says "løntilskud". Plain BM25 misses those; so every word
is emitted as its lemma *plus* the parts of its compound, on both the indexed and
the query side.

Pipeline per text: spaCy's blank "da" tokenizer -> lower case -> drop punctuation
and stop words (Danish, plus a few English function words for English questions)
-> lemma from the spaCy lookups table (`spacy-lookups-data`, looked up on the
lower-cased form because the table is case-sensitive and would miss a capitalised
first word) -> decompounding against a vocabulary (the corpus's own words plus
`index/data/compounds.json`), handling the linking letters "s" and "e".

The full lemma table holds 553k forms (~130 MB as a dict). `compact()` keeps only
the forms whose lemma the index can match, so a loaded index carries a few
thousand entries and never reads the big table. Analysis is cached per token.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

ANALYZER_VERSION = 1
MIN_COMPOUND = 6  # shorter words are never split
MIN_PART = 3  # shortest part: "løn", "job"
MIN_CORPUS_PART = 4  # corpus words of 3 letters ("mod", "tal") split too eagerly
LINKERS = ("s", "e")
_MAX_DEPTH = 3
_MAX_CACHE = 200_000

#: spaCy's Danish stop list marks these as stop words, but in this domain they carry
#: meaning ("lav uddannelse", "længere tid", "tidligere forsøg").
_KEEP = frozenset({"lav", "lave", "god", "ny", "nyt", "lille", "mindre", "længere", "tidligere"})
#: English function words, so English questions do not match on "the" and "of";
#: words that are also Danish content words ("to" = two, "by" = town) are left out.
_ENGLISH_STOP_WORDS = (
    "a an the of in on for and or is are was were be been do does did what how which who "
    "whom why when where into with from it its this that these those there their they can "
    "could would should will has have had not no than then as at al "
)
_ENGLISH_STOP = frozenset(_ENGLISH_STOP_WORDS.split())
_STRIP = ".,;:!?\"'’‘”“()[]{}«»-–—/*•§"


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.da.stop_words import STOP_WORDS

    return (frozenset(STOP_WORDS) - _KEEP) | _ENGLISH_STOP


@functools.cache
def _tokenizer() -> Any:
    """spaCy's rule-based Danish tokenizer; one per process (blank pipeline, no model)."""
    import spacy

    return spacy.blank("da").tokenizer


@functools.cache
def load_lemma_table() -> dict[str, str]:
    """The full Danish lookup table of `spacy-lookups-data` (form -> lemma); build time only."""
    import spacy_lookups_data

    path = Path(str(spacy_lookups_data.da["lemma_lookup"]))
    gz = path.with_name(path.name + ".gz")
    raw = gzip.decompress(gz.read_bytes()) if gz.exists() else path.read_bytes()
    return json.loads(raw)


@functools.cache
def curated_compounds() -> dict[str, frozenset[str]]:
    """The lists of `index/data/compounds.json`: parts, never_part, never_split."""
    text = (resources.files("index") / "data" / "compounds.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {key: frozenset(data[key]) for key in ("parts", "never_part", "never_split")}


def _is_url(word: str) -> bool:
    return "://" in word or word.startswith("www.")


class DanishAnalyzer:
    """Turns Danish (or English) text into index tokens; see the module docstring.

    Build one with `fit(corpus_texts)`; persist it with `to_dict()` / `from_dict()`.
    """

    def __init__(
        self,
        *,
        lemmas: Mapping[str, str],
        vocabulary: Iterable[str],
        never_split: Iterable[str] = (),
    ) -> None:
        self.lemmas = lemmas
        self.vocabulary = frozenset(vocabulary)
        self.never_split = frozenset(never_split)
        self._stop = _stop_words()
        self._cache: dict[str, tuple[str, ...]] = {}
        self._splits: dict[str, tuple[str, ...]] = {}

    @classmethod
    def fit(cls, texts: Iterable[str]) -> DanishAnalyzer:
        """An analyzer whose splitting vocabulary is the texts' words plus the curated parts."""
        lemmas = load_lemma_table()
        curated = curated_compounds()
        stop = _stop_words()
        words: set[str] = set()
        for text in texts:
            for token in _tokenizer()(text):
                word = token.text.lower().strip(_STRIP)
                # Only real Danish words (forms in the lemma table) may be parts: this
                # keeps out fragments such as "hedspraktik" from hyphenated line breaks.
                if len(word) >= MIN_CORPUS_PART and word.isalpha() and word in lemmas:
                    words.add(lemmas[word])
        vocabulary = ((words - stop) | curated["parts"]) - curated["never_part"]
        return cls(lemmas=lemmas, vocabulary=vocabulary, never_split=curated["never_split"])

    def analyze(self, text: str) -> list[str]:
        """Index tokens of `text`, in order; a compound is followed by its parts."""
        out: list[str] = []
        for token in _tokenizer()(text):
            key = token.text.lower()
            cached = self._cache.get(key)
            if cached is None:
                if len(self._cache) > _MAX_CACHE:  # a long TUI session sees endless new words
                    self._cache.clear()
                cached = self._cache[key] = self._analyze_token(key)
            out.extend(cached)
        return out

    def analyze_many(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.analyze(text) for text in texts]

    def _analyze_token(self, raw: str) -> tuple[str, ...]:
        word = raw.strip(_STRIP)
        if not word or not any(ch.isalnum() for ch in word) or _is_url(word):
            return ()
        if any(ch.isdigit() for ch in word):
            return (word,)  # years, counts, percentages are matched verbatim
        pieces = [p for p in word.split("-") if p]
        if len(pieces) > 1:  # "IGU-forløb": the whole and each piece
            tokens = [word]
            for piece in pieces:
                tokens.extend(self._analyze_word(piece))
            return tuple(dict.fromkeys(tokens))
        stem = self._dangling_head(raw, word)
        return self._analyze_word(stem or word)

    def _dangling_head(self, raw: str, word: str) -> str | None:
        """ "Kontanthjælps- og dagpengemodtagere": the first part keeps its linking letter."""
        if raw.endswith("-") and word[-1:] in LINKERS and word[:-1] in self.vocabulary:
            return word[:-1]
        return None

    def _analyze_word(self, word: str) -> tuple[str, ...]:
        if len(word) < 2 or word in self._stop:
            return ()
        lemma = self.lemmas.get(word, word)
        if lemma in self._stop:
            return ()
        return (lemma, *self.split(lemma))

    def split(self, word: str, depth: int = 0) -> tuple[str, ...]:
        """The parts of a compound (recursively, outermost first); () if it is not one.

        Danish compounds are head-final, so the longest known last part wins
        ("beskæftigelses|indsats", not "beskæftigelsesind|sats"); the first part
        may carry a linking "s" or "e" and may itself be a compound.
        """
        if depth > _MAX_DEPTH or len(word) < MIN_COMPOUND or word in self.never_split:
            return ()
        cached = self._splits.get(word)
        if cached is not None:
            return cached
        parts: tuple[str, ...] = ()
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            tail = self._known(word[cut:])
            head = self._head(word[:cut], depth) if tail else None
            if tail and head:
                parts = tuple(dict.fromkeys((*head, tail, *self.split(tail, depth + 1))))
                break
        self._splits[word] = parts
        return parts

    def _known(self, part: str) -> str | None:
        """The vocabulary word for a last part, lemmatised if needed ("praktikker" -> "praktik")."""
        if part in self.vocabulary:
            return part  # 3-letter words are in the vocabulary only when curated
        lemma = self.lemmas.get(part) if len(part) >= MIN_CORPUS_PART else None
        return lemma if lemma in self.vocabulary else None

    def _head(self, head: str, depth: int) -> tuple[str, ...] | None:
        """A first part as (word, its own parts...), trying the linking letters; None if unknown."""
        candidates = [head]
        if head[-1] in LINKERS:  # "virksomheds" -> "virksomhed", "arbejds" -> "arbejde"
            candidates = [head[:-1], head[:-1] + "e", head]
        for candidate in candidates:
            if len(candidate) >= MIN_PART and candidate in self.vocabulary:
                return (candidate, *self.split(candidate, depth + 1))
        inner = self.split(head, depth + 1)
        return (head, *inner) if inner else None

    def compact(self, tokens: Iterable[str]) -> DanishAnalyzer:
        """A copy whose lemma table keeps only forms that lead to `tokens` or the vocabulary.

        Queries only need a lemma when it can match an indexed token; for the corpus
        texts the compact analyzer gives exactly the same tokens as the full one.
        """
        wanted = set(tokens) | self.vocabulary | self._stop  # stop lemmas must still drop
        lemmas = {f: lem for f, lem in self.lemmas.items() if f != lem and lem in wanted}
        return DanishAnalyzer(
            lemmas=lemmas, vocabulary=self.vocabulary, never_split=self.never_split
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": ANALYZER_VERSION,
            "vocabulary": sorted(self.vocabulary),
            "never_split": sorted(self.never_split),
            "lemmas": dict(sorted(self.lemmas.items())),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DanishAnalyzer:
        if data.get("version") != ANALYZER_VERSION:
            raise ValueError(f"analyzer format {data.get('version')!r} != {ANALYZER_VERSION}")
        return cls(
            lemmas=data["lemmas"], vocabulary=data["vocabulary"], never_split=data["never_split"]
        )
