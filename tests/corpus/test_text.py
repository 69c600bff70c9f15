"""Properties of the text helpers the grounding invariants rest on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from corpus.text import Hyphenation, join_lines, normalize, superscript

_danish = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJÆØÅ0123456789 -.,()‐", max_size=40
)


@given(st.lists(_danish, max_size=8))
def test_joining_lines_loses_no_letter_or_digit(lines):
    # Hyphen and space decisions never change what normalisation keeps.
    assert normalize(join_lines(lines, Hyphenation([]))) == normalize("".join(lines))


@given(st.text(max_size=60))
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.integers(min_value=0, max_value=99))
def test_superscript_normalizes_back_to_the_digits(number):
    assert normalize(superscript(number)) == str(number)


def test_hyphen_rules():
    hyphenation = Hyphenation(["ikke-vestlige indvandrere", "virksomhedspraktik", "AMU-forløb"])
    assert join_lines(["for ikke-", "vestlige"], hyphenation) == "for ikke-vestlige"
    assert join_lines(["virksomheds-", "praktik"], hyphenation) == "virksomhedspraktik"
    assert join_lines(["AMU-", "forløb"], hyphenation) == "AMU-forløb"
    assert (
        join_lines(["beskæftigelses-", "eller uddannelse"], hyphenation)
        == "beskæftigelses- eller uddannelse"
    )
    assert join_lines(["virker -", "dvs."], hyphenation) == "virker - dvs."
