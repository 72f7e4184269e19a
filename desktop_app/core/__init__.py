"""Qt-free core: importers, model layer, storage and reports.

Nothing under this package may import PySide6, pyqtgraph or desktop_app.ui (see
tests/core/test_core_is_qt_free.py).
"""
