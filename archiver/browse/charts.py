"""Small inline SVG bar charts for the crawls page, drawn on the server (no script, no library).

Pure logic, no Scrapy. :func:`bar_chart` takes labelled values and returns the ``<svg>``
element as markup, every label and title escaped (labels come from crawl ids and site names).
Each bar carries a ``<title>`` with its label and value, which browsers show on hover.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 480
HEIGHT = 150
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT = 16, 22, 44


def bar_chart(
    points: Sequence[tuple[str, float | None]], *, title: str, percent: bool = False, colour: str = "#3b6ea5"
) -> Markup:
    """An SVG bar chart of ``points`` ((label, value) in order; None: no value, no bar) titled
    ``title``; ``percent`` shows values in 0..1 as percentages. An empty series gives a chart
    that says so."""
    label = escape(title)
    values = [value for _, value in points if value is not None]
    if not values:
        return Markup(
            f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} 40" width="{WIDTH}" height="40" '
            f'aria-label="{label}"><title>{label}</title>'
            f'<text x="4" y="24" class="empty">{label}: no data yet</text></svg>'
        )
    # shares are drawn up to their largest, but at least 5%: a 1% error share stays a sliver
    top = max(max(values), 0.05 if percent else 0.0) or 1.0
    plot_width = WIDTH - MARGIN_LEFT - 4
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_width / len(points)
    bar = max(1.0, step * 0.8)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-label="{label}"><title>{label}</title>',
        f'<text x="{MARGIN_LEFT}" y="11" class="chart-title">{label}</text>',
        f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + 8}" text-anchor="end">{escape(_format(top, percent))}</text>',
        f'<text x="{MARGIN_LEFT - 4}" y="{HEIGHT - MARGIN_BOTTOM}" text-anchor="end">0</text>',
        f'<line x1="{MARGIN_LEFT}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{WIDTH - 4}" y2="{HEIGHT - MARGIN_BOTTOM}" '
        'stroke="#999"/>',
    ]
    for index, (name, value) in enumerate(points):
        if value is None:
            continue
        height = plot_height * value / top
        x = MARGIN_LEFT + index * step + (step - bar) / 2
        y = HEIGHT - MARGIN_BOTTOM - height
        tip = escape(f"{name}: {_format(value, percent)}")
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{max(height, 0.5):.1f}" fill="{colour}">'
            f"<title>{tip}</title></rect>"
        )
    first, last = points[0][0], points[-1][0]
    parts.append(f'<text x="{MARGIN_LEFT}" y="{HEIGHT - 6}">{escape(first)}</text>')
    if len(points) > 1:
        parts.append(f'<text x="{WIDTH - 4}" y="{HEIGHT - 6}" text-anchor="end">{escape(last)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _format(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.0%}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
