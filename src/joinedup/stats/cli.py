"""`joinedup stats`: a public health method on a CSV of aggregate numbers, to a CSV (a stable
contract: other tools and checks call it).

Only Typer is imported here at start-up; pandas and the methods load when the command runs, so
`joinedup --help` stays fast. The work is in :mod:`joinedup.stats.table`; this module checks the
options, reports problems and writes the output atomically (a temporary file in the output's
folder, renamed at the end), so bad input writes nothing and leaves an existing file untouched.
"""

import math
import os
import tempfile
from pathlib import Path

import typer

METHOD_NAMES = "proportion, rate, dsr, isratio, israte, mean, life-expectancy"


def stats(
    method: str = typer.Argument(
        ...,
        metavar="METHOD",
        help=f"One of: {METHOD_NAMES}.",
        show_default=False,
    ),
    input_file: str = typer.Argument(
        ...,
        metavar="INPUT.csv",
        help=(
            "UTF-8 CSV with a header row. Columns: numerator,denominator (proportion, rate); "
            "numerator,denominator,age_band with one row per band per group, bands 0-4, 5-9, "
            "..., 85-89, 90+ (dsr, isratio, israte); value, one row per value (mean); "
            "deaths,population,age_band with bands 0, 1-4, 5-9, ..., 85-89, 90+ "
            "(life-expectancy). Every other column is a grouping column, kept in the output. "
            "A blank cell is a missing number."
        ),
        show_default=False,
    ),
    output: str = typer.Option(
        ...,
        "--output",
        metavar="OUT.csv",
        help=(
            "Where to write the results: the grouping columns, then Count, Denominator, Value, "
            "'Lower CI 95.0 limit', 'Upper CI 95.0 limit' (and the same for each level), Method "
            "and Note (why a value is blank). Written only if the whole input is valid."
        ),
        show_default=False,
    ),
    confidence: list[float] = typer.Option(
        [],
        "--confidence",
        metavar="PERCENT",
        help=(
            "Confidence level of the limits, in percent; repeat for several. Default: both 95 "
            "and 99.8, like Fingertips downloads."
        ),
        show_default=False,
    ),
    multiplier: float | None = typer.Option(
        None,
        "--multiplier",
        metavar="N",
        help=(
            "Scale of the value: default 100 for proportion (a percentage), 100000 for rate, "
            "dsr and israte (per 100,000), 1 for isratio (a ratio; 100 for 'x 100'). Not used "
            "by mean or life-expectancy."
        ),
        show_default=False,
    ),
    reference: str | None = typer.Option(
        None,
        "--reference",
        metavar="REF.csv",
        help=(
            "isratio and israte (required): the reference population's events and population "
            "by age band, columns age_band,numerator,denominator. Its bands are the input's."
        ),
        show_default=False,
    ),
    standard_population: str | None = typer.Option(
        None,
        "--standard-population",
        metavar="STD.csv",
        help=(
            "dsr only: the standard population, columns age_band,population (or weight). "
            "Default: the 2013 European Standard Population in bands 0-4, ..., 85-89, 90+. Its "
            "bands are the input's."
        ),
        show_default=False,
    ),
    suppress_below: float | None = typer.Option(
        None,
        "--suppress-below",
        metavar="N",
        help=(
            "Blank the value and limits where Count is below N (for mean, where the number of "
            "values is below N), giving the reason in Note. Default: suppress nothing."
        ),
        show_default=False,
    ),
) -> None:
    """Compute a public health indicator method for every group of a CSV file.

    The methods of the national profiles (Fingertips, PHEindicatormethods):
    proportion (Wilson limits); rate (exact Poisson below 10 events, Byar's
    from 10); dsr (directly standardised rate, Dobson limits, none below 10
    events); isratio and israte (indirectly standardised ratio and rate);
    mean (Student's t limits); life-expectancy (Chiang II, Silcocks limits;
    one output row per group and age band).

    Bad input (a missing column, a negative count, a numerator above its
    denominator for a proportion, a missing or repeated age band, a cell
    that is not a number, an unreadable, empty or non-UTF-8 file) stops
    with each problem named by file, row (header row 1) and column, and
    writes nothing.
    """
    levels = _levels(confidence)
    _check_options(method, multiplier, reference, standard_population, suppress_below)
    target = _output_path(output, [input_file, reference, standard_population])

    from joinedup.stats.table import StatsInputError, compute

    try:
        frame = compute(
            method,
            input_file,
            levels=levels,
            multiplier=multiplier,
            reference=reference,
            standard_population=standard_population,
            suppress_below=suppress_below,
        )
    except StatsInputError as error:
        for message in error.messages:
            typer.echo(f"Error: {message}", err=True)
        typer.echo(f"Nothing was written to {output}.", err=True)
        raise typer.Exit(1) from None
    _write_atomically(frame, target)
    typer.echo(f"Wrote {len(frame)} row{'s' * (len(frame) != 1)} to {output}.")


def _levels(confidence: list[float]) -> tuple[float, ...]:
    if not confidence:
        return (0.95, 0.998)
    for percent in confidence:
        if not (math.isfinite(percent) and 1 < percent < 100):
            _fail(
                f"--confidence {percent:g}: give a level in percent, between 1 and 100 "
                "(for example 95 or 99.8)."
            )
    return tuple(dict.fromkeys(percent / 100 for percent in confidence))


def _check_options(method, multiplier, reference, standard_population, suppress_below) -> None:
    methods = [m.strip() for m in METHOD_NAMES.split(",")]
    if method not in methods:
        _fail(f"unknown method {method!r}: choose one of {METHOD_NAMES}.")
    if multiplier is not None:
        if method in ("mean", "life-expectancy"):
            _fail(f"--multiplier does not apply to {method}.")
        if not (math.isfinite(multiplier) and multiplier > 0):
            _fail(f"--multiplier {multiplier:g}: it must be a number above 0.")
    if method in ("isratio", "israte") and reference is None:
        _fail(f"{method} needs --reference REF.csv (columns age_band,numerator,denominator).")
    if reference is not None and method not in ("isratio", "israte"):
        _fail(f"--reference is for isratio and israte, not {method}.")
    if standard_population is not None and method != "dsr":
        _fail(f"--standard-population is for dsr, not {method}.")
    if suppress_below is not None and not (math.isfinite(suppress_below) and suppress_below > 0):
        _fail(f"--suppress-below {suppress_below:g}: it must be a number above 0.")


def _output_path(output: str, inputs: list[str | None]) -> Path:
    target = Path(output)
    folder = target.parent
    if target.is_dir():
        _fail(f"--output {output}: is a folder; give a file name.")
    if not folder.is_dir():
        _fail(f"--output {output}: the folder {folder} does not exist. Nothing was written.")
    for source in inputs:
        if source is not None and target.exists() and _same_file(target, Path(source)):
            _fail(f"--output {output}: is an input file; choose another name.")
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write_atomically(frame, target: Path) -> None:
    """Write to a temporary file in the output's folder, then rename it over the output."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            frame.to_csv(stream, index=False, lineterminator="\n")
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
    except BaseException as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(error, OSError):
            _fail(f"--output {target}: cannot be written ({error.strerror or error}).")
        raise


def _file_mode(target: Path) -> int:
    """The existing file's permissions, else what a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)
