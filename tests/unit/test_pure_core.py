"""The pure core never imports Django: the web app calls it, never the reverse (STYLE.md,
habit 1). Checked in the source and by importing each package in a fresh interpreter."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "joinedup"
PURE = ("stats", "indicators", "specs", "instruments", "store")
pytestmark = pytest.mark.pure  # no database: run once, not again on PostgreSQL
DJANGO_IMPORT = re.compile(r"^\s*(from|import)\s+django\b", re.MULTILINE)


@pytest.mark.parametrize("package", PURE)
def test_no_module_of_the_pure_core_imports_django(package):
    offenders = [
        str(path.relative_to(SRC))
        for path in (SRC / package).rglob("*.py")
        if DJANGO_IMPORT.search(path.read_text())
    ]
    assert (SRC / package / "__init__.py").exists()
    assert not offenders, f"Django imported by the pure core: {offenders}"


def test_importing_the_pure_core_loads_no_django():
    modules = " ".join(f"joinedup.{name}" for name in PURE)
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {modules.split()!r}:\n"
        "    package = importlib.import_module(name)\n"
        "    for info in pkgutil.walk_packages(package.__path__, name + '.'):\n"
        "        if not info.name.endswith('.cli'):\n"
        "            importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
