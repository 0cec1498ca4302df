import numpy as np
import soundfile as sf

from training.manifest import read_manifest, write_manifest
from training.prepare import clean_kspon, main, prepare


def test_clean_kspon_keeps_pronunciation_and_drops_tags():
    text = "o/ 그러니까 (3학년)/(삼 학년) 때 b/ 뭐+ 했*는지 n/ 기억/ 안 나-"
    assert clean_kspon(text) == "그러니까 삼 학년 때 뭐 했는지 기억 안 나"


def _pcm(path, seconds=0.5):
    (np.sin(np.arange(int(16000 * seconds)) / 5) * 8000).astype("<i2").tofile(path)


def test_kspon_fixture_cp949_and_utf8(tmp_path):
    root = tmp_path / "KsponSpeech_01"
    root.mkdir()
    _pcm(root / "a.pcm")
    (root / "a.txt").write_bytes("b/ 안녕하세요 (2)/(두) 번".encode("cp949"))
    _pcm(root / "b.pcm")
    (root / "b.txt").write_text("네 알겠습니다", encoding="utf-8")
    _pcm(root / "c.pcm")
    (root / "c.txt").write_text("okay 알겠어", encoding="utf-8")  # a Latin word: skipped, counted
    (root / "d.pcm").write_bytes(b"")  # empty: skipped
    (root / "d.txt").write_text("비어 있음", encoding="utf-8")
    out = tmp_path / "kspon.tsv"
    skipped = prepare("kspon", root, out)
    m = read_manifest(out)
    assert sorted(u.text for u in m.utterances) == ["네 알겠습니다", "안녕하세요 두 번"]
    assert abs(m.utterances[0].duration - 0.5) < 1e-3
    assert sum(skipped.values()) == 2


def test_kspon_trn_list(tmp_path):
    (tmp_path / "sub").mkdir()
    _pcm(tmp_path / "sub" / "x.pcm")
    (tmp_path / "train.trn").write_text("sub/x.pcm :: 고마워요\n", encoding="utf-8")
    out = tmp_path / "m.tsv"
    prepare("kspon", tmp_path, out)
    assert [u.text for u in read_manifest(out).utterances] == ["고마워요"]


def test_zeroth_and_commonvoice_fixtures(tmp_path):
    z = tmp_path / "zeroth" / "train_data_01" / "003" / "100"
    z.mkdir(parents=True)
    sf.write(z / "100_003_0001.flac", np.zeros(8000, dtype="float32") + 0.1, 16000)
    (z / "100_003.trans.txt").write_text("100_003_0001 사과 두 개\n", encoding="utf-8")
    assert main(["zeroth", str(tmp_path / "zeroth"), "--out", str(tmp_path / "z.tsv")]) == 0
    assert [u.text for u in read_manifest(tmp_path / "z.tsv").utterances] == ["사과 두 개"]

    cv = tmp_path / "cv" / "ko"
    (cv / "clips").mkdir(parents=True)
    sf.write(cv / "clips" / "a.mp3", np.zeros(16000, dtype="float32") + 0.1, 16000)
    sf.write(cv / "clips" / "b.mp3", np.zeros(16000, dtype="float32") + 0.1, 16000)
    (cv / "validated.tsv").write_text(
        "client_id\tpath\tsentence\nx\ta.mp3\t책 2권을 샀다.\nx\tb.mp3\tHello\n", encoding="utf-8"
    )
    assert main(["commonvoice", str(cv), "--out", str(tmp_path / "cv.tsv")]) == 0
    m = read_manifest(tmp_path / "cv.tsv")
    assert [u.text for u in m.utterances] == ["책 2권을 샀다."]


def test_bad_manifest_rows_are_skipped_and_counted(tmp_path):
    sf.write(tmp_path / "ok.wav", np.zeros(8000, dtype="float32") + 0.1, 16000)
    rows = [
        {"path": "ok.wav", "duration": 0.5, "phones": "a m a", "text": "아마"},
        {"path": "missing.wav", "duration": 1, "phones": "a", "text": "아"},
        {"path": "ok.wav", "duration": 0.5, "phones": "", "text": "abc"},
        {"path": "ok.wav", "duration": 0.5, "phones": "a ɛ", "text": ""},
    ]
    write_manifest(tmp_path / "m.tsv", rows)
    m = read_manifest(tmp_path / "m.tsv")
    assert len(m.utterances) == 1
    assert m.skipped == {"missing audio files": 1, "transcripts the G2P cannot read": 1,
                         "phones outside the inventory": 1}  # fmt: skip
    assert "skipped" in m.summary()


def test_a_row_without_duration_reads_it_from_the_file(tmp_path):
    sf.write(tmp_path / "a.flac", np.full(24000, 0.1, np.float32), 16000)
    _pcm(tmp_path / "b.pcm", seconds=0.75)
    (tmp_path / "m.tsv").write_text("path\tduration\ttext\na.flac\t\t국물\nb.pcm\t\t밥\n", encoding="utf-8")
    durations = [u.duration for u in read_manifest(tmp_path / "m.tsv").utterances]
    assert durations == [1.5, 0.75]  # not 0.0, which would turn off bucketing and max_seconds
