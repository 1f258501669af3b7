"""The instruments package stays pure (no Django) and its docstring examples run."""

import ast
import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import joinedup.instruments

PACKAGE = Path(joinedup.instruments.__file__).parent
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__")


def test_no_module_imports_django():
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(name.split(".")[0] == "django" for name in names), path.name


def test_importing_the_package_loads_no_django():
    code = (
        "import sys, joinedup.instruments as i; i.default_registry(); "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module):
    imported = importlib.import_module(f"joinedup.instruments.{module}")
    failures, _ = doctest.testmod(
        imported, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert failures == 0
