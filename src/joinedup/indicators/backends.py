"""Where the counting runs: one class per database engine, the differences kept here.

The compiler builds unbound Ibis expressions; a backend binds them to its tables, materialises
the intermediate results and returns Arrow. Everything that differs between engines (how to
connect, how to load a table, how to hold an intermediate result) is a method of its class;
nothing else in the package asks which engine it is on.

>>> backend = DuckDBBackend.connect()
>>> backend.load("area_lookup", some_dataframe)  # doctest: +SKIP
"""

from typing import ClassVar

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa


class Backend:
    """An Ibis connection with the engine's way of loading, materialising and fetching."""

    name: ClassVar[str]

    def __init__(self, connection):
        self.connection = connection

    def table(self, name: str) -> ir.Table:
        return self.connection.table(name)

    def load(self, name: str, data: pd.DataFrame | pa.Table) -> None:
        """Put a table in the engine (tests, benchmarks, notebooks), replacing any of that name."""
        self.connection.create_table(name, plain(data), overwrite=True)

    def materialise(self, expr: ir.Table) -> ir.Table:
        """Compute an intermediate result once, for several later queries to read."""
        return expr.cache()

    def release(self, table: ir.Table) -> None:
        table.release()

    def to_arrow(self, expr: ir.Table) -> pa.Table:
        return self.connection.to_pyarrow(expr)


class DuckDBBackend(Backend):
    """DuckDB in process: the default, fast on one machine."""

    name = "duckdb"

    @classmethod
    def connect(cls, database: str = ":memory:", *, threads: int | None = None) -> "DuckDBBackend":
        config = {"threads": threads} if threads else {}
        return cls(ibis.duckdb.connect(database, **config))


class PostgresBackend(Backend):
    """PostgreSQL, as in a council's or an ICB's warehouse."""

    name = "postgres"

    @classmethod
    def connect(cls, url: str) -> "PostgresBackend":
        return cls(ibis.connect(url))

    def load(self, name: str, data: pd.DataFrame | pa.Table) -> None:
        # Temporary: loaded data live as long as the connection and never meet another session's.
        self.connection.create_table(name, plain(data), temp=True, overwrite=True)


class SparkBackend(Backend):
    """Spark (local mode in tests; Databricks or a cluster in production)."""

    name = "spark"

    @classmethod
    def connect(cls, session) -> "SparkBackend":
        return cls(ibis.pyspark.connect(session))

    def load(self, name: str, data: pd.DataFrame | pa.Table) -> None:
        # Ibis' PySpark backend has no temporary tables; a temporary view does the same job.
        data = plain(data)
        session = self.connection._session
        schema = ", ".join(
            f"`{field.name}` {_SPARK_TYPES[str(field.type)]}" for field in data.schema
        )
        rows = [tuple(row.values()) for row in data.to_pylist()]
        session.createDataFrame(rows, schema=schema).createOrReplaceTempView(name)

    def to_arrow(self, expr: ir.Table) -> pa.Table:
        # Ibis fetches through toPandas(); Spark 4 hands Arrow over directly, faster and without
        # pandas' dtype round trip.
        fetched = self.connection._session.sql(self.connection.compile(expr)).toArrow()
        return fetched.cast(expr.schema().to_pyarrow())


_SPARK_TYPES = {"string": "STRING", "int64": "BIGINT", "date32[day]": "DATE", "double": "DOUBLE"}


def plain(data: pd.DataFrame | pa.Table) -> pa.Table:
    """Arrow with dictionary-encoded columns decoded: what every engine can load."""
    table = data if isinstance(data, pa.Table) else pa.Table.from_pandas(data, preserve_index=False)
    fields = [
        pa.field(f.name, f.type.value_type) if pa.types.is_dictionary(f.type) else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields))
