"""IPA, rule provenance, variants, inline fixes, skip_rules, numbers and errors."""

import json

import pytest

from model import phones
from model.korean import RULE_NAMES, G2PError, PhoneToken, Pronunciation, RuleApplication, g2p
from model.korean.hangul import compose, decompose, is_hangul_syllable
from model.korean.lexicon import load as load_lexicon
from model.korean.lexicon import parse
from model.korean.numbers import sino as read_number

T = phones.TENSE_MARK

IPA = [
    ("국물이 좋아요", "kuŋmuɾi tɕoajo"),
    ("국물", "kuŋmul"),
    ("신라", "silla"),
    ("같이", "katɕʰi"),
    ("학교", f"hakk{T}jo"),
    ("좋고", "tɕokʰo"),
    ("할 일", "hal lil"),
    ("희망", "himaŋ"),
    ("의사", "ɰisa"),
    ("외워", "wewʌ"),
    ("위", "wi"),
    ("과자", "kwatɕa"),
    ("뭐", "mwʌ"),
    ("얘기", "jeki"),
    ("예뻐요", f"jep{T}ʌjo"),
    ("쯤", f"t{T}ɕɯm"),
    ("찌개", f"t{T}ɕike"),
    ("사랑", "saɾaŋ"),
    ("물", "mul"),
    ("빨리", f"p{T}alli"),
    ("있어요", f"is{T}ʌjo"),
    ("밭이", "patɕʰi"),
    ("커피", "kʰʌpʰi"),
    ("토끼", f"tʰok{T}i"),
    ("아이", "ai"),
    ("강아지", "kaŋatɕi"),
    ("의견란", "ɰikjʌnnan"),
    ("꽃잎이", f"k{T}onnipʰi"),
    ("맛있다", f"matitt{T}a"),
    ("옷 안", "o tan"),
]


@pytest.mark.parametrize(("text", "ipa"), IPA)
def test_ipa(text, ipa):
    p = g2p(text)
    assert p.ipa == ipa
    assert list(p.symbols) == phones.tokenize(ipa)


def test_phone_slots_and_syllables():
    p = g2p("국물이 좋아요")
    assert p.phones[:3] == (
        PhoneToken("k", 0, "onset"),
        PhoneToken("u", 0, "nucleus"),
        PhoneToken("ŋ", 0, "coda"),
    )
    assert p.syllables == ("국", "물", "이", "좋", "아", "요")
    assert p.word_spans == ((0, 3), (3, 6))
    assert [t.symbol for t in p.phones_of(5)] == ["j", "o"]  # glide belongs to the nucleus
    assert {t.slot for t in p.phones_of(5)} == {"nucleus"}
    assert p.normalized == "국물이 좋아요" and p.pronounced == "궁무리 조아요"


def test_liquid_onset_after_coda_l_is_lateral():
    assert g2p("칼날").symbols == ("kʰ", "a", "l", "l", "a", "l")
    assert g2p("나라").symbols == ("n", "a", "ɾ", "a")


@pytest.mark.parametrize(
    ("text", "name", "article", "span"),
    [
        ("국물", "nasalisation", "제18항", (0, 2)),
        ("담력", "nasalisation", "제19항", (0, 2)),
        ("신라", "lateralisation", "제20항", (0, 2)),
        ("같이", "palatalisation", "제17항", (0, 2)),
        ("학교", "tensification", "제23항", (0, 2)),
        ("신발을 신고", "tensification", "제24항", (3, 5)),
        ("넓게", "tensification", "제25항", (0, 2)),
        ("발달", "tensification", "제26항", (0, 2)),
        ("할 것을", "tensification", "제27항", (0, 2)),
        ("문고리", "tensification", "제28항", (0, 3)),
        ("냇가", "tensification", "제30항", (0, 2)),
        ("좋고", "aspiration", "제12항", (0, 2)),
        ("좋아", "h_deletion", "제12항", (0, 2)),
        ("옷이", "liaison", "제13항", (0, 2)),
        ("닭을", "liaison", "제14항", (0, 2)),
        ("옷 안", "liaison", "제15항", (0, 2)),
        ("솜이불", "n_insertion", "제29항", (0, 3)),
        ("할 일", "n_insertion", "제29항", (0, 2)),
        ("닭", "cluster_simplification", "제11항", (0, 1)),
        ("값", "cluster_simplification", "제10항", (0, 1)),
        ("옷", "coda_neutralisation", "제9항", (0, 1)),
        ("희망", "vowel_simplification", "제5항", (0, 1)),
        ("의견란", "nasalisation", "제20항", (0, 3)),
    ],
)
def test_rule_provenance(text, name, article, span):
    p = g2p(text)
    assert any(r.name == name and r.article == article and r.span == span for r in p.rules), p.rules
    for r in p.rules:
        assert r.name in RULE_NAMES or r.name == "teacher_fix"
        assert r.before != r.after


def test_rule_record_details():
    (r,) = g2p("국물").rules
    assert r == RuleApplication("nasalisation", "비음화", "제18항", (0, 2), "국물", "궁물")
    names = [r.name for r in g2p("국물이").rules]
    assert names == ["liaison", "nasalisation"]  # the documented order


def test_variants():
    p = g2p("맛있다")  # 제15항 다만: [마딛따] is the main form, [마싣따] is allowed
    assert p.pronounced == "마딛따"
    assert [v.pronounced for v in p.variants] == ["마싣따"]
    assert isinstance(p.variants[0], Pronunciation) and p.variants[0].ipa == f"masitt{T}a"
    assert g2p("멋있어요").pronounced == "머디써요"
    assert [v.pronounced for v in g2p("멋있어요").variants] == ["머시써요"]
    assert [v.pronounced for v in g2p("우리의 소원").variants] == ["우리에 소원"]
    assert [v.pronounced for v in g2p("주의").variants] == ["주이"]
    assert [v.pronounced for v in g2p("계시다").variants] == ["게시다"]
    assert [v.pronounced for v in g2p("시계").variants] == ["시게"]
    assert g2p("차례").variants == () and g2p("예절").variants == ()
    assert [v.pronounced for v in g2p("냇가").variants] == ["낻까"]
    assert g2p("국물").variants == ()


def test_inline_fix():
    p = g2p("신고[신꼬]")
    assert p.normalized == "신고" and p.pronounced == "신꼬" and p.syllables == ("신", "고")
    assert g2p("신고[신고]").pronounced == "신고"
    p = g2p("경찰에 신고[신고]를 했어요")
    assert p.pronounced == "경차레 신고를 해써요"
    assert any(r.name == "teacher_fix" for r in p.rules)
    assert g2p("국물[국물]이").pronounced == "국물이"  # the fixed word is left alone


@pytest.mark.parametrize("bad", ["신고[신]", "[신꼬]", "신고[sin]"])
def test_inline_fix_errors(bad):
    with pytest.raises(G2PError, match="신고\\[신꼬\\]"):
        g2p(bad)


def test_skip_rules():
    p = g2p("국물", skip_rules={"nasalisation"})
    assert p.pronounced == "국물" and p.ipa == "kukmul"
    assert g2p("학교", skip_rules={"tensification"}).pronounced == "학교"
    assert g2p("옷이", skip_rules={"liaison"}).pronounced == "옫이"
    assert g2p("신라", skip_rules={"lateralisation"}).pronounced == "신라"
    assert g2p("같이", skip_rules={"palatalisation"}).pronounced == "가티"
    assert g2p("좋고", skip_rules={"aspiration"}).pronounced == "졷고"
    assert g2p("솜이불", skip_rules={"n_insertion"}).pronounced == "소미불"
    assert g2p("닭", skip_rules={"cluster_simplification"}).symbols == ("t", "a", "l", "k")
    with pytest.raises(ValueError, match="unknown rule"):
        g2p("국물", skip_rules={"nasalization"})


@pytest.mark.parametrize("name", RULE_NAMES)
def test_every_rule_can_be_skipped(name):
    p = g2p("국물이 좋아요 신라의 같이 할 일을 닭고기 솜이불 희망 맛있다", skip_rules={name})
    assert all(s in phones.SYMBOLS for s in p.symbols)
    assert name not in {r.name for r in p.rules}


@pytest.mark.parametrize(
    ("digits", "reading"),
    [
        ("0", "영"), ("10", "십"), ("100", "백"), ("1000", "천"), ("10000", "만"), ("2026", "이천이십육"),
        ("15", "십오"), ("110000", "십일만"), ("100000000", "일억"), ("12345678", "천이백삼십사만오천육백칠십팔"),
        ("1000000000000", "일조"), ("101", "백일"), ("300000", "삼십만"),
    ],
)  # fmt: skip
def test_read_number(digits, reading):
    assert read_number(digits) == reading


def test_numbers_in_text():
    assert g2p("2026년").normalized == "이천이십육년"
    assert g2p("1,000원").normalized == "천원"
    assert g2p("3.5").normalized == "삼점오"
    assert g2p("사과 3개").normalized == "사과 세개"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "나는 Abc를 좋아해",
            "Cannot read 'Abc' at position 4–6: Latin letters. Write the word in Hangul (e.g. 에이비시)",
        ),
        ("hello", "Cannot read 'hello' at position 1–5: Latin letters"),
        ("ㄱ 웃겨", "Cannot read 'ㄱ' at position 1: single Hangul letters"),
        ("ㄱㄴ", "(e.g. 그느)"),
        ("ㅋㅋ", "Nothing to read in 'ㅋㅋ': laughter, emoticons and emoji are not read aloud"),
        ("^^ 😀", "Nothing to read"),
        ("學校에 가요", "Cannot read '學校' at position 1–2: Chinese characters (Hanja)"),
        ("가a나😀", "'a' at position 2"),
        ("ABCDEFG예요", "'ABCDEFG' at position 1–7: Latin letters"),
    ],
)
def test_errors(text, fragment):
    with pytest.raises(G2PError) as info:
        g2p(text)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)
    assert info.value.problems


@pytest.mark.parametrize(
    ("text", "normalized", "readings"),
    [
        ("나는 CG가 좋아요", "나는 시지가 좋아요", [("CG", "시지", "latin", (2, 4))]),
        (
            "OST를 들었어요 ㅋㅋ",
            "오에스티를 들었어요",
            [("OST", "오에스티", "latin", (0, 4)), ("ㅋㅋ", "", "unread", (9, 9))],
        ),
        ("좋아요^^ 또 봐요", "좋아요 또 봐요", [("^^", "", "unread", (3, 3))]),
        ("슬퍼요 ㅠㅠ T_T", "슬퍼요", [("ㅠㅠ", "", "unread", (3, 3)), ("T_T", "", "unread", (3, 3))]),
        ("좋아요😀 안녕 :)", "좋아요 안녕", [("😀", "", "unread", (3, 3)), (":)", "", "unread", (5, 5))]),
        ("PC방", "피시방", [("PC", "피시", "latin", (0, 2))]),
    ],
)
def test_abbreviations_are_read_by_letter_names_and_laughter_is_left_out(text, normalized, readings):
    p = g2p(text)
    assert p.normalized == normalized
    assert [(r.written, r.said, r.kind, r.span) for r in p.readings] == readings
    assert all(r.why for r in p.readings)  # the learner is told what is read, and why


def test_a_left_out_emoticon_is_a_pause_nothing_links_across_it():
    assert (
        g2p("밥^^이에요").pronounced != g2p("밥이에요").pronounced
    )  # 밥이 [바비] links; after ^^ it does not


def test_error_lists_every_problem():
    with pytest.raises(G2PError) as info:
        g2p("가a나ㄱ學")
    assert [p.kind for p in info.value.problems] == ["latin", "jamo", "hanja"]


def test_normalize_whitespace_and_punctuation():
    p = g2p("  국물이   좋아요! ")
    assert p.normalized == "국물이 좋아요!" and p.pronounced == "궁무리 조아요!"
    # punctuation is a pause: no linking across it
    assert g2p("옷, 안").pronounced == "옫, 안"
    assert g2p("옷 안").pronounced == "오 단"
    assert g2p("안녕, 철수야.").phrase_spans == ((0, 2), (2, 5))
    assert g2p("").phones == () and g2p("").ipa == ""
    assert g2p("!?").pronounced == "!?"


def test_to_dict_is_json():
    d = g2p("맛있다").to_dict()
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert d["pronunciation"] == "마딛따" and d["variants"][0]["pronunciation"] == "마싣따"
    assert {"text", "pronunciation", "ipa", "phones", "variants", "rules"} <= set(d)


def test_result_is_frozen():
    p = g2p("국물")
    with pytest.raises(AttributeError):
        p.pronounced = "x"  # type: ignore[misc]


def test_hangul_roundtrip():
    assert decompose("닭") == ("ㄷ", "ㅏ", "ㄺ")
    assert decompose("아") == ("ㅇ", "ㅏ", "")
    assert compose("ㄷ", "ㅏ", "ㄺ") == "닭"
    for cp in range(0xAC00, 0xD7A4, 97):
        assert compose(*decompose(chr(cp))) == chr(cp)
    assert is_hangul_syllable("가") and not is_hangul_syllable("ㄱ") and not is_hangul_syllable("a")
    with pytest.raises(ValueError):
        compose("ㅏ", "ㅏ")


def test_lexicon_loads_and_validates():
    lex = load_lexicon()
    assert len(lex) >= 300
    for entry in lex.words.values():
        assert all(len(p) == len(entry.word) for p in entry.pronunciations)
    with pytest.raises(ValueError, match=":1:"):
        parse(["국물\t궁\tnasalisation\t제18항"], RULE_NAMES)
    with pytest.raises(ValueError, match="unknown rule"):
        parse(["국물\t궁물\tnasalization\t제18항"], RULE_NAMES)


@pytest.mark.parametrize(
    ("text", "pronounced"),
    [
        ("그는 이리저리 피했다", "그느 니리저리 피핻따"),  # liaison of the ㄴ (제15항), no inserted ㄴ
        ("집 이리로", "지 비리로"),
        ("밥 요리조리", "바 뵤리조리"),
        ("책 이만큼", "채 기만큼"),
        ("곧 여태", "고 뎌태"),
    ],
)
def test_adverbs_in_i_yeo_yo_take_no_n_insertion(text, pronounced):
    p = g2p(text)
    assert p.pronounced == pronounced
    assert "n_insertion" not in {r.name for r in p.rules}
