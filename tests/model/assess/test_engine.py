import json
import time

import numpy as np
import pytest

from model.assess import Assessment, Assessor, Thresholds
from model.assess.result import VERDICTS
from model.korean import G2PError, g2p

from .helpers import FS, peaky, seconds


def run(assessor, sentence, spec, **kw):
    lp = peaky(spec, **kw)
    return assessor.assess_log_probs(lp, FS, sentence, seconds(lp))


def by_verdict(a):
    return [(p.expected, p.verdict, p.heard) for p in a.phones if p.verdict != "correct"]


def test_all_correct(assessor):
    a = run(assessor, "국물이 좋아요", "kuŋmuɾi tɕoajo")
    assert a.reliable and a.reason == "" and not a.errors and not a.insertions
    assert a.pronunciation == "궁무리 조아요"
    assert a.completeness == 100 and a.accuracy > 90 and a.score > 90 and a.fluency > 90
    assert all(p.score > 90 and p.start is not None and p.end > p.start for p in a.phones)
    assert [s.text for s in a.syllables] == list("국물이좋아요") and all(s.ok for s in a.syllables)
    assert [(w.text, w.start, w.end) for w in a.words] == [("국물이", 0, 3), ("좋아요", 3, 6)]
    assert a.heard_ipa == "kuŋmuɾitɕoajo"
    assert 5 < a.speech_rate < 20 and a.pause_seconds == 0


def test_substitution_rule_not_applied(assessor):
    a = run(assessor, "국물", "kukmul")
    assert by_verdict(a) == [("ŋ", "substituted", "k")]
    err = a.errors[0]
    assert err.rule == "nasalisation" and err.syllable == 0
    assert "비음화" in err.message_ko and "제18항" in err.message_ko and "[k]" in err.message_ko
    assert "before ㅁ" in err.message and "[ŋ]" in err.message and "you said [k]" in err.message
    assert not a.syllables[0].ok and a.syllables[1].ok
    assert a.syllables[0].score < a.syllables[1].score


def test_phonation_substitution(assessor):
    a = run(assessor, "크다", "kɯta")
    assert by_verdict(a) == [("kʰ", "substituted", "k")]
    assert "aspirated" in a.errors[0].message_text("en") and "거센소리" in a.errors[0].message_text("ko")


def test_deletion_of_coda(assessor):
    a = run(assessor, "밥", "pa")
    assert by_verdict(a) == [("p", "deleted", None)]
    assert a.completeness == pytest.approx(200 / 3)
    assert "final" in a.errors[0].message and "받침" in a.errors[0].message_ko


def test_insertion_epenthesis(assessor):
    a = run(assessor, "학교", "hakɯk͈jo", peak=0.98)  # a clear extra vowel (insertion_confidence 0.95)
    assert not a.errors
    (ins,) = a.insertions
    assert ins.heard == "ɯ" and ins.after == 2 and ins.end > ins.start
    assert "ㅡ" in ins.message and "ㅡ" in ins.message_ko
    assert a.accuracy < 100 * 6 / 7  # an insertion counts against accuracy as a phone scoring 0


def test_run_of_deletions_is_a_missing_part(assessor):
    a = run(assessor, "국물이 좋아요", "kuŋmuɾi")
    assert {p.verdict for p in a.phones[7:]} == {"deleted"}
    assert all("좋아요" in p.message and "not said" in p.message for p in a.phones[7:])
    assert all("말하지 않았어요" in p.message_ko for p in a.phones[7:])
    assert a.completeness == pytest.approx(700 / 12)
    assert a.reliable  # half the sentence is a learner's error, not a mismatch


def test_variant_accepted(assessor):
    a = run(assessor, "맛있다", "matitt͈a")
    assert a.reliable and not a.errors
    assert a.pronunciation == "마딛따"
    b = run(assessor, "맛있다", "masitt͈a")
    assert not b.errors and b.pronunciation == "마싣따"


def test_decoder_slip_overruled_by_gop(assessor):
    # the spike is nearly a tie: greedy hears ㅗ, but ㅓ is almost as likely -> not blamed
    a = run(assessor, "거기", ["k", {"o": 0.5, "ʌ": 0.45}, "k", "i"])
    assert a.heard_ipa == "koki"
    assert not a.errors and a.phones[1].score > Thresholds().accept_score
    # a clear ㅗ is a substitution
    b = run(assessor, "거기", ["k", {"o": 0.9, "ʌ": 0.01}, "k", "i"])
    assert by_verdict(b) == [("ʌ", "substituted", "o")]
    assert "round" in b.errors[0].message


def test_weak_phone_not_heard_but_present(assessor):
    # ㄱ at 0.45 with the blank at 0.55: greedy drops it, the forced alignment finds it
    a = run(assessor, "가", [{"k": 0.45}, "a"])
    assert a.heard_ipa == "a"
    assert not a.errors


def test_silence_matrix_is_no_speech(assessor):
    lp = peaky([], lead=50, tail=0)
    a = assessor.assess_log_probs(lp, FS, "국물", seconds(lp))
    assert not a.reliable and "No speech" in a.reason and a.reason_ko
    assert not a.errors and not a.insertions and a.score is None


def test_silent_waveform_is_no_speech_not_exception():
    a = Assessor(None).assess(np.zeros(16000, dtype=np.float32), "국물")
    assert isinstance(a, Assessment)
    assert not a.reliable and "No speech" in a.reason and "말소리" in a.reason_ko
    assert not a.errors and len(a.phones) == 6 and a.duration == pytest.approx(1.0)


def test_too_short_waveform_is_unjudged():
    a = Assessor(None).assess(np.full(1600, 0.1, dtype=np.float32), "국물")
    assert not a.reliable and "too short" in a.reason


def test_other_sentence_is_unreliable(assessor):
    a = run(assessor, "국물이 좋아요", "hakk͈jo")
    assert a.completeness < 50
    assert not a.reliable and a.reason and a.reason_ko
    assert not a.errors and not a.insertions  # nothing blamed on weak evidence
    b = run(assessor, "학교에 갑니다", "kuŋmuɾi tɕoajo")
    assert not b.reliable and not b.errors


def test_one_wrong_vowel_is_an_error_not_a_mismatch(assessor):
    a = run(assessor, "어", "o")
    assert a.reliable and by_verdict(a) == [("ʌ", "substituted", "o")]


def test_too_few_frames_for_the_sentence(assessor):
    lp = peaky(["k", "a"], lead=0, gap=0, tail=0)
    a = assessor.assess_log_probs(lp, FS, "국물이 좋아요", seconds(lp))
    assert not a.reliable and "too short" in a.reason


def test_low_confidence_is_unreliable(assessor):
    spec = [{s: 0.34, "a": 0.2, "o": 0.2} for s in "kuŋmul"]
    a = run(assessor, "국물", spec)
    assert not a.reliable and "not sure" in a.reason and not a.errors


def test_sixty_seconds(assessor):
    sentence = " ".join(["국물이 좋아요"] * 50)
    ipa = g2p(sentence).symbols
    lp = peaky(list(ipa), gap=2, lead=60, tail=10)
    assert seconds(lp) > 55
    t0 = time.perf_counter()
    a = assessor.assess_log_probs(lp, FS, sentence, 60.0)
    assert time.perf_counter() - t0 < 15
    assert a.reliable and not a.errors and len(a.phones) == len(ipa)
    assert a.phones[-1].end <= 60.0


def test_pause_lowers_fluency(assessor):
    a = run(assessor, "국물", ["k", "u", "ŋ"] + [{"<blank>": 0.97}] * 30 + ["m", "u", "l"])
    assert a.pause_seconds > 0.5 and a.fluency < 90 and a.reliable


def test_g2p_rejects_target(assessor):
    with pytest.raises(G2PError) as info:
        run(assessor, "hello", "kuŋmul")
    with pytest.raises(G2PError) as direct:
        g2p("hello")
    assert str(info.value) == str(direct.value)
    with pytest.raises(G2PError):
        Assessor(None).assess(np.zeros(16000, dtype=np.float32), "hello")
    with pytest.raises(G2PError):
        run(assessor, "...", "k")


def test_to_dict_shape(assessor):
    a = run(assessor, "국물", "kukmu")
    d = json.loads(a.to_json())
    for key in ("sentence", "pronunciation", "ipa", "heard_ipa", "score", "accuracy", "completeness", "fluency",
                "speech_rate", "pause_seconds", "phones", "insertions", "syllables", "words", "reliable",
                "reason", "reason_ko", "duration", "audio_problems"):  # fmt: skip
        assert key in d, key
    p = d["phones"][2]
    assert set(p) >= {"expected", "heard", "verdict", "score", "syllable", "start", "end", "message"}
    assert p["expected"] == "ŋ" and p["verdict"] == "substituted" and p["message"]
    assert d["phones"][5]["verdict"] == "deleted" and d["phones"][5]["heard"] is None
    assert a.to_dict("en")["phones"][2]["message"] == a.phones[2].message
    assert d["sentence"] == "국물" and d["pronunciation"] == "궁물" and d["reliable"] is True
    assert a.marked() == "[국][물]"


def test_recognizer_end_to_end(tiny_bundle):
    from model.acoustic.recognizer import Recognizer

    rng = np.random.default_rng(0)
    t = np.arange(32000) / 16000
    wav = (0.2 * np.sin(2 * np.pi * 200 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)
    wav += 0.01 * rng.standard_normal(wav.size).astype(np.float32)
    a = Assessor(Recognizer(tiny_bundle, "cpu")).assess(wav, "국물")
    assert isinstance(a, Assessment) and [p.expected for p in a.phones] == list(g2p("국물").symbols)
    # Random weights: the verdicts can be anything, but they must make a consistent result.
    assert all(p.verdict in VERDICTS and 0 <= p.score <= 100 for p in a.phones)
    assert all(p.message_ko and p.message for p in a.errors)
    if a.reliable:
        assert a.reason == a.reason_ko == ""
    else:  # too weak to judge: nobody is blamed, and the learner is told why
        assert a.reason and a.reason_ko and not a.errors and not a.insertions


def test_sixty_second_waveform_and_longer(tiny_bundle):
    from model.acoustic.recognizer import Recognizer
    from model.assess.bench import sentence_for, test_signal

    assessor = Assessor(Recognizer(tiny_bundle, "cpu"))
    t0 = time.perf_counter()
    a = assessor.assess(test_signal(60.0), sentence_for(60.0))
    assert time.perf_counter() - t0 < 15
    assert a.duration == pytest.approx(60.0) and len(a.phones) > 300
    b = assessor.assess(test_signal(61.0), "국물")  # past check_audio's limit: unjudged, no exception
    assert not b.reliable and "too long" in b.reason and b.reason_ko


def test_assess_file_and_text_lines(tmp_path, tiny_bundle, capsys):
    import soundfile as sf

    from model.acoustic.recognizer import Recognizer
    from model.assess import assess_file
    from model.assess.__main__ import _print_text

    sf.write(tmp_path / "s.wav", np.zeros(16000, dtype=np.float32), 16000)
    a = assess_file(tmp_path / "s.wav", "국물", Recognizer(tiny_bundle, "cpu"))
    assert not a.reliable
    b = run(Assessor(None), "국물이", "kukmuɾi")
    _print_text("x.wav", b, "en")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("x.wav: [국]물이") and len(out) == 2 and "you said [k]" in out[1]
