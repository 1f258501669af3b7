"""A lint, run as a test: every table of our pages sits in a ``joinedup-table-scroll`` box, so
that a wide table scrolls sideways in its box and the page never does (WCAG 1.4.10, reflow at
320 CSS pixels). The box's behaviour is tested in a browser
(tests/browser/test_layout_and_forms.py).
"""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "joinedup"
TABLE = re.compile(r"<table\b")
WRAPPED = re.compile(r'<div class="joinedup-table-scroll"><table\b')


def page_templates():
    return sorted(SRC.glob("*/jinja2/**/*.html"))


def test_there_are_tables_to_check():
    with_tables = [p for p in page_templates() if TABLE.search(p.read_text())]
    assert len(with_tables) >= 15


def test_every_table_is_in_a_scroll_box():
    problems = []
    for path in page_templates():
        text = path.read_text()
        if len(TABLE.findall(text)) != len(WRAPPED.findall(text)):
            problems.append(str(path.relative_to(SRC)))
    assert not problems, (
        'Put each <table> in <div class="joinedup-table-scroll">…</div>:\n' + "\n".join(problems)
    )
