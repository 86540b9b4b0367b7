"""Charts as inline SVG, drawn on the server by pygal in the site's greens.

pygal links its tooltip script from a CDN by default; pages must work offline and load nothing
from elsewhere, so every chart is built with `js=[]` (no script at all) and without the XML
declaration (the SVG sits inside HTML)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygal
from pygal.style import Style

from tradelane.analytics.merchant import Point

GREENS = ("#1d6b47", "#4f9a6f", "#8cc3a0", "#b4451f", "#1f5f8b")

SITE_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#17231c",
    foreground_strong="#17231c",
    foreground_subtle="#5b6a61",
    opacity=".9",
    opacity_hover="1",
    colors=GREENS,
    font_family='system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    title_font_size=16,
)

Formatter = Callable[[int], str]


def _config(**extra: Any) -> dict[str, Any]:
    return {
        "style": SITE_STYLE,
        "js": [],  # no CDN script: see the module docstring
        "disable_xml_declaration": True,
        "show_legend": False,
        "width": 720,
        "height": 300,
        "margin": 12,
        "print_values": False,
        "show_y_guides": True,
        "show_x_guides": False,
        **extra,
    }


def _render(chart: Any) -> str:
    return str(chart.render(is_unicode=True))


def day_chart(points: Sequence[Point], *, title: str, money: Formatter) -> str:
    """Sales per day as a line over the window, every day labelled (short date)."""
    chart = pygal.Line(
        **_config(
            title=title,
            x_label_rotation=0,
            dots_size=4,
            fill=True,
            include_x_axis=True,
            show_minor_x_labels=False,
        )
    )
    chart.x_labels = [p.label[5:] for p in points]  # MM-DD
    chart.x_labels_major = chart.x_labels[:: max(1, len(points) // 8)]
    chart.value_formatter = lambda minor: money(int(minor or 0))
    chart.add(title, [p.minor for p in points])
    return _render(chart)


def bar_chart(points: Sequence[Point], *, title: str, money: Formatter) -> str:
    """Horizontal bars, largest first: provinces or products, long labels stay readable."""
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            width=480,
            height=max(180, 40 * len(points) + 80),
            x_labels_major_count=4,
            show_minor_x_labels=False,
            # money ticks on a narrow value axis truncate ("C…"); print each bar's value instead
            # (pygal draws a horizontal chart's value ticks as its x labels)
            show_x_labels=False,
            margin_right=80,
            print_values=True,
            print_values_position="top",
        )
    )
    ordered = list(reversed(points))  # pygal draws the first value at the bottom
    chart.x_labels = [p.label[:40] for p in ordered]
    chart.value_formatter = lambda minor: money(int(minor or 0))
    chart.add(title, [p.minor for p in ordered])
    return _render(chart)


def comparison_chart(
    labels: Sequence[str], values: Sequence[int], *, title: str, money: Formatter
) -> str:
    """Two bars side by side: the baseline window and the campaign window."""
    chart = pygal.Bar(
        **_config(
            title=title, width=480, height=260, y_labels_major_count=5, show_minor_y_labels=False
        )
    )
    chart.x_labels = list(labels)
    chart.value_formatter = lambda minor: money(int(minor or 0))
    shades = ("#8cc3a0", "#1d6b47")  # the baseline pale, the campaign in the brand green
    chart.add(title, [{"value": v, "color": shades[min(i, 1)]} for i, v in enumerate(values)])
    return _render(chart)
