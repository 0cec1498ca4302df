"""Sentence lists: the built-in lessons and the files a teacher brings.

A teacher's list is a ``.txt`` (one sentence per line; blank lines and ``#`` comments are
skipped), a ``.csv`` / ``.tsv`` with a header row (column ``text``, optional
``pronunciation``, ``translation``, ``note``; Korean headers 문장/발음/번역/메모 work too), or
a ``.json`` file (a list of strings or objects with those keys, or ``{"sentences": [...]}``).
The encoding is detected: a BOM (UTF-8, UTF-16 LE/BE, UTF-32) first, then strict UTF-8,
then CP949 (which covers EUC-KR). Text that decodes but looks like mojibake is refused
rather than loaded.

Every row is checked with the G2P. Good rows become :class:`Sentence`; bad rows (empty,
unreadable for the G2P, too long, a pronunciation that does not fit the text) become
:class:`RowProblem` with a 1-based line number (for JSON: the 1-based item number) and a
reason, so one bad row never spoils a whole list. A file that cannot be used at all raises
:class:`SentenceListError` with a message saying what is wrong and what to do.

The ``pronunciation`` column is kept, as written (Hangul, NFC, outer brackets removed), in
:attr:`Sentence.pronunciation`; the loader does not merge it into ``text``. The caller
decides how to use it; :meth:`Sentence.g2p_input` returns the text with inline fixes
(``신고[신꼬]``) that :func:`model.korean.g2p` reads.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from model.assets import asset
from model.errors import SpeechFeedbackError
from model.korean import G2PError, g2p

MAX_CHARS = 200  # a row longer than this is refused: too long to record and assess
SUFFIXES = (".txt", ".csv", ".tsv", ".json")
LESSONS_FILE = "lessons.json"

# Header names (lower-cased) for each field; the first matching column wins.
COLUMN_ALIASES = {
    "text": ("text", "sentence", "korean", "문장", "텍스트", "한국어"),
    "pronunciation": ("pronunciation", "pron", "발음"),
    "translation": ("translation", "english", "meaning", "번역", "뜻", "해석"),
    "note": ("note", "notes", "comment", "memo", "메모", "설명", "비고"),
}

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]")
_INLINE_FIX = re.compile(r"\[[^\]]*\]")
# Characters that a Korean sentence list should essentially never contain; CP949 produces
# them when it "decodes" bytes that were really another encoding (mojibake).
_SUSPICIOUS = re.compile(
    "[\u0080-\u009f\u0370-\u03ff\u0400-\u04ff\u2460-\u24ff\u2500-\u257f\u3040-\u30ff"
    "\u3200-\u33ff\u4e00-\u9fff\uf900-\ufaff\ue000-\uf8ff\ufffd]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


class SentenceListError(SpeechFeedbackError):
    """A sentence-list file that cannot be used at all; the message says what to do."""


@dataclass(frozen=True)
class Sentence:
    """One practice sentence. ``pronunciation`` is an optional teacher-given Hangul
    pronounced form of the whole sentence (same syllable count as ``text``); ``line`` is
    where it came from (1-based line, or item number for JSON; 0 when not from a file)."""

    text: str
    translation: str = ""
    note: str = ""
    pronunciation: str = ""
    line: int = 0

    def g2p_input(self) -> str:
        """The string to give :func:`model.korean.g2p`: ``text`` itself, or, when a
        ``pronunciation`` is given, ``text`` with an inline fix (``신고[신꼬]``) on every
        word whose pronounced syllables differ from its written ones."""
        if not self.pronunciation or _INLINE_FIX.search(self.text):
            return self.text
        spoken = _HANGUL_SYLLABLE.findall(self.pronunciation)
        base = self.text
        if len(spoken) != _syllable_count(base):  # digits: fix the sentence as read (3개 → 세개)
            try:
                base = g2p(self.text).normalized
            except G2PError:
                return self.text
            if len(spoken) != _syllable_count(base):
                return self.text
        out, i = [], 0
        for word in base.split(" "):
            n = len(_HANGUL_SYLLABLE.findall(word))
            said = "".join(spoken[i : i + n])
            i += n
            if n and said != "".join(_HANGUL_SYLLABLE.findall(word)):
                # keep trailing punctuation outside the fix: 신고. -> 신고[신꼬].
                core = word.rstrip(".,?!;:…~\"'”’)")
                word = f"{core}[{said}]{word[len(core) :]}"
            out.append(word)
        return " ".join(out)


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped: where (1-based line, or item number for JSON), what, why."""

    line: int
    text: str
    reason: str
    reason_ko: str = ""  # the reason in Korean, where there is one


@dataclass(frozen=True)
class SentenceList:
    """What :func:`load_sentence_list` read: the good sentences and the skipped rows."""

    name: str
    sentences: tuple[Sentence, ...]
    problems: tuple[RowProblem, ...] = ()
    path: str = field(default="", compare=False)

    def __len__(self) -> int:
        return len(self.sentences)


@dataclass(frozen=True)
class Lesson:
    """A built-in lesson: a key (``"nasalisation"``), titles and its sentences."""

    key: str
    title_ko: str
    title_en: str
    sentences: tuple[Sentence, ...]


# --------------------------------------------------------------------------- reading


def _syllable_count(text: str) -> int:
    """Hangul syllables in ``text``, not counting inline fixes in brackets."""
    return len(_HANGUL_SYLLABLE.findall(_INLINE_FIX.sub("", text)))


def _looks_like_mojibake(text: str) -> bool:
    """True when text "decoded" as CP949 is really another encoding read wrongly: it holds
    symbols, kana or Hanja rather than Hangul, or mostly the rare syllables that CP949 adds
    to the 2,350 of EUC-KR (Shift-JIS or Latin-1 bytes land there; Korean text seldom does)."""
    syllables = _HANGUL_SYLLABLE.findall(text)
    odd = len(_SUSPICIOUS.findall(text))
    if odd and odd * 4 > len(syllables):
        return True
    rare = sum(1 for ch in set(syllables) if not _in_euc_kr(ch))
    return rare >= 2 and rare * 2 > len(set(syllables))


def _in_euc_kr(ch: str) -> bool:
    """One of the 2,350 KS X 1001 syllables (Python's codec spells the others as 8 bytes)."""
    try:
        return len(ch.encode("euc-kr")) == 2
    except UnicodeEncodeError:
        return False


def _decode_cp949(data: bytes, name: str, save_hint: str) -> str:
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        raise SentenceListError(
            f"Could not work out the text encoding of {name}: it is neither UTF-8, UTF-16 "
            f"nor CP949/EUC-KR (or it is not a text file). {save_hint}"
        ) from None
    if _looks_like_mojibake(text):
        raise SentenceListError(
            f"Could not work out the text encoding of {name}: it is not UTF-8, and reading "
            f"it as Korean CP949/EUC-KR gives garbled text. {save_hint}"
        )
    return text


def decode_bytes(data: bytes, name: str = "the file") -> str:
    """Decode a sentence list: BOM, then strict UTF-8, then CP949/EUC-KR; never mojibake."""
    save_hint = 'Open it in a text editor and save it as UTF-8 ("CSV UTF-8" in Excel).'
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as e:
                raise SentenceListError(
                    f"{name} starts like a {label} file but is damaged at byte {e.start + len(bom)}. "
                    + save_hint
                ) from None
            break
    else:
        if b"\x00" in data:
            raise SentenceListError(
                f"{name} is not a text file (it contains binary data), or it is UTF-16 text "
                f"without a byte-order mark. {save_hint}"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_cp949(data, name, save_hint)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise SentenceListError(f"{name} does not look like a text file. {save_hint}")
    return text


def _clean(value: object) -> str:
    """NFC (files from macOS may be NFD), whitespace collapsed."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _check_row(line: int, text: str, pronunciation: str, translation: str, note: str):
    """A Sentence, or a RowProblem saying why the row cannot be used."""
    if not text:
        return RowProblem(line, text, "the sentence is empty", "문장이 비어 있어요")
    if len(text) > MAX_CHARS:
        return RowProblem(
            line,
            text,
            f"too long ({len(text)} characters; at most {MAX_CHARS}): split it into shorter sentences",
            f"너무 길어요 ({len(text)}자, 최대 {MAX_CHARS}자): 더 짧은 문장으로 나눠 주세요",
        )
    try:
        read = g2p(text)
    except G2PError as e:
        return RowProblem(line, text, str(e), e.message("ko"))
    if pronunciation:
        pronunciation = pronunciation.strip()
        if pronunciation.startswith("[") and pronunciation.endswith("]"):
            pronunciation = pronunciation[1:-1].strip()
        try:
            g2p(pronunciation)
        except G2PError as e:
            return RowProblem(line, text, f"the pronunciation '{pronunciation}' cannot be read: {e}",
                              f"발음 '{pronunciation}'을 읽을 수 없어요: {e.message('ko')}")  # fmt: skip
        # the sentence as read (digits read out: 3개 → 세개), not as written, sets the syllable count
        want, got = len(read.syllables), _syllable_count(pronunciation)
        if want != got:
            return RowProblem(
                line,
                text,
                f"the pronunciation '{pronunciation}' has {got} syllables but the sentence has {want}; "
                "write the pronounced form of the whole sentence, one syllable for each written one",
                f"발음 '{pronunciation}'은 {got}음절인데 문장은 {want}음절이에요. 문장 전체의 발음을 "
                "한 음절에 한 음절씩 써 주세요",
            )
    return Sentence(text, translation, note, pronunciation, line)


def _parse_txt(text: str):
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _clean(raw)
        if not line or line.startswith("#"):
            continue
        yield _check_row(number, line, "", "", "")


def _columns(header: list[str]) -> dict[str, int]:
    names = [_clean(h).lower().lstrip("\ufeff") for h in header]
    found: dict[str, int] = {}
    for key, aliases in COLUMN_ALIASES.items():
        for i, name in enumerate(names):
            if name in aliases:
                found[key] = i
                break
    return found


def _parse_table(text: str, delimiter: str, name: str):
    lines = text.splitlines(keepends=True)
    first = next((ln for ln in lines if ln.strip()), "")
    if delimiter == "," and "," not in first:  # a ".csv" saved with tabs or semicolons
        delimiter = "\t" if "\t" in first else ";" if ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns: dict[str, int] | None = None
    end = 0  # reader.line_num after the previous record: a record starts on end + 1
    try:
        for row in reader:
            start, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                if row[0].strip().startswith("#"):
                    continue  # a comment above the header
                columns = _columns(row)
                if "text" not in columns:
                    kind = "TSV" if delimiter == "\t" else "CSV"
                    raise SentenceListError(
                        f"{name} has no 'text' column. The first line of a {kind} file must be a header "
                        f"naming the columns, e.g. text{delimiter}translation{delimiter}note "
                        f"(문장{delimiter}번역{delimiter}메모 works too); found: {', '.join(row)[:120]}"
                    )
                continue

            def cell(key: str, row=row, columns=columns) -> str:
                i = columns.get(key)
                return _clean(row[i]) if i is not None and i < len(row) else ""

            sentence = cell("text")
            if sentence.startswith("#") and not any(cell(k) for k in ("translation", "note")):
                continue  # a comment row
            yield _check_row(start, sentence, cell("pronunciation"), cell("translation"), cell("note"))
    except csv.Error as e:
        raise SentenceListError(f"{name} is not a valid table near line {reader.line_num}: {e}.") from None
    if columns is None:
        raise SentenceListError(f"{name} is empty: it has no header and no sentences.")


def _parse_json(text: str, name: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SentenceListError(
            f"{name} is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}. "
            'Check for a missing comma or quote there; the file should look like ["문장", ...] '
            'or {"sentences": [{"text": "문장", "translation": "..."}]}.'
        ) from None
    title = ""
    if isinstance(data, dict):
        title = _clean(data.get("title") or data.get("name") or "")
        lowered = {str(k).lower(): v for k, v in data.items()}
        data = lowered.get("sentences", lowered.get("문장"))
    if not isinstance(data, list):
        raise SentenceListError(
            f"{name} does not contain a list of sentences. Write a list of strings, a list of "
            'objects like {"text": "문장", "translation": "..."}, or {"sentences": [...]}.'
        )
    rows = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, str):
            rows.append(_check_row(number, _clean(item), "", "", ""))
        elif isinstance(item, dict):
            fields = {_clean(k).lower(): v for k, v in item.items()}

            def get(key: str, fields=fields) -> str:
                for alias in COLUMN_ALIASES[key]:
                    if alias in fields:
                        return _clean(fields[alias])
                return ""

            rows.append(
                _check_row(number, get("text"), get("pronunciation"), get("translation"), get("note"))
            )
        else:
            rows.append(
                RowProblem(
                    number,
                    _clean(item),
                    "each item must be a sentence (string) or an object with 'text'",
                    "각 항목은 문장(문자열)이거나 'text'가 있는 객체여야 해요",
                )
            )
    return title, rows


def load_sentence_list(path: str | Path) -> SentenceList:
    """Read a teacher's sentence list; see the module docstring for the formats."""
    path = Path(path)
    name = f"'{path.name}'"
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SentenceListError(
            f"{name} is not a sentence list this program can read ({path.suffix or 'no extension'}). "
            "Use a .txt file (one sentence per line), a .csv or .tsv table with a 'text' column, "
            "or a .json file."
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SentenceListError(f"The file {path} does not exist. Check the name and folder.") from None
    except IsADirectoryError:
        raise SentenceListError(
            f"{path} is a folder, not a file. Choose the sentence list inside it."
        ) from None
    except OSError as e:
        raise SentenceListError(
            f"Could not read {path}: {e.strerror or e}. Check that the file is not open elsewhere "
            "and that you are allowed to read it."
        ) from None
    text = decode_bytes(data, name)
    if not text.strip():
        raise SentenceListError(f"{name} is empty. Add one sentence per line (or rows under a header).")

    title = ""
    if suffix == ".txt":
        rows = list(_parse_txt(text))
    elif suffix == ".json":
        title, rows = _parse_json(text, name)
    else:
        rows = list(_parse_table(text, "\t" if suffix == ".tsv" else ",", name))
    return SentenceList(
        name=title or path.stem,
        sentences=tuple(r for r in rows if isinstance(r, Sentence)),
        problems=tuple(r for r in rows if isinstance(r, RowProblem)),
        path=str(path),
    )


def report(sentence_list: SentenceList, lang: str = "en") -> str:
    """A readable, multi-line account of what was loaded and which rows were skipped (``lang``: ko/en)."""
    json_items = sentence_list.path.lower().endswith(".json")
    n, k = len(sentence_list.sentences), len(sentence_list.problems)
    if lang == "ko":
        head = f"{sentence_list.name}: 문장 {n}개를 불러왔어요"
        lines = [head + ("." if not k else f". {k}{'항목' if json_items else '줄'}은 건너뛰었어요:")]
        where = "번째 항목" if json_items else "번째 줄"
        lines += [
            f"  {p.line}{where}: '{_shown(p.text)}' — {p.reason_ko or p.reason}"
            for p in sentence_list.problems
        ]
        return "\n".join(lines)
    unit = "item" if json_items else "line"
    head = f"{sentence_list.name}: {n} sentence{'s' * (n != 1)} loaded"
    if not k:
        return head + "."
    lines = [f"{head}, {k} row{'s' * (k != 1)} skipped:"]
    lines += [f"  {unit} {p.line}: '{_shown(p.text)}' — {p.reason}" for p in sentence_list.problems]
    return "\n".join(lines)


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


# --------------------------------------------------------------------------- built-ins


def assets_dir() -> Path:
    """``assets/sentences`` (model.assets finds it, in the repository or the bundle)."""
    return asset("sentences")


@lru_cache(maxsize=1)
def builtin_lessons() -> tuple[Lesson, ...]:
    """The lessons listed in ``assets/sentences/lessons.json``, in order."""
    folder = assets_dir()
    index = folder / LESSONS_FILE
    try:
        meta = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise SentenceListError(
            f"The built-in lesson index {index} cannot be read ({e}); reinstall the app."
        ) from None
    entries = meta["lessons"] if isinstance(meta, dict) else meta
    lessons = []
    for entry in entries:
        loaded = load_sentence_list(folder / entry["file"])
        lessons.append(
            Lesson(
                key=entry.get("key") or Path(entry["file"]).stem,
                title_ko=entry["title_ko"],
                title_en=entry["title_en"],
                sentences=loaded.sentences,
            )
        )
    return tuple(lessons)
