"""The assistant: a question in, a grounded `Answer` out.

Pipeline: clean and mask the question, understand it, resolve it against the
conversation, then either look a study up in the catalogue or retrieve, rerank
by question kind and theme, cut verbatim excerpts, and decide whether the report
answers at all. Every sentence shown as evidence is a slice of a chunk.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.conversation import Conversation, Resolution
from assistant.evidence import count_weights, summarize
from assistant.excerpts import Cut, best_cut, short_answer
from assistant.gaps import Gap, gap_about, gap_for, load_gaps
from assistant.inputs import CleanQuestion, clean_question
from assistant.lookup import find_study_refs
from assistant.models import Answer, CitationOut, Excerpt, KnowledgeGap, Language
from assistant.relevance import Relevance, judge
from assistant.scope import OutOfScope, name_verdict, out_of_scope, term_verdict
from assistant.terms import ReportTerms
from assistant.understanding import Analysis, Concept, understanding
from assistant.wording import NO_EVIDENCE, NO_EXCERPTS, covers, unknown_study
from corpus.citations import supporting_keys
from corpus.models import Chunk, Citation, Corpus, Paragraph, Study, Weight, strongest_weight
from corpus.references import publishers
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
FOCUS_BONUS = 0.25
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
#: Words that name knowledge gaps as such (not "ved man …?", which asks about a topic).
_GAP_WORDS = re.compile(
    r"\b(videnshul\w*|huller|hul i viden|gaps?|mangler\w*( der)? viden"
    r"|lack of (evidence|knowledge))\b",
    re.IGNORECASE,
)


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
        # Chapter 4's opening, which says there are seven gaps: the answer to "which
        # knowledge gaps are there?" as a whole.
        gap_paragraphs = {g.paragraph_id for g in self.gaps}
        self._gaps_overview = next(
            (c for c in index.chunks if c.section == "4" and c.paragraph_id not in gap_paragraphs),
            None,
        )
        self._publishers = publishers(corpus.references)
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
        # Looked up for every excerpt and every study lookup: index them once.
        self._cited_in: dict[str, list[Citation]] = {}
        for citation in corpus.citations:
            self._cited_in.setdefault(citation.paragraph_id, []).append(citation)
        self._summaries: dict[str, Chunk] = {}
        for chunk in index.chunks:
            if chunk.kind == "study_summary" and chunk.study_keys:
                self._summaries.setdefault(chunk.study_keys[0], chunk)

    # --- public -----------------------------------------------------------------

    def reset(self) -> None:
        self.conversation.reset()

    def ask(self, question: str, *, filters: Filters | None = None) -> Answer:
        answer = self._ask(question, filters)
        gap = answer.knowledge_gap.number if answer.knowledge_gap else None
        self.conversation.shown([(e.chunk_id, e.score) for e in answer.excerpts], gap)
        return answer

    def _ask(self, question: str, filters: Filters | None) -> Answer:
        clean = clean_question(question)
        if clean.error:
            return self._error_answer(clean)
        filters = filters or Filters()
        analysis = self._understanding.analyze(clean.text)
        refs = find_study_refs(clean.text, self.corpus.studies)
        resolution = self.conversation.resolve(clean.text, analysis, refs.studies, clean.language)
        if refs.unknown and not refs.studies:
            return self._unknown_study(clean, resolution, refs.unknown)
        scope = self.out_of_scope(clean.text)
        if scope is not None:
            nearest = [THEME_TITLES[t] for t in analysis.themes] or list(THEME_TITLES.values())
            lang = clean.language
            message = f"{NO_EVIDENCE[lang]} {scope.message_in(lang)} {covers(nearest, lang)}"
            return self._empty(clean, resolution, message, kind="out_of_scope", nearest=nearest)
        if resolution.studies and (not analysis.topical or "study_lookup" in analysis.kinds):
            return self._study_answer(clean, resolution, filters)
        return self._retrieval_answer(clean, resolution, filters)

    def out_of_scope(self, question: str) -> OutOfScope | None:
        """Why the synthesis cannot answer `question`, or None if it may."""
        return (
            out_of_scope(question)
            or name_verdict(question, self._known_words)
            or term_verdict(question, self._terms)
        )

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

    def _retrieval_answer(self, clean: CleanQuestion, res: Resolution, filters: Filters) -> Answer:
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
            hits = self._rerank(
                hits,
                res.analysis,
                focus=self._focus_terms(res),
                defined=self._defined_terms(clean.text, res.analysis),
            )
        terms = set(self.index.keyword.query_tokens(query))  # not cached: queries are unique
        # Asked by the question itself: "og for kvinder?" after "hvor længe?" is not.
        wants_number = "numbers" in res.own_kinds
        cuts = [
            (hit, self._cut(hit.chunk, terms, vector, wants_number=wants_number)) for hit in hits
        ]
        verdict = judge(hits, cuts, res.analysis)
        gap = self._gap(clean.text, res, hits)
        overview = (
            self._gaps_overview if _asks_for_all_gaps(clean.text, res.analysis, gap) else None
        )
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
        excerpts = [self._excerpt(hit, cut) for hit, cut in chosen]
        citations = self._citations(k for e in excerpts for k in e.study_keys)
        return self._answer(
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

    def _rerank(
        self,
        hits: list[Hit],
        analysis: Analysis,
        *,
        focus: set[str] | None = None,
        defined: set[str] | None = None,
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

    def _gap(self, text: str, res: Resolution, hits: list[Hit]) -> KnowledgeGap | None:
        gap = gap_for(text, self.gaps)
        analysis = res.analysis
        if gap is None and analysis.kind == "knowledge_gap":
            # What is not known about what: the question's own words first, then
            # the conversation's ("hvorfor er det så svært at sige?" after a turn
            # about organisation).
            gap = gap_about(text, self.gaps) or gap_about(res.context, self.gaps)
        if gap is None and res.follow_up and res.previous_gap and not res.focus:
            # "Why don't the studies pick that up?" after a gap: still that gap.
            gap = self._numbered_gap(res.previous_gap).record
        if gap is None and analysis.kind == "knowledge_gap" and analysis.topical:
            in_hits = [h.chunk.paragraph_id for h in hits if h.chunk.section == "4"]
            gap = next(
                (g.record for pid in in_hits for g in self.gaps if g.paragraph_id == pid), None
            )
        return gap

    def _numbered_gap(self, number: int) -> Gap:
        return next(g for g in self.gaps if g.record.number == number)

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
        pid = self._numbered_gap(gap.number).paragraph_id
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
        excerpts = [self._excerpt(hit, cut) for hit, cut in chosen[:MAX_EXCERPTS]]
        citations = self._citations(s.key for s in studies)
        answer = " ".join(s.result for s in studies[:2])
        return self._answer(clean, res, answer, excerpts, citations, kind="study_lookup")

    def _summary_chunk(self, study: Study) -> Chunk | None:
        return self._summaries.get(study.key)

    def _unknown_study(self, clean: CleanQuestion, res: Resolution, unknown: list[str]) -> Answer:
        message = f"{NO_EVIDENCE[clean.language]} {unknown_study(unknown, clean.language)}"
        return self._empty(clean, res, message, kind="study_lookup", nearest=[])

    # --- assembling ----------------------------------------------------------------

    def _excerpt_keys(self, chunk: Chunk, cut: Cut, paragraph: Paragraph | None) -> list[str]:
        """Studies that back the excerpt: cited in it, or closing its run of sentences."""
        offset = paragraph.text.find(chunk.text) if paragraph else -1
        if paragraph is None or offset < 0:
            return list(chunk.study_keys)
        citations = self._cited_in.get(paragraph.id, [])
        start, end = offset + cut.start, offset + cut.end
        return supporting_keys(paragraph.text, citations, start, end)

    def _excerpt(self, hit: Hit, cut: Cut) -> Excerpt:
        chunk = hit.chunk
        paragraph = self.paragraphs.get(chunk.paragraph_id or "")
        keys = (
            self._excerpt_keys(chunk, cut, paragraph)
            if chunk.kind == "finding"
            else chunk.study_keys
        )
        return Excerpt(
            text=cut.text,
            section=chunk.section,
            section_title=chunk.section_title,
            page=chunk.page,
            score=round(hit.score, 5),
            study_keys=list(keys),
            evidence_weight=strongest_weight(self.studies[k].evidence_weight for k in keys),
            chunk_id=chunk.id,
            kind=chunk.kind,
            paragraph=paragraph.text if paragraph else chunk.text,
            theme=chunk.theme,
            matched_terms=list(cut.terms),
        )

    def _citations(self, keys) -> list[CitationOut]:
        out: dict[str, CitationOut] = {}
        for key in keys:
            study = self.studies.get(key)
            if study is None or key in out:
                continue
            out[key] = CitationOut(
                key=study.key,
                authors=study.authors,
                year=study.year,
                title=study.title,
                design=study.design,
                target_group=study.target_group,
                evidence_weight=study.evidence_weight,
                publisher=study.publisher or self._publishers.get(study.key),
            )
        return list(out.values())

    def _answer(
        self,
        clean: CleanQuestion,
        res: Resolution,
        text: str,
        excerpts: list[Excerpt],
        citations: list[CitationOut],
        *,
        gap: KnowledgeGap | None = None,
        kind: str | None = None,
    ) -> Answer:
        counts = count_weights(citations)
        return Answer(
            question=clean.shown,
            resolved_question=res.resolved_question,
            abstained=False,
            answer=text,
            excerpts=excerpts,
            citations=citations,
            evidence_summary=summarize(counts, clean.language),
            knowledge_gap=gap,
            evidence_count=counts,
            question_kind=kind or res.analysis.kind,
            concepts=res.analysis.labels(),
            notices=clean.notices,
            language=clean.language,
        )

    def _abstain(
        self, clean: CleanQuestion, res: Resolution, hits: list[Hit], verdict: Relevance
    ) -> Answer:
        nearest = _nearest_themes(hits) if verdict.near_topic else list(THEME_TITLES.values())
        message = f"{NO_EVIDENCE[clean.language]} {covers(nearest, clean.language)}"
        return self._empty(clean, res, message, kind="out_of_scope", nearest=nearest)

    def _empty(
        self, clean: CleanQuestion, res: Resolution, message: str, *, kind: str, nearest: list[str]
    ) -> Answer:
        return Answer(
            question=clean.shown,
            resolved_question=res.resolved_question,
            abstained=True,
            answer=message,
            excerpts=[],
            citations=[],
            evidence_summary=NO_EXCERPTS[clean.language],
            knowledge_gap=None,
            evidence_count={"Høj": 0, "Medium": 0},
            question_kind=kind,
            concepts=res.analysis.labels(),
            nearest_themes=nearest,
            notices=clean.notices,
            language=clean.language,
        )

    def _error_answer(self, clean: CleanQuestion) -> Answer:
        return Answer.unusable(
            clean.shown, clean.error or "", notices=clean.notices, language=clean.language
        )


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


def _asks_for_all_gaps(text: str, analysis: Analysis, gap: KnowledgeGap | None) -> bool:
    """'Hvilke videnshuller er der?': gaps named outright, with no topic and no single gap.

    "Ved man noget om X?" is a gap-kind question too, but about X; it is not answered
    with the list of gaps.
    """
    return (
        analysis.kind == "knowledge_gap"
        and gap is None
        and not analysis.topical
        and _GAP_WORDS.search(text) is not None
    )


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
