"""Honest verdicts: textual substitution, its measurement, reliability, calibrated thresholds."""

from dataclasses import replace

import numpy as np
import pytest
import soundfile as sf
import torch

from model.assess import Assessor, Thresholds
from model.assess.decide import reliability
from model.assess.engine import REASONS
from model.assess.evidence import CONTRAST, contrast_margins
from model.assess.substitution import changes_at, pick_changes
from model.korean import g2p
from training.verdicts.calibration import (
    GRID,
    Material,
    calibrate_model,
    figures,
    format_table,
    search,
    write_thresholds,
)
from training.verdicts.material import Recording, sentences
from training.verdicts.measure import native_item, native_metrics

from .helpers import FS, VOCAB, peaky, seconds

SENTENCES = ["국물이 좋아요", "그는 이리저리 피하면서 길 한 옆으로 걸어갔다.", "학교에 갑니다", "맛있다"]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_every_change_differs_in_exactly_one_phone_of_its_syllable(sentence):
    pron = g2p(sentence)
    found = 0
    for k in range(len(pron.syllables)):
        for c in changes_at(sentence, k):
            alt = g2p(c.text)
            diff = [i for i, (a, b) in enumerate(zip(pron.symbols, alt.symbols)) if a != b]
            assert len(alt.symbols) == len(pron.symbols) and len(diff) == 1
            i = diff[0]
            assert pron.phones[i].syllable == k == c.syllable
            assert (pron.symbols[i], alt.symbols[i]) == (c.spoken, c.expected)
            assert c.expected in CONTRAST[c.spoken]  # a contrast a learner gets wrong
            assert alt.syllables[k] == c.changed != c.original == pron.syllables[k]
            # no standard variant of one is a variant of the other: the error can be heard
            assert not {v.symbols for v in (alt, *alt.variants)} & {v.symbols for v in (pron, *pron.variants)}
            found += 1
    assert found > 0


def test_changes_that_would_not_change_the_sound_are_refused():
    # 학교 sounds [학꾜]: writing 학꾜 changes nothing a listener could hear, so it is no test;
    # 학쿄 [학쿄] and 학겨 [학껴] are
    changes = changes_at("학교", 1)
    assert [(c.changed, c.spoken, c.expected) for c in changes] == [("쿄", "k͈", "kʰ"), ("겨", "o", "ʌ")]


def test_pick_changes_is_reproducible_one_per_syllable():
    a = pick_changes(SENTENCES[1], 4, seed=3)
    assert a == pick_changes(SENTENCES[1], 4, seed=3) and len(a) == 4
    assert len({c.syllable for c in a}) == 4


def test_sentences_cut_at_final_punctuation():
    assert sentences("하나. 둘? 셋! 넷") == ["하나.", "둘?", "셋!", "넷"]
    assert sentences("한 문장") == ["한 문장"]


def recording(text, spec, **kw):
    lp = peaky(spec, **kw)
    return Recording("r.wav", text, lp, FS, seconds(lp))


def test_a_perfect_model_rejects_no_native_and_catches_every_change():
    assessor = Assessor(None)
    items = [native_item(assessor, recording(s, g2p(s).ipa.replace(" ", "")), changes=3) for s in SENTENCES]
    m = native_metrics(items, assessor.thresholds, VOCAB)
    assert m.recordings == 4 and m.judged_share == 1.0
    assert m.syllables == sum(len(g2p(s).syllables) for s in SENTENCES)
    assert m.false_rejection == 0.0
    assert m.changes >= 8 and m.caught_share == 1.0 and m.precision == 1.0
    assert m.mean_score > 85  # a native reading correctly scores high
    assert set(m.to_dict()) >= {"judged", "false_rejection", "caught", "precision", "mean_score"}


def test_a_flagged_syllable_is_counted_once():
    assessor = Assessor(None, Thresholds(min_agreement=0.0))
    item = native_item(assessor, recording("가다", "pʰʌta"), changes=0)  # both phones of 가 wrong
    best_flags = native_metrics([item], assessor.thresholds, VOCAB)
    assert best_flags.syllables == 2 and best_flags.flagged == 1 and best_flags.false_rejection == 0.5


def test_an_unjudged_recording_flags_nothing_and_catches_nothing():
    assessor = Assessor(None, Thresholds(min_agreement=0.9))
    # the model heard only some of it right: 국물이 좋아요 as [kamaɾe tɕʌaja]
    item = native_item(assessor, recording("국물이 좋아요", "kamaɾetɕʌaja"), changes=3)
    m = native_metrics([item], assessor.thresholds, VOCAB)
    assert m.judged == 0 and m.flagged == 0 and m.caught == 0 and m.changes == 3 and m.mean_score == 0


def test_unfamiliar_voice_is_not_judged_with_a_reason_in_both_languages():
    th = Thresholds(min_agreement=0.8)  # 9 of the 12 phones it heard are right: 0.75
    lp = peaky("kumuɾetɕʌaja")
    a = Assessor(None, th).assess_log_probs(lp, FS, "국물이 좋아요", seconds(lp))
    assert not a.reliable and (a.reason_ko, a.reason) == REASONS["unfamiliar"]
    assert "voice" in a.reason and "목소리" in a.reason_ko
    assert not a.errors and not a.insertions  # no phone is marked wrong
    b = Assessor(None, replace(th, min_agreement=0.0)).assess_log_probs(lp, FS, "국물이 좋아요", seconds(lp))
    assert b.reliable and b.errors  # the same evidence, judged, blames the speaker
    c = Assessor(None, th).assess_log_probs(peaky("kukmul"), FS, "국물", seconds(peaky("kukmul")))
    assert c.reliable and c.errors  # one error in a short sentence is judged, not "unfamiliar"


def test_reliability_order_no_speech_first():
    assessor = Assessor(None)
    lp = peaky("")[:20]
    a = assessor.assess_log_probs(lp, FS, "국물", seconds(lp))
    assert not a.reliable and a.reason == REASONS["no_speech"][1]


def test_contrast_margin_sees_the_rival_phone_on_its_frames():
    lp = peaky("kʰɯta")  # said 크다
    labels = VOCAB.encode(["k", "ɯ", "t", "a"])  # expected 그다
    from model.assess.forced_align import forced_align

    segs = forced_align(lp, labels, VOCAB.blank).segments
    rival, margin = contrast_margins(lp, labels, segs, VOCAB.symbols)[0]
    assert rival == "kʰ" and margin > 5
    _, own = contrast_margins(peaky("kɯta"), labels, segs, VOCAB.symbols)[0]
    assert own < 0


def test_contrast_rule_and_agreement():
    lp = peaky([{"k": 0.5, "kʰ": 0.45}, "ɯ", "t", "a"])  # an ambiguous onset, the decoder says ㄱ
    th = Thresholds(contrast_margin=-1.0)
    a = Assessor(None, th).assess_log_probs(lp, FS, "크다", seconds(lp))
    assert [(p.verdict, p.heard) for p in a.errors] == [("substituted", "k")]
    b = Assessor(None, replace(th, contrast_margin=1.0, require_agreement=True)).assess_log_probs(
        lp, FS, "크다", seconds(lp)
    )
    assert not b.errors  # the contrast margin (0.1 nats) does not back the decoder


def test_thresholds_from_checkpoint_metadata(tiny_bundle):
    from model.acoustic.recognizer import Recognizer

    assert Thresholds.from_metadata({}) == Thresholds()
    th = Thresholds.from_metadata({"thresholds": {"accept_score": 7, "min_agreement": 0.5,
                                                  "require_agreement": True, "unknown": 1}})  # fmt: skip
    assert th.accept_score == 7.0 and th.min_agreement == 0.5 and th.require_agreement is True
    bundle = replace(tiny_bundle, metadata={"thresholds": {"contrast_margin": 3.5}})
    assert Assessor(Recognizer(bundle, "cpu")).thresholds.contrast_margin == 3.5
    assert Assessor(Recognizer(bundle, "cpu"), Thresholds()).thresholds == Thresholds()  # explicit wins
    assert Assessor(Recognizer(tiny_bundle, "cpu")).thresholds == Thresholds()


def synthetic_material():
    """Native material from a perfect model and from one out of its depth (it hears ㅏ everywhere)."""
    assessor = Assessor(None)
    good = Material(
        "good", [native_item(assessor, recording(s, g2p(s).ipa.replace(" ", ""))) for s in SENTENCES]
    )
    lost = Material(
        "lost", [native_item(assessor, recording(s, ["a"] * len(g2p(s).symbols))) for s in SENTENCES]
    )
    return [good, lost]


def test_search_keeps_every_material_under_the_ceiling():
    materials = synthetic_material()
    grid = {"accept_score": (2.0, 101.0), "delete_score": (2.0,), "contrast_margin": (np.inf,)}
    base = Thresholds(max_error_share=1.0, min_agreement=0.0)  # the agreement gate alone
    th, figs = search(materials, base, VOCAB, max_frr=0.05, grid=grid,
                      reliability_grid={"min_agreement": (0.0, 0.5)})  # fmt: skip
    assert all(f.native.false_rejection <= 0.05 for f in figs) and th.min_agreement == 0.5
    assert figs[0].native.caught_share == 1.0 and figs[0].native.judged_share == 1.0  # still judged, catching
    assert figs[1].native.judged == 0  # the lost model withholds judgement
    table = format_table([("after", figs)])
    assert "good" in table and "lost" in table and "100.0%" in table
    loose = figures(materials, replace(th, min_agreement=0.0), VOCAB)
    assert loose[1].native.false_rejection > 0.05  # judging it would blame natives


def test_search_never_ends_off_its_grid():
    """Thresholds a checkpoint already carries (here a gate of 0.8) are moved onto the grid before
    the search: a value the grid no longer offers is never kept because nothing beat it."""
    materials = synthetic_material()
    grid = {"accept_score": (2.0,), "delete_score": (2.0,), "contrast_margin": (np.inf,)}
    base = Thresholds(max_error_share=1.0, accept_score=7.0, min_agreement=0.8)
    th, _ = search(
        materials, base, VOCAB, max_frr=0.05, grid=grid, reliability_grid={"min_agreement": (0.5, 0.6)}
    )
    assert th.min_agreement in (0.5, 0.6) and th.accept_score == 2.0


def test_calibrate_model_on_real_speech_and_write(tmp_path):
    """A real voice (data/real/picovoice-ko, Apache-2.0) read twice in one file: cut, measured, written."""
    from model.acoustic.checkpoint import load_checkpoint, save_checkpoint
    from model.acoustic.recognizer import DEFAULT_CHECKPOINT, Recognizer
    from training.verdicts.calibration import main

    from .real import REAL_SENTENCE, real_wav

    if not DEFAULT_CHECKPOINT.exists():
        pytest.skip("no bundled checkpoint")
    wav = real_wav()
    folder = tmp_path / "native"
    folder.mkdir()
    pause = np.zeros(8000, dtype=np.float32)
    sf.write(folder / "twice.wav", np.concatenate([wav, pause, wav]), 16000)
    sf.write(folder / "once.wav", wav, 16000)
    (folder / "transcripts.tsv").write_text(
        f"file\ttext\ntwice.wav\t{REAL_SENTENCE} {REAL_SENTENCE}\nonce.wav\t{REAL_SENTENCE}\n",
        encoding="utf-8",
    )
    recognizer = Recognizer.load(device="cpu")
    grid = {k: (v[0], v[-1]) for k, v in GRID.items()}  # the loosest and the strictest of each
    cal = calibrate_model(recognizer, [folder], max_frr=0.05, changes=2, grid=grid)
    for figs in (cal.before, cal.after):
        n = figs[0].native
        assert n.recordings == 3 and n.syllables == 3 * len(g2p(REAL_SENTENCE).syllables)
        assert n.changes == 6 and 0 <= n.flagged <= n.syllables
    assert cal.after[0].native.false_rejection <= 0.05
    assert "recs" in cal.table() and set(cal.calibrated()) >= {"accept_score", "min_agreement"}
    # the cut falls in the pause: both halves of the doubled file are (about) the single one's length
    from training.verdicts.material import native_recordings

    recs = list(native_recordings(folder, recognizer))
    assert [r.name for r in recs] == ["twice.wav#1", "twice.wav#2", "once.wav"]
    assert all(abs(r.duration - len(wav) / 16000) < 0.6 for r in recs)
    # --write stores the thresholds in a checkpoint's metadata, and the assessor uses them
    b = load_checkpoint(DEFAULT_CHECKPOINT)
    ckpt = tmp_path / "m.pt"
    save_checkpoint(ckpt, b.state_dict, b.ds2, b.features, b.vocabulary, b.metadata, half=True)
    write_thresholds(ckpt, replace(cal, thresholds=replace(cal.thresholds, accept_score=33.0)))
    loaded = load_checkpoint(ckpt)
    assert (
        loaded.metadata["thresholds"]["accept_score"] == 33.0
        and loaded.metadata["steps"] == b.metadata["steps"]
    )
    assert next(iter(loaded.state_dict.values())).dtype == torch.float16
    assert Assessor(Recognizer(loaded, "cpu")).thresholds.accept_score == 33.0
    assert not list(tmp_path.glob(".m.pt.*"))  # no temporary file left behind
    assert main(["--native", str(tmp_path / "nowhere"), "--checkpoint", str(ckpt)]) == 1


def test_every_reason_reliability_can_give_has_both_languages():
    import inspect
    import re

    keys = set(re.findall(r'return "([a-z_]+)"', inspect.getsource(reliability)))
    assert keys >= {"no_speech", "too_short", "low_confidence", "unfamiliar", "mismatch", "other_text"}
    for key in keys:
        ko, en = REASONS[key]
        assert en and ko


def test_a_threshold_stored_under_its_earlier_name_still_counts():
    th = Thresholds.from_metadata({"thresholds": {"normalise_contrast": True, "min_agreement": 0.6}})
    assert th.normalize_contrast is True and th.min_agreement == 0.6
