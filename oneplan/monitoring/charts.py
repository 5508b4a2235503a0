"""Charts drawn on the server as SVG (no script, no inline style: the CSP allows them).

`line_chart` draws cumulative disbursement (%) by month against the target curve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from oneplan.core.thai import thai_month_name

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 30


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    actual: str  # SVG polyline points
    target: str
    labels: tuple[tuple[float, str], ...]  # (x, month)
    grid: tuple[tuple[float, int], ...]  # (y, percent)
    dots: tuple[tuple[float, float, str], ...]  # (x, y, title) of the actual line


def line_chart(points: Sequence, months: int = 12) -> LineChart:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return round(LEFT + plot_w * (index + 1) / months, 1)

    def y(percent: Decimal | float) -> float:
        value = max(0.0, min(110.0, float(percent)))
        return round(TOP + plot_h * (1 - value / 110), 1)

    actual = [(x(i), y(p.percent)) for i, p in enumerate(points) if p.percent is not None]
    target = [(x(i), y(p.target)) for i, p in enumerate(points)]
    return LineChart(
        WIDTH,
        HEIGHT,
        " ".join(f"{a},{b}" for a, b in [(LEFT, y(0)), *actual]) if actual else "",
        " ".join(f"{a},{b}" for a, b in [(LEFT, y(0)), *target]),
        tuple(
            (x(i), thai_month_name(p.month_start.month, short=True)) for i, p in enumerate(points)
        ),
        tuple((y(v), v) for v in (0, 25, 50, 75, 100)),
        tuple(
            (x(i), y(p.percent), f"{p.percent}%")
            for i, p in enumerate(points)
            if p.percent is not None
        ),
    )


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    value: str


def bar_chart(
    items: Sequence[tuple[str, Decimal | None]], width: int = 640
) -> tuple[int, tuple[Bar, ...]]:
    """Horizontal bars of per cent values (0–100): (chart height, bars)."""
    row, label_width = 22, 220
    scale = (width - label_width - 50) / 100
    bars = tuple(
        Bar(
            10 + index * row,
            round(float(min(Decimal(100), value or Decimal(0))) * scale, 1),
            label,
            "—" if value is None else f"{value}%",
        )
        for index, (label, value) in enumerate(items)
    )
    return 20 + len(items) * row, bars
