"""Inquiries per day (bars, left axis) and conversion rate per day (line, right axis)."""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # after PySide6

from .day_axis import DayAxis

_DAY_S = 86400.0


class DailyChart(pg.PlotWidget):
    """Bars of inquiring buyers and a conversion-rate line sharing a date axis."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        # Our times are naive shop wall-clock times turned into epoch seconds as if UTC; utcOffset=0
        # makes the axis print them back unshifted whatever the computer's timezone.
        axis = DayAxis(orientation="bottom")
        super().__init__(parent, axisItems={"bottom": axis})
        self.setBackground("w")
        self.setMinimumHeight(180)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.showGrid(x=False, y=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x=[], height=[], width=_DAY_S * 0.6, brush=(80, 130, 200, 170),
                                    pen=pg.mkPen((50, 90, 160)))
        self.addItem(self.bars)
        # Second view box for the rate, linked to the main x axis (pyqtgraph's MultiplePlotAxes).
        plot = self.getPlotItem()
        self.rate_box = pg.ViewBox()
        plot.showAxis("right")
        plot.scene().addItem(self.rate_box)
        plot.getAxis("right").linkToView(self.rate_box)
        self.rate_box.setXLink(plot)
        self.rate_box.setMouseEnabled(x=False, y=False)
        self.rate_line = pg.PlotDataItem([], [], pen=pg.mkPen((200, 80, 40), width=2), symbol="o",
                                         symbolSize=6, symbolBrush=(200, 80, 40))
        self.rate_box.addItem(self.rate_line)
        plot.vb.sigResized.connect(self._sync_views)
        self.retranslate_ui()

    def _sync_views(self) -> None:
        self.rate_box.setGeometry(self.getPlotItem().vb.sceneBoundingRect())

    def set_days(self, days, inquiries, conversion) -> None:
        """days: datetimes; inquiries: counts; conversion: fractions (NaN = no inquiries that day)."""
        day = pd.to_datetime(pd.Series(days)).to_numpy(dtype="datetime64[ns]")
        x = day.astype("int64") / 1e9 if len(day) else np.empty(0)
        heights = np.nan_to_num(np.asarray(inquiries, dtype="float64"))
        self.bars.setOpts(x=x, height=heights, width=_DAY_S * 0.6)
        rates = np.asarray(conversion, dtype="float64") * 100.0
        ok = np.isfinite(rates)
        self.rate_line.setData(x[ok], rates[ok])
        if len(x):
            self.setXRange(float(x.min()) - _DAY_S, float(x.max()) + _DAY_S, padding=0)
            self.setYRange(0, max(float(heights.max()), 1.0) * 1.1, padding=0)
            top = float(np.nanmax(rates)) if ok.any() else 1.0
            self.rate_box.setYRange(0, max(top, 1.0) * 1.15, padding=0)

    def retranslate_ui(self) -> None:
        self.setLabel("left", QCoreApplication.translate("DailyChart", "inquiring buyers"))
        self.getPlotItem().getAxis("right").setLabel(QCoreApplication.translate("DailyChart", "conversion %"))
