"""Server-drawn SVG charts: pure geometry, so every chart works without JavaScript.

One module for every chart (pain before and after, sessions per week, each exercise's
ladder), each a `Chart` of plain shapes that `templates/includes/chart.html` draws. Every
chart is `WIDTH` units wide and its text `FONT` units tall; the page draws a chart at most
27rem (486 px, site.css) wide, and on a 390 px phone about 354 px wide (the page's padding
aside), so its text is drawn at 15.7 px there and at most 22 px on a wide screen: an SVG
scales its text with its width.
"""

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

WIDTH = 360  # viewBox units across, for every chart
FONT = 16  # text size in viewBox units (`.chart-label` in site.css)
PAD = 12
ROW = 30  # one line of text in a chart, with its gap

# Names kept for the ladder's geometry (its tests).
CHART_WIDTH = WIDTH
CHART_HEIGHT = 200  # the plotted area of the pain and ladder charts, dates below it
LADDER_LEFT = 74  # room on the left of a ladder chart for its "Step 18" labels
PAIN_LEFT = 34  # room on the left of the pain chart for "10"
WEEK_DAYS = 7


class Line(NamedTuple):
    x1: float
    y1: float
    x2: float
    y2: float
    cls: str


class Polyline(NamedTuple):
    points: str
    cls: str


class Dot(NamedTuple):
    cx: float
    cy: float
    cls: str


class Box(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    cls: str


class Text(NamedTuple):
    x: float
    y: float
    text: str
    anchor: str = "start"  # "start", "middle" or "end"
    cls: str = "chart-label"


class Chart(NamedTuple):
    """What one chart draws, back to front; `kind` names its CSS class."""

    kind: str
    height: int
    lines: list[Line]
    boxes: list[Box]
    polylines: list[Polyline]
    dots: list[Dot]
    texts: list[Text]
    width: int = WIDTH


def day_label(day: dt.date) -> str:
    """A date as the charts write it, e.g. "3 Nov"."""
    return f"{day.day} {day:%b}"


# --- pain before and after each session -----------------------------------------------------


def polyline(values: Sequence[int], *, top: int = 10, left: int = PAD) -> str:
    """SVG points for values from 0 to `top`, spread evenly from `left` across the chart."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in _spread(values, top=top, left=left))


def _spread(values: Sequence[int], *, top: int, left: int) -> list[tuple[float, float]]:
    span = WIDTH - left - PAD
    height = CHART_HEIGHT - 2 * PAD
    if len(values) == 1:  # one session: a point in the middle, not against an axis
        xs = [left + span / 2]
    else:
        xs = [left + i * span / max(len(values) - 1, 1) for i in range(len(values))]
    return [
        (x, PAD + height - (min(max(v, 0), top) / top) * height)
        for x, v in zip(xs, values, strict=True)
    ]


def pain_chart(sessions: Sequence[tuple[dt.date, int, int]]) -> Chart | None:
    """Pain before and after each session, (day, before, after) oldest first, from 0 at the
    bottom to 10 at the top, with the first and last dates under it. One session is two dots
    with their values; none is no chart (the page says so in words)."""
    if not sessions:
        return None
    bottom, top = CHART_HEIGHT - PAD, PAD
    before = _spread([s[1] for s in sessions], top=10, left=PAIN_LEFT)
    after = _spread([s[2] for s in sessions], top=10, left=PAIN_LEFT)
    lines = [Line(PAIN_LEFT, bottom, WIDTH - PAD, bottom, "chart-axis")]
    lines += [Line(PAIN_LEFT, y, WIDTH - PAD, y, "chart-grid") for y in (top, (top + bottom) / 2)]
    texts = [
        Text(PAIN_LEFT - 6, y + 6, str(value), "end")
        for value, y in ((10, top), (5, (top + bottom) / 2), (0, bottom))
    ]
    date_y = CHART_HEIGHT + 22
    first, last = sessions[0][0], sessions[-1][0]
    polylines, dots = [], []
    if len(sessions) == 1:
        (x, y_before), (_, y_after) = before[0], after[0]
        texts += [
            Text(x - 12, y_before + 6, f"before {sessions[0][1]}", "end"),
            Text(x + 12, y_after + 6, f"after {sessions[0][2]}"),
            Text(x, date_y, day_label(first), "middle"),
        ]
    else:
        polylines = [
            Polyline(" ".join(f"{x:.1f},{y:.1f}" for x, y in before), "pain-before"),
            Polyline(" ".join(f"{x:.1f},{y:.1f}" for x, y in after), "pain-after"),
        ]
        texts += [Text(PAIN_LEFT, date_y, day_label(first))]
        texts += [Text(WIDTH - PAD, date_y, day_label(last), "end")]
    dots = [Dot(x, y, "dot-before") for x, y in before]
    dots += [Dot(x, y, "dot-after") for x, y in after]
    return Chart("pain", CHART_HEIGHT + 34, lines, [], polylines, dots, texts)


# --- sessions per week ----------------------------------------------------------------------

BAR_LEFT = 70  # the week's date, e.g. "29 Dec", to the left of its bar
BAR_RIGHT = 44  # room after the longest bar for its count
BAR_TOP = ROW  # the target's label above the first bar
BAR_HEIGHT = 20


class Bar(NamedTuple):
    """One week's bar: the row it stands on, how long it is, and its labels."""

    y: int
    length: int
    label: int
    met: bool


def _bar_length(days: int) -> int:
    return round(min(max(days, 0), WEEK_DAYS) / WEEK_DAYS * (WIDTH - BAR_LEFT - BAR_RIGHT))


def week_bars(weeks: Sequence[tuple[int, bool]]) -> list[Bar]:
    """A bar per week for (sessions done, target met), oldest at the top as in the table
    under it, 0 to 7 sessions long."""
    return [
        Bar(y=BAR_TOP + n * ROW, length=_bar_length(done), label=done, met=met)
        for n, (done, met) in enumerate(weeks)
    ]


def target_x(target: int) -> int:
    """Where the target's line stands: as far along as a bar of that many days."""
    return BAR_LEFT + _bar_length(target)


def week_chart(weeks: Sequence[tuple[dt.date, int, bool]], *, target: int) -> Chart | None:
    """Sessions done each week, (Monday, done, target met) oldest first: a row per week, its
    date on the left and its count after the bar (with a tick when the target was met), and
    a dashed line at the target. Rows keep 52 weeks readable on a phone, where 52 upright
    bars could carry no dates. No weeks is no chart."""
    if not weeks:
        return None
    bars = week_bars([(done, met) for _, done, met in weeks])
    boxes, texts = [], [Text(target_x(target), FONT, f"target {target}", "middle")]
    for (monday, _, _), bar in zip(weeks, bars, strict=True):
        middle = bar.y + BAR_HEIGHT / 2 + 6
        boxes.append(Box(BAR_LEFT, bar.y, bar.length, BAR_HEIGHT, "bar-met" if bar.met else "bar"))
        texts.append(Text(BAR_LEFT - 8, middle, day_label(monday), "end"))
        texts.append(
            Text(BAR_LEFT + bar.length + 6, middle, f"{bar.label}{' ✓' if bar.met else ''}")
        )
    bottom = BAR_TOP + len(weeks) * ROW
    lines = [
        Line(BAR_LEFT, BAR_TOP - 4, BAR_LEFT, bottom, "chart-axis"),
        Line(target_x(target), BAR_TOP - 4, target_x(target), bottom, "target-line"),
    ]
    return Chart("bar", bottom + 4, lines, boxes, [], [], texts)


# --- an exercise's ladder -------------------------------------------------------------------


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
    return " ".join(
        f"{px:.1f},{py:.1f}"
        for px, py in _steps(changes, start=start, end=end, first=first, top=top)
    )


def _steps(changes, *, start, end, first, top) -> list[tuple[float, float]]:
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
    # On the first day there is no time to draw across: the chart's whole width is today.
    points.append((x(end) if end > start else CHART_WIDTH - PAD, y(rung)))
    return points


def ladder_chart(
    changes: Sequence[tuple[dt.date, int]],
    *,
    start: dt.date,
    end: dt.date,
    first: int,
    top: int,
) -> Chart:
    """An exercise's steps over time (see `step_line`), step 1 and the top step named on the
    left, the start date and "today" below, and a dot where it stands today."""
    points = _steps(changes, start=start, end=end, first=first, top=top)
    bottom = CHART_HEIGHT - PAD
    date_y = CHART_HEIGHT + 22
    texts = [
        Text(LADDER_LEFT - 8, bottom + 6, "Step 1", "end"),
        Text(LADDER_LEFT - 8, PAD + 6 + 4, f"Step {top + 1}", "end"),
        Text(CHART_WIDTH - PAD, date_y, "Today", "end"),
    ]
    if end > start:
        texts.append(Text(LADDER_LEFT, date_y, day_label(start)))
    lines = [
        Line(LADDER_LEFT, bottom, CHART_WIDTH - PAD, bottom, "chart-axis"),
        Line(LADDER_LEFT, PAD, LADDER_LEFT, bottom, "chart-axis"),
    ]
    line = Polyline(" ".join(f"{px:.1f},{py:.1f}" for px, py in points), "ladder-line")
    return Chart(
        "ladder", CHART_HEIGHT + 34, lines, [], [line], [Dot(*points[-1], "dot-now")], texts
    )
