"""The window's side of the history store's faults (core/store/faults.py): a notice, a choice, never a crash.

* Read-only history: a permanent notice in the status bar ("Read-only: figures shown, nothing can be
  saved"), and "Mark handled" disabled with the reason in its tooltip. Imports into it fail with the
  same message on the Problems page.
* A history that cannot be opened (``DataRepository.fault``): a dialog saying why, with what can be done -
  damaged: set it aside (renamed with the time, untouched) and start fresh, or quit; busy: try again,
  continue without saving, or quit; anything else: continue without saving, or quit. "Without saving"
  shows an empty stand-in history; the notice stays.
* A data folder that cannot be one (a file, under a file, /proc): a dialog before the window is made;
  continue with a temporary folder (nothing kept after exit, said in the notice) or quit.
* Busy while importing: the import waits on its worker thread (the window stays usable) and says
  "Waiting for another import to finish (n s)…" in the status line (relayed from that thread, as the
  task's progress only reports whole percents); past the wait, the file fails with "Another import is
  running" on the Problems page and in the error dialog.

Texts come from the core in both languages and are shown in the reader's order (bilingual.ordered);
the few of this module's own are chosen by the window's language (``_t``).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from . import bilingual

#: the choices a fault dialog offers
SET_ASIDE, RETRY, CONTINUE, QUIT = "set_aside", "retry", "continue", "quit"


_t = bilingual.pick


def _message(fault: BaseException) -> tuple[str, str]:
    """(message, hint) of a fault in the reader's order."""
    message = getattr(fault, "message", None) or str(fault)
    return bilingual.ordered(message), bilingual.ordered(getattr(fault, "hint", None) or "")


# --- the dialog -----------------------------------------------------------------------------------

def fault_box(parent: Optional[QWidget], fault: BaseException) -> QMessageBox:
    """The dialog for a history that cannot be used (not shown); ``box.choices`` maps its buttons to
    SET_ASIDE / RETRY / CONTINUE / QUIT."""
    kind = getattr(fault, "kind", "")
    box = QMessageBox(parent)
    box.setObjectName("store_fault_box")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_t("历史数据库", "History"))
    text, hint = _message(fault)
    box.setText(text)
    box.setInformativeText(hint)
    details = getattr(fault, "details", None) or getattr(fault, "path", None)
    if details:
        box.setDetailedText(str(details))
    choices: dict[Any, str] = {}
    if kind == "damaged":
        choices[box.addButton(_t("保留损坏文件并新建", "Set it aside and start fresh"),
                              QMessageBox.ButtonRole.AcceptRole)] = SET_ASIDE
    elif kind in ("busy", "server"):  # another process's write, or a server that may be back soon
        choices[box.addButton(_t("重试", "Try again"), QMessageBox.ButtonRole.AcceptRole)] = RETRY
    if kind != "damaged":
        label = _t("继续（不保存）", "Continue without saving")
        choices[box.addButton(label, QMessageBox.ButtonRole.ActionRole)] = CONTINUE
    quit_button = box.addButton(_t("退出", "Quit"), QMessageBox.ButtonRole.RejectRole)
    choices[quit_button] = QUIT
    box.setEscapeButton(quit_button)
    box.choices = choices  # type: ignore[attr-defined]
    return box


def ask_user(box: QMessageBox) -> str:
    """Show the dialog modally; the choice made (QUIT when it was closed)."""
    box.exec()
    return box.choices.get(box.clickedButton(), QUIT)  # type: ignore[attr-defined]


def resolve_store_fault(window: Any, ask: Optional[Callable[[QMessageBox], str]] = None) -> bool:
    """Offer what can be done while the window's history cannot be opened; False when the user quits.

    Called once the window exists (app.start_gui), before anything is imported or computed. ``ask``
    shows a dialog and returns the choice (default: ``ask_user``, modal).
    """
    ask = ask or ask_user
    repository = window.shop_repository
    while repository.fault is not None:
        choice = ask(fault_box(window, repository.fault))
        if choice == QUIT:
            return False
        if choice == SET_ASIDE:
            try:
                aside = repository.set_aside_damaged()
            except OSError as exc:
                box = QMessageBox(QMessageBox.Icon.Critical, _t("历史数据库", "History"),
                                  _t(f"无法改名：{exc}", f"Could not rename it: {exc}"), parent=window)
                box.choices = {}  # type: ignore[attr-defined]
                ask(box)
                return False
            window.status_label.setText(_t(f"损坏的历史数据库已保留为 {aside.name}，已新建空的历史数据库。",
                                           f"The damaged history was kept as {aside.name}; a fresh one was "
                                           "started."))
        elif choice == RETRY:
            repository.reopen()
        else:
            break
    refresh_notice(window)
    return True


def check_data_folder(folder, before_asking: Optional[Callable[[], None]] = None,
                      ask: Optional[Callable[[QMessageBox], str]] = None) -> Optional[BaseException]:
    """None when ``folder`` can hold the history (it is created if need be); else the fault, after the
    user chose to continue (with a temporary folder). Raises SystemExit(1) when the user chose to quit.
    ``before_asking`` runs before the dialog (the start-up installs the translators there)."""
    from ..core.store import StoreError
    from ..core.store.open import prepare_folder

    ask = ask or ask_user
    try:
        prepare_folder(folder)
        return None
    except StoreError as exc:
        if before_asking is not None:
            before_asking()
        if ask(fault_box(None, exc)) == QUIT:
            raise SystemExit(1) from exc
        return exc


# --- the notice -----------------------------------------------------------------------------------

class _WaitRelay(QObject):
    """Carries the importing thread's "waiting…" texts to the status line on the GUI thread."""

    text = Signal(str)


def install_store_notice(window: Any, folder_fault: Optional[BaseException] = None) -> QLabel:
    """A permanent status-bar notice while nothing can be saved, kept up to date after each recompute
    (the demo shop's store is writable; the shop's may not be), and the "waiting…" relay."""
    relay = _WaitRelay(window)
    relay.text.connect(lambda text: window.status_label.setText(bilingual.ordered(text)))
    window.shop_repository.on_wait = relay.text.emit
    label = QLabel(window)
    label.setObjectName("store_notice")
    label.setStyleSheet("QLabel#store_notice { background: #fff3cd; color: #664d03; padding: 1px 6px; }")
    window.statusBar().addPermanentWidget(label)
    window.store_notice = label
    window.store_folder_fault = folder_fault
    window.results_changed.connect(lambda *_: refresh_notice(window))
    refresh_notice(window)
    return label


def refresh_notice(window: Any) -> None:
    label: Optional[QLabel] = getattr(window, "store_notice", None)
    if label is None:
        return
    repository = window.repository
    texts = []
    folder_fault = getattr(window, "store_folder_fault", None)
    if folder_fault is not None:
        texts.append(_t("数据目录无法使用，本次使用临时文件夹，退出后不保留。",
                        "The data folder cannot be used: this session uses a temporary folder, nothing is "
                        "kept after exit."))
    notice = repository.notice() if hasattr(repository, "notice") else ""
    if notice:
        texts.append(bilingual.ordered(notice))
    label.setText(" ".join(texts))
    tip = [_message(f)[1] for f in (folder_fault, repository.fault) if f is not None]
    label.setToolTip("\n".join(t for t in tip if t) or label.text())
    label.setVisible(bool(texts))
    writable = not getattr(repository, "read_only", False)
    orders = getattr(window, "views", {}).get("orders")
    if orders is not None and hasattr(orders, "mark_button"):
        reason = "" if writable else bilingual.ordered(notice)
        orders.mark_button.setEnabled(writable)
        orders.mark_button.setToolTip(reason)
        for action in getattr(orders, "mark_actions", {}).values():
            action.setEnabled(writable)
            action.setToolTip(reason)
