"""Property tests: any Hangul text is readable and every phone maps back to its syllable."""

from hypothesis import given, settings
from hypothesis import strategies as st

from model import phones
from model.korean import g2p

syllable = st.integers(0xAC00, 0xD7A3).map(chr)
text = st.lists(st.one_of(syllable, syllable, syllable, st.just(" ")), max_size=24).map("".join)


@settings(max_examples=200, deadline=None)
@given(text)
def test_any_hangul_is_readable(s):
    p = g2p(s)
    n = len(p.syllables)
    assert n == sum(1 for c in s if c != " ")
    assert len(p.pronounced_syllables) == n
    assert all(0 <= t.syllable < n for t in p.phones)
    assert all(t.symbol in phones.SYMBOLS for t in p.phones)
    assert all(t.slot in ("onset", "nucleus", "coda") for t in p.phones)
    assert {t.syllable for t in p.phones if t.slot == "nucleus"} == set(range(n))
    for v in p.variants:
        assert len(v.pronounced_syllables) == n
    for r in p.rules:
        assert 0 <= r.span[0] < r.span[1] <= n


@settings(max_examples=100, deadline=None)
@given(text, st.sets(st.sampled_from(["liaison", "nasalisation", "tensification", "coda_neutralisation"])))
def test_skipping_rules_stays_in_inventory(s, skip):
    p = g2p(s, skip_rules=skip)
    assert all(t.symbol in phones.SYMBOLS for t in p.phones)
    assert len(p.pronounced_syllables) == len(p.syllables)
