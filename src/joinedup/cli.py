"""The `joinedup` command: set up, load the demo place, serve, and check an installation."""

import os
import sys

import typer

app = typer.Typer(
    help="joinedup: one place for health and social care partnerships.",
    no_args_is_help=True,
    add_completion=False,
)


def _django(settings: str | None = None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings or "joinedup.config.settings.dev")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


@app.command()
def migrate() -> None:
    """Create or upgrade the database tables."""
    _django()
    from joinedup.config.settings.base import VAR_DIR

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _manage("migrate", "--no-input", "--verbosity", "0")
    typer.echo("Database is up to date.")


@app.command()
def demo(
    seed: int = typer.Option(2026, help="Random seed: the same seed gives the same place."),
) -> None:
    """Load the fictional demo place, Northshire (safe to run again: it changes nothing twice)."""
    _django()
    from joinedup.demo.load import DemoRefused, load_demo, refuse_in_production

    try:
        refuse_in_production()
        migrate()
        summary = load_demo(seed=seed, echo=typer.echo)
    except DemoRefused as error:
        _fail(str(error))
    typer.echo(summary)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    worker: bool = typer.Option(
        True, help="Also run a background worker (it checks submitted files)."
    ),
) -> None:
    """Serve the web app on this machine for a demo or development (not for production)."""
    import signal
    import subprocess

    migrate()
    process = None
    if worker:
        # The same command, as a separate process: checks must not block the web server. It
        # stops with the server, however the server stops.
        process = subprocess.Popen(
            [sys.executable, "-m", "joinedup", "worker"], preexec_fn=_die_with_parent
        )
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    typer.echo(f"joinedup is at http://{host}:{port}/  (Ctrl+C stops it)")
    try:
        _manage("runserver", f"{host}:{port}", "--noreload", "--skip-checks")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)


def _die_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM when the parent dies (elsewhere, do nothing)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM
    except (OSError, AttributeError):
        pass


@app.command()
def worker(
    batch: bool = typer.Option(False, help="Work through the queue, then stop."),
) -> None:
    """Run the background worker: it checks submitted files and loads accepted data."""
    _django()
    args = ["db_worker", "--no-reload", "--no-startup-delay", "--queue-name", "*"]
    _manage(*args, *(["--batch"] if batch else []))


@app.command()
def submit(
    file: str = typer.Argument(..., metavar="FILE", help="The CSV, XLSX or Parquet file to send."),
    spec: str = typer.Option(..., "--spec", help="The specification it follows (asc-cld, ...)."),
    organisation: str = typer.Option(
        ..., help="ODS/ONS code or exact name of the organisation sending it."
    ),
    period: str = typer.Option(..., help="Financial year (2025-26) or quarter (2025-26 Q1)."),
    username: str = typer.Option(
        ..., "--as", help="The sign-in name of the person sending it (they need the right)."
    ),
    place: str = typer.Option("", help="The place's short name, if the organisation has several."),
    now: bool = typer.Option(
        False, help="Check (and load) it in this process and wait, instead of queueing it."
    ),
) -> None:
    """Send a data file, as the web page does: exit 0 accepted or queued, 1 errors, 2 unusable."""
    _django()
    from pathlib import Path

    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db.models import Q

    from joinedup.places.models import Organisation
    from joinedup.submissions import actions, files, processing
    from joinedup.submissions.models import Status

    path = Path(file)
    if not path.is_file():
        _fail(f"{file}: there is no such file.")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        _fail(f"No active sign-in is called {username!r}.")
    match = Organisation.objects.filter(Q(code__iexact=organisation) | Q(name=organisation))
    if match.count() != 1:
        _fail(f"No single organisation has the code or name {organisation!r}.")
    chosen = match.get()
    places = chosen.places.filter(slug=place) if place else chosen.places.all()
    if places.count() != 1:
        _fail(
            f"{chosen.name} is in {places.count()} places matching {place or 'any'}: "
            "name one with --place."
        )
    try:
        with path.open("rb") as handle:
            submission = actions.submit(
                by=user,
                place=places.get(),
                organisation=chosen,
                spec_name=spec,
                period=period,
                chunks=iter(lambda: handle.read(files.CHUNK), b""),
                name=path.name,
                queue=not now,
            )
    except files.Refused as refusal:
        typer.echo(f"Error: {refusal}", err=True)
        raise typer.Exit(2) from None
    except (PermissionDenied, ValidationError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        _fail("; ".join(messages))
    typer.echo(f"Received {path.name} as submission {submission.pk} (SHA-256 {submission.sha256}).")
    if not now:
        typer.echo("Its checks are queued: `joinedup worker` runs them.")
        return
    status = processing.check(str(submission.pk))
    submission.refresh_from_db()
    if status == Status.IN_USE:
        typer.echo(
            f"Accepted: {submission.rows:,} records are in use ({submission.warnings:,} warnings)."
        )
        return
    if status == Status.REJECTED:
        typer.echo(
            f"Not accepted: {submission.errors:,} errors in {submission.rows:,} records. "
            "Nothing was loaded; see the submission's page for every problem."
        )
        raise typer.Exit(1)
    typer.echo(f"Not accepted: {submission.message}", err=True)
    raise typer.Exit(2)


@app.command("import-postcodes")
def import_postcodes(
    file: str = typer.Argument(
        ...,
        metavar="FILE.csv",
        help="ONS Postcode Directory extract (pcds, lsoa21cd) or postcode,lsoa_code.",
    ),
) -> None:
    """Replace the postcode-to-LSOA lookup that places social care records in small areas."""
    _django()
    from joinedup.store.postcodes import PostcodeLookupError, import_csv
    from joinedup.submissions.files import store_dir

    try:
        count = import_csv(store_dir(), file)
    except (OSError, PostcodeLookupError) as error:
        _fail(str(error))
    typer.echo(f"The postcode lookup now has {count:,} postcode{'' if count == 1 else 's'}.")


@app.command()
def createuser(
    username: str = typer.Argument(..., help="The sign-in name."),
    email: str = typer.Option("", help="Their email address."),
    organisation: str = typer.Option(
        "", help="ODS/ONS code or exact name of the organisation they belong to."
    ),
    role: str = typer.Option(
        "viewer", help="viewer, editor, admin or analyst in that organisation."
    ),
    superuser: bool = typer.Option(
        False, help="An installation administrator (sets up places and areas)."
    ),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, envvar="JOINEDUP_PASSWORD"
    ),
) -> None:
    """Create a sign-in, optionally as a member of an organisation with a role."""
    _django()
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.db.models import Q

    from joinedup.accounts import actions
    from joinedup.accounts.models import Role
    from joinedup.places.models import Organisation

    if role not in Role.values:
        _fail(f"--role must be one of {', '.join(Role.values)}, not {role!r}.")
    try:
        with transaction.atomic():
            user = actions.create_user(
                by=None, username=username, email=email, password=password, is_superuser=superuser
            )
            if organisation:
                match = Organisation.objects.filter(
                    Q(code__iexact=organisation) | Q(name=organisation)
                )
                if match.count() != 1:
                    _fail(f"No single organisation has the code or name {organisation!r}.")
                actions.add_member(by=None, organisation=match.get(), user=user, role=role)
    except ValidationError as error:
        _fail("; ".join(error.messages))
    typer.echo(f"Created {username}.")


@app.command()
def check(
    deploy: bool = typer.Option(False, help="Also run Django's production (deploy) checks."),
) -> None:
    """Check the installation: settings, database connection and pending migrations."""
    _django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    args = ["check", "--fail-level", "WARNING"] + (["--deploy"] if deploy else [])
    try:
        call_command(*args)
    except Exception as error:  # SystemCheckError carries the full report
        _fail(str(error))
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        _fail(f"Cannot reach the database {connection.settings_dict['NAME']}: {error}")
    if pending:
        _fail(f"{len(pending)} database migrations are not applied: run `joinedup migrate`.")
    typer.echo(f"All checks passed ({connection.vendor} database).")


@app.command("import-areas")
def import_areas(
    file: str = typer.Argument(
        ..., metavar="FILE.csv", help="CSV file with the columns code,name,parent_code."
    ),
    as_: str = typer.Option(
        ..., "--as", metavar="USERNAME", help="Username of the installation administrator."
    ),
    place: str = typer.Option(
        "", metavar="SLUG", help="Short name of a place to add the file's top-level areas to."
    ),
) -> None:
    """Load ONS areas from a CSV file, parents first; all or nothing (safe to run again)."""
    _django()
    from joinedup.places import imports

    try:
        result = imports.import_areas(file, by=imports.installation_admin(as_), place_slug=place)
    except imports.ImportProblems as problems:
        _fail_import(problems)
    typer.echo(result.summary())


@app.command("import-population")
def import_population(
    file: str = typer.Argument(
        ...,
        metavar="FILE.csv",
        help="CSV file with the columns area_code,year,sex,age_band,count.",
    ),
    as_: str = typer.Option(
        ..., "--as", metavar="USERNAME", help="Username of the installation administrator."
    ),
) -> None:
    """Load population by sex and five-year age band; replaces each area's figures for a year."""
    _django()
    from joinedup.places import imports

    try:
        result = imports.import_population(file, by=imports.installation_admin(as_))
    except imports.ImportProblems as problems:
        _fail_import(problems)
    typer.echo(result.summary())


@app.command("create-place")
def create_place(
    name: str = typer.Argument(..., help="The place's name, e.g. 'Northshire'."),
    slug: str = typer.Option(..., help="Its short name in web addresses, e.g. northshire."),
    area: list[str] = typer.Option([], help="ONS code of an area it covers (repeatable)."),
    description: str = typer.Option("", help="A sentence on who it is."),
    as_user: str = typer.Option(..., "--as", help="The installation administrator acting."),
) -> None:
    """Set up a new place (a local health and social care community) and its areas."""
    _django()
    from django.core.exceptions import PermissionDenied, ValidationError

    from joinedup.places import actions
    from joinedup.places.imports import ImportProblems, installation_admin
    from joinedup.places.models import Area

    try:
        by = installation_admin(as_user)
        areas = list(Area.objects.filter(code__in=[c.upper() for c in area]))
        missing = sorted({c.upper() for c in area} - {a.code for a in areas})
        if missing:
            _fail(
                f"No such area: {', '.join(missing)}. Import areas first (joinedup import-areas)."
            )
        place = actions.create_place(
            by=by, name=name, slug=slug, description=description, areas=areas
        )
    except ImportProblems as problems:
        _fail(problems.report())
    except (ValidationError, PermissionDenied) as error:
        _fail("; ".join(getattr(error, "messages", [str(error)])))
    typer.echo(f"Created {place.name} (/places/{place.slug}/) with {len(areas)} areas.")


@app.command("add-organisation")
def add_organisation(
    place: str = typer.Argument(..., help="The place's short name (slug)."),
    name: str = typer.Argument(..., help="The organisation's name."),
    kind: str = typer.Option(..., help="county_council, icb, acute_trust, voluntary, ..."),
    sector: list[str] = typer.Option([], help="A sector it serves (repeatable): nhs, housing, ..."),
    code: str = typer.Option("", help="Its ODS or ONS code, if it has one."),
    as_user: str = typer.Option(..., "--as", help="The installation administrator acting."),
) -> None:
    """Add an organisation to a place (the first ones; after that, editors add them on the web)."""
    _django()
    from django.core.exceptions import PermissionDenied, ValidationError

    from joinedup.places import actions
    from joinedup.places.choices import OrganisationKind, Sector
    from joinedup.places.imports import ImportProblems, installation_admin
    from joinedup.places.models import Place

    if kind not in OrganisationKind.values:
        _fail(f"--kind must be one of {', '.join(OrganisationKind.values)}, not {kind!r}.")
    unknown = [s for s in sector if s not in Sector.values]
    if unknown:
        _fail(f"Unknown sector {', '.join(unknown)}: choose from {', '.join(Sector.values)}.")
    target = Place.objects.filter(slug=place).first()
    if target is None:
        _fail(f"There is no place {place!r}: create it with joinedup create-place.")
    try:
        by = installation_admin(as_user)
        organisation = actions.create_organisation(
            by=by, place=target, name=name, kind=kind, sectors=sector, code=code
        )
    except ImportProblems as problems:
        _fail(problems.report())
    except (ValidationError, PermissionDenied) as error:
        _fail("; ".join(getattr(error, "messages", [str(error)])))
    typer.echo(f"Added {organisation.name} to {target.name}.")


# `joinedup stats`: its module imports only Typer; pandas and the methods load when it runs.
from joinedup.stats.cli import stats as stats_command  # noqa: E402

app.command("stats")(stats_command)


# `joinedup validate`: the pure specs package brings its own command (imported lazily, so
# that the other commands do not load DuckDB).
def _register_validate() -> None:
    from joinedup.specs.cli import register

    register(app)


_register_validate()


def _fail_import(problems) -> None:
    typer.echo(problems.report(), err=True)
    count = len(problems.messages)
    _fail(f"{count} problem{'' if count == 1 else 's'} found; nothing was imported.")


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
