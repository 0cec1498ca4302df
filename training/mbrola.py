"""MBROLA with the Korean diphone voice hn1: human sound for the training corpus.

espeak-ng is formant synthesis; a model trained only on it hears real voices at ~75% PER.
hn1 is 1,909 diphones cut from recordings of one male speaker (Pusan National University,
1999), so its speech carries what formants lack. MBROLA only concatenates diphones: the
allophones, durations and pitch are ours, and the label is exactly the phones we asked for.

- **Allophones** by context (hn1 has units our phonemic inventory merges): lenis stops and ㅈ
  voiced between voiced sounds inside a word (b d g dz\\), unreleased codas (p_} t_} k_} n_}
  m_} l_} N), s\\ before i, a glide and its vowel as one unit (ja, wV, M\\i …).
- **Prosody** of Seoul Korean: each word an accentual phrase with the tones LHLH, starting H
  when it begins with an aspirated or tense consonant, s or h (the pitch cue of the
  lenis/aspirated contrast that espeak-ng cannot give); phrase-final lengthening and pauses
  at punctuation; a falling end, rising for a question.
- **Speakers**: every utterance draws its own mean pitch and range, speaking rate, vocal-tract
  length (resampling), and breath noise, so one diphone voice does not become one sound.

Licence: hn1 may be used to synthesise speech with the MBROLA program only, and copied freely
where no charge is made; it may not be sold or built into a sold product. Neither the
database nor audio made from it ships with SpeechFeedback; the audio is training data only.
"""

from __future__ import annotations

import dataclasses
import os
import random
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import soxr

from model import phones
from model.audio import SAMPLE_RATE
from model.korean import Pronunciation

LICENCE = (
    "MBROLA hn1 (Korean diphones, Pusan National University / Faculte Polytechnique de Mons): usable to "
    "synthesise speech with the MBROLA program only; may be copied where no charge is made; not to be sold or "
    "built into a sold product. Synthesised audio was training data only; neither it nor the database ships."
)
_ROOT = Path(__file__).resolve().parent.parent
#: Where `make install` unpacks the Debian packages (no root needed, system sources untouched).
LOCAL_ROOT = _ROOT / ".venv" / "mbrola"
_T = phones.TENSE_MARK

#: Every unit of hn1, as its README lists them (SAMPA), plus the silence "_".
UNITS = frozenset(
    "p b p_h p_> t d t_h t_> k g k_h k_> ts\\ dz\\ ts\\_h ts\\_> s s\\ s_> h m n 4 l "
    "p_} t_} k_} n_} m_} l_} N a E V e o u M i ja jE jV je jo ju wa wE wV we wi M\\i 2 _".split()
)


class MbrolaError(RuntimeError):
    """MBROLA is missing, or it could not speak an utterance."""


# --- finding the program ------------------------------------------------------------------------


@dataclass(frozen=True)
class Install:
    program: Path
    database: Path


def find() -> Install | None:
    """The mbrola program and the hn1 database: ours under .venv/mbrola first, then the system's."""
    for root in (Path(os.environ.get("MBROLA_ROOT", LOCAL_ROOT)), Path("/")):
        program = root / "usr" / "bin" / "mbrola"
        database = root / "usr" / "share" / "mbrola" / "hn1" / "hn1"
        if program.is_file() and database.is_file():
            return Install(program, database)
    program = shutil.which("mbrola")
    if program and Path("/usr/share/mbrola/hn1/hn1").is_file():
        return Install(Path(program), Path("/usr/share/mbrola/hn1/hn1"))
    return None


def missing_reason() -> str:
    """Why MBROLA cannot be used here, or "" when it can."""
    if find() is not None:
        return ""
    return (
        "MBROLA and its Korean voice hn1 are not installed: `make install` fetches them (Debian packages "
        "mbrola and mbrola-hn1, contrib/non-free) into .venv/mbrola; training goes on with espeak-ng alone."
    )


def available() -> bool:
    return find() is not None


# --- phones → hn1 units ---------------------------------------------------------------------------

_VOICED_LENIS = {"p": "b", "t": "d", "k": "g", "tɕ": "dz\\"}
_ONSET = {
    "p": "p", "pʰ": "p_h", f"p{_T}": "p_>", "t": "t", "tʰ": "t_h", f"t{_T}": "t_>",
    "k": "k", "kʰ": "k_h", f"k{_T}": "k_>", "tɕ": "ts\\", "tɕʰ": "ts\\_h", f"t{_T}ɕ": "ts\\_>",
    "s": "s", f"s{_T}": "s_>", "h": "h", "m": "m", "n": "n", "ɾ": "4", "l": "l",
}  # fmt: skip
_CODA = {"p": "p_}", "t": "t_}", "k": "k_}", "n": "n_}", "m": "m_}", "l": "l_}", "ŋ": "N"}
_VOWEL = {"a": "a", "ʌ": "V", "o": "o", "u": "u", "ɯ": "M", "i": "i", "e": "e"}
_GLIDE_VOWEL = {
    ("j", "a"): "ja", ("j", "e"): "je", ("j", "ʌ"): "jV", ("j", "o"): "jo", ("j", "u"): "ju",
    ("w", "a"): "wa", ("w", "e"): "we", ("w", "ʌ"): "wV", ("w", "i"): "wi", ("ɰ", "i"): "M\\i",
}  # fmt: skip
#: hn1 keeps ㅐ [E] and ㅔ [e] apart; Seoul speech merges them (our one symbol e): a speaker picks one.
_OPEN_E = {"e": "E", "je": "jE", "we": "wE"}
_VOICED = {"vowel", "glide", "nasal", "liquid"}


@dataclass(frozen=True)
class Segment:
    """One hn1 unit with the phones it says, where it sits, and why (for durations and pitch)."""

    unit: str
    phones: tuple[str, ...]
    syllable: int
    slot: str


def _kind(symbol: str) -> str:
    p = phones.phone(symbol)
    if p.is_vowel:
        return "vowel"
    if p.is_glide:
        return "glide"
    return {"nasal": "nasal", "tap": "liquid", "lateral": "liquid"}.get(p.manner, "obstruent")


def segments(pron: Pronunciation, open_e: bool = False) -> list[Segment]:
    """The hn1 units for a pronunciation, allophones chosen by context (see the module docstring)."""
    toks = pron.phones
    word_of = {}
    for w, (a, b) in enumerate(pron.word_spans):
        for s in range(a, b):
            word_of[s] = w
    out: list[Segment] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        prev = toks[i - 1] if i > 0 else None
        if t.slot == "nucleus":
            if t.symbol in ("j", "w", "ɰ"):
                if nxt is None or (t.symbol, nxt.symbol) not in _GLIDE_VOWEL or nxt.syllable != t.syllable:
                    raise MbrolaError(f"hn1 has no unit for the glide {t.symbol} here")
                unit = _GLIDE_VOWEL[(t.symbol, nxt.symbol)]
                out.append(Segment(_OPEN_E.get(unit, unit) if open_e else unit, (t.symbol, nxt.symbol),
                                   t.syllable, "nucleus"))  # fmt: skip
                i += 2
                continue
            unit = _VOWEL[t.symbol]
            out.append(
                Segment(_OPEN_E.get(unit, unit) if open_e else unit, (t.symbol,), t.syllable, "nucleus")
            )
        elif t.slot == "coda":
            if t.symbol not in _CODA:
                raise MbrolaError(f"hn1 has no coda unit for {t.symbol}")
            out.append(Segment(_CODA[t.symbol], (t.symbol,), t.syllable, "coda"))
        else:
            unit = _ONSET[t.symbol]
            same_word = prev is not None and word_of.get(prev.syllable) == word_of.get(t.syllable)
            if t.symbol in _VOICED_LENIS and same_word and _kind(prev.symbol) in _VOICED:
                unit = _VOICED_LENIS[t.symbol]
            if t.symbol == "s" and nxt is not None and nxt.symbol == "i":
                unit = "s\\"
            out.append(Segment(unit, (t.symbol,), t.syllable, "onset"))
        i += 1
    return out


# Substitutes tried, in order, when hn1 lacks a diphone: the nearest allophone of the same phone.
_SUBSTITUTES = {"b": "p", "d": "t", "g": "k", "dz\\": "ts\\", "p": "b", "t": "d", "k": "g", "ts\\": "dz\\",
                "s\\": "s", "l": "4", "E": "e", "e": "E", "jE": "je", "je": "jE", "wE": "we", "we": "wE"}  # fmt: skip


def with_pauses(pron: Pronunciation, segs: list[Segment], rng: random.Random) -> list[Segment]:
    """Silences: at the ends, at every phrase boundary (punctuation), now and then between words."""
    phrase_start = {a for a, _ in pron.phrase_spans[1:]}
    word_start = {a for a, _ in pron.word_spans[1:]}
    out = [Segment("_", (), 0, "edge")]
    prev = -1
    for seg in segs:
        if seg.syllable != prev and prev >= 0:
            if seg.syllable in phrase_start:
                out.append(Segment("_", (), seg.syllable, "phrase"))
            elif seg.syllable in word_start and rng.random() < 0.15:
                out.append(Segment("_", (), seg.syllable, "word"))
        out.append(seg)
        prev = seg.syllable
    return [*out, Segment("_", (), prev, "edge")]


def repair(segs: list[Segment], diphones: frozenset[tuple[str, str]]) -> tuple[list[Segment], int]:
    """Make every neighbouring pair a diphone hn1 has: swap in a near allophone of the same phone,
    or put a short silence between (a coda before a vowel is then said with a glottal onset).
    Returns the segments and how many repairs were made; MbrolaError if nothing works."""
    out = [segs[0]]
    repairs = 0
    for seg in segs[1:]:
        last = out[-1].unit
        if (last, seg.unit) in diphones:
            out.append(seg)
            continue
        alt = _SUBSTITUTES.get(seg.unit)
        if alt and (last, alt) in diphones:
            out.append(dataclasses.replace(seg, unit=alt))
        elif (last, "_") in diphones and ("_", seg.unit) in diphones:
            out += [Segment("_", (), seg.syllable, "gap"), seg]
        else:
            raise MbrolaError(f"hn1 has no diphone {last}-{seg.unit}")
        repairs += 1
    return out, repairs


@lru_cache(maxsize=1)
def diphones(install: Install | None = None) -> frozenset[tuple[str, str]]:
    """The diphones hn1 has, asked of MBROLA itself (it warns about every unknown pair)."""
    install = install or find()
    if install is None:
        raise MbrolaError(missing_reason())
    units = sorted(UNITS)
    lines = [f"{a} 40 50 120\n{b} 40 50 120\n_ 20 50 120" for a in units for b in units]
    r = subprocess.run([str(install.program), "-e", str(install.database), "-", "-.raw"],
                       input=("\n".join(lines) + "\n").encode(), capture_output=True, timeout=60)  # fmt: skip
    unknown = set(re.findall(r"Warning: (\S+)-(\S+) unknown", r.stderr.decode("utf-8", "replace")))
    if r.returncode != 0 or len(unknown) > len(units) ** 2 * 0.6:
        raise MbrolaError(f"mbrola could not list hn1's diphones: {r.stderr[-300:]!r}")
    return frozenset((a, b) for a in units for b in units if (a, b) not in unknown)


# --- prosody and speakers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    """Traits drawn per utterance."""

    f0: float  # mean pitch of the output, Hz
    f0_range: float  # relative size of the tonal excursions
    rate: float  # >1 is faster
    tract: float  # >1 shortens the vocal tract (raises formants) by resampling
    breath: float  # breath-noise level relative to the speech RMS
    open_e: bool  # says the merged ㅐ/ㅔ with hn1's open [E]
    jitter: float  # relative spread of durations

    @classmethod
    def random(cls, rng: random.Random) -> Speaker:
        female = rng.random() < 0.45
        return cls(
            f0=rng.uniform(165, 250) if female else rng.uniform(85, 145),
            f0_range=rng.uniform(0.5, 1.6),
            rate=rng.uniform(0.75, 1.4),
            tract=rng.uniform(1.06, 1.22) if female else rng.uniform(0.9, 1.06),
            breath=rng.choice([0.0, rng.uniform(0.005, 0.06)]),
            open_e=rng.random() < 0.4,
            jitter=rng.uniform(0.05, 0.25),
        )


_ONSET_MS = {"p": 55, "b": 40, "t": 55, "d": 40, "k": 60, "g": 45, "ts\\": 70, "dz\\": 55,
             "p_h": 90, "t_h": 90, "k_h": 95, "ts\\_h": 100, "p_>": 95, "t_>": 95, "k_>": 100, "ts\\_>": 100,
             "s": 95, "s\\": 95, "s_>": 115, "h": 60, "m": 60, "n": 55, "4": 25, "l": 60}  # fmt: skip
_CODA_MS = {"p_}": 70, "t_}": 65, "k_}": 70, "n_}": 70, "m_}": 75, "l_}": 70, "N": 80}
_VOWEL_MS = {"a": 95, "E": 90, "e": 85, "V": 85, "o": 85, "u": 75, "M": 70, "i": 75, "2": 85}
_HIGH_START = {"pʰ", "tʰ", "kʰ", "tɕʰ", "s", "h"} | {s for s in phones.SYMBOLS if _T in s}


def _duration(seg: Segment) -> float:
    if seg.slot == "onset":
        return _ONSET_MS[seg.unit]
    if seg.slot == "coda":
        return _CODA_MS[seg.unit]
    return _VOWEL_MS.get(seg.unit, 115)  # a glide + vowel unit


def syllable_tones(pron: Pronunciation, question: bool) -> dict[int, float]:
    """A pitch target per syllable, -1 (low) … +1 (high): LHLH per word, H-initial after a
    strong onset; the last word ends low (or high for a question)."""
    first = {}
    for t in pron.phones:
        first.setdefault(t.syllable, t)
    tones: dict[int, float] = {}
    spans = [s for s in pron.word_spans if s[1] > s[0]]
    for w, (a, b) in enumerate(spans):
        n = b - a
        onset = first.get(a)
        start = 1.0 if onset is not None and onset.slot == "onset" and onset.symbol in _HIGH_START else -1.0
        if n == 1:
            shape = [start]
        elif n == 2:
            shape = [start, 1.0]
        elif n == 3:
            shape = [start, 1.0, 0.8]
        else:  # L(H) H … L H: the middle syllables glide between the second H and the last L
            middle = [1.0 - 1.6 * (k + 1) / (n - 2) for k in range(n - 4)]
            shape = [start, 1.0, *middle, -0.6, 1.0]
        if w == len(spans) - 1:
            shape[-1] = 1.2 if question else -1.3
        for k, tone in enumerate(shape):
            tones[a + k] = tone
    return tones


def pho(pron: Pronunciation, segs: Sequence[Segment], speaker: Speaker, rng: random.Random,
        question: bool = False) -> str:  # fmt: skip
    """The .pho text: one line per unit with its duration (ms) and a pitch point."""
    tones = syllable_tones(pron, question)
    n_syl = max(1, len(pron.syllables))
    phrase_end = {b - 1 for a, b in pron.phrase_spans} | {n_syl - 1}
    word_end = {b - 1 for a, b in pron.word_spans}
    base = speaker.f0 / speaker.tract  # the output is resampled `tract` times higher
    scale = speaker.tract / speaker.rate  # and `tract` times shorter
    pause_ms = {"edge": (60, 200), "phrase": (150, 450), "word": (30, 120), "gap": (15, 40)}
    lines = []
    for seg in segs:
        decline = 1.0 - 0.12 * seg.syllable / n_syl
        if seg.unit == "_":
            lo, hi = pause_ms[seg.slot]
            lines.append(f"_ {rng.randint(lo, hi) * scale:.0f} 50 {base * decline:.0f}")
            continue
        ms = _duration(seg) * scale * rng.uniform(1 - speaker.jitter, 1 + speaker.jitter)
        if seg.syllable in phrase_end:
            ms *= 1.5
        elif seg.syllable in word_end:
            ms *= 1.12
        f0 = base * decline * (1.0 + 0.22 * speaker.f0_range * tones.get(seg.syllable, 0.0))
        f0 = min(450.0, max(55.0, f0))
        if seg.slot == "nucleus" and seg.syllable == n_syl - 1:  # the boundary tone moves on the last vowel
            lines.append(f"{seg.unit} {ms:.0f} 10 {base * decline:.0f} 90 {f0:.0f}")
        else:
            lines.append(f"{seg.unit} {ms:.0f} 50 {f0:.0f}")
    return "\n".join(lines) + "\n"


# --- synthesis -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spoken:
    waveform: np.ndarray  # float32, 16 kHz
    phones: tuple[str, ...]  # exactly what was asked for
    repairs: int  # diphones hn1 lacked that were bridged


def synthesize(pron: Pronunciation, rng: random.Random, speaker: Speaker | None = None,
               install: Install | None = None) -> Spoken:  # fmt: skip
    """Speak a pronunciation (our phones, as the G2P gives them) with a random or given speaker."""
    install = install or find()
    if install is None:
        raise MbrolaError(missing_reason())
    speaker = speaker or Speaker.random(rng)
    segs = segments(pron, speaker.open_e)
    if not segs:
        raise MbrolaError("nothing to say")
    planned, repairs = repair(with_pauses(pron, segs, rng), diphones(install))
    text = pho(pron, planned, speaker, rng, question=pron.text.rstrip().endswith("?"))
    r = subprocess.run([str(install.program), "-e", str(install.database), "-", "-.raw"], input=text.encode(),
                       capture_output=True, timeout=60)  # fmt: skip
    if r.returncode != 0 or not r.stdout:
        raise MbrolaError(f"mbrola failed ({r.returncode}): {r.stderr.decode('utf-8', 'replace')[-200:]}")
    if b"unknown" in r.stderr:
        raise MbrolaError(f"mbrola lacked a diphone: {r.stderr.decode('utf-8', 'replace')[-200:]}")
    wav = np.frombuffer(r.stdout, dtype="<i2").astype(np.float32) / 32768.0
    if abs(speaker.tract - 1.0) > 1e-3:  # play it faster: formants (and pitch) rise by `tract`
        wav = soxr.resample(wav, SAMPLE_RATE * speaker.tract, SAMPLE_RATE).astype(np.float32)
    if speaker.breath > 0:
        rms = float(np.sqrt(np.mean(wav**2))) or 1e-3
        noise = np.random.default_rng(rng.getrandbits(32)).standard_normal(wav.size).astype(np.float32)
        noise = np.convolve(noise, np.ones(3, np.float32) / 3, mode="same")  # a little softer than white
        wav = wav + noise * rms * speaker.breath
    symbols = tuple(p for s in segs for p in s.phones)
    return Spoken(wav.astype(np.float32), symbols, repairs)
