"""The QApplication as every entry point makes it (the app, the screenshot renderer, the self-test)."""

from __future__ import annotations


def make_application(argv: list[str]):
    """The running QApplication, or a new one named and fonted as the app's."""
    from PySide6.QtWidgets import QApplication

    from app.settings import APPLICATION, ORGANISATION
    from app.style import hangul_font

    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setFont(hangul_font(10))
    return app
