"""Server-drawn SVG charts: pure geometry, so every chart works without JavaScript."""

from collections.abc import Sequence

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
