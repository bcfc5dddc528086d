from tracking.charts import CHART_HEIGHT, PAD, polyline


def test_no_sessions_draw_no_line():
    assert polyline([]) == ""


def test_zero_pain_sits_on_the_bottom_and_ten_on_the_top():
    points = [tuple(map(float, p.split(","))) for p in polyline([0, 10]).split()]
    assert points[0][1] == CHART_HEIGHT - PAD
    assert points[1][1] == PAD


def test_a_single_session_draws_one_point():
    assert len(polyline([4]).split()) == 1
