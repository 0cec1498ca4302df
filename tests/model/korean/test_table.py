"""Table-driven checks: written text → standard pronunciation in Hangul."""

import pytest

from model.korean import g2p

from .cases import ALL


def test_enough_cases():
    assert len(ALL) >= 300


@pytest.mark.parametrize(("text", "expected"), ALL, ids=[t for t, _ in ALL])
def test_pronounced(text, expected):
    assert g2p(text).pronounced == expected
