"""Shared test set-up: Qt runs offscreen, and no test may leave a worker thread running."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
