"""A lint, run as a test: view modules reach the register's scoped records only through the
signed-in user's scope (``Model.objects.visible_to(user)``), never ``Model.objects`` directly
and never ``get_object_or_404`` (see docs/adr/0002-scoped-queries.md)."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "joinedup"
# Geography and population are public reference data, not partnership records; a person's
# account is looked up by username only by an organisation admin adding them.
ALLOWED_UNSCOPED = {"Area", "AreaPopulation", "User"}
DIRECT = re.compile(r"\b([A-Z]\w*)\.objects\.(?!visible_to\()")


def view_modules():
    return sorted(p for p in SRC.glob("*/views/*.py")) + sorted(SRC.glob("*/views.py"))


def test_there_are_view_modules_to_check():
    names = {p.relative_to(SRC).as_posix() for p in view_modules()}
    assert {"partnerships/views/pages.py", "places/views/services.py", "accounts/views.py"} <= names


def test_views_use_only_scoped_querysets():
    problems = []
    for path in view_modules():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for model in DIRECT.findall(line):
                if model not in ALLOWED_UNSCOPED:
                    problems.append(f"{path.relative_to(SRC)}:{number}: {model}.objects")
            if "get_object_or_404" in line:
                problems.append(f"{path.relative_to(SRC)}:{number}: get_object_or_404")
    assert not problems, "Reach records through visible_to(user):\n" + "\n".join(problems)
