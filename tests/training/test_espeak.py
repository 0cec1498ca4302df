from training import espeak


def test_parse_maps_phonation_codas_and_diphthongs():
    # espeak-ng's output for 학교 까치 의사 닭 (checked by hand against `espeak-ng -v ko -x --sep=_`)
    raw = "h_'a_q_k-_j_o q-_'a_tS_h_i_; 'u-_j_s_a d_'a_k"
    assert espeak.parse_phonemes(raw) == [
        "h", "a", "k", "k͈", "j", "o", "k͈", "a", "tɕʰ", "i", "ɰ", "i", "s", "a", "t", "a", "k",
    ]  # fmt: skip


def test_parse_tap_lateral_and_tense():
    assert espeak.parse_phonemes("*_'a_L s-_'a p-_a t_h_a") == ["ɾ", "a", "l", "s͈", "a", "p͈", "a", "tʰ", "a"]


def test_unknown_mnemonic_is_an_error():
    import pytest

    with pytest.raises(espeak.UnknownMnemonicError):
        espeak.parse_phonemes("Q_a")


def test_synthesize_returns_16k_audio_and_labels(tiny_corpus):
    spoken = espeak.synthesize("궁무리", speed=175)
    assert spoken.phones == ("k", "u", "ŋ", "m", "u", "ɾ", "i")
    assert 0.2 < len(spoken.waveform) / 16000 < 3


def test_random_voice_is_used(tmp_path, tiny_corpus):
    import random

    voice = espeak.random_voice("sfvtest", random.Random(1))
    data = espeak.make_data_dir(tmp_path, [voice])
    a = espeak.synthesize("아마", "sfvtest", data_path=data)
    b = espeak.synthesize("아마")
    assert a.phones == b.phones
    assert a.waveform.shape != b.waveform.shape or abs(a.waveform - b.waveform).max() > 0.01
