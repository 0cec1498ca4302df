"""표준 발음법 (the standard pronunciation rules), each a function named for what it does.

The rules run over a whole phrase of decomposed syllables, in this order (`RULES`):

  0. word-specific pronunciations from the lexicon (사잇소리, ㄴ 첨가 words, 제26항 …)
  1. palatalisation          구개음화            제17항   굳이 [구지], 닫히다 [다치다]
  2. aspiration              거센소리되기        제12항   좋고 [조코], 국화 [구콰]
  3. h_deletion              ㅎ 탈락             제12항   좋아 [조아], 놓는 [논는], 좋소 [조쏘]
  4. n_insertion             ㄴ 첨가             제29항   할 일 [할릴]
  5. liaison                 연음                제13–15항 옷이 [오시], 옷 안 [오단]
  6. tensification           된소리되기          제23–27항 학교 [학꾜], 신고 [신꼬], 할 것 [할껃]
  7. cluster_simplification  자음군 단순화       제10–11항 닭 [닥], 밟다 [밥따], 맑게 [말께]
  8. coda_neutralisation     음절의 끝소리 규칙  제9항    옷 [옫], 부엌 [부억]
  9. nasalisation            비음화              제18–19항 국물 [궁물], 담력 [담녁], 협력 [혐녁]
 10. lateralisation          유음화              제20항   신라 [실라], 칼날 [칼랄]
 11. vowel_simplification    모음의 발음         제5항    희망 [히망], 가져 [가저]

Why this order: ㅎ must merge or vanish before a coda can link (좋아 → 조아, not 조하);
tensification must see the written coda (넓게 [널께] tensifies although ㄼ ends as ㄹ)
so it runs before codas are simplified; ㄹ → ㄴ (제19항) must come before the obstruent
nasalises (협력 → 협녁 → 혐녁); the vowel rules look at the final onsets (붙여 → 부쳐 → 부처).

Each rule only changes syllables that speech links: within a word, or across a space
(as 제15항, 제18항 붙임 and 제12항 붙임 say), never across punctuation.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from .hangul import CLUSTERS, SILENT_ONSET, decompose
from .lexicon import BLOCK, Lexicon
from .lexicon import load as load_lexicon
from .normalize import JOINED, PAUSE, SPACE, Normalized
from .state import State, Syl, representative
from .tables import (
    ADNOMINAL_WORDS,
    ASPIRATED,
    CLUSTER_KEEPS,
    DEPENDENT_NOUNS,
    H_CODAS,
    L_ENDINGS,
    NEUTRAL,
    NO_N_INSERTION_PREFIXES,
    NO_N_INSERTION_WORDS,
    OBSTRUENT_CODAS,
    PARTICLES,
    RG_NOUNS,
    RULE_NAMES,
    SINO_TENSE_COUNTERS,
    STEM_ENDINGS,
    TENSE,
    UI_NOUNS,
)

# Variant switches: where 표준 발음법 allows a second pronunciation.
LEXICAL_ALTERNATIVE = "lexical_alternative"  # 맛있다 [마딛따]/[마싣따], 냇가 [내까]/[낻까]
YE_AS_E = "ye_as_e"  # 계 [게] (제5항 다만 2)
UI_PARTICLE_AS_E = "ui_particle_as_e"  # 우리의 [우리에] (제5항 다만 4)
UI_AS_I = "ui_as_i"  # 주의 [주이] (제5항 다만 4)
WORD_PAUSE = "word_pause"  # 책을 읽어요 [채글 일거요]: a pause instead of ㄴ 첨가 across words (제29항)
VARIANT_OPTIONS = (LEXICAL_ALTERNATIVE, YE_AS_E, UI_PARTICLE_AS_E, UI_AS_I, WORD_PAUSE)


# ----------------------------------------------------------------------------- 0. lexicon
def apply_lexicon(st: State) -> None:
    """Word-specific pronunciations (사잇소리 제28·30항, ㄴ 첨가 제29항, 제26항, 제20항 다만 …).

    The longest entry that matches at each position of a written word wins. A written coda
    is kept where the entry's coda is just its neutralised form, so 꽃잎이 links as [꼰니피].
    """
    lex = st.lexicon
    for w, (a, b) in enumerate(st.norm.word_spans):
        if any(st.syls[i].fixed for i in range(a, b)):
            continue
        word = st.word_text(w)
        p = 0
        while p < len(word):
            for length in range(min(lex.max_len, len(word) - p), 1, -1):
                entry = lex.words.get(word[p : p + length])
                if entry is None or _straddles_reading(st, a + p, a + p + length):
                    continue
                for i in range(a + p, a + p + length):
                    st.syls[i].lexical = True
                if entry.rule != BLOCK and entry.rule not in st.skip:
                    k = 1 if LEXICAL_ALTERNATIVE in st.options and len(entry.pronunciations) > 1 else 0
                    st.alternatives_used |= len(entry.pronunciations) > 1
                    before = st.text(a + p, a + p + length)
                    for j, ch in enumerate(entry.pronunciations[k]):
                        s = st.syls[a + p + j]
                        onset, vowel, coda = decompose(ch)
                        s.onset, s.vowel = onset, vowel
                        if not (coda and coda == representative(s.coda)):
                            s.coda = coda
                    st.record(entry.rule, entry.article, a + p, a + p + length, before)
                p += length - 1
                break
            p += 1


def _straddles_reading(st: State, a: int, b: int) -> bool:
    """An entry may not join a number's reading to other syllables: 11일이 is not 일일이 [일리리]."""
    return bool(st.norm.readings) and len(set(st.reading_of[a:b])) > 1


# ----------------------------------------------------------------------------- 1. palatalisation
def palatalise(st: State) -> None:
    """제17항: ㄷ, ㅌ(ㄾ) before the suffix/particle 이 become ㅈ, ㅊ (굳이 [구지], 같이 [가치]);
    ㄷ before 히 becomes ㅊ (닫히다 [다치다])."""
    for i, s in enumerate(st.syls[:-1]):
        if not st.joined(i):
            continue
        nxt = st.syls[i + 1]
        if nxt.vowel not in ("ㅣ", "ㅕ"):
            continue
        if nxt.onset == SILENT_ONSET and s.coda in ("ㄷ", "ㅌ", "ㄾ"):
            keep, onset = {"ㄷ": ("", "ㅈ"), "ㅌ": ("", "ㅊ"), "ㄾ": ("ㄹ", "ㅊ")}[s.coda]
            st.change_pair("palatalisation", "제17항", i, keep, onset)
        elif nxt.onset == "ㅎ" and s.coda == "ㄷ":
            st.change_pair("palatalisation", "제17항", i, "", "ㅊ")


# ----------------------------------------------------------------------------- 2. aspiration
def aspirate(st: State) -> None:
    """제12항 1: ㅎ and ㄱ ㄷ ㅂ ㅈ next to each other merge into ㅋ ㅌ ㅍ ㅊ
    (좋고 [조코], 국화 [구콰], 앉히다 [안치다]; across words 옷 한 벌 [오탄벌])."""
    for i, s in enumerate(st.syls[:-1]):
        if not st.linked(i):
            continue
        nxt = st.syls[i + 1]
        inside = st.bounds[i] == JOINED
        if inside and s.coda in H_CODAS and nxt.onset in ("ㄱ", "ㄷ", "ㅈ"):
            st.change_pair("aspiration", "제12항", i, H_CODAS[s.coda], ASPIRATED[nxt.onset])
        elif nxt.onset == "ㅎ" and (s.coda in OBSTRUENT_CODAS or (inside and s.coda == "ㄵ")):
            first, last = CLUSTERS.get(s.coda, ("", s.coda))
            if s.coda in ("ㄳ", "ㅄ"):  # the cluster is heard as its first consonant
                first, last = "", first
            if last == "ㅈ" and inside:
                onset = "ㅊ"  # 꽂히다 [꼬치다]
            else:
                onset = ASPIRATED[representative(last)]
            st.change_pair("aspiration", "제12항", i, first, onset)


# ----------------------------------------------------------------------------- 3. ㅎ deletion
def delete_h(st: State) -> None:
    """제12항 2–4: ㅎ+ㅅ → [ㅆ] (좋소 [조쏘]); ㅎ+ㄴ → [ㄴㄴ] (놓는 [논는], 않네 [안네]);
    ㅎ before a vowel is silent (좋아 [조아], 않은 [아는])."""
    for i, s in enumerate(st.syls[:-1]):
        if not st.joined(i) or s.coda not in H_CODAS:
            continue
        nxt = st.syls[i + 1]
        if nxt.onset == "ㅅ":
            st.change_pair("h_deletion", "제12항", i, H_CODAS[s.coda], "ㅆ")
        elif nxt.onset == "ㄴ":
            st.change_pair("h_deletion", "제12항", i, H_CODAS[s.coda] or "ㄴ")
        elif nxt.onset == SILENT_ONSET:
            st.change_pair("h_deletion", "제12항", i, H_CODAS[s.coda])


# ----------------------------------------------------------------------------- 4. ㄴ insertion
def insert_n(st: State) -> None:
    """제29항 붙임 2 (across words): after a word ending in a consonant, ㄴ is added before 이/야/여/
    요/유 starting the next word said in the same breath (할 일 [할릴], 옷 입다 [온닙따], 한국 요리
    [한궁뇨리], 책을 읽어요 [채글릴거요]); the variant WORD_PAUSE says the words apart instead
    ([채글 일거요]). Not before `NO_N_INSERTION_*` or a number (3·1절 [사밀쩔] is 제29항 다만).
    Inside words the lexicon decides."""
    for i, s in enumerate(st.syls[:-1]):
        if st.bounds[i] != SPACE or not s.coda or not st.linked(i):
            continue
        nxt = st.syls[i + 1]
        if nxt.onset != SILENT_ONSET or nxt.vowel not in ("ㅣ", "ㅑ", "ㅕ", "ㅛ", "ㅠ"):
            continue
        word = st.word_text(nxt.word)
        if (
            word in NO_N_INSERTION_WORDS
            or word.startswith(NO_N_INSERTION_PREFIXES)
            or st.reading_of[i + 1] >= 0
        ):
            continue
        st.n_inserted_across = True
        if WORD_PAUSE in st.options:
            st.bounds[i] = PAUSE
            continue
        before = st.text(i, i + 2)
        nxt.onset = "ㄴ"
        nxt.n_inserted = True
        st.record("n_insertion", "제29항", i, i + 2, before)


# ----------------------------------------------------------------------------- 5. liaison
def link(st: State) -> None:
    """제13–14항: a coda moves to a following vowel-initial syllable of the same word
    (옷이 [오시], 닭을 [달글]); 제15항: across a word boundary it is first neutralised
    (옷 안 [오단], 닭 앞에 [다가페])."""
    for i, s in enumerate(st.syls[:-1]):
        if not st.linked(i) or not s.coda or s.coda == "ㅇ":
            continue
        nxt = st.syls[i + 1]
        if nxt.onset != SILENT_ONSET:
            continue
        if st.bounds[i] == JOINED:
            if s.coda in CLUSTERS:
                keep, move = CLUSTERS[s.coda]
                st.change_pair("liaison", "제14항", i, keep, move)
            else:
                st.change_pair("liaison", "제13항", i, "", s.coda)
        else:
            move = s.coda
            if "cluster_simplification" not in st.skip:
                move = CLUSTER_KEEPS.get(move, move)
            if "coda_neutralisation" not in st.skip:
                move = NEUTRAL.get(move, move)
            if move in CLUSTERS:
                keep, move = CLUSTERS[move]
            else:
                keep = ""
            st.change_pair("liaison", "제15항", i, keep, move)


# ----------------------------------------------------------------------------- 6. tensification
def _tense(st: State, i: int, article: str) -> None:
    """Make the onset of syllable i+1 tense, recording it under `article`."""
    nxt = st.syls[i + 1]
    if nxt.onset in TENSE:
        st.change_pair("tensification", article, i, onset=TENSE[nxt.onset])


def tensify(st: State) -> None:
    """제23항 after [ㄱ ㄷ ㅂ] (학교 [학꾜]); 제24항 after verb stems in ㄴ ㅁ ㄵ ㄻ (신고 [신꼬],
    앉고 [안꼬]); 제25항 after stems in ㄼ ㄾ (넓게 [널께]); 제27항 after the adnominal -ㄹ
    (할 것을 [할꺼슬], 할게 [할께]). 제26·28·30항 (발달, 문고리, 냇가) come from the lexicon."""
    syls = st.syls
    # 제24항: verb stems from the lexicon, at the start of a word
    for w, (a, _b) in enumerate(st.norm.word_spans):
        word = st.word_text(w)
        for length in range(1, min(len(word), 5)):
            stem, rest = word[:length], word[length:]
            entry = st.lexicon.stems.get(stem)
            if entry and entry.rule not in (BLOCK, *st.skip) and rest.startswith(STEM_ENDINGS):
                end = a + length - 1
                if st.joined(end) and not any(syls[k].lexical for k in range(a, end + 2)):
                    _tense(st, end, "제24항")
        # 제27항 inside a word: 할게 [할께], 먹을수록 [머글쑤록]
        for length in range(1, len(word)):
            head, rest = word[:length], word[length:]
            if (
                syls[a + length - 1].coda == "ㄹ"
                and (head in ADNOMINAL_WORDS or (len(head) >= 2 and head.endswith("을")))
                and rest.startswith(L_ENDINGS)
                and st.joined(a + length - 1)
            ):
                _tense(st, a + length - 1, "제27항")
    for i, s in enumerate(syls[:-1]):
        if not st.linked(i):
            continue
        nxt = syls[i + 1]
        if nxt.onset not in TENSE:
            continue
        if s.coda in OBSTRUENT_CODAS and not (s.coda == "ㄼ" and s.written == "덟"):
            _tense(st, i, "제25항" if s.coda in ("ㄼ", "ㄾ") and s.written != "밟" else "제23항")
        elif s.coda in ("ㄵ", "ㄻ") and st.bounds[i] == JOINED and not s.lexical:
            a, b = st.norm.word_spans[s.word]
            rest = "".join(st.norm.syllables[i + 1 : b])
            if rest.startswith(STEM_ENDINGS):
                _tense(st, i, "제24항")
        elif s.coda == "ㄹ" and st.bounds[i] == SPACE:
            prev_word, next_word = st.word_text(s.word), st.word_text(nxt.word)
            if prev_word.endswith("를"):
                continue
            dependent = any(
                next_word.startswith(d) and next_word[len(d) :] in PARTICLES for d in DEPENDENT_NOUNS
            )
            if prev_word in ADNOMINAL_WORDS or dependent:
                _tense(st, i, "제27항")
    # 제26항 for a Sino-Korean number in ㄹ and the Sino-Korean counter after it: 1등 [일뜽], 8도 [팔또]
    for r in st.norm.readings:
        end = r.span[1] - 1
        if r.kind == "sino" and r.span[0] <= end and syls[end].coda == "ㄹ" and st.joined(end):
            a, b = st.norm.word_spans[syls[end].word]
            if st.reading_of[end + 1] < 0 and "".join(st.norm.syllables[end + 1 : b]).startswith(
                SINO_TENSE_COUNTERS
            ):
                _tense(st, end, "제26항")


# ----------------------------------------------------------------------------- 7. clusters
def simplify_clusters(st: State) -> None:
    """제10항: ㄳ ㄵ ㄼ ㄽ ㄾ ㅄ keep the first consonant (넋 [넉], 여덟 [여덜]), but 밟- keeps ㅂ
    (밟다 [밥따]) and so does 넓- in 넓죽하다, 넓둥글다 [넙]; 제11항: ㄺ ㄻ ㄿ keep the second
    (닭 [닥], 삶 [삼]), but ㄺ of a verb stem before ㄱ keeps ㄹ (맑게 [말께])."""
    for i, s in enumerate(st.syls):
        if s.coda not in CLUSTER_KEEPS or s.fixed:
            continue
        nxt = st.syls[i + 1] if st.joined(i) else None
        keep = CLUSTER_KEEPS[s.coda]
        article = "제11항" if s.coda in ("ㄺ", "ㄻ", "ㄿ") else "제10항"
        if s.coda == "ㄼ" and (
            s.written == "밟" or (s.written == "넓" and nxt is not None and nxt.written in ("죽", "둥", "적"))
        ):
            keep = "ㅂ"
        elif (
            s.coda == "ㄺ" and nxt is not None and nxt.onset in ("ㄱ", "ㄲ") and s.written[-1] not in RG_NOUNS
        ):
            keep = "ㄹ"
        before = st.text(i, i + 1)
        s.coda = keep
        st.record("cluster_simplification", article, i, i + 1, before)


# ----------------------------------------------------------------------------- 8. neutralisation
def neutralise_codas(st: State) -> None:
    """제9항: a coda is heard as one of [ㄱ ㄴ ㄷ ㄹ ㅁ ㅂ ㅇ] (부엌 [부억], 옷 [옫], 앞 [압])."""
    for i, s in enumerate(st.syls):
        if s.coda in NEUTRAL and not s.fixed:
            before = st.text(i, i + 1)
            s.coda = NEUTRAL[s.coda]
            st.record("coda_neutralisation", "제9항", i, i + 1, before)


# ----------------------------------------------------------------------------- 9. nasalisation
def nasalise(st: State) -> None:
    """제19항: ㄹ after ㅁ ㅇ (담력 [담녁]) and after ㄱ ㅂ (협력 [혐녁]) is [ㄴ];
    제18항: ㄱ ㄷ ㅂ before ㄴ ㅁ are [ㅇ ㄴ ㅁ] (국물 [궁물], 밥 먹는다 [밤멍는다])."""
    for i, s in enumerate(st.syls[:-1]):
        if st.joined(i) and st.syls[i + 1].onset == "ㄹ" and s.coda in ("ㅁ", "ㅇ", "ㄱ", "ㄷ", "ㅂ"):
            st.change_pair("nasalisation", "제19항", i, onset="ㄴ")
    for i, s in enumerate(st.syls[:-1]):
        if st.linked(i) and st.syls[i + 1].onset in ("ㄴ", "ㅁ") and s.coda in ("ㄱ", "ㄷ", "ㅂ"):
            st.change_pair("nasalisation", "제18항", i, coda={"ㄱ": "ㅇ", "ㄷ": "ㄴ", "ㅂ": "ㅁ"}[s.coda])


# ----------------------------------------------------------------------------- 10. lateralisation
def lateralise(st: State) -> None:
    """제20항: ㄴ next to ㄹ is [ㄹ] (신라 [실라], 칼날 [칼랄], 할 일 [할릴]); the ㄴㄴ
    exceptions (의견란 [의견난]) are lexicon entries."""
    for i, s in enumerate(st.syls[:-1]):
        if not st.linked(i):
            continue
        nxt = st.syls[i + 1]
        inside = st.bounds[i] == JOINED
        if inside and s.coda == "ㄴ" and nxt.onset == "ㄹ":
            st.change_pair("lateralisation", "제20항", i, coda="ㄹ")
        elif s.coda == "ㄹ" and nxt.onset == "ㄴ" and (inside or nxt.n_inserted):
            st.change_pair("lateralisation", "제20항", i, onset="ㄹ")


# ----------------------------------------------------------------------------- 11. vowels
def is_ui_particle(st: State, i: int) -> bool:
    """Written 의 at the end of a longer word that is not itself a noun in 의 (우리의, 신라의)."""
    s = st.syls[i]
    a, b = st.norm.word_spans[s.word]
    word = st.word_text(s.word)
    return (
        s.written == "의" and i == b - 1 and b - a >= 2 and word not in UI_NOUNS and not word.endswith("주의")
    )


def simplify_vowels(st: State) -> None:
    """제5항 다만 1: 져 쪄 쳐 are [저 쩌 처]; 다만 3: ㅢ after a written consonant is [ㅣ]
    (희망 [히망]). The allowed variants (계 [게], 주의 [주이], 우리의 [우리에]) are options."""
    for i, s in enumerate(st.syls):
        if s.fixed or s.vowel not in ("ㅕ", "ㅢ", "ㅖ"):
            continue
        before = st.text(i, i + 1)
        if s.onset in ("ㅈ", "ㅉ", "ㅊ") and s.vowel == "ㅕ":
            s.vowel = "ㅓ"
        elif s.vowel == "ㅢ" and s.written_onset != SILENT_ONSET:
            s.vowel = "ㅣ"
        elif s.vowel == "ㅖ" and YE_AS_E in st.options and s.onset not in (SILENT_ONSET, "ㄹ"):
            s.vowel = "ㅔ"
        elif s.vowel == "ㅢ" and s.written == "의":
            if is_ui_particle(st, i):
                if UI_PARTICLE_AS_E in st.options:
                    s.vowel = "ㅔ"
            elif s.pos > 0 and UI_AS_I in st.options:
                s.vowel = "ㅣ"
        st.record("vowel_simplification", "제5항", i, i + 1, before)


@dataclass(frozen=True)
class Rule:
    name: str
    apply: Callable[[State], None]


RULES: tuple[Rule, ...] = (
    Rule("palatalisation", palatalise),
    Rule("aspiration", aspirate),
    Rule("h_deletion", delete_h),
    Rule("n_insertion", insert_n),
    Rule("liaison", link),
    Rule("tensification", tensify),
    Rule("cluster_simplification", simplify_clusters),
    Rule("coda_neutralisation", neutralise_codas),
    Rule("nasalisation", nasalise),
    Rule("lateralisation", lateralise),
    Rule("vowel_simplification", simplify_vowels),
)
assert tuple(r.name for r in RULES) == RULE_NAMES


def derive(
    norm: Normalized,
    skip: Collection[str] = (),
    options: Collection[str] = (),
    lexicon: Lexicon | None = None,
) -> State:
    """Run the lexicon and every rule not in `skip` over the normalized text."""
    syls: list[Syl] = []
    for w, (a, b) in enumerate(norm.word_spans):
        for i in range(a, b):
            onset, vowel, coda = decompose(norm.syllables[i])
            syls.append(Syl(onset, vowel, coda, norm.syllables[i], w, i - a))
    st = State(norm, syls, frozenset(skip), frozenset(options), lexicon or load_lexicon())
    for a, b, fix in norm.fixes:
        before = st.text(a, b)
        for i, ch in zip(range(a, b), fix):
            syls[i].onset, syls[i].vowel, syls[i].coda = decompose(ch)
            syls[i].fixed = True
        st.record("teacher_fix", "", a, b, before)
    apply_lexicon(st)
    for rule in RULES:
        if rule.name not in st.skip:
            rule.apply(st)
    return st


def applicable_options(st: State) -> tuple[str, ...]:
    """The variant switches that would change this text's pronunciation."""
    out = []
    if st.alternatives_used:
        out.append(LEXICAL_ALTERNATIVE)
    if any(s.vowel == "ㅖ" and s.onset not in (SILENT_ONSET, "ㄹ") and not s.fixed for s in st.syls):
        out.append(YE_AS_E)
    ui = [i for i, s in enumerate(st.syls) if s.written == "의" and s.vowel == "ㅢ" and not s.fixed]
    if any(is_ui_particle(st, i) for i in ui):
        out.append(UI_PARTICLE_AS_E)
    if any(not is_ui_particle(st, i) and st.syls[i].pos > 0 for i in ui):
        out.append(UI_AS_I)
    if st.n_inserted_across:
        out.append(WORD_PAUSE)
    return tuple(out)
