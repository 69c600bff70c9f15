"""The answer contract: what `evidens ask --json` and `evidens chat --jsonl` print.

Field names and shapes are an interface other tools read (documented in the
README): extend, never rename.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from corpus.models import Weight

#: The languages Evidens speaks: the question's, for its own words and labels.
Language = Literal["da", "en"]


class Contract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Excerpt(Contract):
    """A verbatim span of the report, with where it stands and what backs it."""

    text: str = Field(description="Verbatim sentences from the report")
    section: str = Field(description='Section number, e.g. "3.4.1" or "B2"')
    section_title: str
    page: str = Field(description='Printed page label, e.g. "25" or "2-6"')
    score: float = Field(description="Retrieval score (fused), higher is better")
    study_keys: list[str] = Field(description="Studies cited in the excerpt")
    evidence_weight: Weight | None = Field(description="Weight of the strongest cited study")
    chunk_id: str
    kind: str = Field(description='"finding", "study_summary" or "footnote"')
    paragraph: str | None = Field(default=None, description="The whole paragraph, for context")
    theme: int | None = None
    matched_terms: list[str] = Field(
        default_factory=list, description="Words of the excerpt that match the question's terms"
    )


class CitationOut(Contract):
    key: str
    authors: str = Field(description="Author string as Bilag 2 spells it, first author first")
    year: int
    title: str
    design: str
    target_group: str
    evidence_weight: Weight
    publisher: str | None = None


class KnowledgeGap(Contract):
    number: int = Field(description="1-7, in the order chapter 4 lists the gaps")
    title: str
    text: str = Field(description="The gap's passage, verbatim")
    section: str = "4"
    page: str


class Answer(Contract):
    question: str
    resolved_question: str
    abstained: bool
    answer: str = Field(description="1-3 verbatim sentences, or the abstention message")
    excerpts: list[Excerpt]
    citations: list[CitationOut]
    evidence_summary: str
    knowledge_gap: KnowledgeGap | None = None
    evidence_count: dict[str, int] = Field(
        description='How many cited studies of each weight: {"Høj": n, "Medium": n}'
    )
    question_kind: str = Field(description="effect, mechanism, study_lookup, out_of_scope, …")
    concepts: list[str] = Field(default_factory=list, description="Domain concepts recognised")
    nearest_themes: list[str] = Field(
        default_factory=list, description="Themes the report does cover (set when abstaining)"
    )
    notices: list[str] = Field(
        default_factory=list, description="E.g. that a CPR number was masked"
    )
    error: str | None = Field(default=None, description="Set when the input could not be used")
    language: Language = Field(
        default="da", description='"da" or "en": the question\'s, which Evidens\'s own words follow'
    )

    @classmethod
    def unusable(
        cls,
        question: str,
        error: str,
        *,
        notices: list[str] | None = None,
        language: Language = "da",
    ) -> Answer:
        """The answer to an input that cannot be used: every field, and `error` set."""
        return cls(
            question=question,
            resolved_question=question,
            abstained=True,
            answer=error,
            excerpts=[],
            citations=[],
            evidence_summary="",
            evidence_count={"Høj": 0, "Medium": 0},
            question_kind="invalid",
            notices=notices or [],
            error=error,
            language=language,
        )
