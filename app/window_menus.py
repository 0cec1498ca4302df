"""The main window's menu bar: built once, relabelled on every language switch."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from app.i18n import LANG_NAMES, LANGS, tr
from app.recorder import list_input_devices
from app.settings import DEVICES


def build_menus(w) -> None:
    """File, Settings, Teacher and Help menus on MainWindow ``w`` (its actions become attributes)."""
    bar = w.menuBar()
    w.menu_file = bar.addMenu("")
    w.act_open_list = w.menu_file.addAction("", lambda: w.open_sentence_list())
    w.act_open_audio = w.menu_file.addAction("", lambda: w.open_audio_file())
    w.act_save = w.menu_file.addAction("", lambda: w.save_result())
    w.menu_file.addSeparator()
    w.act_import_pack = w.menu_file.addAction("", lambda: w.import_class_pack())
    w.menu_file.addSeparator()
    w.act_quit = w.menu_file.addAction("", w.close)
    w.act_open_list.setShortcut(QKeySequence.StandardKey.Open)
    w.act_quit.setShortcut(QKeySequence.StandardKey.Quit)

    w.menu_settings = bar.addMenu("")
    w.menu_language = w.menu_settings.addMenu("")
    w.language_group = QActionGroup(w)
    w.language_actions: dict[str, QAction] = {}
    for lang in LANGS:
        act = w.menu_language.addAction(LANG_NAMES[lang])
        act.setCheckable(True)
        act.setChecked(lang == w.lang)
        act.triggered.connect(lambda _=False, lang=lang: w.set_language(lang))
        w.language_group.addAction(act)
        w.language_actions[lang] = act
    w.menu_device = w.menu_settings.addMenu("")
    w.device_group = QActionGroup(w)
    w.device_actions: dict[str, QAction] = {}
    for dev in DEVICES:
        act = w.menu_device.addAction(dev.upper())
        act.setCheckable(True)
        act.setChecked(dev == w.settings.device)
        act.triggered.connect(lambda _=False, dev=dev: w.set_device(dev))
        w.device_group.addAction(act)
        w.device_actions[dev] = act
    w.menu_mic = w.menu_settings.addMenu("")
    w.menu_mic.aboutToShow.connect(lambda: fill_mic_menu(w))
    w.menu_settings.addSeparator()
    w.act_models = w.menu_settings.addAction("", lambda: w.show_model_settings())
    w.act_checkpoint = w.menu_settings.addAction("", lambda: w.choose_checkpoint())
    w.act_checkpoint_default = w.menu_settings.addAction("", lambda: w.choose_checkpoint(""))

    w.menu_teacher = bar.addMenu("")
    w.act_teacher = w.menu_teacher.addAction("", lambda: w.show_teacher())
    w.act_export_pack = w.menu_teacher.addAction("", lambda: w.export_class_pack())

    w.menu_help = bar.addMenu("")
    w.act_about_model = w.menu_help.addAction("", w.show_about_model)


def retranslate_menus(w) -> None:
    lang = w.lang
    w.menu_file.setTitle(tr("menu_file", lang))
    w.act_open_list.setText(tr("open_list", lang))
    w.act_open_audio.setText(tr("open_audio", lang))
    w.act_save.setText(tr("save_result", lang))
    w.act_import_pack.setText(tr("import_pack", lang))
    w.act_export_pack.setText(tr("export_pack", lang))
    w.act_quit.setText(tr("quit", lang))
    w.menu_settings.setTitle(tr("menu_settings", lang))
    w.menu_language.setTitle(tr("language", lang))
    w.menu_device.setTitle(tr("device", lang))
    w.device_actions["auto"].setText(tr("device_auto", lang))
    w.menu_mic.setTitle(tr("microphone", lang))
    w.act_models.setText(tr("models_menu", lang))
    w.act_checkpoint.setText(tr("checkpoint", lang))
    w.act_checkpoint_default.setText(tr("checkpoint_default", lang))
    w.menu_teacher.setTitle(tr("menu_teacher", lang))
    w.act_teacher.setText(tr("teacher_menu", lang))
    w.menu_help.setTitle(tr("menu_help", lang))
    w.act_about_model.setText(tr("about_model", lang))


def fill_mic_menu(w) -> None:
    w.menu_mic.clear()
    group = QActionGroup(w.menu_mic)
    names = [""] + list_input_devices()
    for name in names:
        act = w.menu_mic.addAction(name or tr("mic_default", w.lang))
        act.setCheckable(True)
        act.setChecked(name == w.settings.microphone)
        act.triggered.connect(lambda _=False, name=name: w._set_microphone(name))
        group.addAction(act)
    if len(names) == 1:
        act = w.menu_mic.addAction(tr("no_mic", w.lang))
        act.setEnabled(False)
