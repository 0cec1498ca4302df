"""Help → About the model: what the active checkpoint was trained on and how accurate it measured,
so a learner knows how far to trust the scores."""

from __future__ import annotations

from app.i18n import tr


def describe_model(recognizer, lang: str = "ko", model_error: str = "") -> str:
    """Plain words first (what it learned from, how it does on voices it never heard, its licence),
    then the technical details from ``recognizer.bundle.metadata``."""
    if recognizer is None:
        return tr("no_model", lang) + ("\n\n" + model_error if model_error else "")
    ko = lang == "ko"
    bundle = recognizer.bundle
    meta = dict(bundle.metadata or {})
    lines: list[str] = []
    about = meta.pop("about", None)  # {"en": …, "ko": …}, written when the model was bundled
    if isinstance(about, dict) and about.get(lang):
        lines += [str(about[lang]), ""]
    adapted = meta.pop("adapted", None)
    if isinstance(adapted, dict):
        lines += [*_adapted_lines(adapted, lang), ""]
    trained = _trained_on(meta.get("engines"), ko)
    if trained:
        lines.append(trained)
    real = meta.pop("real_voices", None)
    if isinstance(real, dict):
        lines.append(_real_voices(real, ko))
    licence = meta.pop("licence", None)
    if licence:
        lines.append(f"{'이용 조건' if ko else 'Licence'}: {licence}")
    lines += [
        "",
        "자세한 정보" if ko else "Details",
        f"{'파일' if ko else 'File'}: {bundle.path or '(in memory)'}",
    ]
    labels = {
        "data": ("학습 데이터", "Trained on"),
        "steps": ("학습 단계", "Training steps"),
        "date": ("날짜", "Date"),
        "metrics": ("측정된 정확도", "Measured accuracy"),
    }
    for key in ("data", "steps", "date", "metrics"):
        if key in meta:
            value = meta.pop(key)
            shown = format_metrics(value) if key == "metrics" else _format_meta(value)
            lines.append(f"{labels[key][0 if ko else 1]}: {shown}")
    lines.append(
        f"{'장치' if ko else 'Device'}: {recognizer.device} · "
        f"{len(bundle.vocabulary.phones)} phones · DS2 {bundle.ds2.rnn_layers}×{bundle.ds2.rnn_hidden}"
    )
    lines.append("")
    lines.append(tr("trust_note", lang))
    return "\n".join(lines)


def _trained_on(engines, ko: bool) -> str:
    """{"recorded": 1000, "spliced": 2000, "espeak": 600, "mbrola": 900} → one plain sentence.

    Spliced utterances (``training.splice``) are pieces of the real recordings in a new order:
    counted apart, so that the number of real recordings is not inflated by them."""
    if not isinstance(engines, dict) or not engines:
        return ""
    real, spliced = int(engines.get("recorded", 0)), int(engines.get("spliced", 0))
    synthetic = sum(int(v) for k, v in engines.items() if k not in ("recorded", "spliced"))
    counts = ((real, "실제 사람의 녹음 {:,}개", "{:,} recordings of real people"),
              (spliced, "그 녹음을 잘라 이어 붙인 문장 {:,}개", "{:,} sentences spliced from those recordings"),
              (synthetic, "합성 음성(espeak-ng, MBROLA) {:,}개", "{:,} synthetic utterances (espeak-ng, MBROLA)"))  # fmt: skip
    parts = [(ko_text if ko else en_text).format(n) for n, ko_text, en_text in counts if n]
    if not parts:
        return ""
    if ko:
        return "학습한 말소리: " + ", ".join(parts) + "."
    return "Learned from " + (", ".join(parts[:-1]) + " and " if len(parts) > 1 else "") + parts[-1] + "."


def _real_voices(real: dict, ko: bool) -> str:
    """How it hears native speakers it never trained on, in words a learner can weigh."""
    per = float(real.get("per", 0.0))
    speakers, recordings = real.get("speakers", "?"), real.get("recordings", "?")
    right = max(0.0, 1.0 - per)
    if ko:
        return (f"한 번도 듣지 못한 원어민 {speakers}명의 녹음 {recordings}개에서 소리의 약 {right:.0%}를 "
                f"맞게 알아들었어요 (음소 오류율 {per:.1%}). 틀린 소리로 표시된 것도 가끔은 모델의 잘못일 수 있어요.")  # fmt: skip
    return (f"On {recordings} recordings of {speakers} native speakers it never heard, it hears about {right:.0%} "
            f"of the sounds right (phone error rate {per:.1%}). A sound marked wrong may now and then be the "
            "model's mistake rather than yours.")  # fmt: skip


def _adapted_lines(a: dict, lang: str) -> list[str]:
    """What an adapted model (Teacher's voice, training.adapt) was adapted from, on what, and its figures."""
    ko = lang == "ko"
    start = str(a.get("from", "?"))
    if a.get("from_date"):
        start += f" ({a['from_date']})"
    lines = []
    if a.get("name"):
        lines.append(f"{'이름' if ko else 'Name'}: {a['name']}")
    lines.append(f"{tr('adapted_from', lang)}: {start}")
    minutes = a.get("minutes")
    minutes = f"{minutes:.1f}" if isinstance(minutes, (int, float)) else "?"
    on = (
        f"녹음 {a.get('recordings', '?')}개, {minutes}분"
        if ko
        else f"{a.get('recordings', '?')} recordings, {minutes} min"
    )
    if a.get("date"):
        on += f" · {a['date']}"
    lines.append(f"{tr('adapted_on', lang)}: {on}")
    before, after = a.get("per_before"), a.get("per_after")
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        held = a.get("held_out", "?")
        count = f"{held}개" if ko else f"{held}"
        lines.append(f"{tr('adapted_figures', lang)} ({count}): {100 * before:.1f}% → {100 * after:.1f}%")
    return lines


def _format_meta(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_format_meta(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_format_meta(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


RATES = ("per", "cer", "wer", "accuracy", "acc", "f1", "precision", "recall")


def format_metrics(value) -> str:
    """{"per": 0.183, "loss": 0.71} -> "PER 18.3%, loss 0.71" (rates in [0, 1] as percentages)."""
    if not isinstance(value, dict):
        return _format_meta(value)
    parts = []
    for k, v in value.items():
        name = str(k)
        if (
            isinstance(v, (int, float))
            and not isinstance(v, bool)
            and 0 <= v <= 1
            and name.lower().split("_")[-1] in RATES
        ):
            parts.append(f"{name.upper()} {100 * v:.1f}%")
        else:
            parts.append(f"{name} {_format_meta(v)}")
    return ", ".join(parts)
