"""Server-drawn SVG charts: pure geometry, so every chart works without JavaScript."""

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

CHART_WIDTH = 600
CHART_HEIGHT = 200
PAD = 10


def polyline(values: Sequence[int], *, top: int = 10) -> str:
    """SVG points for values from 0 to `top`, spread evenly across the chart's width."""
    if not values:
        return ""
    span = CHART_WIDTH - 2 * PAD
    step = span / max(len(values) - 1, 1)
    height = CHART_HEIGHT - 2 * PAD
    return " ".join(
        f"{PAD + i * step:.1f},{PAD + height - (min(max(v, 0), top) / top) * height:.1f}"
        for i, v in enumerate(values)
    )


BAR_PITCH = 40  # each week's column in the sessions-per-week chart
BAR_WIDTH = 30
BAR_TOP = 100  # a bar as tall as 7 sessions
WEEK_DAYS = 7


class Bar(NamedTuple):
    """One week's bar: where it stands and how tall, and its label."""

    x: int
    height: int
    label: int
    met: bool


def week_bars(weeks: Sequence[tuple[int, bool]]) -> list[Bar]:
    """Bars for (sessions done, target met) per week, oldest first, 0 to 7 sessions tall."""
    return [
        Bar(
            x=n * BAR_PITCH,
            height=round(min(max(done, 0), WEEK_DAYS) / WEEK_DAYS * BAR_TOP),
            label=done,
            met=met,
        )
        for n, (done, met) in enumerate(weeks)
    ]


def target_height(target: int) -> int:
    return round(min(max(target, 0), WEEK_DAYS) / WEEK_DAYS * BAR_TOP)


LADDER_LEFT = 80  # room on the left of a ladder chart for its "Rung n" labels


def step_line(
    changes: Sequence[tuple[dt.date, int]],
    *,
    start: dt.date,
    end: dt.date,
    first: int,
    top: int,
) -> str:
    """SVG points for one exercise's place on its ladder over time, steps 0 to `top`: level
    while it stays on a step, straight up or down on the day of each change. `changes` are
    (day, step reached), oldest first; days outside start..end are drawn at the nearer edge."""
    span = max((end - start).days, 1)
    width = CHART_WIDTH - LADDER_LEFT - PAD
    height = CHART_HEIGHT - 2 * PAD

    def x(day: dt.date) -> float:
        return LADDER_LEFT + min(max((day - start).days, 0), span) / span * width

    def y(rung: int) -> float:
        return PAD + height - min(max(rung, 0), top) / max(top, 1) * height

    points = [(x(start), y(first))]
    rung = first
    for day, reached in changes:
        points += [(x(day), y(rung)), (x(day), y(reached))]
        rung = reached
    points.append((x(end), y(rung)))
    return " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
