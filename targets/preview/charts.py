"""Laying charts out as SVG geometry, from the points :mod:`targets.preview.aggregate` computes.

The functions return plain data (coordinates already formatted to one decimal, so output is stable);
the template only places them. Text stays text: labels are escaped by the template, never here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from targets.preview import series

PALETTE = ("#0c66e4", "#1f845a", "#e2b203", "#ae2e24", "#6e5dc6", "#2898bd", "#c25100", "#626f86")


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


@dataclass(frozen=True)
class Point:
    """One bar, dot or slice: its label, its size (0 when the group has no value) and the text shown for it."""

    label: str
    value: float
    display: str


def display(value: float | None, suffix: str) -> str:
    """A value as the app shows it: up to two decimals and its unit (``h``, ``d``, `` points``; see
    :func:`targets.preview.units.value_suffix`), ``—`` for no value."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text) + suffix


def _grid(top: float, plot_h: float, top_value: float, suffix: str) -> list[dict[str, Any]]:
    """The value axis: five lines from 0 to the top value, each with its label."""
    return [{"y": _f(top + plot_h - plot_h * k / 4), "label": display(top_value * k / 4, suffix)} for k in range(5)]


def points(found: Sequence[series.Point], suffix: str) -> list[Point]:
    return [Point(p.label, max(p.value or 0.0, 0.0), display(p.value, suffix)) for p in found]


def _short(label: str, width: int = 12) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _axis_max(points: Sequence[Point]) -> float:
    """A round top for the value axis."""
    return _nice_max(max((p.value for p in points), default=0.0))


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(points: Sequence[Point], suffix: str = "") -> dict[str, Any]:
    width, height, left, bottom, top = 480, 240, 44, 44, 16
    plot_w, plot_h = width - left - 8, height - bottom - top
    top_value = _axis_max(points)
    slot = plot_w / max(len(points), 1)
    bars = []
    for i, p in enumerate(points):
        h = plot_h * p.value / top_value
        x = left + i * slot + slot * 0.15
        bars.append(
            {
                "x": _f(x),
                "y": _f(top + plot_h - h),
                "w": _f(slot * 0.7),
                "h": _f(h),
                "cx": _f(x + slot * 0.35),
                "vy": _f(top + plot_h - h - 4),
                "ly": _f(top + plot_h + 16),
                "label": p.label,
                "short": _short(p.label, max(4, int(slot / 7))),
                "value": p.display,
                "color": PALETTE[0],
            }
        )
    grid = _grid(top, plot_h, top_value, suffix)
    return {"width": width, "height": height, "bars": bars, "grid": grid, "left": left, "right": width - 8}


def horizontal_bar_chart(points: Sequence[Point]) -> dict[str, Any]:
    width, label_w, row_h = 480, 130, 28
    height = max(len(points), 1) * row_h + 12
    top_value = _nice_max(max((p.value for p in points), default=0))
    plot_w = width - label_w - 60
    bars = []
    for i, p in enumerate(points):
        w = plot_w * p.value / top_value
        y = 6 + i * row_h
        bars.append(
            {
                "x": label_w,
                "y": _f(y + 4),
                "w": _f(w),
                "h": _f(row_h - 10),
                "ty": _f(y + row_h / 2 + 4),
                "vx": _f(label_w + w + 6),
                "label": p.label,
                "short": _short(p.label, 18),
                "value": p.display,
                "color": PALETTE[i % len(PALETTE)],
            }
        )
    return {"width": width, "height": height, "bars": bars, "label_w": label_w}


def line_chart(points: Sequence[Point], suffix: str = "") -> dict[str, Any]:
    width, height, left, bottom, top = 480, 240, 44, 44, 16
    plot_w, plot_h = width - left - 16, height - bottom - top
    top_value = _axis_max(points)
    step = plot_w / max(len(points) - 1, 1)
    every = max(1, math.ceil(len(points) / 6))
    dots = []
    for i, p in enumerate(points):
        x = left + (i * step if len(points) > 1 else plot_w / 2)
        y = top + plot_h - plot_h * p.value / top_value
        dots.append(
            {
                "x": _f(x),
                "y": _f(y),
                "label": p.label,
                "value": p.display,
                "show_label": i % every == 0,
                "ly": _f(top + plot_h + 16),
            }
        )
    grid = _grid(top, plot_h, top_value, suffix)
    polyline = " ".join(f"{d['x']},{d['y']}" for d in dots)
    return {"width": width, "height": height, "dots": dots, "grid": grid, "polyline": polyline, "left": left}


def pie_chart(points: Sequence[Point], donut: bool) -> dict[str, Any]:
    size, r = 200, 90.0
    inner = 52.0 if donut else 0.0
    cx = cy = size / 2
    total = sum(p.value for p in points) or 1.0
    slices = []
    angle = -math.pi / 2
    for i, p in enumerate(points):
        share = p.value / total
        sweep = share * 2 * math.pi
        color = PALETTE[i % len(PALETTE)]
        pct = f"{share * 100:.0f}%"
        if share >= 0.9999:
            slices.append({"full": True, "color": color, "label": p.label, "value": p.display, "pct": pct})
            angle += sweep
            continue
        end = angle + sweep
        large = 1 if sweep > math.pi else 0
        x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
        x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
        if inner:
            ix1, iy1 = cx + inner * math.cos(end), cy + inner * math.sin(end)
            ix2, iy2 = cx + inner * math.cos(angle), cy + inner * math.sin(angle)
            path = (
                f"M{_f(x1)} {_f(y1)} A{_f(r)} {_f(r)} 0 {large} 1 {_f(x2)} {_f(y2)} "
                f"L{_f(ix1)} {_f(iy1)} A{_f(inner)} {_f(inner)} 0 {large} 0 {_f(ix2)} {_f(iy2)} Z"
            )
        else:
            path = f"M{_f(cx)} {_f(cy)} L{_f(x1)} {_f(y1)} A{_f(r)} {_f(r)} 0 {large} 1 {_f(x2)} {_f(y2)} Z"
        slices.append({"full": False, "path": path, "color": color, "label": p.label, "value": p.display, "pct": pct})
        angle = end
    return {
        "size": size,
        "cx": _f(cx),
        "r": _f(r),
        "inner": _f(inner),
        "donut": donut,
        "slices": slices,
    }


@dataclass(frozen=True)
class Line:
    """One series of a chart with several: its name, its colour, and a point per x label (in the axis' order)."""

    name: str
    color: str
    points: tuple[Point, ...]


def lines(labels: Sequence[str], found: Sequence[series.Point], suffix: str) -> list[Line]:
    """The series of a chart with several, from its points ``{label, series, value}`` (x-major, as the app orders
    them), each with a colour of the palette in the order the series come."""
    names = list(dict.fromkeys(p.series or "" for p in found))
    values = {(p.label, p.series or ""): p for p in found}
    return [
        Line(name, PALETTE[i % len(PALETTE)], tuple(points([values[(x, name)]], suffix)[0] for x in labels))
        for i, name in enumerate(names)
    ]


def series_bar_chart(labels: Sequence[str], found: Sequence[Line], stacked: bool, suffix: str) -> dict[str, Any]:
    """Bars per x label, one per series side by side, or stacked into one bar."""
    width, height, left, bottom, top = 480, 240, 44, 44, 16
    plot_w, plot_h = width - left - 8, height - bottom - top
    heights = [sum(line.points[i].value for line in found) for i in range(len(labels))] if stacked else []
    top_value = _nice_max(max(heights if stacked else [p.value for line in found for p in line.points], default=0))
    slot = plot_w / max(len(labels), 1)
    bar_w = slot * 0.7 / (1 if stacked else max(len(found), 1))
    bars = []
    for i, label in enumerate(labels):
        base = float(top + plot_h)
        for k, line in enumerate(found):
            p = line.points[i]
            h = plot_h * p.value / top_value
            x = left + i * slot + slot * 0.15 + (0 if stacked else k * bar_w)
            y = base - h
            bars.append(
                {
                    "x": _f(x),
                    "y": _f(y),
                    "w": _f(bar_w),
                    "h": _f(h),
                    "color": line.color,
                    "title": f"{label} · {line.name}: {p.display}",
                }
            )
            if stacked:
                base = y
    axis = [
        {"x": _f(left + i * slot + slot / 2), "label": label, "short": _short(label, max(4, int(slot / 7)))}
        for i, label in enumerate(labels)
    ]
    grid = _grid(top, plot_h, top_value, suffix)
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "axis": axis,
        "ly": _f(top + plot_h + 16),
        "grid": grid,
        "left": left,
        "right": width - 8,
    }


def series_horizontal_bar_chart(labels: Sequence[str], found: Sequence[Line], stacked: bool) -> dict[str, Any]:
    """Horizontal bars per y label, one per series under each other, or stacked into one bar."""
    width, label_w = 480, 130
    row_h = 28 if stacked else 12 * max(len(found), 1) + 10
    height = max(len(labels), 1) * row_h + 12
    lengths = [sum(line.points[i].value for line in found) for i in range(len(labels))] if stacked else []
    top_value = _nice_max(max(lengths if stacked else [p.value for line in found for p in line.points], default=0))
    plot_w = width - label_w - 60
    bars = []
    axis = []
    for i, label in enumerate(labels):
        y = 6 + i * row_h
        axis.append({"y": _f(y + row_h / 2 + 4), "label": label, "short": _short(label, 18)})
        start = float(label_w)
        for k, line in enumerate(found):
            p = line.points[i]
            w = plot_w * p.value / top_value
            bar_y = y + 4 if stacked else y + 4 + k * 12
            bar_h = row_h - 10 if stacked else 10
            bars.append(
                {
                    "x": _f(start),
                    "y": _f(bar_y),
                    "w": _f(w),
                    "h": _f(bar_h),
                    "color": line.color,
                    "title": f"{label} · {line.name}: {p.display}",
                }
            )
            if stacked:
                start += w
    return {"width": width, "height": height, "bars": bars, "axis": axis, "label_w": label_w}


def series_line_chart(labels: Sequence[str], found: Sequence[Line], suffix: str) -> dict[str, Any]:
    """A line per series over the x labels."""
    width, height, left, bottom, top = 480, 240, 44, 44, 16
    plot_w, plot_h = width - left - 16, height - bottom - top
    top_value = _nice_max(max((p.value for line in found for p in line.points), default=0))
    step = plot_w / max(len(labels) - 1, 1)
    every = max(1, math.ceil(len(labels) / 6))
    xs = [left + (i * step if len(labels) > 1 else plot_w / 2) for i in range(len(labels))]
    drawn = []
    for line in found:
        dots = [
            {
                "x": _f(x),
                "y": _f(top + plot_h - plot_h * p.value / top_value),
                "title": f"{label} · {line.name}: {p.display}",
            }
            for x, label, p in zip(xs, labels, line.points, strict=True)
        ]
        drawn.append({"color": line.color, "dots": dots, "polyline": " ".join(f"{d['x']},{d['y']}" for d in dots)})
    axis = [{"x": _f(x), "label": label} for i, (x, label) in enumerate(zip(xs, labels, strict=True)) if i % every == 0]
    grid = _grid(top, plot_h, top_value, suffix)
    return {
        "width": width,
        "height": height,
        "lines": drawn,
        "axis": axis,
        "ly": _f(top + plot_h + 16),
        "grid": grid,
        "left": left,
    }
