"""Tests that race real threads against a real database: each thread has its own connection,
and the rows they share are really committed."""

import threading

import pytest
from django.db import connection, connections


def needs_real_concurrency(what: str = "concurrent requests") -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            f"SQLite lets one writer in at a time, so {what} cannot race there; run with "
            "DATABASE_URL=postgres://... (CI does) to test them."
        )


def in_threads(target, count: int) -> list:
    """Run `target(n)` in `count` threads at once, each with its own database connection, and
    return their results in order (re-raising the first error)."""
    results: list = [None] * count
    errors: list[BaseException] = []
    start = threading.Barrier(count, timeout=30)

    def run(n):
        try:
            start.wait()
            results[n] = target(n)
        except BaseException as error:  # re-raised in the test thread below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]
    return results


def committed(test):
    """For tests whose rows other threads or processes must see: real commits instead of the
    test's rolled-back transaction, and the database put back as migrations left it afterwards
    (`database_restored_afterwards` in conftest)."""
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.usefixtures("database_restored_afterwards")(test)
