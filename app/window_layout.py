"""The main window's layout: the sentence panel on the left; on the right the target, the record
controls, the banners and the results, in a scroll area; the busy indicator in the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.widgets.messages import Banner
from app.widgets.record_panel import RecordPanel
from app.widgets.results_view import ResultsView
from app.widgets.sentence_panel import SentencePanel
from app.widgets.sentence_view import TargetView
from model.sentences import Sentence


def build_layout(w) -> None:
    """Make MainWindow ``w``'s widgets (as attributes) and connect them to its methods."""
    # ---- left: sentences (the panel's parts stay reachable by their old names)
    w.panel = SentencePanel()
    w.panel.chosen.connect(w.select_sentence)
    w.panel.typed.connect(lambda text: w.select_sentence(Sentence(text)))
    w.panel.progressRequested.connect(w.show_progress)
    w.panel.practiceRequested.connect(w.practise_weak_sounds)
    w.tree, w.free_text, w.free_error = (
        w.panel.tree,
        w.panel.free_text,
        w.panel.free_error,
    )
    w.history_list = w.panel.history_list

    # ---- right, top: target, controls, banners
    w.target = TargetView()
    w.record_panel = RecordPanel()
    w.record_panel.record_button.clicked.connect(w.toggle_recording)
    w.record_button = w.record_panel.record_button
    w.level, w.clip_label = w.record_panel.level, w.record_panel.clip_label
    w.play_mine = QPushButton()
    w.play_mine.clicked.connect(w.play_recording)
    w.play_reference = QPushButton()
    w.play_reference.clicked.connect(w.play_reference_voice)
    controls = QHBoxLayout()
    controls.addWidget(w.record_panel, 1)
    controls.addWidget(w.play_mine)
    controls.addWidget(w.play_reference)
    w.model_banner = Banner()
    w.banner = Banner()

    # ---- right, results
    w.results = ResultsView()
    w.results.phoneClicked.connect(w._play_phone)
    w.results.insertionClicked.connect(w._play_insertion)
    w.results.syllableClicked.connect(w.play_syllable)
    w.results.setVisible(False)
    # the parts tests and the headless renderer look at
    w.strip = w.results.strip
    w.syllable_view = w.results.syllable_view
    w.feedback = w.results.feedback
    w.articulation = w.results.articulation
    w.waveform_view = w.results.waveform_view
    w.score_labels = w.results.score_labels

    right_inner = QWidget()
    right = QVBoxLayout(right_inner)
    right.setContentsMargins(8, 6, 8, 6)
    right.addWidget(w.target)
    right.addLayout(controls)
    right.addWidget(w.model_banner)
    right.addWidget(w.banner)
    right.addWidget(w.results, 1)
    right.addStretch(0)
    scroll = QScrollArea()
    scroll.setWidget(right_inner)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)

    splitter = QSplitter()
    splitter.addWidget(w.panel)
    splitter.addWidget(scroll)
    splitter.setStretchFactor(0, 0)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([330, 990])
    w.setCentralWidget(splitter)

    w.busy = QProgressBar()
    w.busy.setRange(0, 0)
    w.busy.setMaximumWidth(140)
    w.busy.setVisible(False)
    w.busy_label = QLabel()
    w.statusBar().addPermanentWidget(w.busy_label)
    w.statusBar().addPermanentWidget(w.busy)

    w.space = QShortcut(QKeySequence(Qt.Key.Key_Space), w)
    w.space.activated.connect(w.toggle_recording)


def fit_to_screen(window, width: int, height: int) -> None:
    """Open at ``width``×``height``, or smaller where the screen is: a 1366×768 laptop, or 1280×720,
    gets a window that fits its available area (the content scrolls where it must)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width() - 20), min(height, area.height() - 40)
    window.resize(max(width, 640), max(height, 480))
