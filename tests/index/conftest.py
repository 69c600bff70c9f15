"""Shared fixtures: a handful of hand-written Danish chunks and the fake embedder.

The synthetic chunks keep the unit tests fast and independent of the corpus
builder; the real corpus and the real model are used in tests marked `slow`.
"""

from __future__ import annotations

import pytest

from corpus.models import Chunk
from index.fake import HashingEmbedder

_CHUNKS = [
    # (id, kind, theme, weight, study keys, text)
    (
        "c1",
        "finding",
        3,
        "Høj",
        ["Heinesen 2011"],
        "Privat løntilskud er den indsats, der har de mest positive effekter på flygtninges "
        "og indvandreres beskæftigelse. Effekten af privat løntilskud er større end effekten "
        "af offentligt løntilskud.",
    ),
    (
        "c2",
        "finding",
        3,
        "Medium",
        ["Rosholm 2011"],
        "Virksomhedspraktikker øger sandsynligheden for, at deltagerne kommer i ordinært "
        "arbejde, men effekten er mindre end ved løntilskud.",
    ),
    (
        "c3",
        "finding",
        2,
        None,
        [],
        "Danskuddannelse tæt på arbejdspladsen styrker kursisternes sprog og deres "
        "tilknytning til arbejdsmarkedet.",
    ),
    (
        "c4",
        "finding",
        4,
        "Høj",
        ["Clausen 2009"],
        "Mentorordninger kan hjælpe kontanthjælpsmodtagere med at fastholde et job i de "
        "første måneder efter ansættelsen.",
    ),
    (
        "c5",
        "study_summary",
        3,
        "Høj",
        ["Heinesen 2011"],
        "Heinesen, Husted og Rosholm (2011) · Effekten af aktiv beskæftigelsespolitik for "
        "ikke-vestlige indvandrere · Registerbaseret effektmåling · Private løntilskudsjob "
        "har en positiv effekt.",
    ),
    (
        "c6",
        "footnote",
        None,
        None,
        [],
        "Uddannelsesaktivering omfatter ordinær uddannelse og kurser under "
        "integrationsprogrammet i perioden 2013-2015.",
    ),
    (
        "c7",
        "finding",
        1,
        "Medium",
        ["Hansen 2012"],
        "En tidlig og intensiv indsats med hyppige samtaler på jobcentret forkorter perioden "
        "på offentlig forsørgelse med 25 pct.",
    ),
    (
        "c8",
        "finding",
        5,
        None,
        [],
        "Kvinder med flygtningebaggrund har ofte brug for sundhedsfaglig afklaring, før de "
        "kan deltage i en praktik eller et andet tilbud.",
    ),
]


def make_chunks() -> list[Chunk]:
    return [
        Chunk(
            id=cid,
            kind=kind,
            text=text,
            section=f"3.{theme or 0}",
            section_title=f"Tema {theme}" if theme else "Noter",
            theme=theme,
            page=str(10 + n),
            page_index=10 + n,
            study_keys=keys,
            evidence_weight=weight,
        )
        for n, (cid, kind, theme, weight, keys, text) in enumerate(_CHUNKS)
    ]


@pytest.fixture(scope="session")
def synthetic_chunks() -> list[Chunk]:
    return make_chunks()


@pytest.fixture
def chunks() -> list[Chunk]:
    return make_chunks()


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder(dim=64)
