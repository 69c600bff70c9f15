"""Putting an `Answer` together from the cuts and studies the engine chose.

Every excerpt carries its section, page, the studies that back it and the
strongest of their weights; every citation is a row of the study catalogue. The
only words added are labels and the evidence summary's wording.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.conversation import Resolution
from assistant.evidence import count_weights, summarize
from assistant.excerpts import Cut
from assistant.inputs import CleanQuestion
from assistant.models import Answer, CitationOut, Excerpt, KnowledgeGap
from assistant.wording import NO_EXCERPTS
from corpus.citations import supporting_keys
from corpus.models import Chunk, Citation, Corpus, Paragraph, Study, strongest_weight
from corpus.references import publishers
from index.search import Hit


def unusable(clean: CleanQuestion, error: str | None = None) -> Answer:
    """The answer to input that is no question (binary, too long, …), or with `error`
    to a line the assistant never answered: every field of the contract, `error` set."""
    return Answer.unusable(
        clean.shown, error or clean.error or "", notices=clean.notices, language=clean.language
    )


class AnswerBuilder:
    """Builds excerpts, citations and whole answers over one corpus."""

    def __init__(
        self, corpus: Corpus, studies: dict[str, Study], paragraphs: dict[str, Paragraph]
    ) -> None:
        """`studies` and `paragraphs` are the corpus's, by key and id (the engine's maps)."""
        self._studies = studies
        self._paragraphs = paragraphs
        self._publishers = publishers(corpus.references)
        # Looked up for every excerpt: index them once.
        self._cited_in: dict[str, list[Citation]] = {}
        for citation in corpus.citations:
            self._cited_in.setdefault(citation.paragraph_id, []).append(citation)

    def excerpt(self, hit: Hit, cut: Cut) -> Excerpt:
        chunk = hit.chunk
        paragraph = self._paragraphs.get(chunk.paragraph_id or "")
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
            evidence_weight=strongest_weight(self._studies[k].evidence_weight for k in keys),
            chunk_id=chunk.id,
            kind=chunk.kind,
            paragraph=paragraph.text if paragraph else chunk.text,
            theme=chunk.theme,
            matched_terms=list(cut.terms),
        )

    def _excerpt_keys(self, chunk: Chunk, cut: Cut, paragraph: Paragraph | None) -> list[str]:
        """Studies that back the excerpt: cited in it, or closing its run of sentences."""
        offset = paragraph.text.find(chunk.text) if paragraph else -1
        if paragraph is None or offset < 0:
            return list(chunk.study_keys)
        citations = self._cited_in.get(paragraph.id, [])
        start, end = offset + cut.start, offset + cut.end
        return supporting_keys(paragraph.text, citations, start, end)

    def citations(self, keys: Iterable[str]) -> list[CitationOut]:
        """The catalogue rows of `keys`, once each, in order; unknown keys are skipped."""
        out: dict[str, CitationOut] = {}
        for key in keys:
            study = self._studies.get(key)
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

    def answer(
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

    @staticmethod
    def empty(
        clean: CleanQuestion, res: Resolution, message: str, *, kind: str, nearest: list[str]
    ) -> Answer:
        """An abstention: `message` says why, `nearest` what the report covers instead."""
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
