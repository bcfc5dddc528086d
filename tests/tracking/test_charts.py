from tracking import charts
from tracking.charts import CHART_HEIGHT, PAD, polyline


def test_no_sessions_draw_no_line():
    assert polyline([]) == ""


def test_zero_pain_sits_on_the_bottom_and_ten_on_the_top():
    points = [tuple(map(float, p.split(","))) for p in polyline([0, 10]).split()]
    assert points[0][1] == CHART_HEIGHT - PAD
    assert points[1][1] == PAD


def test_a_single_session_draws_one_point():
    assert len(polyline([4]).split()) == 1


def test_a_week_bar_grows_with_the_days_done_up_to_a_full_week():
    bars = charts.week_bars([(0, False), (3, True), (7, True), (9, True)])

    assert [bar.height for bar in bars] == [0, 43, 100, 100]
    assert [bar.x for bar in bars] == [0, 40, 80, 120]
    assert [bar.label for bar in bars] == [0, 3, 7, 9]


def test_the_target_line_stands_at_the_height_of_that_many_days():
    assert charts.target_height(3) == 43
    assert charts.target_height(4) == 57
