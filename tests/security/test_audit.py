"""`make audit` (scripts/audit.py) reads pip-audit's report and says plainly what was checked:
advisories found, a clean result, or nothing checked at all because no vulnerability data could
be reached (which pip-audit itself reports as "No known vulnerabilities found")."""

import importlib.util

import pytest

from tests.reliability.processes import ROOT


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def checked(name, version, *vulns):
    return {"name": name, "version": version, "vulns": list(vulns)}


def skipped(name):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name}"}


def test_nothing_checked_is_said_plainly_and_is_not_a_pass(audit, capsys):
    status = audit.summarise([skipped("django"), skipped("celery")])

    assert status == 2
    assert "NOT CHECKED" in capsys.readouterr().out


def test_an_advisory_is_listed_with_its_fix_and_fails(audit, capsys):
    advisory = {"id": "PYSEC-0000-1", "fix_versions": ["6.1.4"]}

    status = audit.summarise([checked("django", "6.1.3", advisory), checked("celery", "5.7.0")])

    assert status == 1
    assert "django 6.1.3: PYSEC-0000-1 (fixed in 6.1.4)" in capsys.readouterr().out


def test_a_clean_audit_passes_and_names_what_it_could_not_check(audit, capsys):
    status = audit.summarise([checked("django", "6.1.3"), skipped("osteofit-tools")])

    assert status == 0
    out = capsys.readouterr().out
    assert "No known advisories for the packages checked." in out
    assert "Not checked (1): osteofit-tools" in out
