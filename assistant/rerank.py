"""Reranking retrieved passages by what the question asks of the report.

Fusion ranks passages by their words and meaning; the report's structure says
more. Each theme repeats the same sections for the same question kinds ("Hvorfor
virker det?" holds the mechanisms), a follow-up is about what it adds ("og for
kvinder?"), and "hvilke studier viser det?" wants the passages that name their
studies. The bonuses below lift such passages; the report's own findings come
before the Bilag 2 rows that support them.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.conversation import Resolution
from assistant.understanding import Analysis, Concept
from index.search import Hit

#: Sections whose title answers a question kind (3.x.1-3.x.5 repeat these titles).
KIND_SECTION_TITLES = {
    "effect": ("Hvordan virker det?", "Præsentation af resultater og effekter"),
    "mechanism": ("Hvorfor virker det?", "Sammenfatning af gennemgående mekanismer"),
    "target_group": ("Målgruppe", "Præsentation af overordnede forhold mht. målgruppe"),
    "organisation": ("Kommunal organisering", "Præsentation af overordnede forhold mht. kommunal"),
    "labour_market": (
        "Arbejdsmarkedet",
        "Præsentation af overordnede forhold mht. arbejdsmarkedet",
    ),
    "definition": ("Begrebsafklaring",),
    "method": ("Design og gennemførelse", "Karakteristik af den indsamlede viden", "Metodebilag"),
    "numbers": ("Karakteristik af den indsamlede viden", "Design og gennemførelse"),
    "knowledge_gap": ("Identifikation af videnshuller",),
}
#: Rerank bonuses as fractions of the best fused score (fusion scales differ: RRF
#: sums are ~0.03, weighted scores reach 1). Calibrated with scripts/eval.py.
KIND_BONUS = 0.25
THEME_BONUS = 0.1
#: For a follow-up, passages that name what the follow-up itself adds ("og for kvinder?").
#: Above KIND_BONUS since the query adapter (ninth round): the adapter pulls a
#: follow-up towards the earlier turn's topic, and a section of the asked kind that
#: never names the women should not outrank one that does (calibration sets: +1
#: follow-up on L and on J, nothing lost; 0.25 before).
FOCUS_BONUS = 0.4


class Reranker:
    """Reorders hits for one question; `analyze` is the keyword index's analyser."""

    def __init__(self, analyze: Callable[[str], list[str]], idf: dict[str, float]) -> None:
        self._analyze = analyze
        self._idf = idf

    def rerank(self, hits: list[Hit], question: str, res: Resolution) -> list[Hit]:
        """`hits` best first for `question` as the conversation resolved it."""
        return self._ranked(
            hits,
            res.analysis,
            focus=self._focus_terms(res),
            defined=self._defined_terms(question, res.analysis),
        )

    def _ranked(
        self,
        hits: list[Hit],
        analysis: Analysis,
        *,
        focus: set[str],
        defined: set[str] | None,
    ) -> list[Hit]:
        # A question that names no kind is taken as an effect question, but that guess
        # should not lift the effect sections over what retrieval found.
        titles = KIND_SECTION_TITLES.get(analysis.kind, ()) if analysis.kinds else ()
        themes = set(analysis.themes)
        scale = max((h.score for h in hits), default=0.0)
        # "Hvilke studier viser det?" wants the passages that name their studies.
        wants_citations = analysis.kind == "study_list"

        def boosted(hit: Hit) -> float:
            chunk = hit.chunk
            bonus = 0.0
            words = set(self._analyze(chunk.text)) if focus or defined else set()
            in_kind_section = any(chunk.section_title.startswith(t) for t in titles)
            if in_kind_section and (defined is None or defined & words):
                bonus += KIND_BONUS * scale
            if wants_citations and chunk.kind == "finding" and chunk.study_keys:
                bonus += KIND_BONUS * scale
            if focus and focus & words:
                bonus += FOCUS_BONUS * scale
            if themes and chunk.theme in themes:
                bonus += THEME_BONUS * scale
            return hit.score + bonus

        ranked = sorted(hits, key=boosted, reverse=True)
        # Bilag 2 rows support an answer; the report's own findings come first.
        return [h for h in ranked if h.chunk.kind != "study_summary"] + [
            h for h in ranked if h.chunk.kind == "study_summary"
        ]

    def _focus_terms(self, res: Resolution) -> set[str]:
        """Analysed words that are new in a follow-up; empty otherwise.

        Words it shares with what it replaces do not count: after "privat
        løntilskud", "offentligt løntilskud" is about "offentlig", not "løntilskud".
        """
        if not res.follow_up:
            return set()
        new = self._concept_words(res.focus)
        # The glossary's report words for what the follow-up says ("forhindring" →
        # "barriere") are its focus too.
        new |= set(self._analyze(" ".join(res.analysis.danish_terms)))
        return new - self._concept_words(res.replaced) or new

    def _defined_terms(self, question: str, analysis: Analysis) -> set[str] | None:
        """What a definition question asks to have defined; None for other questions.

        Section 1.3 (Begrebsafklaring) defines the report's terms, but not every
        term: "Hvad menes med helbredsmestring?" is answered in chapter 3, and 1.3's
        definitions of other words are no answer to it. The terms are the question's
        concepts and glossary words, or else its rarest word that the report uses.
        """
        if analysis.kind != "definition":
            return None
        terms = set(self._analyze(" ".join(analysis.keyword_terms())))
        if terms:
            return terms
        used = [t for t in self._analyze(question) if t in self._idf]
        return {max(used, key=self._idf.__getitem__)} if used else None

    def _concept_words(self, concepts: list[Concept]) -> set[str]:
        words = [w for c in concepts for w in (c.label_da, *c.keywords_da)]
        return set(self._analyze(" ".join(words))) if words else set()
