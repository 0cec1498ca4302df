"""espeak-ng as a source of labelled Korean speech: random voices, synthesis, and what it really said.

Why labels come from espeak-ng's own phoneme output (``-x``) and not from the text we gave
it: espeak-ng adds rules of its own (it tensifies after obstruent codas: 학교 → [학꾜]) and
misses others, so the only honest label is what it reports it spoke, mapped onto our
inventory. The text we feed it is always a *pronounced* form from our G2P.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from model import phones
from model.audio import to_mono_16k
from model.errors import SpeechFeedbackError

ESPEAK = shutil.which("espeak-ng") or "espeak-ng"
T = phones.TENSE_MARK


class EspeakError(SpeechFeedbackError, RuntimeError):
    """espeak-ng is missing or failed."""


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def system_data_dir() -> Path:
    """The folder espeak-ng reads its data from (its ``--version`` line names it)."""
    out = subprocess.run([ESPEAK, "--version"], capture_output=True, text=True, check=True).stdout
    return Path(out.split("Data at:")[-1].strip())


# --- voices --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Voice:
    """A voice variant: the text of an espeak-ng variant file plus speaking-rate bounds."""

    name: str
    text: str  # contents of voices/!v/<name>; "" for a stock variant


def random_voice(name: str, rng: random.Random) -> Voice:
    """A plausible human vocal tract: pitch by sex, formants scaled for tract length, voice quality."""
    female = rng.random() < 0.5
    base = rng.uniform(165, 240) if female else rng.uniform(85, 140)
    span = base * rng.uniform(1.2, 1.8)
    tract = rng.uniform(1.05, 1.2) if female else rng.uniform(0.88, 1.04)  # shorter tract, higher formants
    lines = [f"name {name}", "language ko", f"gender {'female' if female else 'male'}",
             f"pitch {base:.0f} {span:.0f}"]  # fmt: skip
    for n in range(0, 9):
        freq = tract * rng.uniform(0.95, 1.05) * 100
        height = rng.uniform(70, 130)
        width = rng.uniform(70, 180)
        lines.append(f"formant {n} {freq:.0f} {height:.0f} {width:.0f}")
    if rng.random() < 0.6:
        b = rng.randint(0, 4)
        lines.append("breath " + " ".join(str(max(0, b + rng.randint(-1, 2))) for _ in range(8)))
    lines.append(f"flutter {rng.randint(0, 30)}")
    lines.append(f"roughness {rng.randint(0, 4)}")
    lines.append(f"tone {rng.randint(100, 400)} {rng.randint(200, 255)} {rng.randint(500, 1500)} 255")
    if rng.random() < 0.5:
        lines.append(f"klatt {rng.choice([1, 2, 3, 4, 6])}")
    return Voice(name, "\n".join(lines) + "\n")


def stock_variants() -> list[str]:
    """Names of the variants espeak-ng ships (``-v ko+NAME``)."""
    out = subprocess.run([ESPEAK, "--voices=variant"], capture_output=True, text=True, check=True).stdout
    names = []
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5:
            names.append(parts[4].split("/")[-1])
    return sorted(set(names))


def make_data_dir(root: Path, voices: list[Voice]) -> Path:
    """A copy of espeak-ng's data folder (symlinks) with our variant files added; pass to ``--path``."""
    data = root / "espeak-ng-data"
    variants = data / "voices" / "!v"
    variants.mkdir(parents=True, exist_ok=True)
    system = system_data_dir()
    for item in system.iterdir():
        if item.name != "voices" and not (data / item.name).exists():
            (data / item.name).symlink_to(item)
    for item in (system / "voices").iterdir():
        if item.name != "!v" and not (data / "voices" / item.name).exists():
            (data / "voices" / item.name).symlink_to(item)
    for item in (system / "voices" / "!v").iterdir():
        if not (variants / item.name).exists():
            (variants / item.name).symlink_to(item)
    for v in voices:
        if v.text:
            (variants / v.name).write_text(v.text, encoding="utf-8")
    return root


# --- synthesis -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spoken:
    waveform: np.ndarray  # float32, 16 kHz mono
    phones: tuple[str, ...]  # what espeak-ng says it spoke, in our inventory
    raw: str  # espeak-ng's own phoneme string


def synthesize(text: str, voice: str = "", *, speed: int = 175, pitch: int | None = None,
               data_path: Path | None = None) -> Spoken:  # fmt: skip
    """Speak Hangul ``text`` with espeak-ng and return 16 kHz audio and the phones it spoke."""
    cmd = [ESPEAK, "-v", f"ko+{voice}" if voice else "ko", "-s", str(speed), "-x", "--sep=_", "--stdout"]
    if pitch is not None:
        cmd += ["-p", str(pitch)]
    if data_path is not None:
        cmd += ["--path", str(data_path)]
    # -x and --stdout share stdout, so phonemes go to a file descriptor of their own.
    r, w = os.pipe()
    cmd += ["--phonout", f"/dev/fd/{w}"]
    try:
        proc = subprocess.run(cmd + [text], capture_output=True, pass_fds=(w,), timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EspeakError(f"espeak-ng failed on {text!r}: {exc}") from exc
    finally:
        os.close(w)
    with os.fdopen(r, encoding="utf-8", errors="replace") as f:
        raw = f.read().strip()
    if proc.returncode != 0 or not proc.stdout:
        raise EspeakError(f"espeak-ng failed on {text!r}: {proc.stderr.decode(errors='replace').strip()}")
    data, rate = sf.read(io.BytesIO(proc.stdout), dtype="float32")
    return Spoken(to_mono_16k(data, rate), tuple(parse_phonemes(raw)), raw)


# espeak-ng's Korean mnemonics → our phones. Stops not followed by a vowel are codas and are
# neutralised to the lenis phone (see ``parse_phonemes``).
_MNEMONICS = {
    "g": "k", "q": "k", "k": "k", "q-": f"k{T}", "k-": f"k{T}", "kh": "kʰ",
    "d": "t", "d-": "t", "t": "t", "t-": f"t{T}", "th": "tʰ",
    "b": "p", "p": "p", "p-": f"p{T}", "ph": "pʰ",
    "tS;": "tɕ", "dZ;": "tɕ", "tS": "tɕ", "dZ": "tɕ", "tS;-": f"t{T}ɕ", "tSh": "tɕʰ",
    "s": "s", "s-": f"s{T}", "S": "s", "S;": "s", "h": "h",
    "m": "m", "n": "n", "N": "ŋ", "*": "ɾ", "l": "l", "L": "l",
    "a": "a", "@": "ʌ", "o": "o", "u": "u", "u-": "ɯ", "i": "i", "e": "e", "E": "e",
    "j": "j", "w": "w",
}  # fmt: skip
_LENIS = {f"k{T}": "k", "kʰ": "k", f"t{T}": "t", "tʰ": "t", f"p{T}": "p", "pʰ": "p",
          f"t{T}ɕ": "t", "tɕʰ": "t", "tɕ": "t", "s": "t", f"s{T}": "t", "h": "t"}  # fmt: skip
_IGNORED = set("'," + ";" + ":")


class UnknownMnemonicError(ValueError):
    pass


def parse_phonemes(raw: str) -> list[str]:
    """Map espeak-ng's ``-x --sep=_`` output onto our inventory, phone by phone."""
    tokens: list[str] = []
    for word in raw.split():
        for tok in word.split("_"):
            tok = "".join(ch for ch in tok if ch not in "',")
            tok = tok.rstrip(";:") if tok not in _MNEMONICS else tok
            while tok:
                for size in (4, 3, 2, 1):  # 'uh' and the like: two mnemonics run together
                    if tok[:size] in _MNEMONICS:
                        tokens.append(tok[:size])
                        tok = tok[size:]
                        break
                else:
                    if tok[0] in _IGNORED:
                        tok = tok[1:]
                        continue
                    raise UnknownMnemonicError(f"espeak-ng phoneme {tok!r} in {raw!r} has no mapping")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok, nxt = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in ("t", "tS") and nxt == "h":  # ㅌ and ㅊ come out as two mnemonics
            tok = "th" if tok == "t" else "tSh"
            i += 1
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        sym = _MNEMONICS[tok]
        if tok == "u-" and nxt == "j" and not _starts_vowel(tokens, i + 2):  # ㅢ: espeak says ɯ+j
            out += ["ɰ", "i"]
            i += 2
            continue
        if sym in _LENIS and not _starts_vowel(tokens, i + 1):
            sym = _LENIS[sym]  # a coda: unreleased, no phonation contrast
        out.append(sym)
        i += 1
    return out


def _starts_vowel(tokens: list[str], i: int) -> bool:
    return i < len(tokens) and phones.phone(_MNEMONICS[tokens[i]]).kind != "consonant"
