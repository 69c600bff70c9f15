"""HybridIndex over the synthetic chunks with the fake embedder: modes, filters, hits."""

from __future__ import annotations

import pytest

from index.errors import IndexBuildError
from index.search import HybridIndex


@pytest.fixture(scope="module")
def index(synthetic_chunks) -> HybridIndex:
    from index.fake import HashingEmbedder

    return HybridIndex.build(synthetic_chunks, embedder=HashingEmbedder(dim=64))


def test_praktik_finds_the_chunk_that_only_says_virksomhedspraktik(index) -> None:
    ids = [hit.chunk.id for hit in index.search("praktik", k=3, mode="keyword")]
    assert "c2" in ids  # "Virksomhedspraktikker øger ..." never says "praktik" alone
    assert "c8" in ids  # "... en praktik ..."


def test_tilskud_finds_loentilskud_and_uddannelse_finds_danskuddannelse(index) -> None:
    assert index.search("tilskud", k=1, mode="keyword")[0].chunk.id in {"c1", "c5"}
    ids = {hit.chunk.id for hit in index.search("uddannelse", k=3, mode="keyword")}
    assert {"c3", "c6"} <= ids


def test_hits_report_both_component_scores_and_ranks(index) -> None:
    hits = index.search("privat løntilskud til flygtninge", k=4)
    assert [h.rank for h in hits] == [1, 2, 3, 4]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    top = hits[0]
    assert top.chunk.id == "c1"
    assert top.dense_score is not None and top.keyword_score is not None
    assert top.dense_rank is not None and top.keyword_rank == 1


def test_modes_use_one_side_only(index) -> None:
    dense = index.search("løntilskud", k=3, mode="dense")
    keyword = index.search("løntilskud", k=3, mode="keyword")
    assert all(h.keyword_score is None and h.dense_score is not None for h in dense)
    assert all(h.dense_score is None and h.keyword_score > 0 for h in keyword)


def test_min_weight_filter_is_applied_before_ranking(index) -> None:
    hits = index.search("løntilskud", k=10, min_weight="Høj")
    assert {h.chunk.id for h in hits} == {"c1", "c4", "c5"}  # every Høj chunk, nothing else
    medium = index.search("løntilskud", k=10, min_weight="Medium")
    assert {h.chunk.evidence_weight for h in medium} == {"Høj", "Medium"}


def test_theme_and_kind_filters(index) -> None:
    assert {h.chunk.theme for h in index.search("effekt", k=10, theme=3)} == {3}
    assert {h.chunk.id for h in index.search("effekt", k=10, theme=[1, 2])} == {"c3", "c7"}
    kinds = {
        h.chunk.kind for h in index.search("effekt", k=10, kinds=["footnote", "study_summary"])
    }
    assert kinds <= {"footnote", "study_summary"}
    assert index.search("effekt", k=5, theme=3, kinds=["footnote"]) == []


def test_blank_query_and_zero_k_return_nothing(index) -> None:
    assert index.search("   ", k=5) == []
    assert index.search("løntilskud", k=0) == []


def test_empty_corpus_is_refused() -> None:
    from index.fake import HashingEmbedder

    with pytest.raises(IndexBuildError, match="no chunks"):
        HybridIndex.build([], embedder=HashingEmbedder())


def test_a_per_query_fusion_overrides_the_index_default(index) -> None:
    from index.fusion import FusionConfig

    query = "mentor job kontanthjælpsmodtagere sprog arbejdsmarkedet"
    dense_only = [h.chunk.id for h in index.search(query, k=5, mode="dense")]
    keyword_only = [h.chunk.id for h in index.search(query, k=5, mode="keyword")]
    assert dense_only != keyword_only  # otherwise the test could not tell them apart
    all_dense = index.search(query, k=5, fusion=FusionConfig(alpha=1.0))
    all_keyword = index.search(query, k=5, fusion=FusionConfig(alpha=0.0))
    assert [h.chunk.id for h in all_dense] == dense_only
    # Min-max scaling maps the weakest keyword hit to 0, where it ties with the rest.
    assert [h.chunk.id for h in all_keyword][: len(keyword_only) - 1] == keyword_only[:-1]
    assert index.fusion == FusionConfig()  # the index's own setting is untouched


def test_a_study_filter_keeps_only_chunks_linked_to_the_study(index) -> None:
    hits = index.search("effekt af indsatsen", k=8, studies=["Heinesen 2011"])
    assert {h.chunk.id for h in hits} == {"c1", "c5"}
    assert index.search("effekt", k=8, studies=["Ukendt 1999"]) == []


def test_the_embedder_reads_the_dense_query_when_one_is_given(index) -> None:
    alone = [h.chunk.id for h in index.search("løntilskud", k=5, mode="dense")]
    given = index.search("sanktioner uddannelse", k=5, mode="dense", dense_query="løntilskud")
    assert [h.chunk.id for h in given] == alone
    # The keyword side still reads the query itself.
    keyword = index.search("sanktioner", k=5, mode="keyword", dense_query="løntilskud")
    assert [h.chunk.id for h in keyword] == [
        h.chunk.id for h in index.search("sanktioner", k=5, mode="keyword")
    ]


def test_emphasised_words_count_once_more_on_the_keyword_side(index) -> None:
    query = "privat løntilskud effekt mentorordninger"
    plain = index.keyword_ranking(query, 10, None)
    stressed = index.keyword_ranking(query, 10, None, emphasis="mentorordninger")
    plain_scores = dict(zip(plain.ids.tolist(), plain.scores.tolist(), strict=True))
    stressed_scores = dict(zip(stressed.ids.tolist(), stressed.scores.tolist(), strict=True))
    alone = index.keyword.scores("mentorordninger")
    for doc, score in stressed_scores.items():
        assert score == pytest.approx(plain_scores.get(doc, 0.0) + float(alone[doc]))
    # The chunk about wage subsidies led; with the emphasis the one about mentors does.
    assert index.chunks[plain.ids[0]].id == "c1"
    assert index.chunks[stressed.ids[0]].id == "c4"
