"""A quality report per file along the UK Government Data Quality Framework's dimensions.

Every rule belongs to one dimension (completeness, uniqueness, consistency, timeliness,
validity, accuracy); a dimension's score is the share of records with no *error* in it, and
the report also counts records with warnings. Accuracy can only be judged as far as the
specification has plausibility rules (placeholder NHS numbers, ages of 115 or more): the
report says so rather than claim more. Written as HTML (GOV.UK-like classes, readable offline;
:meth:`QualityReport.html_fragment` is the same without the page around it, for a web page),
as CSV (formula-safe) and as a tagged PDF (PDF/UA-1, WeasyPrint, made offline).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .model import DIMENSIONS
from .safe_csv import safe_cell
from .validate import Problem, RuleSummary, Validation

NOTES = {
    "completeness": "Required values that are blank, always or in the rows where they apply.",
    "uniqueness": "Repeated keys and events, exact copies of rows, and probable duplicates of "
    "a person.",
    "consistency": "Values that contradict each other (dates in the wrong order, values given "
    "where they do not apply).",
    "timeliness": "Events dated outside the reporting period the file states.",
    "validity": "Values of the wrong type, shape or code list, or out of range.",
    "accuracy": "Plausibility only: whether values are true needs a check against another "
    "source (e.g. NHS number tracing).",
}


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    checks: int
    errors: int
    warnings: int
    records_with_errors: int
    records_with_warnings: int
    score: float | None  # share of records with no error; None when nothing judges it
    note: str


@dataclass(frozen=True)
class FieldQuality:
    field: str
    in_file: bool
    filled: int
    fill_share: float
    errors: int
    warnings: int


@dataclass(frozen=True)
class QualityReport:
    file: str
    spec: str
    spec_version: str
    rows: int
    errors: int
    warnings: int
    dimensions: tuple[DimensionScore, ...]
    fields: tuple[FieldQuality, ...]
    rules: tuple[RuleSummary, ...]
    first_problems: tuple[Problem, ...]
    created: str

    def write_csv(self, target: str | Path) -> None:
        """One row per measure: section, name, measure, value (formula-safe cells)."""
        with Path(target).open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["section", "name", "measure", "value"])
            writer.writerows(
                [
                    ("file", self.file, "records", self.rows),
                    ("file", self.file, "errors", self.errors),
                    ("file", self.file, "warnings", self.warnings),
                ]
            )
            for d in self.dimensions:
                for measure in (
                    "checks",
                    "errors",
                    "warnings",
                    "records_with_errors",
                    "records_with_warnings",
                    "score",
                ):
                    value = getattr(d, measure)
                    writer.writerow(
                        ["dimension", d.dimension, measure, "" if value is None else value]
                    )
            for f in self.fields:
                for measure in ("in_file", "filled", "fill_share", "errors", "warnings"):
                    writer.writerow(
                        [safe_cell(x) for x in ("field", f.field, measure, getattr(f, measure))]
                    )
            for r in self.rules:
                writer.writerow([safe_cell(x) for x in ("rule", r.rule, "problems", r.count)])

    def write_html(self, target: str | Path) -> None:
        Path(target).write_text(self.html(), encoding="utf-8")

    def html(self) -> str:
        """The report as a self-contained HTML page."""
        return _environment().get_template("quality.html").render(report=self)

    def html_fragment(self) -> str:
        """The report's content without the page around it (no styles): for a web page that
        has the GOV.UK classes already."""
        return _environment().get_template("quality_body.html").render(report=self)

    def write_pdf(self, target: str | Path) -> None:
        """Write the report as a tagged, accessible PDF (PDF/UA-1)."""
        Path(target).write_bytes(self.pdf())

    def pdf(self) -> bytes:
        """The report as a tagged PDF (PDF/UA-1), made offline.

        Nothing is fetched (only ``data:`` URLs would be): the page is self-contained and
        the fonts are the machine's (Arial, or a metric twin such as Liberation Sans).
        """
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher

        offline = URLFetcher(allowed_protocols={"data"})
        document = HTML(string=self.html(), url_fetcher=offline)
        return document.write_pdf(pdf_variant="pdf/ua-1")


def quality_report(validation: Validation, *, first_problems: int = 200) -> QualityReport:
    """Measure ``validation``'s file along the six dimensions.

    >>> from joinedup.specs import get_spec, validate
    >>> with validate("tests/data/specs/asc-cld-sample.csv", get_spec("asc-cld")) as result:
    ...     quality_report(result).dimensions[0].dimension
    'completeness'
    """
    con = validation.con
    con.execute("CREATE OR REPLACE TEMP TABLE rule_dimensions (rule VARCHAR, dimension VARCHAR)")
    con.executemany(
        "INSERT INTO rule_dimensions VALUES (?, ?)",
        [(rule.id, rule.dimension) for rule in validation.rules],
    )
    counts = {
        (dimension, severity): (problems, records)
        for dimension, severity, problems, records in con.execute(
            "SELECT d.dimension, p.severity, count(*), count(DISTINCT p.row) FILTER (p.row > 1) "
            "FROM problems p JOIN rule_dimensions d USING (rule) GROUP BY ALL"
        ).fetchall()
    }
    checks = {d: sum(rule.dimension == d for rule in validation.rules) for d in DIMENSIONS}
    dimensions = []
    for dimension in DIMENSIONS:
        errors, error_rows = counts.get((dimension, "error"), (0, 0))
        warnings, warning_rows = counts.get((dimension, "warning"), (0, 0))
        judged = checks[dimension] > 0
        dimensions.append(
            DimensionScore(
                dimension,
                checks[dimension],
                errors,
                warnings,
                error_rows,
                warning_rows,
                1 - error_rows / validation.rows if judged else None,
                NOTES[dimension] if judged else "Not judged: the specification has no rule for it.",
            )
        )
    by_field = {
        (field, severity): count
        for field, severity, count in con.execute(
            "SELECT field, severity, count(*) FROM problems GROUP BY ALL"
        ).fetchall()
    }
    filled = validation.fill_counts()
    fields = []
    for field in validation.spec.fields:
        shown = validation.written(field.name)
        count = filled.get(field.name, 0)
        fields.append(
            FieldQuality(
                shown,
                field.name in validation.found,
                count,
                count / validation.rows,
                by_field.get((shown, "error"), 0),
                by_field.get((shown, "warning"), 0),
            )
        )
    return QualityReport(
        file=Path(validation.path).name,
        spec=validation.spec.name,
        spec_version=validation.spec.version,
        rows=validation.rows,
        errors=validation.errors,
        warnings=validation.warnings,
        dimensions=tuple(dimensions),
        fields=tuple(fields),
        rules=tuple(validation.summary()),
        first_problems=tuple(validation.problems(limit=first_problems)),
        created=dt.datetime.now().strftime("%d %B %Y %H:%M"),
    )


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("joinedup.specs", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    environment.filters["percent"] = lambda v: "—" if v is None else f"{v:.1%}"
    environment.filters["thousands"] = lambda v: f"{v:,}"
    return environment
