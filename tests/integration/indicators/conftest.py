"""Backends for the indicator tests: one fixture, every engine.

A test that takes ``backend`` runs on DuckDB, on PostgreSQL (when JOINEDUP_TEST_POSTGRES_URL is
set, as `.ci/run` does; skipped otherwise) and on Spark (local mode, one session for the whole
run because starting one takes about 10 s; marked ``spark``).
"""

import os

import pytest

from joinedup.indicators import DuckDBBackend, PostgresBackend, SparkBackend, synthetic

POSTGRES_URL = os.environ.get("JOINEDUP_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def small_data():
    """A few hundred LSOAs and 6,000 events: every level, breakdown and method has data."""
    return synthetic.generate(
        lsoas=150, local_authorities=3, icbs=2, regions=2, events=6_000, seed=11
    )


@pytest.fixture(scope="session")
def spark_session():
    pyspark_sql = pytest.importorskip("pyspark.sql")
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("joinedup-tests")
        .config("spark.sql.shuffle.partitions", "2")
        # Adaptive execution re-plans every small stage: it doubles the time on test-sized data.
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _duckdb(request):
    return DuckDBBackend.connect()


def _postgres(request):
    if not POSTGRES_URL:
        pytest.skip(
            "PostgreSQL tests need JOINEDUP_TEST_POSTGRES_URL "
            "(e.g. postgresql://postgres@127.0.0.1:5432/test); .ci/run sets it"
        )
    return PostgresBackend.connect(POSTGRES_URL)


def _spark(request):
    return SparkBackend.connect(request.getfixturevalue("spark_session"))


BACKENDS = {"duckdb": _duckdb, "postgres": _postgres, "spark": _spark}


@pytest.fixture(
    scope="module",
    params=[
        "duckdb",
        "postgres",
        pytest.param("spark", marks=pytest.mark.spark),
    ],
)
def backend(request, small_data):
    """Each engine with the small synthetic tables loaded."""
    engine = BACKENDS[request.param](request)
    for name, table in small_data.items():
        engine.load(name, table)
    yield engine
    if request.param == "postgres":
        engine.connection.disconnect()
