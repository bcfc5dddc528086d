"""The one chart module: pain, sessions per week and ladders, with their words and dates,
in the same order as the tables under them (oldest first), for no, one, two and 52 weeks."""

import datetime as dt
import itertools

from tracking import charts
from tracking.charts import CHART_HEIGHT, FONT, PAD, WIDTH, polyline

MONDAY = dt.date(2026, 1, 5)


def mondays(count: int) -> list[dt.date]:
    return [MONDAY + dt.timedelta(weeks=n) for n in range(count)]


def words(chart: charts.Chart) -> list[str]:
    return [text.text for text in chart.texts]


def test_no_sessions_draw_no_line():
    assert polyline([]) == ""


def test_zero_pain_sits_on_the_bottom_and_ten_on_the_top():
    points = [tuple(map(float, p.split(","))) for p in polyline([0, 10]).split()]
    assert points[0][1] == CHART_HEIGHT - PAD
    assert points[1][1] == PAD


# --- pain -----------------------------------------------------------------------------------


def test_no_sessions_is_no_pain_chart():
    assert charts.pain_chart([]) is None


def test_one_session_is_two_points_with_their_values_and_date():
    chart = charts.pain_chart([(MONDAY, 3, 1)])

    assert len(chart.dots) == 2
    assert chart.polylines == []
    assert {"before 3", "after 1", "5 Jan"} <= set(words(chart))
    assert {dot.cx for dot in chart.dots} == {
        charts.PAIN_LEFT + (WIDTH - charts.PAIN_LEFT - PAD) / 2
    }


def test_two_sessions_draw_both_lines_from_the_first_date_on_the_left_to_the_last_on_the_right():
    chart = charts.pain_chart([(MONDAY, 2, 1), (MONDAY + dt.timedelta(days=2), 4, 6)])

    assert [line.cls for line in chart.polylines] == ["pain-before", "pain-after"]
    dates = {text.text: text for text in chart.texts if text.text.endswith("Jan")}
    assert dates["5 Jan"].x < dates["7 Jan"].x


def test_the_pain_axis_is_labelled_0_5_and_10_from_bottom_to_top():
    chart = charts.pain_chart([(MONDAY, 2, 1), (MONDAY, 4, 6)])

    axis = {text.text: text.y for text in chart.texts if text.text in {"0", "5", "10"}}
    assert axis["0"] > axis["5"] > axis["10"]


# --- sessions per week ----------------------------------------------------------------------


def test_no_weeks_is_no_week_chart():
    assert charts.week_chart([], target=3) is None


def test_one_week_is_one_labelled_bar_with_its_count():
    chart = charts.week_chart([(MONDAY, 2, False)], target=3)

    assert len(chart.boxes) == 1
    assert {"5 Jan", "2", "target 3"} <= set(words(chart))


def test_weeks_run_oldest_at_the_top_as_in_the_table_and_a_met_week_is_ticked():
    chart = charts.week_chart(
        [(MONDAY, 3, True), (MONDAY + dt.timedelta(weeks=1), 1, False)], target=3
    )

    first, second = chart.boxes
    assert first.y < second.y
    assert first.cls == "bar-met"
    assert second.cls == "bar"
    assert "3 ✓" in words(chart)
    assert "1" in words(chart)
    labels = [t for t in chart.texts if t.text in {"5 Jan", "12 Jan"}]
    assert [t.text for t in sorted(labels, key=lambda t: t.y)] == ["5 Jan", "12 Jan"]


def test_52_weeks_each_have_their_date_on_a_row_of_their_own():
    weeks = [(monday, n % 5, n % 5 >= 3) for n, monday in enumerate(mondays(52))]

    chart = charts.week_chart(weeks, target=3)

    rows = [box.y for box in chart.boxes]
    assert len(rows) == 52
    assert rows == sorted(rows)
    assert all(later - earlier >= FONT for earlier, later in itertools.pairwise(rows))
    assert chart.height >= rows[-1] + charts.BAR_HEIGHT
    assert sum(1 for text in chart.texts if text.anchor == "end") == 52  # a date per row


def test_a_bar_grows_with_the_days_done_up_to_a_full_week_and_the_target_line_with_it():
    bars = charts.week_bars([(0, False), (3, True), (7, True), (9, True)])

    lengths = [bar.length for bar in bars]
    assert lengths[0] == 0 < lengths[1] < lengths[2] == lengths[3]
    assert charts.target_x(3) == charts.BAR_LEFT + lengths[1]
    assert charts.target_x(4) > charts.target_x(3)


def test_the_longest_bar_leaves_room_for_its_count_inside_the_chart():
    chart = charts.week_chart([(MONDAY, 7, True)], target=4)

    [count] = [text for text in chart.texts if text.text == "7 ✓"]
    assert count.x + 3 * FONT * 0.6 <= WIDTH


# --- the ladder -----------------------------------------------------------------------------


def test_a_ladder_on_its_first_day_still_draws_a_line_and_says_today():
    chart = charts.ladder_chart([], start=MONDAY, end=MONDAY, first=0, top=5)

    [line] = chart.polylines
    xs = {float(point.split(",")[0]) for point in line.points.split()}
    assert len(xs) == 2
    assert "Today" in words(chart)
    assert "Step 6" in words(chart)


def test_every_chart_text_is_drawn_at_the_one_font_size_in_a_chart_of_the_one_width():
    drawn = [
        charts.pain_chart([(MONDAY, 1, 2)]),
        charts.week_chart([(MONDAY, 1, False)], target=3),
        charts.ladder_chart([], start=MONDAY, end=MONDAY + dt.timedelta(days=9), first=0, top=3),
    ]
    assert {chart.width for chart in drawn} == {WIDTH}
    assert {text.cls for chart in drawn for text in chart.texts} == {"chart-label"}
