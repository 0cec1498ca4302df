"""Settings → Model: choose the bundled model or an adapted one, revert, export and import.

The list shows each model by name, date and its measured figures (held-out PER before → after),
with the one in use marked. ``chosen(path)`` asks the main window to switch ("" = bundled).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.model_store import ModelEntry, export_model, import_model, list_models
from app.settings import models_dir
from app.style import hangul_font
from app.widgets.messages import Banner
from app.widgets.messages import html_escape as _html
from model.acoustic.checkpoint import CheckpointError

ROLE = Qt.ItemDataRole.UserRole


def bundled_checkpoint() -> Path:
    from model.acoustic.recognizer import DEFAULT_CHECKPOINT

    return Path(DEFAULT_CHECKPOINT)


class ModelDialog(QDialog):
    chosen = Signal(str)

    def __init__(self, current: str, lang: str = "ko", parent: QWidget | None = None, *,
                 folder: Path | None = None, bundled: Path | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.current = current
        self.lang = lang
        self.folder = folder or models_dir()
        self.bundled = bundled or bundled_checkpoint()
        self.entries: list[ModelEntry] = []
        self.setWindowTitle(tr("models_title", lang))
        self.intro = QLabel(tr("models_intro", lang))
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([tr("model_name", lang), tr("model_date", lang), tr("model_figures", lang)])
        self.tree.setRootIsDecorated(False)
        self.tree.setFont(hangul_font(10))
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.tree.itemDoubleClicked.connect(lambda *_: self.use_selected())
        self.banner = Banner()
        self.use_button = QPushButton(tr("model_use", lang))
        self.use_button.clicked.connect(self.use_selected)
        self.revert_button = QPushButton(tr("model_revert", lang))
        self.revert_button.clicked.connect(self.revert)
        self.import_button = QPushButton(tr("model_import", lang))
        self.import_button.clicked.connect(lambda: self.import_file())
        self.export_button = QPushButton(tr("model_export", lang))
        self.export_button.clicked.connect(lambda: self.export_selected())
        self.close_button = QPushButton(tr("close", lang))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for b in (self.use_button, self.revert_button, self.import_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        self.resize(880, 380)
        self.refresh()

    # ------------------------------------------------------------------ list
    def refresh(self) -> None:
        self.entries = list_models(self.folder, self.bundled)
        self.tree.clear()
        for entry in self.entries:
            in_use = (entry.path is None and not self.current) or (
                entry.path is not None and str(entry.path) == self.current
            )
            name = tr("model_bundled", self.lang) if entry.path is None else entry.name
            item = QTreeWidgetItem([("● " if in_use else "   ") + name, entry.date, entry.figures(self.lang)])
            item.setData(0, ROLE, entry)
            item.setToolTip(0, str(entry.path or self.bundled))
            if entry.error:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(item)
            if in_use:
                for col in range(3):
                    font = item.font(col)
                    font.setBold(True)
                    item.setFont(col, font)
                self.tree.setCurrentItem(item)
        for col in range(3):
            self.tree.resizeColumnToContents(col)
        self._update_buttons()

    def selected(self) -> ModelEntry | None:
        item = self.tree.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.use_button.setEnabled(entry is not None and not entry.error)
        self.export_button.setEnabled(entry is not None and entry.path is not None and not entry.error)
        self.revert_button.setEnabled(bool(self.current))

    # ------------------------------------------------------------------ actions
    def select_path(self, path: Path | None) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ROLE).path == path:
                self.tree.setCurrentItem(item)
                return True
        return False

    def use_selected(self) -> None:
        entry = self.selected()
        if entry is None or entry.error:
            return
        self.current = str(entry.path) if entry.path else ""
        self.chosen.emit(self.current)
        self.refresh()
        self.banner.show_message(tr("model_switched", self.lang, name=_html(self._name(entry))), "info")

    def revert(self) -> None:
        self.current = ""
        self.chosen.emit("")
        self.refresh()
        self.banner.show_message(tr("model_reverted", self.lang), "info")

    def import_file(self, path: str | None = None) -> Path | None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("model_import", self.lang), "", "Model (*.pt)")
            if not path:
                return None
        try:
            dest = import_model(path, self.folder)
        except (CheckpointError, OSError) as e:
            self.banner.show_message(f"<b>{tr('model_import_failed', self.lang)}</b><br>{_html(e)}", "error")
            return None
        self.refresh()
        self.select_path(dest)
        self.banner.show_message(tr("model_imported", self.lang, name=_html(dest.name)), "info")
        return dest

    def export_selected(self, path: str | None = None) -> Path | None:
        entry = self.selected()
        if entry is None or entry.path is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("model_export", self.lang), entry.path.name, "Model (*.pt)"
            )
            if not path:
                return None
        try:
            dest = export_model(entry.path, path)
        except OSError as e:
            self.banner.show_message(f"<b>{tr('model_export_failed', self.lang)}</b><br>{_html(e)}", "error")
            return None
        self.banner.show_message(tr("model_exported", self.lang, path=_html(dest)), "info")
        return dest

    def _name(self, entry: ModelEntry) -> str:
        return tr("model_bundled", self.lang) if entry.path is None else entry.name
