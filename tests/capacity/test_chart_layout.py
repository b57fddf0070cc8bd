"""Chart layout: slanted axis labels (half years, session names) stay inside the drawing;
the first one once lost its start to the left margin ("24-2025, eerste helft")."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from capacity import charts

HALF_YEARS = [
    f"{year}-{year + 1}, {half} helft"
    for year in (2024, 2025, 2026)
    for half in ("eerste", "tweede")
]


@pytest.mark.parametrize("labels", [HALF_YEARS, ["Bijeenkomst over doorstroom en leesbegrip"] * 6])
def test_slanted_axis_labels_stay_inside_the_drawing(labels):
    figure, axes = charts._canvas()
    axes.plot(range(len(labels)), range(len(labels)))
    charts._x_labels(axes, labels, "Halfjaar")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    for label in axes.get_xticklabels():
        extent = label.get_window_extent(renderer)
        assert extent.x0 >= figure.bbox.x0, label.get_text()
        assert extent.y0 >= figure.bbox.y0, label.get_text()
