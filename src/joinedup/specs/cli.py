"""`joinedup validate FILE --spec NAME`: check a file, print a summary, write the reports.

Exit codes: 0 no errors (warnings alone are fine), 1 errors found, 2 the file (or the
specification) cannot be used at all. Progress goes to stderr as a Rich progress bar, so that
stdout stays a plain summary.
"""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import SpecError, UnusableInput
from .quality import quality_report
from .registry import get_spec
from .validate import validate

CLEAN, ERRORS, UNUSABLE = 0, 1, 2
# Files smaller than this finish before a progress bar would be worth drawing.
PROGRESS_FROM_BYTES = 20_000_000


def run_validate(
    file: Path,
    spec_name: str,
    report: Path | None = None,
    errors_csv: Path | None = None,
    quality_csv: Path | None = None,
    earlier: Path | None = None,
    show: int = 20,
    areas: Path | None = None,
) -> int:
    """The command's work, returning its exit code (Typer calls this; tests may too)."""
    out, err = Console(highlight=False), Console(stderr=True, highlight=False)
    try:
        spec = get_spec(spec_name)
    except (KeyError, SpecError) as error:
        err.print(f"Error: {error.args[0] if isinstance(error, KeyError) else error}")
        return UNUSABLE
    codes = None
    if areas is not None:
        try:
            codes = read_area_codes(areas)
        except ValueError as error:
            err.print(f"Error: {error}")
            return UNUSABLE
    try:
        validation = _validate_with_progress(file, spec, earlier, err, codes)
    except UnusableInput as error:
        err.print(f"Error: {file} cannot be validated: {error.problem}")
        return UNUSABLE
    except ValueError as error:  # e.g. earlier data without the needed columns
        err.print(f"Error: {error}")
        return UNUSABLE
    with validation:
        errors, warnings = validation.errors, validation.warnings
        out.print(
            f"{file}: {validation.rows:,} records checked against {spec.name} "
            f"{spec.version}: {errors:,} errors, {warnings:,} warnings."
        )
        _print_summary(out, validation, show)
        if errors_csv:
            validation.write_errors_csv(errors_csv)
            out.print(f"Every problem is in {errors_csv}.")
        if report or quality_csv:
            quality = quality_report(validation)
            if report:
                if report.suffix.lower() == ".pdf":
                    quality.write_pdf(report)
                else:
                    quality.write_html(report)
                out.print(f"Quality report: {report}")
            if quality_csv:
                quality.write_csv(quality_csv)
                out.print(f"Quality measures: {quality_csv}")
    return ERRORS if errors else CLEAN


def read_area_codes(path: Path) -> set[str]:
    """The ``code`` column of an areas CSV (as ``joinedup import-areas`` reads)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if "code" not in (reader.fieldnames or []):
                raise ValueError(f"{path}: row 1 needs a column called code (ONS area codes).")
            return {row["code"].strip() for row in reader if (row["code"] or "").strip()}
    except OSError as error:
        raise ValueError(f"{path}: {error.strerror}.") from None


def _validate_with_progress(file: Path, spec, earlier, err: Console, areas=None):
    size = file.stat().st_size if file.is_file() else 0
    if size < PROGRESS_FROM_BYTES:
        return validate(file, spec, earlier=earlier, areas=areas)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("Reading the file", total=None)

        def advance(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage, completed=done, total=total)

        return validate(file, spec, earlier=earlier, progress=advance, areas=areas)


def _print_summary(out: Console, validation, show: int) -> None:
    found = [rule for rule in validation.summary() if rule.count]
    if found:
        table = Table(title="Problems by rule", show_lines=False)
        for heading in ("rule", "severity", "problems", "first row"):
            table.add_column(
                heading, justify="right" if heading in ("problems", "first row") else "left"
            )
        for rule in found:
            table.add_row(rule.rule, rule.severity, f"{rule.count:,}", str(rule.first_row))
        out.print(table)
    for problem in validation.problems(limit=show):
        out.print(
            f"row {problem.row}, {problem.field}: {problem.message} [{problem.severity}]",
            markup=False,
        )
    total = validation.errors + validation.warnings
    if total > show:
        out.print(f"... and {total - show:,} more: use --errors FILE.csv to have them all.")


def register(app: typer.Typer) -> None:
    """Add the `validate` command to the `joinedup` command line."""

    @app.command("validate")
    def validate_command(
        file: Path = typer.Argument(..., help="The CSV, XLSX or Parquet file to check."),
        spec: str = typer.Option(
            ..., "--spec", help="A shipped specification (asc-cld, ...) or a .json file."
        ),
        report: Path | None = typer.Option(
            None, help="Write the quality report here: PDF if the name ends .pdf, else HTML."
        ),
        errors: Path | None = typer.Option(
            None, help="Write every problem here (CSV: row,field,value,rule,severity,message)."
        ),
        quality_csv: Path | None = typer.Option(None, help="Write the quality measures (CSV)."),
        earlier: Path | None = typer.Option(
            None, help="Accepted data (Parquet) to look for the same people in."
        ),
        show: int = typer.Option(20, help="How many problems to print."),
        areas: Path | None = typer.Option(
            None, help="The area lookup (CSV with a code column): area codes must be in it."
        ),
    ) -> None:
        """Check a data file against a specification: exit 0 clean, 1 errors, 2 unusable."""
        raise typer.Exit(
            run_validate(file, spec, report, errors, quality_csv, earlier, show, areas)
        )
