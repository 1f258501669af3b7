"""A worker killed in the middle of loading leaves the data in use exactly as it was.

This runs a real installation in a temporary folder (its own SQLite database, uploads and
store), real `joinedup` commands in separate processes, and kills the worker with SIGKILL
while it is writing the new data: no clean-up code gets to run.
"""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from .conftest import repeated

pytestmark = pytest.mark.once

SETUP = """
import os
os.makedirs(os.environ["JOINEDUP_VAR_DIR"], exist_ok=True)
import django
django.setup()
from django.core.management import call_command
call_command("migrate", "--no-input", "--verbosity", "0")
from joinedup.accounts import actions as accounts
from joinedup.places import actions as places
from joinedup.places.choices import OrganisationKind, Sector
installer = accounts.create_user(
    by=None, username="installer", email="", password="a-long-passphrase-1", is_superuser=True
)
place = places.create_place(by=installer, name="Testshire", slug="testshire")
county = places.create_organisation(by=installer, place=place, name="Testshire County Council",
    kind=OrganisationKind.COUNTY_COUNCIL, sectors=[Sector.ADULT_SOCIAL_CARE], code="E10000034")
officer = accounts.create_user(
    by=None, username="officer", email="", password="a-long-passphrase-1"
)
accounts.add_member(by=installer, organisation=county, user=officer, role="editor")
"""


def test_killing_the_worker_while_it_loads_leaves_the_earlier_data_intact(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOINEDUP_")}
    env |= {
        "JOINEDUP_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "joinedup.config.settings.dev",
    }

    def joinedup(*args, check=True):
        result = subprocess.run(
            [sys.executable, "-m", "joinedup", *args], env=env, capture_output=True, text=True
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True)
    small, big = tmp_path / "first.csv", tmp_path / "second.csv"
    small.write_bytes(
        (Path(__file__).parents[2] / "data" / "specs" / "asc-cld-sample.csv").read_bytes()
    )
    big.write_bytes(repeated(copies=2_500))  # 100,000 records
    common = [
        "--spec",
        "asc-cld",
        "--organisation",
        "E10000034",
        "--period",
        "2025-26",
        "--as",
        "officer",
    ]
    accepted = joinedup("submit", str(small), *common, "--now")
    assert "Accepted: 40 records are in use" in accepted.stdout

    store = tmp_path / "var" / "data" / "store" / "asc-cld"
    manifest_before = (store / "manifest.json").read_bytes()
    joinedup("submit", str(big), *common)  # queued for the worker

    worker = subprocess.Popen(
        [sys.executable, "-m", "joinedup", "worker", "--batch"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    killed_while_staging = False
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and worker.poll() is None:
        if any((store / "parts").glob(".staging-*")):
            os.kill(worker.pid, signal.SIGKILL)
            killed_while_staging = True
            break
        time.sleep(0.002)
    worker.wait(timeout=60)
    assert killed_while_staging, "the worker finished (or never loaded) before it could be killed"

    # The data in use is exactly the first file's: same manifest, same records.
    assert (store / "manifest.json").read_bytes() == manifest_before
    parts = json.loads(manifest_before)["parts"]
    files = [str(store / p["file"]) for p in parts]
    with duckdb.connect() as con:
        people = sorted(
            r[0]
            for r in con.execute(
                "SELECT LA_Person_Unique_Identifier FROM read_parquet(?)", [files]
            ).fetchall()
        )
    with small.open(encoding="utf-8", newline="") as handle:
        expected = sorted(r["LA_Person_Unique_Identifier"] for r in csv.DictReader(handle))
    assert people == expected
    database = sqlite3.connect(tmp_path / "var" / "joinedup.sqlite3")
    statuses = dict(
        database.execute("SELECT original_name, status FROM submissions_submission").fetchall()
    )
    assert statuses == {"first.csv": "in_use", "second.csv": "loading"}

    # Starting the checks again (the page's button once it has stalled) finishes the job.
    (second_id,) = database.execute(
        "SELECT id FROM submissions_submission WHERE original_name = 'second.csv'"
    ).fetchone()
    database.close()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from joinedup.submissions.processing import check; "
            f"print(check({str(second_id)!r}))",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    assert not list((store / "parts").glob(".staging-*"))
    with duckdb.connect() as con:
        manifest = json.loads((store / "manifest.json").read_text())
        files = [str(store / p["file"]) for p in manifest["parts"]]
        assert con.execute("SELECT count(*) FROM read_parquet(?)", [files]).fetchone()[0] == 100_000
    database = sqlite3.connect(tmp_path / "var" / "joinedup.sqlite3")
    statuses = dict(
        database.execute("SELECT original_name, status FROM submissions_submission").fetchall()
    )
    assert statuses == {"first.csv": "replaced", "second.csv": "in_use"}
