"""Known vulnerabilities in the packages the project installs: `make audit`.

pip-audit (pinned below, in a venv of its own under var/ so it never changes the project's
packages) reads every distribution installed in .venv (the pins of pyproject.toml and what they
pull in) and asks PyPI's vulnerability data about each exact version.

A package index that mirrors packages but not that data answers "not found" for every package,
and pip-audit then reports "No known vulnerabilities found" after checking nothing. This script
counts what was really checked and says plainly when it was nothing.

Exit status: 0 every package checked and none has an advisory (or only some could be checked:
they are listed); 1 advisories found; 2 nothing could be checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = "pip-audit==2.10.1"
TOOL_VENV = ROOT / "var" / "audit-venv"
PROJECT_PACKAGES = Path(sysconfig.get_paths()["purelib"])  # this interpreter is .venv's


def say(message: str = "") -> None:
    print(message, flush=True)


def tool() -> Path | None:
    """pip-audit in its own venv, installed on first use; None if it cannot be installed."""
    executable = TOOL_VENV / "bin" / "pip-audit"
    stamp = TOOL_VENV / ".installed"
    if executable.exists() and stamp.exists() and stamp.read_text() == TOOL:
        return executable
    say(f"Installing {TOOL} into {TOOL_VENV.relative_to(ROOT)} ...")
    venv.create(TOOL_VENV, with_pip=True, clear=True)
    result = subprocess.run(
        [str(TOOL_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", TOOL],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        say(f"pip-audit could not be installed ({last}).")
        return None
    stamp.write_text(TOOL)
    return executable


def main() -> int:
    executable = tool()
    if executable is None:
        say("NOT CHECKED: no package index was reachable to install pip-audit, so no")
        say("vulnerability database was consulted. Run `make audit` again with network access.")
        return 2
    result = subprocess.run(
        [
            str(executable),
            *["--path", str(PROJECT_PACKAGES), "--skip-editable", "--format", "json"],
            *["--progress-spinner", "off", "--timeout", "15"],
        ],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        say(f"NOT CHECKED: the vulnerability database could not be reached ({last}).")
        return 2
    return summarise(report["dependencies"])


def summarise(dependencies: list[dict]) -> int:
    checked = [d for d in dependencies if "vulns" in d]
    skipped = [d for d in dependencies if "vulns" not in d]
    affected = [d for d in checked if d["vulns"]]
    say(f"{len(dependencies)} installed packages; {len(checked)} checked against PyPI's data.")
    if not checked:
        say("NOT CHECKED: the vulnerability database could not be reached (every package came")
        say("back 'not found', as from a package mirror without advisory data). No advisories")
        say("are known from this run; that is not a clean bill of health.")
        return 2
    for dependency in affected:
        for advisory in dependency["vulns"]:
            fixed = ", ".join(advisory.get("fix_versions", [])) or "no fixed version yet"
            package = f"{dependency['name']} {dependency['version']}"
            say(f"  {package}: {advisory['id']} (fixed in {fixed})")
    if skipped:
        say(f"Not checked ({len(skipped)}): " + ", ".join(d["name"] for d in skipped))
    if affected:
        say(f"{len(affected)} package(s) with known advisories: see above.")
        return 1
    say("No known advisories for the packages checked.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
