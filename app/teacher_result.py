"""The end of an adaptation, for a person: the before/after figures, or why nothing was saved."""

from __future__ import annotations

from app.adapt_runner import INTERRUPTED, NOT_IMPROVED, SAVED, AdaptOutcome
from app.i18n import duration, tr
from app.widgets.messages import html_escape as _html


def _pct(value) -> str:
    return f"{100 * float(value):.0f}%" if isinstance(value, (int, float)) else "?"


def outcome_html(outcome: AdaptOutcome, lang: str) -> tuple[str, str]:
    """Rich text for the result card, and its kind: "ok" (saved) or "warn"."""
    r = outcome.result
    reason = str(r.get("reason_ko" if lang == "ko" else "reason") or r.get("reason") or "")
    lines: list[str] = []
    if outcome.code == SAVED and outcome.saved:
        lines.append(f"<b style='font-size:15pt'>{tr('teacher_saved', lang)}</b>")
    elif outcome.cancelled or outcome.code == INTERRUPTED:
        lines.append(f"<b>{tr('teacher_cancelled', lang)}</b>")
    elif outcome.code == NOT_IMPROVED:
        lines.append(f"<b>{tr('teacher_not_saved', lang)}</b>")
    else:
        lines.append(f"<b>{tr('teacher_failed', lang)}</b>")
        reason = reason or outcome.error or tr("teacher_no_reason", lang)
    if reason:
        lines.append(_html(reason))
    if r.get("per_before") is not None:
        after = _pct(r["per_after"]) if r.get("per_after") is not None else "—"
        lines.append(
            tr(
                "teacher_figures",
                lang,
                before=_pct(r["per_before"]),
                after=after,
                held=r.get("held_out", "?"),
            )
        )
    if r.get("used"):
        lines.append(
            tr("teacher_used", lang, used=r["used"], duration=duration(float(r.get("minutes") or 0.0), lang))
        )
    dropped = r.get("dropped") or []
    if dropped:
        items = "".join(
            f"<li>{_html(d.get('file', '?'))}: {_html(d.get('reason', ''))}</li>" for d in dropped[:12]
        )
        more = f"<li>… +{len(dropped) - 12}</li>" if len(dropped) > 12 else ""
        lines.append(f"{tr('teacher_dropped', lang, n=len(dropped))}<ul>{items}{more}</ul>")
    if outcome.saved:
        lines.append(f"<span style='color:#5a6272'>{_html(r['out'])}</span>")
    return "<br>".join(lines), "ok" if outcome.saved else "warn"
