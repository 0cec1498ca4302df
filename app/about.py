"""Help → About the model: what the active checkpoint was trained on and how accurate it measured,
so a learner knows how far to trust the scores."""

from __future__ import annotations

from app.i18n import tr


def describe_model(recognizer, lang: str = "ko", model_error: str = "") -> str:
    """Plain text from ``recognizer.bundle.metadata`` (data, steps, date, metrics, anything else)."""
    if recognizer is None:
        return tr("no_model", lang) + ("\n\n" + model_error if model_error else "")
    bundle = recognizer.bundle
    meta = dict(bundle.metadata or {})
    lines = [f"{'파일' if lang == 'ko' else 'File'}: {bundle.path or '(in memory)'}"]
    labels = {
        "data": ("학습 데이터", "Trained on"),
        "steps": ("학습 단계", "Training steps"),
        "date": ("날짜", "Date"),
        "metrics": ("측정된 정확도", "Measured accuracy"),
    }
    adapted = meta.pop("adapted", None)
    if isinstance(adapted, dict):
        lines.extend(_adapted_lines(adapted, lang))
    for key in ("data", "steps", "date", "metrics"):
        if key in meta:
            value = meta.pop(key)
            shown = format_metrics(value) if key == "metrics" else _format_meta(value)
            lines.append(f"{labels[key][0 if lang == 'ko' else 1]}: {shown}")
    for key, value in meta.items():
        lines.append(f"{key}: {_format_meta(value)}")
    if len(lines) == 1:
        lines.append(tr("model_unknown", lang))
    lines.append(
        f"{'장치' if lang == 'ko' else 'Device'}: {recognizer.device} · "
        f"{len(bundle.vocabulary.phones)} phones · DS2 {bundle.ds2.rnn_layers}×{bundle.ds2.rnn_hidden}"
    )
    lines.append("")
    lines.append(tr("trust_note", lang))
    return "\n".join(lines)


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
