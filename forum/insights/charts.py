"""The dashboard's charts as SVG (pygal, rendered on the server: no chart
library in the browser, nothing for the CSP to allow)."""

from __future__ import annotations

import pygal
from pygal.style import Style

from .figures import CategoryHealth, Period

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    colors=("#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c"),
    font_family="system-ui, sans-serif",
)


def _config(title: str, labels: list[str], **options) -> pygal.Config:
    defaults = {
        "title": title,
        "x_labels": labels,
        "style": STYLE,
        "js": [],
        "width": 900,
        "height": 320,
        "legend_at_bottom": True,
        "show_minor_x_labels": False,
        "x_label_rotation": 0,
        "truncate_legend": 40,
        "truncate_label": -1,
    }
    return pygal.Config(**{**defaults, **options})


def daily_chart(title: str, series: dict[str, list[int]], period: Period) -> bytes:
    """Lines per day for each named series."""
    labels = [day.strftime("%d %b") for day in period.dates]
    config = _config(
        title,
        labels,
        x_labels_major_every=max(1, len(labels) // 8),
        min_scale=1,
        dots_size=2 if period.days <= 30 else 0,
    )
    chart = pygal.Line(config)
    for name, values in series.items():
        chart.add(name, values)
    return chart.render()


def category_chart(title: str, rows: list[CategoryHealth], value, unit: str) -> bytes:
    """One bar per category; categories without a figure have no bar."""
    # Every bar is named (pygal shows only "major" labels otherwise: none here).
    config = _config(
        title,
        [row.category.name for row in rows],
        y_title=unit,
        show_minor_x_labels=True,
        x_label_rotation=-30 if len(rows) > 6 else 0,
    )
    chart = pygal.Bar(config)
    chart.add(unit, [value(row) for row in rows])
    return chart.render()
