"""The emotiontts open DB (KAIST / Selvas AI, CC BY-NC-SA 4.0): its own folder layout → manifest rows.

Layout: ``GROUP/[SUBSET/]SPEAKER/{wav,transcript,script}/NAME.{wav,flac}``. The text is
``transcript/NAME.txt`` (numbers written out as said; ``script/`` has the prompt as written).

Splits are by speaker, as the corpus's README in ``data/real`` fixes them: the seven Personality
speakers below read sentences nobody else reads and are the **test** set, never trained on. Of the
34 training speakers, five more Personality speakers (also reading their own sentences) are set
aside for **calibration** of the verdict thresholds and for validation; ``fit`` is the other 29.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from training.manifest import ManifestError

TEST_SPEAKERS = frozenset({"pfb", "pfl", "pfo", "pfp", "pmc", "pmd", "pmj"})
CALIBRATION_SPEAKERS = frozenset({"pfa", "pfc", "pma", "pmb", "pml"})
SPLITS = ("train", "fit", "calibration", "test", "all")
LICENCE = (
    "emotiontts open DB (KAIST / Selvas AI, Korean Ministry of Trade, Industry and Energy project "
    "No. 10080667): CC BY-NC-SA 4.0, research and non-commercial use only; a model trained on it is "
    "shared under the same terms."
)
_EMOTIONS = {"0": "neutral", "1": "happy", "2": "angry", "3": "sad"}
_AUDIO_SUFFIXES = (".flac", ".wav")


def in_split(speaker: str, split: str) -> bool:
    """Whether a speaker's recordings belong to ``split`` (test speakers are only ever in test/all)."""
    if split == "all":
        return True
    if split == "test":
        return speaker in TEST_SPEAKERS
    if speaker in TEST_SPEAKERS:
        return False
    if split == "calibration":
        return speaker in CALIBRATION_SPEAKERS
    if split == "fit":
        return speaker not in CALIBRATION_SPEAKERS
    return split == "train"


def style_of(group: str, subset: str, name: str) -> str:
    """Emotional files 0xx/1xx/2xx/3xx are neutral/happy/angry/sad; elsewhere the subset says the style."""
    if group == "Emotional" and len(name) >= 3:
        return _EMOTIONS.get(name[-3], "neutral")
    return subset or group.lower()


def emotiontts_items(
    root: Path, split: str, speakers: frozenset[str] | None = None, styles: frozenset[str] | None = None
) -> Iterator[tuple[Path, str, dict]]:
    """(audio, transcript, extra columns) for each recording of ``split``, in a stable order.

    ``speakers`` and ``styles`` narrow the split (a recipe may weight a style or a part of the
    calibration speakers); they never widen it, so a test speaker stays out of every other split.
    """
    if split not in SPLITS:
        raise ManifestError(f"Unknown emotiontts split {split!r}; use one of {', '.join(SPLITS)}.")
    transcripts = sorted(root.glob("**/transcript/*.txt"))
    if not transcripts:
        raise ManifestError(
            f"{root} has no SPEAKER/transcript/*.txt files: point ROOT at the emotiontts folder "
            "(the one holding Main/, Emotional/ and Personality/)."
        )
    return _rows(root, transcripts, split, speakers, styles)


def _rows(
    root: Path,
    transcripts: list[Path],
    split: str,
    speakers: frozenset[str] | None,
    styles: frozenset[str] | None,
) -> Iterator[tuple[Path, str, dict]]:
    for txt in transcripts:
        speaker_dir = txt.parent.parent
        speaker = speaker_dir.name
        if not in_split(speaker, split) or (speakers is not None and speaker not in speakers):
            continue
        parts = speaker_dir.relative_to(root).parts
        group = parts[0] if len(parts) > 1 else ""
        subset = parts[1] if len(parts) > 2 else ""
        audio = next(
            (p for p in (speaker_dir / "wav" / (txt.stem + s) for s in _AUDIO_SUFFIXES) if p.is_file()),
            speaker_dir / "wav" / (txt.stem + _AUDIO_SUFFIXES[0]),
        )
        style = style_of(group, subset, txt.stem)
        if styles is not None and style not in styles:
            continue
        text = txt.read_text(encoding="utf-8-sig").strip()
        yield audio, text, {"speaker": speaker, "group": group, "style": style, "corpus": "emotiontts"}
