"""The letter tables and word lists that the rules of `rules` consult.

Why apart from the rules: they are data a reader checks against 표준 발음법 line by line, and
they grow (a new adnominal word, a new particle) without touching the logic.
"""

from __future__ import annotations

TENSE = {"ㄱ": "ㄲ", "ㄷ": "ㄸ", "ㅂ": "ㅃ", "ㅅ": "ㅆ", "ㅈ": "ㅉ"}
ASPIRATED = {"ㄱ": "ㅋ", "ㄷ": "ㅌ", "ㅈ": "ㅊ", "ㅂ": "ㅍ"}
#: 제9항: what a single coda sounds like before a consonant or at the end.
NEUTRAL = {
    "ㄲ": "ㄱ",
    "ㅋ": "ㄱ",
    "ㅅ": "ㄷ",
    "ㅆ": "ㄷ",
    "ㅈ": "ㄷ",
    "ㅊ": "ㄷ",
    "ㅌ": "ㄷ",
    "ㅎ": "ㄷ",
    "ㅍ": "ㅂ",
}
#: 제10–11항: the consonant a cluster keeps.
CLUSTER_KEEPS = {
    "ㄳ": "ㄱ",
    "ㄵ": "ㄴ",
    "ㄶ": "ㄴ",
    "ㄺ": "ㄱ",
    "ㄻ": "ㅁ",
    "ㄼ": "ㄹ",
    "ㄽ": "ㄹ",
    "ㄾ": "ㄹ",
    "ㄿ": "ㅂ",
    "ㅀ": "ㄹ",
    "ㅄ": "ㅂ",
}
#: 제23항: codas [ㄱ ㄷ ㅂ] in writing, after which ㄱ ㄷ ㅂ ㅅ ㅈ are tense (ㄼ ㄾ: 제25항).
OBSTRUENT_CODAS = frozenset("ㄱㄲㅋㄳㄺㄷㅅㅆㅈㅊㅌㅂㅍㄼㄿㅄㄾ")
H_CODAS = {"ㅎ": "", "ㄶ": "ㄴ", "ㅀ": "ㄹ"}
#: Nouns whose ㄺ stays [ㄱ] before ㄱ (닭고기 [닥꼬기]); verb stems take [ㄹ] (맑게 [말께]).
RG_NOUNS = frozenset("닭흙칡삵슭")
#: Endings after which a verb stem in ㄴ/ㅁ tensifies (제24항); 기 is left out on purpose
#: because passive/causative -기- does not tensify (안기다 [안기다]).
STEM_ENDINGS = (
    "고",
    "게",
    "겠",
    "다",
    "더",
    "던",
    "도록",
    "든",
    "소",
    "지",
    "죠",
    "자",
    "잖",
    "거나",
    "거든",
    "건",
)
#: Words that end in the adnominal -(으)ㄹ (제27항): 할 것을 [할꺼슬], 만날 사람 [만날싸람].
ADNOMINAL_WORDS = frozenset(
    "할 갈 올 볼 줄 될 쓸 둘 잘될 만날 먹을 읽을 있을 없을 받을 찾을 좋을 입을 앉을 놓을 보낼 만들 드릴 "
    "마실 기다릴 도울 배울 가르칠 들을 걸을 웃을 울 해야할 떠날 부를 모를 다를 오를 고를 어떨 그럴 이럴 저럴".split()
)
#: Dependent nouns: after a word in -ㄹ they mark it as adnominal (할 수, 갈 데).
DEPENDENT_NOUNS = (
    "것",
    "거",
    "게",
    "걸",
    "데",
    "바",
    "수",
    "적",
    "줄",
    "지",
    "듯",
    "곳",
    "도리",
    "법",
    "사람",
    "생각",
)
PARTICLES = frozenset(
    "이 가 을 를 은 는 도 만 에 에서 으로 로 과 와 의 이다 이야 예요 이에요 입니다 요 까지 부터 처럼 만큼 "
    "밖에 뿐 라도 이라도 엔 에는 에도 야 이지 지".split()
) | {""}
#: Endings that begin after the adnominal -ㄹ inside a word: 할게 [할께], 갈수록 [갈쑤록].
L_ENDINGS = ("게", "걸", "수록", "지", "세라", "밖에")
#: Next words that take no ㄴ 첨가 across a space (제29항 붙임 2 is for words said as one unit):
#: 있다 links as in 맛있다 [마딛따] (제15항 다만), and the pronoun, determiners and adverbs in
#: 이/여/요 are said apart (저는 이 책을 [저느 이], 밥 있어요 [바 비써요]).
NO_N_INSERTION_WORDS = frozenset("이 이리 이번 이상 이하 이후 이전 이외 이내".split())
NO_N_INSERTION_PREFIXES = (
    "있", "이런", "이렇", "이러", "이것", "이거", "이게", "이건", "이걸", "이곳", "이쪽", "이제", "이미",
    "이따", "이윽", "여기", "여러", "역시", "여전", "요즘", "요새", "요렇", "요런", "이분",
    "이리", "이만", "이대로", "이토록", "여태", "요리조리", "요만",
)  # fmt: skip
#: Sino-Korean counters after which 제26항 tenses ㄷ ㅅ ㅈ following a number in ㄹ: 1등 [일뜽].
SINO_TENSE_COUNTERS = (
    "도",
    "등",
    "동",
    "단",
    "대",
    "세",
    "선",
    "승",
    "주",
    "절",
    "장",
    "조",
    "점",
    "지",
    "석",
)
#: Nouns ending in 의 that is not the particle (주의 [주의/주이], not [주에]).
UI_NOUNS = frozenset(
    "주의 회의 강의 정의 동의 논의 합의 예의 의의 편의 결의 건의 모의 호의 협의 심의 질의 창의 민의 성의 신의".split()
)

#: The rules of 표준 발음법 the G2P applies, in the order it applies them (names used by
#: skip_rules, the lexicon's rule column and the app's badges).
RULE_NAMES: tuple[str, ...] = (
    "palatalisation",
    "aspiration",
    "h_deletion",
    "n_insertion",
    "liaison",
    "tensification",
    "cluster_simplification",
    "coda_neutralisation",
    "nasalisation",
    "lateralisation",
    "vowel_simplification",
)
