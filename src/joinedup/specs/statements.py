"""Running the validator's long DuckDB statement: in file order, with progress, interruptible.

The scan of a large file is one statement that runs for many seconds: it runs in a thread of
its own while the caller's thread passes DuckDB's progress on (``query_progress``) and, if the
caller is interrupted, interrupts DuckDB. Row numbers are the row ids of the table the scan
writes, so the plan is checked first: in parallel, only DuckDB's batch insert keeps the rows
in the file's order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import duckdb

# How often (seconds) the progress is passed on while DuckDB works.
PROGRESS_EVERY = 0.25
# Errors of the SQL we wrote (or an interrupt), not of the file being read.
OUR_MISTAKES = (
    duckdb.BinderException,
    duckdb.ParserException,
    duckdb.CatalogException,
    duckdb.InterruptException,
)


def keeps_order(con: duckdb.DuckDBPyConnection, sql: str) -> bool:
    """Whether DuckDB will store the rows ``sql`` inserts in the order it reads them.

    In parallel, only the batch insert keeps the order; a plan with a join, for one, would
    not.
    """
    plan = "".join(row[1] for row in con.execute(f"EXPLAIN {sql}").fetchall())
    plan = plan.upper().replace(" ", "").replace("_", "")
    return "BATCHCREATETABLEAS" in plan


def run_with_progress(
    con: duckdb.DuckDBPyConnection, sql: str, progress: Callable[[float], None]
) -> None:
    """Run ``sql``, calling ``progress(fraction done)`` about four times a second."""
    failure: list[BaseException] = []

    def work() -> None:
        try:
            con.execute(sql)
        except BaseException as error:  # re-raised below, in the caller's thread
            failure.append(error)

    worker = threading.Thread(target=work, name="joinedup-validate", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(PROGRESS_EVERY)
            done = con.query_progress()
            if done >= 0:
                progress(min(done, 100.0) / 100)
    except BaseException:
        con.interrupt()
        worker.join()
        raise
    if failure:
        raise failure[0]
