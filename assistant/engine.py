"""The assistant: a question in, a grounded `Answer` out.

Pipeline: clean and mask the question, understand it, resolve it against the
conversation, then either look a study up in the catalogue or retrieve, rerank
by question kind and theme, cut verbatim excerpts, and decide whether the report
answers at all. Every sentence shown as evidence is a slice of a chunk.

The steps live in modules of their own (scope, conversation, rerank, excerpts,
relevance, gaps, answers); this one holds the order they run in.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.answers import AnswerBuilder, unusable
from assistant.conversation import Conversation, Resolution
from assistant.excerpts import Cut, best_cut, short_answer
from assistant.gaps import Gap, asks_for_all_gaps, gaps_overview, load_gaps, numbered, touched_gap
from assistant.inputs import CleanQuestion, clean_question
from assistant.lookup import find_study_refs
from assistant.models import Answer, KnowledgeGap, Language
from assistant.relevance import Relevance, judge
from assistant.rerank import Reranker
from assistant.scope import OutOfScope, name_verdict, out_of_scope, term_verdict
from assistant.terms import ReportTerms
from assistant.understanding import understanding
from assistant.wording import NO_EVIDENCE, covers, unknown_study
from corpus.models import Chunk, Corpus, Study, Weight
from corpus.text import words_of
from index.fusion import FusionConfig
from index.search import Hit, HybridIndex, Mode

MAX_EXCERPTS = 5
#: Bilag 2 rows shown in a topical answer; findings in the text come first.
MAX_SUMMARIES = 1
RETRIEVE_K = 20
#: A finding shorter than this that ends with ":" only announces a list.
LEAD_IN_CHARS = 160
#: Characters of the query the embedder reads (the keyword side reads all of it).
DENSE_QUERY_CHARS = 200
#: Bilag 2 rows a study lookup shows before the places that cite the studies.
MAX_LOOKUP_ROWS = 2
#: English questions lean more on the keyword side: the glossary has put the report's
#: Danish terms into the query, while e5's English-to-Danish match is the weaker signal.
#: Alpha 0.5 against the default 0.7, measured with scripts/eval.py (docs/evaluation.md).
ENGLISH_FUSION = FusionConfig(alpha=0.5)
THEME_TITLES = {
    1: "Tema 1: Integrationsprogram herunder danskuddannelse",
    2: "Tema 2: Samtaler",
    3: "Tema 3: Virksomhedsrettede indsatser",
    4: "Tema 4: Vejledning, afklaring, opkvalificering og uddannelsesaktivering",
    5: "Tema 5: Sanktioner, ydelsesniveau og refusionssystem",
}


@dataclass(frozen=True)
class Filters:
    theme: int | None = None
    min_weight: Weight | None = None


class Assistant:
    """Holds the corpus, the index and one conversation."""

    def __init__(self, corpus: Corpus, index: HybridIndex, *, mode: Mode = "hybrid") -> None:
        self.corpus = corpus
        self.index = index
        self.mode: Mode = mode  # "dense" / "keyword" only for evaluation
        self.conversation = Conversation()
        self.studies = {s.key: s for s in corpus.studies}
        self.paragraphs = {p.id: p for p in corpus.paragraphs}
        self.sections = {s.number: s for s in corpus.sections}
        self.gaps: list[Gap] = load_gaps(corpus)
        self._gaps_overview = gaps_overview(self.gaps, index.chunks)
        self._understanding = understanding()
        # Every word the report, its tables and the lexicon use: a capitalised word
        # outside this set names something the synthesis cannot speak about.
        self._known_words = corpus.vocabulary | words_of(self._understanding.phrases())
        self._terms = ReportTerms(self._known_words)
        # Excerpt cutting analyses the corpus's own sentences and words again and again;
        # they are finite, so the cache stays bounded (questions are not cached).
        self._analyze: Callable[[str], list[str]] = lru_cache(maxsize=50_000)(
            index.keyword.query_tokens
        )
        self._idf = _idf(index.chunks, self._analyze)
        self._reranker = Reranker(self._analyze, self._idf)
        self._build = AnswerBuilder(corpus, self.studies, self.paragraphs)
        self._summaries: dict[str, Chunk] = {}
        for chunk in index.chunks:
            if chunk.kind == "study_summary" and chunk.study_keys:
                self._summaries.setdefault(chunk.study_keys[0], chunk)

    # --- public -----------------------------------------------------------------

    def reset(self) -> None:
        self.conversation.reset()

    def ask(self, question: str, *, filters: Filters | None = None) -> Answer:
        answer = self._ask(question, filters)
        if answer.abstained:
            self.conversation.not_answered()
            return answer
        gap = answer.knowledge_gap.number if answer.knowledge_gap else None
        self.conversation.shown([(e.chunk_id, e.score) for e in answer.excerpts], gap)
        return answer

    def _ask(self, question: str, filters: Filters | None) -> Answer:
        clean = clean_question(question)
        if clean.error:
            return unusable(clean)
        filters = filters or Filters()
        analysis = self._understanding.analyze(clean.text)
        refs = find_study_refs(clean.text, self.corpus.studies)
        resolution = self.conversation.resolve(clean.text, analysis, refs.studies, clean.language)
        if refs.unknown and not refs.studies:
            return self._unknown_study(clean, resolution, refs.unknown)
        scope = self.out_of_scope(clean.text)
        study = bool(resolution.studies) and (
            not analysis.topical or "study_lookup" in analysis.kinds
        )
        # A rare word the report never uses waits for retrieval when the adapter can
        # say how close the best passage is; a study lookup has no such passage.
        rare = term_verdict(clean.text, self._terms) if scope is None else None
        if rare is not None and (study or self._rare_word_bar() is None):
            scope, rare = rare, None
        if scope is not None:
            return self._beyond(clean, resolution, scope, analysis.themes)
        if study:
            return self._study_answer(clean, resolution, filters)
        # Built here, where the question's own analysis is at hand; given only if
        # retrieval finds no passage close enough.
        rare_answer = self._beyond(clean, resolution, rare, analysis.themes) if rare else None
        return self._retrieval_answer(clean, resolution, filters, rare_answer=rare_answer)

    def out_of_scope(self, question: str) -> OutOfScope | None:
        """Why the synthesis cannot answer `question`, known before retrieval (phrase
        rules and unknown names), or None if it may."""
        return out_of_scope(question) or name_verdict(question, self._known_words)

    def _rare_word_bar(self) -> float | None:
        """Adapted top cosine below which a rare word puts a question out of scope;
        None without an adapter that has one: then the rare word alone does."""
        adapter = self.index.adapter
        return adapter.rare_word_bar if adapter is not None else None

    def study(self, key: str) -> Study | None:
        return self.studies.get(key)

    def citing_places(self, key: str) -> list[tuple[str, str, str, str]]:
        """(section, section title, page, paragraph id) of every paragraph citing `key`."""
        seen: dict[str, tuple[str, str, str, str]] = {}
        for citation in self.corpus.citations:
            if citation.key == key and citation.paragraph_id not in seen:
                section = self.sections[citation.section]
                seen[citation.paragraph_id] = (
                    section.number,
                    section.title,
                    citation.page,
                    citation.paragraph_id,
                )
        return list(seen.values())

    # --- retrieval answers ---------------------------------------------------------

    def _retrieval_answer(
        self,
        clean: CleanQuestion,
        res: Resolution,
        filters: Filters,
        *,
        rare_answer: Answer | None = None,
    ) -> Answer:
        query = self._query_text(res.context_text, res)
        # "Which studies show that?" answers from the passages behind the last answer,
        # in the order the user saw them.
        hits = self._behind_previous(res, filters)
        vector = None
        if not hits:
            # The earlier questions carry the topic, but in BM25 their many words
            # drown the follow-up's few: its own words (and glossary terms) count twice.
            own = " ".join([clean.text, *res.analysis.danish_terms]) if res.follow_up else None
            # Embedded once: the search ranks with it, the excerpts choose their lead.
            vector = self.index.embed_query(_dense_part(query)) if self.mode != "keyword" else None
            hits = self.index.search(
                query,
                k=RETRIEVE_K,
                theme=filters.theme,
                min_weight=filters.min_weight,
                mode=self.mode,
                fusion=_fusion_for(clean.language),
                keyword_emphasis=own,
                query_vector=vector,
            )
            hits = [h for h in hits if not _is_lead_in(h.chunk)]
            hits = self._reranker.rerank(hits, clean.text, res)
        terms = set(self.index.keyword.query_tokens(query))  # not cached: queries are unique
        # Asked by the question itself: "og for kvinder?" after "hvor længe?" is not.
        wants_number = "numbers" in res.own_kinds
        cuts = [
            (hit, self._cut(hit.chunk, terms, vector, wants_number=wants_number)) for hit in hits
        ]
        bar = self.index.adapter.scope_bar if self.index.adapter is not None else None
        verdict = judge(hits, cuts, res.analysis, scope_bar=bar)
        rare_bar = self._rare_word_bar()
        if rare_answer is not None and (
            verdict.top_adapted is None or rare_bar is None or verdict.top_adapted < rare_bar
        ):
            return rare_answer
        gap = touched_gap(clean.text, res, hits, self.gaps)
        overview = self._gaps_overview if asks_for_all_gaps(clean.text, res.analysis, gap) else None
        if not verdict.answers and gap is None and overview is None:
            return self._abstain(clean, res, hits, verdict)
        chosen = _focused(cuts, max_summaries=MAX_SUMMARIES)
        if overview is not None:
            opening = self._cut(overview, terms, vector, wants_number=wants_number)
            chosen = [(_pseudo_hit(overview, 1.0), opening), *chosen]
        if gap is not None:
            # The gap's passage is evidence too: first for a question about gaps, else
            # the last of the five, so the answer shows what the report says is missing.
            # A gap question gets the whole gap passage (it may be two chunks): the
            # answer is that passage, and its last sentences often say what is missing.
            about_gap = res.analysis.kind == "knowledge_gap"
            where = 0 if about_gap else MAX_EXCERPTS - 1
            shown = {hit.chunk.id for hit, _ in chosen[:MAX_EXCERPTS]}
            gap_cuts = self._gap_cuts(
                gap, terms, shown, whole=about_gap, vector=vector, wants_number=wants_number
            )
            chosen = [*chosen[:where], *gap_cuts, *chosen[where:]]
        chosen = _focused(chosen, max_summaries=MAX_SUMMARIES)[:MAX_EXCERPTS]
        excerpts = [self._build.excerpt(hit, cut) for hit, cut in chosen]
        citations = self._build.citations(k for e in excerpts for k in e.study_keys)
        return self._build.answer(
            clean, res, short_answer([c for _, c in chosen]), excerpts, citations, gap=gap
        )

    def _cut(
        self, chunk: Chunk, terms: set[str], vector: np.ndarray | None, *, wants_number: bool
    ) -> Cut:
        """`best_cut` with the sentences' closeness to the query vector, if there is one."""
        closeness = None if vector is None else self.index.sentence_closeness(vector, chunk)
        return best_cut(
            chunk, terms, self._analyze, self._idf, closeness=closeness, wants_number=wants_number
        )

    def _behind_previous(self, res: Resolution, filters: Filters) -> list[Hit]:
        """For "which studies show that?": the last answer's passages and their studies.

        "That" is the answer the user just read, so its excerpts stay, in order. One
        that cites no study (the report's summaries) is followed by the first cited
        passage after it in its section, where the report names the studies; it
        takes that excerpt's score. The filters apply as to any answer. Empty when the
        question is not such a follow-up.
        """
        # Only a follow-up that asks this itself: a first question's "er der belæg
        # for …" makes it a study_list question, and later turns inherit the kind.
        if not (res.follow_up and "study_list" in res.own_kinds and res.previous_shown):
            return []
        allowed = self.index.candidates(theme=filters.theme, min_weight=filters.min_weight)
        allowed_ids = None if allowed is None else set(allowed.tolist())
        behind: list[tuple[int, float]] = []
        for chunk_id, score in res.previous_shown:
            i = self.index.position(chunk_id)
            if i is None or self.index.chunks[i].kind != "finding":  # a gap overview, a row
                continue
            behind.append((i, score))
            if not self.index.chunks[i].study_keys and (j := self._cited_after(i)) is not None:
                behind.append((j, score))
        unique: dict[int, float] = {}
        for i, score in behind:
            if allowed_ids is None or i in allowed_ids:
                unique.setdefault(i, score)  # the first place wins
        return [_pseudo_hit(self.index.chunks[i], score) for i, score in unique.items()]

    def _cited_after(self, i: int) -> int | None:
        """The first finding after chunk `i` in its section that cites a study."""
        chunks = self.index.chunks
        for j in range(i + 1, len(chunks)):
            if chunks[j].section != chunks[i].section:
                return None
            if chunks[j].kind == "finding" and chunks[j].study_keys:
                return j
        return None

    def _query_text(self, question: str, res: Resolution) -> str:
        """The question plus the Danish terms of its concepts (so English reaches BM25)."""
        extra = [t for t in res.analysis.keyword_terms() if t.lower() not in question.lower()]
        return " ".join([question, *extra])

    def _gap_cuts(
        self,
        gap: KnowledgeGap,
        terms: set[str],
        shown: set[str],
        *,
        whole: bool = False,
        vector: np.ndarray | None = None,
        wants_number: bool = False,
    ) -> list[tuple[Hit, Cut]]:
        """The gap's own passage that the answer does not show yet: its best part,
        or with `whole` all of it, in the report's order.

        A gap paragraph may be two chunks; when retrieval already shows one, the
        other is the one to add.
        """
        pid = numbered(self.gaps, gap.number).paragraph_id
        chunks = [c for c in self.index.chunks if c.paragraph_id == pid and c.id not in shown]
        cuts = [
            (_pseudo_hit(c, 1.0), self._cut(c, terms, vector, wants_number=wants_number))
            for c in chunks
        ]
        if whole:
            return cuts
        return sorted(cuts, key=lambda hc: hc[1].overlap, reverse=True)[:1]

    # --- study lookups -----------------------------------------------------------

    def _study_answer(self, clean: CleanQuestion, res: Resolution, filters: Filters) -> Answer:
        # "hvad fandt Heinesen?" mid-conversation: rank the citing places by the topic.
        asked = res.context_text if res.follow_up else clean.text
        query = self._query_text(asked, res)
        terms = set(self.index.keyword.query_tokens(query))  # not cached: queries are unique
        # Excerpts are cut around the sentence that names the study, so they show it.
        terms |= set(self._analyze(" ".join(s.key.split()[0] for s in res.studies)))
        # The places that cite the studies, ranked against the question; searched
        # among those chunks only, so a long question cannot crowd them out.
        cited = self.index.search(
            query,
            k=RETRIEVE_K,
            theme=filters.theme,
            kinds=["finding"],
            studies=[s.key for s in res.studies],
            mode=self.mode,
            fusion=_fusion_for(clean.language),
            dense_query=_dense_part(query),
        )
        # "Rosholm" alone names several studies: those cited where the question
        # points come first, and only the first rows are shown before the places.
        studies = _by_citing_rank(res.studies, cited)
        chosen: list[tuple[Hit, Cut]] = []
        for study in studies[:MAX_LOOKUP_ROWS]:
            summary = self._summary_chunk(study)
            if summary is not None:
                chosen.append((_pseudo_hit(summary, 1.0), best_cut(summary, terms, self._analyze)))
        chosen += [(h, best_cut(h.chunk, terms, self._analyze, self._idf)) for h in cited]
        excerpts = [self._build.excerpt(hit, cut) for hit, cut in chosen[:MAX_EXCERPTS]]
        citations = self._build.citations(s.key for s in studies)
        answer = " ".join(s.result for s in studies[:2])
        return self._build.answer(clean, res, answer, excerpts, citations, kind="study_lookup")

    def _summary_chunk(self, study: Study) -> Chunk | None:
        return self._summaries.get(study.key)

    def _unknown_study(self, clean: CleanQuestion, res: Resolution, unknown: list[str]) -> Answer:
        message = f"{NO_EVIDENCE[clean.language]} {unknown_study(unknown, clean.language)}"
        return self._build.empty(clean, res, message, kind="study_lookup", nearest=[])

    # --- abstaining -------------------------------------------------------------

    def _beyond(
        self, clean: CleanQuestion, res: Resolution, scope: OutOfScope, themes: list[int]
    ) -> Answer:
        """The abstention that says why: a rule, an unknown name or a rare word. It
        points to the `themes` the question itself names, not its context's."""
        nearest = [THEME_TITLES[t] for t in themes] or list(THEME_TITLES.values())
        lang = clean.language
        message = f"{NO_EVIDENCE[lang]} {scope.message_in(lang)} {covers(nearest, lang)}"
        return self._build.empty(clean, res, message, kind="out_of_scope", nearest=nearest)

    def _abstain(
        self, clean: CleanQuestion, res: Resolution, hits: list[Hit], verdict: Relevance
    ) -> Answer:
        nearest = _nearest_themes(hits) if verdict.near_topic else list(THEME_TITLES.values())
        message = f"{NO_EVIDENCE[clean.language]} {covers(nearest, clean.language)}"
        return self._build.empty(clean, res, message, kind="out_of_scope", nearest=nearest)


def _idf(chunks: list[Chunk], analyze: Callable[[str], list[str]]) -> dict[str, float]:
    """Inverse document frequency of every analysed term over the chunks."""
    df: dict[str, int] = {}
    for chunk in chunks:
        for term in set(analyze(chunk.text)):
            df[term] = df.get(term, 0) + 1
    n = len(chunks)
    return {term: math.log(1 + n / count) for term, count in df.items()}


def _focused(cuts: list[tuple[Hit, Cut]], *, max_summaries: int) -> list[tuple[Hit, Cut]]:
    """One excerpt per chunk and per study, at most `max_summaries` study rows.

    Per chunk, not per paragraph: a long paragraph is cut into chunks that can hold
    different findings, and keeping only its first-ranked chunk hid the one that
    answered (development hit@5 0.918 -> 0.925, citation recall 0.857 -> 0.876).
    """
    seen: set[str] = set()
    summaries = 0
    out = []
    for hit, cut in cuts:
        chunk = hit.chunk
        row = chunk.kind == "study_summary" and chunk.study_keys
        key = chunk.study_keys[0] if row else chunk.id
        if key in seen or not cut.text:
            continue
        if chunk.kind == "study_summary":
            if summaries >= max_summaries:
                continue
            summaries += 1
        seen.add(key)
        out.append((hit, cut))
    return out


def _fusion_for(language: Language) -> FusionConfig | None:
    """The index's default fusion, or more keyword weight for an English question."""
    return ENGLISH_FUSION if language == "en" else None


def _nearest_themes(hits: list[Hit]) -> list[str]:
    themes = list(dict.fromkeys(h.chunk.theme for h in hits if h.chunk.theme))
    return [THEME_TITLES[t] for t in themes[:3]] or list(THEME_TITLES.values())


def _is_lead_in(chunk: Chunk) -> bool:
    """A short line that only announces a list ("Særligt vedr. integrationsprogrammet
    gælder:"): the list items are their own chunks, and the line says nothing alone."""
    text = chunk.text.rstrip()
    return chunk.kind == "finding" and text.endswith(":") and len(text) < LEAD_IN_CHARS


def _dense_part(query: str) -> str:
    """The start of the query, for the embedder: its time grows with the text.

    A follow-up's query holds up to three questions and the report's terms; e5
    reads 200 characters in about 40 ms on two cores and 300 in about 60 ms, and
    scripts/eval.py found no loss in hit@5 from the cut (docs/evaluation.md).
    """
    if len(query) <= DENSE_QUERY_CHARS:
        return query
    return query[:DENSE_QUERY_CHARS].rsplit(" ", 1)[0]


def _by_citing_rank(studies: list[Study], cited: list[Hit]) -> list[Study]:
    """Studies in the order their best citing place ranks; uncited ones last."""

    def first_place(study: Study) -> int:
        return next((i for i, h in enumerate(cited) if study.key in h.chunk.study_keys), len(cited))

    return sorted(studies, key=first_place)


def _pseudo_hit(chunk: Chunk, score: float) -> Hit:
    return Hit(
        chunk=chunk,
        rank=0,
        score=score,
        dense_score=None,
        keyword_score=None,
        dense_rank=None,
        keyword_rank=None,
    )
