"""Progress by sound: a table of every sound practised (counts, the recent rate when there is
enough to tell, the trend) and, for the selected sound, its error rate day by day (pyqtgraph).

The numbers come from :func:`model.progress.progress`; this module only lays them out. A day
with fewer than ``MIN_DAY`` judged phones is drawn as a hollow point: shown, but not to be read
as a rate.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.i18n import tr
from app.style import hangul_font
from model.progress import Progress, SoundProgress

MIN_DAY = 5  # judged phones on a day before its point is drawn solid
KIND_ORDER = {"contrast": 0, "phone": 1, "coda": 2, "rule": 3}
TREND_KEYS = {
    "better": "trend_better",
    "worse": "trend_worse",
    "steady": "trend_steady",
    "too little": "trend_little",
}


def weakest_text(p: Progress, lang: str) -> str:
    """The start screen's line: the three weakest sounds with their evidence, or why there are none."""
    weak = p.weakest(3)
    if not weak:
        return tr("weak_clear" if p.telling else "weak_none" if p.judged_phones else "weak_empty", lang)
    return "<br>".join(f"<b>{sp.sound.label(lang)}</b> — {sp.summary(lang)}" for sp in weak)


class ProgressDialog(QDialog):
    """Non-modal: practice goes on beside it; ``show_progress`` refreshes it after each attempt."""

    def __init__(self, lang: str, parent=None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.progress = Progress((), 0)
        self.resize(900, 640)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setFont(hangul_font(11))
        self.table = QTableWidget(0, 5)
        self.table.setFont(hangul_font(10))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._plot_selected)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumHeight(220)
        self.plot.setYRange(0, 100)
        self.plot.showGrid(x=False, y=True, alpha=0.3)
        self.plot.setAxisItems({"bottom": pg.DateAxisItem()})
        self.plot_title = QLabel()
        self.plot_title.setFont(hangul_font(10, bold=True))
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        v = QVBoxLayout(self)
        v.addWidget(self.summary)
        v.addWidget(self.table, 3)
        v.addWidget(self.plot_title)
        v.addWidget(self.plot, 2)
        v.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.setWindowTitle(tr("progress_title", lang))
        self.close_button.setText(tr("close", lang))
        self.table.setHorizontalHeaderLabels([tr(k, lang) for k in
                                              ("col_sound", "col_judged", "col_wrong", "col_trend", "col_recent")])  # fmt: skip
        self.show_progress(self.progress)

    def show_progress(self, p: Progress) -> None:
        self.progress = p
        lang = self.lang
        self.summary.setText(f"{tr('progress_intro', lang)}<br><br>{weakest_text(p, lang)}")
        selected = self.selected()
        rows = sorted(p.sounds, key=lambda s: (KIND_ORDER[s.sound.kind], -(s.recent_rate or -1), -s.judged))
        self.table.setRowCount(len(rows))
        for r, sp in enumerate(rows):
            cells = (sp.sound.label(lang), str(sp.judged), str(sp.wrong), tr(TREND_KEYS[sp.trend], lang),
                     sp.summary(lang))  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, sp.sound.key)
                if not sp.enough:
                    item.setForeground(QColor("#7f8c8d"))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        keys = [sp.sound.key for sp in rows]
        if rows:
            self.table.selectRow(keys.index(selected) if selected in keys else 0)
        self._plot_selected()  # also when the selection stayed: the numbers or the language changed

    def selected(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _plot_selected(self) -> None:
        key = self.selected()
        self._plot(self.progress.get(key) if key else None)

    def _plot(self, sp: SoundProgress | None) -> None:
        self.plot.clear()
        if sp is None:
            self.plot_title.setText(tr("progress_nothing", self.lang))
            return
        self.plot_title.setText(f"{sp.sound.label(self.lang)} — {tr('progress_per_day', self.lang)}")
        x = np.array([d.day + 43200 for d in sp.days])  # noon: the point sits inside its day
        y = np.array([100 * d.rate for d in sp.days])
        solid = np.array([d.judged >= MIN_DAY for d in sp.days])
        self.plot.plot(x, y, pen=pg.mkPen("#95a5a6", width=1))
        self.plot.plot(x[solid], y[solid], pen=None, symbol="o", symbolBrush="#c0392b", symbolSize=8)
        self.plot.plot(
            x[~solid], y[~solid], pen=None, symbol="o", symbolBrush=None, symbolPen="#c0392b", symbolSize=7
        )
        left = x.min() - 86400 if len(x) else time.time() - 86400
        right = x.max() + 86400 if len(x) else time.time()
        self.plot.setXRange(left, right, padding=0.02)
        self.plot.setYRange(0, 100)
        self.plot.setLabel("left", tr("progress_axis", self.lang))
