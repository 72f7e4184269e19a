"""Controllers: act on the AppState for the window's commands (import, compute, export, settings).

Each is a QObject over the state and the shared TaskRunner, usable without a window (tests need a
QCoreApplication and an AppState only). None of them touches a page.
"""
