"""Charts drawn on the server as SVG: no chart library, no JavaScript, nothing from a CDN.

Each chart is an <svg role="img"> with a title and a one-line description for screen
readers (the page also has the numbers as a table), and a <title> per bar that browsers
show on hover. Colours come from CSS classes (portal.css), so they follow the site's.
"""

from __future__ import annotations

import math
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.insights import Tally

WIDE, COMPACT = 640, 340  # viewBox widths: one drawing for desktops, one for phones
FONT = 13


def _nice_max(value: int) -> int:
    """A round top for the axis: 1, 2, 5, 10, 20, 50, ... at least `value`."""
    if value <= 4:
        return max(value, 1)
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _day_label(day: date, days: int) -> str:
    return f"{day:%a}" if days <= 7 else f"{day.day} {day:%b}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def daily_chart(
    per_day: list[tuple[date, Tally]], *, chart_id: str, title: str, width: int = WIDE
) -> SafeString:
    """Leads per day as bars, the answered ones drawn darker inside each bar. `width` is
    the drawing's own: a narrow one keeps its text readable on a phone."""
    height, top, bottom, left, right = (220 if width == WIDE else 200), 12, 30, 34, 8
    plot_w, plot_h = width - left - right, height - top - bottom
    days = len(per_day)
    peak = _nice_max(max((t.leads for _, t in per_day), default=0))
    slot = plot_w / max(days, 1)
    bar = max(slot * 0.72, 1.5)
    labels = 7 if width == WIDE else 4  # about this many dates along the axis
    every = 1 if days <= 7 else max(1, round(days / labels))
    total = sum(t.leads for _, t in per_day)
    answered = sum(t.answered for _, t in per_day)
    desc = (
        f"{_plural(total, 'lead')} over {days} days, {answered} answered with an offer; "
        f"the most in one day: {max((t.leads for _, t in per_day), default=0)}."
    )
    parts = [
        f'<svg class="chart chart-{"wide" if width == WIDE else "compact"}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for tick in (0, peak / 2, peak):
        if tick != int(tick):
            continue
        y = top + plot_h - plot_h * tick / peak
        parts.append(
            f'<line class="chart-rule" x1="{left}" x2="{width - right}" y1="{y:.1f}" '
            f'y2="{y:.1f}"/>'
            f'<text class="chart-axis" x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{int(tick)}</text>'
        )
    for index, (day, tally) in enumerate(per_day):
        x = left + index * slot + (slot - bar) / 2
        h_all = plot_h * tally.leads / peak
        h_done = plot_h * tally.answered / peak
        base = top + plot_h
        tip = f"{day:%a} {day.day} {day:%b}: {_plural(tally.leads, 'lead')}"
        tip += f", {tally.answered} answered"
        parts.append(
            f"<g><title>{escape(tip)}</title>"
            f'<rect class="chart-bar" x="{x:.1f}" y="{base - h_all:.1f}" width="{bar:.1f}" '
            f'height="{h_all:.1f}" rx="1.5"/>'
            f'<rect class="chart-bar-strong" x="{x:.1f}" y="{base - h_done:.1f}" '
            f'width="{bar:.1f}" height="{h_done:.1f}" rx="1.5"/></g>'
        )
        if index % every == 0:
            parts.append(
                f'<text class="chart-axis" x="{x + bar / 2:.1f}" y="{height - 10}" '
                f'text-anchor="middle">{escape(_day_label(day, days))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def category_chart(
    by_category: list[tuple[str, Tally]], *, chart_id: str, title: str
) -> SafeString:
    """One bar per category: its leads, the answered part darker, with the numbers."""
    rows = by_category[:12]
    row_h, top, width = 44, 6, COMPACT
    height = top + row_h * max(len(rows), 1)
    peak = max((t.leads for _, t in rows), default=0) or 1
    label_w = width - 70  # room on the right for the numbers
    desc = "; ".join(
        f"{name}: {_plural(t.leads, 'lead')}, {t.answered} answered" for name, t in rows
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc or "No leads in this period.")}</desc>',
    ]
    for index, (name, tally) in enumerate(rows):
        y = top + index * row_h
        w_all = label_w * tally.leads / peak
        w_done = label_w * tally.answered / peak
        parts.append(
            f"<g><title>{escape(name)}: {_plural(tally.leads, 'lead')}, "
            f"{tally.answered} answered</title>"
            f'<text class="chart-label" x="0" y="{y + 14}">{escape(name)}</text>'
            f'<rect class="chart-bar" x="0" y="{y + 20}" width="{max(w_all, 2):.1f}" '
            f'height="14" rx="2"/>'
            f'<rect class="chart-bar-strong" x="0" y="{y + 20}" width="{w_done:.1f}" '
            f'height="14" rx="2"/>'
            f'<text class="chart-axis" x="{max(w_all, 2) + 8:.1f}" y="{y + 32}">'
            f"{tally.answered} / {tally.leads}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
