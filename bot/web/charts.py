"""Server-side SVG bar charts for the follow-up page (no JavaScript, no inline styles).

Each chart is a picture of a table shown right after it: the SVG is an image
with a short name (``role="img"``), and the table carries the figures for
screen readers and for anyone who prefers numbers.
"""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
BAR_WIDTH = 320
VALUE_WIDTH = 60


def bar_chart(title: str, rows: Sequence[tuple[str, int]]) -> Markup:
    """A horizontal bar chart of (label, count) rows as inline SVG markup."""
    height = max(1, len(rows)) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    biggest = max((count for _, count in rows), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, count) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(BAR_WIDTH * count / biggest)
        text_y = y + BAR_HEIGHT - 6
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" '
            f'class="chart-label">{escape(label[:40])}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" '
            f'class="chart-bar"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + max(length, 1) + 6}" y="{text_y}" '
            f'class="chart-value">{count}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
