"""File → Import… / Export… / Quit. Importing runs geodata.importer on a worker thread (the
dialog shows its progress and can cancel it; a cancelled import leaves nothing); exporting runs
geodata.exporter, which records each export in the audit log."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from geodata.exporter import export
from geodata.importer import ImportCancelled, import_district
from geodata.importer.__main__ import mapping_path
from geodata.importer.mapping import save_mapping
from widgets.export_dialog import ExportDialog
from widgets.import_dialog import ImportDialog


class ImportThread(QThread):
    progressed = Signal(float, str)
    finishedWith = Signal(object, str)  # ImportResult or None, and the error text

    def __init__(self, request: dict, parent=None) -> None:
        super().__init__(parent)
        self.request = request
        self.cancelled = False

    def run(self) -> None:
        r = self.request
        try:
            result = import_district(r["out"], r["sources"], r["mapping"], r["crs"],
                                     progress=lambda f, m: self.progressed.emit(f, m),
                                     cancelled=lambda: self.cancelled)
        except ImportCancelled:
            self.finishedWith.emit(None, "")
        except Exception as exc:  # noqa: BLE001 — the dialog shows it and stays open
            self.finishedWith.emit(None, str(exc) or type(exc).__name__)
        else:
            self.finishedWith.emit(result, "")


class DataExchange(QObject):
    """The File menu of the main window."""

    imported = Signal(object)  # the ImportResult of a finished import

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.menu = window.menuBar().addMenu("")
        window.menuBar().insertMenu(window.menuBar().actions()[0], self.menu)
        self.act_import = QAction(window)
        self.act_import.triggered.connect(self.open_import)
        self.act_export = QAction(window)
        self.act_export.triggered.connect(self.open_export)
        self.act_quit = QAction(window)
        self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))  # the platform's Quit key is empty on some
        self.act_quit.triggered.connect(window.close)
        for action in (self.act_import, self.act_export):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.act_quit)
        self.dialog: ImportDialog | None = None
        self.thread: ImportThread | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("File"))
        self.act_import.setText(self.tr("Import…"))
        self.act_export.setText(self.tr("Export…"))
        self.act_quit.setText(self.tr("Quit"))

    # ------------------------------------------------------------------ import
    def open_import(self) -> ImportDialog:
        path = self.window.district.path
        self.dialog = ImportDialog(self.window, start_dir=str(Path(path).parent) if path else str(Path.home()))
        self.dialog.importRequested.connect(self._start_import)
        self.dialog.cancelRequested.connect(self._cancel_import)
        self.dialog.show()
        return self.dialog

    def _start_import(self, request: dict) -> None:
        self.thread = ImportThread(request, self)
        self.thread.progressed.connect(self.dialog.show_progress)
        self.thread.finishedWith.connect(self._import_done)
        self.thread.start()

    def _cancel_import(self) -> None:
        if self.thread is not None:
            self.thread.cancelled = True

    def _import_done(self, result, error: str) -> None:
        self.thread.wait()
        self.thread = None
        self.dialog.set_running(False)
        if result is None:
            self.dialog.say(error or self.tr("Import cancelled: nothing was written."))
            return
        text = self.tr("%1 written (%2), stored in %3. %4 warnings. Open it with --data %1.") \
            .replace("%1", str(result.out)).replace("%2", ", ".join(f"{n} {k}" for k, n in result.counts.items())) \
            .replace("%3", result.storage_crs).replace("%4", str(len(result.warnings)))
        self.dialog.say(text + ("\n" + "\n".join(result.warnings[:20]) if result.warnings else ""))
        save_mapping(mapping_path(result.out), result.mapping, {k: v.label for k, v in self.dialog.crs_specs().items()})
        if self.window.audit is not None:
            self.window.audit.record(self.window.operator, "import", {"out": str(result.out), "counts": result.counts,
                                                                       "warnings": len(result.warnings)})
        self.imported.emit(result)

    # ------------------------------------------------------------------ export
    def open_export(self) -> None:
        dialog = ExportDialog(self.window)
        if dialog.exec() != ExportDialog.Accepted:
            return
        self.run_export(dialog.request(), Path(dialog.out.text().strip()))

    def run_export(self, request, out: Path) -> list[Path]:
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            d = self.window.district
            written = export(d.store_url or Path(d.path), request, out, self.window.audit, self.window.operator,
                             live=True)
        except (ValueError, OSError) as exc:
            QMessageBox.warning(self.window, self.tr("Export failed"), str(exc))
            return []
        finally:
            QApplication.restoreOverrideCursor()
        self.window.statusBar().showMessage(self.tr("Exported to %1").replace("%1", ", ".join(map(str, written))), 15000)
        return written
