"""Conversation state: resolving elliptical follow-ups against earlier turns.

"og for kvinder?", "hvorfor virker det?", "hvilke studier viser det?", "what about
public wage subsidies?" name little or nothing themselves. A question is a
follow-up when there is an earlier turn and it either opens with a follow-up
phrase, or is short, names no intervention of its own and is tied to the
conversation ("det", a target group, a question kind). A full question with a
topic of its own and nothing pointing back starts afresh even after such an
opening: "Hvorfor virker virksomhedspraktik?", "Hvad ved vi om kvinder …?".
Whatever a follow-up does not name itself (interventions, target groups,
outcomes, the question kind, the studies) is carried over from the turn before,
and the resolved question says so in words. The conversation also remembers
which passages each answer showed, so "hvilke studier viser det?" can answer
about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.models import Language
from assistant.understanding import CONCEPT_TYPES, Analysis, Concept
from assistant.wording import with_carried
from corpus.models import Study

_FOLLOW_UP_OPENING = re.compile(
    r"^\s*(og|men|så|hvad med|hvad så med|hvad om|and|but|what about|how about|and for|"
    r"hvorfor|why|hvilke studier|which studies|what studies|hvor sikker|how sure|"
    r"gælder det|does it|does that|is that|er det)\b",
    re.IGNORECASE,
)
#: Openings that ask something of a topic rather than add to one: with a topic of
#: their own and nothing pointing back ("Hvorfor virker virksomhedspraktik?"), they
#: start afresh; bare ("hvorfor?", "hvilke studier viser det?") they follow up.
_KIND_OPENING = re.compile(
    r"^\s*(hvorfor|why|hvilke studier|which studies|what studies|hvor sikker|how sure)\b",
    re.IGNORECASE,
)
#: Openings that introduce a topic ("Hvad ved vi om kvinder med flygtningebaggrund?").
_NEW_TOPIC = re.compile(
    r"^\s*(hvad ved (vi|man) om|fortæl( mig)? om|what do we know about|what is known about"
    r"|tell me about)\b",
    re.IGNORECASE,
)
_ANAPHORA = re.compile(r"\b(det|den|dem|dette|disse|it|that|this|those|them|they)\b", re.IGNORECASE)
_MAX_ELLIPTICAL_WORDS = 10
#: Pronouns that can only point back ("dem", "them"; not "det", which is also an
#: article): with one, a longer question is still about the turn before.
_POINTING_BACK = re.compile(
    r"\b(dem|dette|disse|them|they|it|those"
    # A demonstrative with a noun for people points back too ("den gruppe").
    r"|(den|denne|de|disse) (gruppe|målgruppe|borgere|personer|folk)"
    r"|(that|this|these|those) (group|target group|people|clients))\b",
    re.IGNORECASE,
)
_MAX_POINTING_WORDS = 16
#: A question that names the report itself is about the report, not the last turn.
_ABOUT_THE_REPORT = re.compile(
    r"\b(rapporten|syntesen|videnssyntesen|the report|the synthesis|the review)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
#: Between the questions of a follow-up's context.
_CONTEXT_SEPARATOR = " || "
#: A follow-up's own question kinds replace the carried ones ("hvorfor?" after
#: "virker praktik?"); "studie" or "undersøgelse" alone does not make it a lookup.
_NOT_OWN_KINDS = {"study_lookup"}


@dataclass
class Turn:
    question: str
    analysis: Analysis
    studies: list[Study] = field(default_factory=list)
    context: str = ""  # the question text(s) this turn was about, for retrieval
    #: (chunk id, score) of each excerpt the answer showed: what "that" points back to.
    shown: list[tuple[str, float]] = field(default_factory=list)
    #: The knowledge gap the answer showed, if any ("why don't the studies see that?").
    gap: int | None = None


@dataclass
class Resolution:
    resolved_question: str
    analysis: Analysis
    studies: list[Study]
    follow_up: bool
    carried: list[str]
    #: Text to retrieve with: the question, and for a follow-up the question it follows.
    context: str = ""
    #: What a follow-up names itself ("kvinder" in "og for kvinder?"): the new focus.
    focus: list[Concept] = field(default_factory=list)
    #: What the focus replaces: the turn before's concepts of the same types
    #: ("privat løntilskud" when the follow-up asks about "offentligt løntilskud").
    replaced: list[Concept] = field(default_factory=list)
    #: Chunks the answer before showed, best first ("hvilke studier viser det?").
    previous_shown: list[tuple[str, float]] = field(default_factory=list)
    #: The knowledge gap the answer before showed.
    previous_gap: int | None = None
    #: The question kinds the question itself names, not carried over.
    own_kinds: list[str] = field(default_factory=list)

    @property
    def context_text(self) -> str:
        """The context's questions as one text, for a search query."""
        return self.context.replace(_CONTEXT_SEPARATOR, " ")


class Conversation:
    """Keeps the last turn; `/reset` (or `reset()`) forgets it."""

    def __init__(self) -> None:
        self.last: Turn | None = None
        #: The turn before `last`, and whether `last` still awaits its answer: only
        #: a question `resolve` took in can be forgotten by `not_answered`.
        self._before: Turn | None = None
        self._awaiting = False

    def reset(self) -> None:
        self.last = self._before = None
        self._awaiting = False

    def not_answered(self) -> None:
        """Forget the question just resolved: the synthesis had no evidence on it. A
        caseworker who asks an aside ("hvad med boligstøtten imens?") and goes on
        ("og for kvinder?") still means the topic of the last answer, not the aside.
        Input that never got resolved (binary, too long) forgets nothing."""
        if self._awaiting:
            self.last = self._before
        self._awaiting = False

    def shown(self, excerpts: list[tuple[str, float]], gap: int | None = None) -> None:
        """Record which chunks the last answer's excerpts came from, with their scores,
        and which knowledge gap it showed."""
        self._awaiting = False
        if self.last is not None:
            self.last.shown = list(excerpts)
            self.last.gap = gap

    def resolve(
        self, question: str, analysis: Analysis, studies: list[Study], language: Language = "da"
    ) -> Resolution:
        """The question as the conversation means it; `language` words what is carried."""
        if self.last is None or not self._is_follow_up(question, analysis):
            resolution = Resolution(
                question,
                analysis,
                studies,
                follow_up=False,
                carried=[],
                context=question,
                own_kinds=list(analysis.kinds),
            )
        else:
            resolution = self._carry(question, analysis, studies, self.last, language)
        self._before, self._awaiting = self.last, True
        self.last = Turn(question, resolution.analysis, resolution.studies, resolution.context)
        return resolution

    @staticmethod
    def _is_follow_up(question: str, analysis: Analysis) -> bool:
        refers = bool(_ANAPHORA.search(question))
        if not refers and (
            (_KIND_OPENING.match(question) and analysis.of_type("intervention"))
            or (_NEW_TOPIC.match(question) and analysis.topical)
        ):
            return False
        if _FOLLOW_UP_OPENING.match(question):
            return True
        about_report = bool(_ABOUT_THE_REPORT.search(question))
        if about_report and not refers:
            # "Hvor mange studier bygger rapporten på?" mid-conversation asks about
            # the report, not about the last topic.
            return False
        words = len(_WORD.findall(question))
        pointing = bool(_POINTING_BACK.search(question))
        limit = _MAX_POINTING_WORDS if pointing else _MAX_ELLIPTICAL_WORDS
        # A longer question that names nothing the report is about and says "det"
        # or "den" ("Hvor længe holder den effekt, og hvilket studie bygger det
        # på?") still has its topic in the turn before, unless it asks about the
        # report itself ("Hvad er det for en metode, syntesen bruger?").
        leans_back = not analysis.topical and refers and not about_report
        if words > limit and not leans_back:
            return False
        if analysis.of_type("intervention"):
            # "Virker praktik for dem?" names an intervention and still means the
            # people the conversation is about.
            return pointing
        # A short question that names no intervention is about the one before, even
        # when it names a study or an outcome ("hvad fandt Heinesen?", "hvor meget
        # forkorter det ledigheden?"), if something ties it to the conversation: "det",
        # a target group, a question kind ("hvorfor", "hvor længe"). "Hvordan bager
        # man en kage?" has none.
        return refers or analysis.topical or bool(analysis.kinds)

    @staticmethod
    def _carry(
        question: str, analysis: Analysis, studies: list[Study], last: Turn, language: Language
    ) -> Resolution:
        concepts = dict(analysis.concepts)
        carried: list[str] = []
        for concept_type in CONCEPT_TYPES:
            if not concepts.get(concept_type) and last.analysis.of_type(concept_type):
                concepts[concept_type] = list(last.analysis.of_type(concept_type))
                carried += [c.label_da for c in concepts[concept_type]]
        own = [k for k in analysis.kinds if k not in _NOT_OWN_KINDS]
        kinds = own or list(last.analysis.kinds)
        if own == ["study_list"]:
            # "Which studies show that?" asks for the studies behind the same answer:
            # it keeps what the turn before asked (a mechanism stays a mechanism).
            kinds += [k for k in last.analysis.kinds if k != "study_list"]
        merged = replace(analysis, concepts=concepts, kinds=kinds)
        merged_studies = studies or list(last.studies)
        carried += [s.key for s in merged_studies if s not in studies]
        resolved = question.strip()
        if carried:
            resolved = with_carried(resolved, carried, language)
        # The question before and the conversation's first question stay in the
        # context: "og for kvinder?" alone retrieves nothing.
        earlier = last.context.split(_CONTEXT_SEPARATOR)
        context = _CONTEXT_SEPARATOR.join(dict.fromkeys([question, earlier[0], earlier[-1]]))
        focus = [c for concept_type in CONCEPT_TYPES for c in analysis.of_type(concept_type)]
        replaced = [
            c
            for concept_type in CONCEPT_TYPES
            if analysis.of_type(concept_type)
            for c in last.analysis.of_type(concept_type)
            if c not in focus
        ]
        return Resolution(
            resolved,
            merged,
            merged_studies,
            follow_up=True,
            carried=carried,
            context=context,
            focus=focus,
            replaced=replaced,
            previous_shown=list(last.shown),
            previous_gap=last.gap,
            own_kinds=own,
        )
