"""PySide6 adapters of the workstation: window, views, dialogs, workers (imports Qt; core never does)."""
