"""The left side of the practice screen: the learner's weakest sounds (with buttons to see the
progress by sound and to practise them), the built-in lessons and opened lists as a tree, a box
to type one's own sentence, and the past attempts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.style import hangul_font
from model.history import Attempt
from model.sentences import Lesson, Sentence, SentenceList

ROLE = Qt.ItemDataRole.UserRole


class SentencePanel(QWidget):
    """Emits ``chosen(Sentence)`` for a tree click and ``typed(str)`` for the free-text box."""

    chosen = Signal(object)
    typed = Signal(str)
    progressRequested = Signal()  # noqa: N815 - Qt naming
    practiceRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ko"
        self.lesson_items: list[tuple[QTreeWidgetItem, Lesson]] = []
        self.practice_item: QTreeWidgetItem | None = None
        self.weak_caption = QLabel()
        self.weak_caption.setFont(hangul_font(11, bold=True))
        self.weak_label = QLabel()
        self.weak_label.setWordWrap(True)
        self.weak_label.setFont(hangul_font(9))
        self.progress_button = QPushButton()
        self.progress_button.clicked.connect(self.progressRequested)
        self.practice_button = QPushButton()
        self.practice_button.clicked.connect(self.practiceRequested)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setFont(hangul_font(11))
        self.tree.setWordWrap(True)
        self.tree.currentItemChanged.connect(self._on_tree_item)
        self.free_caption = QLabel()
        self.free_text = QLineEdit()
        self.free_text.setFont(hangul_font(12))
        self.free_text.returnPressed.connect(self._on_typed)
        self.free_button = QPushButton()
        self.free_button.clicked.connect(self._on_typed)
        self.free_error = QLabel()
        self.free_error.setWordWrap(True)
        self.free_error.setStyleSheet("color: #b03a2e;")
        self.free_error.setVisible(False)
        self.history_caption = QLabel()
        self.history_list = QListWidget()
        self.history_list.setMaximumHeight(150)
        self.history_list.setFont(hangul_font(9))
        self.sentences_caption = QLabel()
        self.sentences_caption.setFont(hangul_font(11, bold=True))
        lv = QVBoxLayout(self)
        lv.setContentsMargins(6, 6, 6, 6)
        lv.addWidget(self.weak_caption)
        lv.addWidget(self.weak_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.practice_button)
        buttons.addWidget(self.progress_button)
        lv.addLayout(buttons)
        lv.addWidget(self.sentences_caption)
        lv.addWidget(self.tree, 1)
        lv.addWidget(self.free_caption)
        row = QHBoxLayout()
        row.addWidget(self.free_text, 1)
        row.addWidget(self.free_button)
        lv.addLayout(row)
        lv.addWidget(self.free_error)
        lv.addWidget(self.history_caption)
        lv.addWidget(self.history_list)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.weak_caption.setText(tr("weak_title", lang))
        self.progress_button.setText(tr("btn_progress", lang))
        self.practice_button.setText(tr("btn_practice", lang))
        self.sentences_caption.setText(tr("sentences", lang))
        self.free_caption.setText(tr("my_sentence", lang))
        self.free_text.setPlaceholderText(tr("type_here", lang))
        self.free_button.setText(tr("use_sentence", lang))
        self.history_caption.setText(tr("history", lang))
        for item, lesson in self.lesson_items:
            self._title(item, lesson)

    def _title(self, item: QTreeWidgetItem, lesson: Lesson) -> None:
        item.setText(0, lesson.title_ko if self.lang == "ko" else f"{lesson.title_en} · {lesson.title_ko}")

    def show_weak(self, html: str) -> None:
        """The start screen's three weakest sounds (or why there are none yet)."""
        self.weak_label.setText(html)

    def add_practice(self, lesson: Lesson) -> None:
        """A practice session as the first branch (replacing the previous one); its first sentence
        becomes current."""
        if self.practice_item is not None:
            self.lesson_items = [(i, les) for i, les in self.lesson_items if i is not self.practice_item]
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(self.practice_item))
        item = QTreeWidgetItem()
        self.tree.insertTopLevelItem(0, item)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        item.setFont(0, hangul_font(11, bold=True))
        self.practice_item = item
        self.lesson_items.append((item, lesson))
        self._title(item, lesson)
        for s in lesson.sentences:
            self._sentence_item(item, s)
        item.setExpanded(True)
        if lesson.sentences:
            self.tree.setCurrentItem(item.child(0))
            self.tree.scrollToItem(item)

    def all_sentences(self) -> list[Sentence]:
        """Every sentence in the tree (lessons and opened lists, not the practice session)."""
        out = []
        for t in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(t)
            if top is self.practice_item:
                continue
            out += [top.child(c).data(0, ROLE) for c in range(top.childCount())]
        return [s for s in out if isinstance(s, Sentence)]

    def add_lessons(self, lessons: tuple[Lesson, ...]) -> None:
        for lesson in lessons:
            item = QTreeWidgetItem(self.tree)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            item.setFont(0, hangul_font(11, bold=True))
            self.lesson_items.append((item, lesson))
            for s in lesson.sentences:
                self._sentence_item(item, s)
        if lessons:
            self.tree.topLevelItem(0).setExpanded(True)

    def add_list(self, loaded: SentenceList) -> None:
        """An opened sentence list as a new branch (replacing the branch of the same file, opened
        again); its first sentence becomes current."""
        for t in reversed(range(self.tree.topLevelItemCount())):
            if loaded.path and self.tree.topLevelItem(t).toolTip(0) == loaded.path:
                self.tree.takeTopLevelItem(t)
        item = QTreeWidgetItem(self.tree)
        item.setText(0, f"{loaded.name} ({len(loaded)})")
        item.setFont(0, hangul_font(11, bold=True))
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        item.setToolTip(0, loaded.path)
        for s in loaded.sentences:
            self._sentence_item(item, s)
        item.setExpanded(True)
        if loaded.sentences:
            self.tree.setCurrentItem(item.child(0))

    def show_error(self, text: str) -> None:
        self.free_error.setText(text)
        self.free_error.setVisible(bool(text))

    def show_history(self, attempts: list[Attempt]) -> None:
        self.history_list.clear()
        for att in attempts:
            judged = att.score is not None
            score = f"{round(att.score):>3}" if judged else "  –"  # an unjudged attempt has no score …
            item = QListWidgetItem(f"{att.when}  {score}  {att.sentence}")
            item.setForeground(Qt.GlobalColor.black if judged else Qt.GlobalColor.darkGray)
            if not judged:  # … only why
                item.setToolTip(f"{tr('unreliable', self.lang)}: {att.reason_text(self.lang)}")
            self.history_list.addItem(item)

    def _sentence_item(self, parent: QTreeWidgetItem, s: Sentence) -> QTreeWidgetItem:
        child = QTreeWidgetItem(parent)
        child.setText(0, s.text + (f"\n   {s.translation}" if s.translation else ""))
        child.setToolTip(0, "\n".join(x for x in (s.text, s.translation, s.note) if x))
        child.setData(0, ROLE, s)
        return child

    def _on_tree_item(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        s = item.data(0, ROLE) if item is not None else None
        if isinstance(s, Sentence):
            self.chosen.emit(s)

    def _on_typed(self) -> None:
        text = self.free_text.text().strip()
        if text:
            self.tree.setCurrentItem(None)
            self.typed.emit(text)
