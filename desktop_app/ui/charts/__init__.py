"""pyqtgraph charts for the views (PySide6 is imported before pyqtgraph)."""
