"""Accessibility checks with axe-core (bundled in axe-playwright-python).

``assert_accessible(page)`` fails the test on every serious or critical violation of the
WCAG 2.0/2.1/2.2 A and AA rules, the tags FingertipsNext checks. Minor and moderate
violations are not failures, but are printed so they can be seen in the test output.
axe finds only part of WCAG failures: keyboard, screen reader and zoom still need people.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}

_axe = Axe()  # reads axe.min.js once


def axe_violations(page, *, disable_rules: Iterable[str] = ()) -> list[dict]:
    """Run axe on the page as it is now and return its violations (axe's own dicts)."""
    options: dict = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    disabled = list(disable_rules)
    if disabled:
        options["rules"] = {rule: {"enabled": False} for rule in disabled}
    return _axe.run(page, options=options).response["violations"]


def format_violation(violation: dict) -> str:
    targets = [", ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
    lines = [
        f"- {violation['id']} ({violation['impact']}): {violation['help']}",
        f"  {violation.get('helpUrl', '')}",
    ]
    lines += [f"    at {target}" for target in targets[:10]]
    if len(targets) > 10:
        lines.append(f"    ... and {len(targets) - 10} more")
    return "\n".join(lines)


def assert_accessible(page, *, disable_rules: Iterable[str] = ()) -> None:
    """Fail the test, listing them, if axe finds serious or critical violations on the page.

    ``disable_rules`` switches named axe rules off for this check; say why where it is used.
    """
    violations = axe_violations(page, disable_rules=disable_rules)
    failing = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    others = [v for v in violations if v.get("impact") not in FAILING_IMPACTS]
    if others:
        print(f"axe: {len(others)} minor/moderate violation(s) on {page.url}:")
        print("\n".join(format_violation(v) for v in others))
    if failing:
        report = "\n".join(format_violation(v) for v in failing)
        pytest.fail(
            f"axe found {len(failing)} serious or critical accessibility violation(s) "
            f"on {page.url}:\n{report}",
            pytrace=False,
        )
