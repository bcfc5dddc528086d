"""A dose in words ("2 sets of 8 repetitions, hold 3 seconds, twice a day, light band"), the one
wording for the catalogue's pages and the program's prescriptions. Pure: values in, words out."""

SESSIONS_PER_DAY_MAX = 5  # the most times a day any home exercise is prescribed
DAYS_PER_WEEK_MAX = 7  # every day

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def times_a_day(n: int) -> str:
    return {1: "once a day", 2: "twice a day"}.get(n, f"{n} times a day")


def times_a_day_range(start: int, most: int) -> str:
    """The catalogue's cadence, e.g. "once a day, building to twice"."""
    if start == most:
        return times_a_day(start)
    if start == 1 and most == 2:
        return "once a day, building to twice"
    return f"{start}-{most} times a day"


def repetitions(sets: int, low: int, high: int | None = None, *, per_side: bool = False) -> str:
    """ "8 repetitions", "6-8 repetitions each side", "2 sets of 8 repetitions"."""
    same = high is None or high == low
    reps = plural(low, "repetition") if same else f"{low}-{high} repetitions"
    if per_side:
        reps += " each side"
    return f"{sets} sets of {reps}" if sets > 1 else reps


def hold(seconds: int | None) -> str:
    return f"hold {plural(seconds, 'second')}" if seconds else ""


def band(slug: str | None) -> str:
    return f"{slug.replace('-', ' ')} band" if slug else ""


def in_words(*parts: str) -> str:
    return ", ".join(part for part in parts if part)
