"""Reads the pipeline's Delta tables for the notebooks, directly, with the Delta project's Python reader.

`read` opens a table with `deltalake` (delta-rs): no JVM, milliseconds for a demo lake, and a date partition
read without the rest of the table (`as_of_date` is the partition column of every scored table). The types
are the table's own: timestamps are UTC `datetime64[us, UTC]`, dates (`as_of_date`) Python `datetime.date`
(compare with `datetime.date.fromisoformat("2026-11-22")`, not with the string), decimals Python `Decimal`
(exact cents; cast to float for charts), nested columns lists and dicts. The command line
(`run`) is kept for what is not a table read: a what-if run that writes a table, a nightly on a copy.

A lake is a local folder (relative paths are taken from the repository root) or a URI that `deltalake`
opens (`s3://`, `abfss://`, `gs://`; credentials from the environment as delta-rs reads them).
"""
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
from deltalake import DeltaTable
from deltalake.exceptions import TableNotFoundError

REPO = Path(__file__).resolve().parent.parent
JSS = REPO / "jss"
AS_OF_DATE = "as_of_date"


class MissingTable(Exception):
    """The lake has no such table (e.g. the nightly run did not include the stage that writes it)."""


def param(name, default):
    """A notebook parameter: the environment variable if set and non-empty, else the default."""
    v = os.environ.get(name, "")
    return v if v.strip() else default


def lake_path(lake):
    """The lake as an absolute path when it is local (the CLI runs from the repository root), else the URI."""
    if "://" in lake and not lake.startswith("file:"):
        return lake
    p = Path(lake.removeprefix("file://").removeprefix("file:"))
    return str(p if p.is_absolute() else (REPO / p).resolve())


def table_uri(lake, table):
    """Where a table lives: a scored table's name (jss_scores) or a lake path (raw/contracts, _runs)."""
    rel = table if "/" in table or table == "_runs" else f"scored/{table}"
    return f"{lake_path(lake).rstrip('/')}/{rel}"


def open_table(lake, table):
    """The Delta table; MissingTable when the lake has none at that path."""
    uri = table_uri(lake, table)
    try:
        return DeltaTable(uri)
    except TableNotFoundError as e:
        raise MissingTable(f"table not present in this lake: {table} (looked in {uri})") from e


def read_arrow(lake, table, as_of=None, columns=None):
    """The table (or one `as_of_date` partition of it) as an Arrow table with the table's own types."""
    dt = open_table(lake, table)
    partitions = None
    if as_of:
        if AS_OF_DATE not in dt.metadata().partition_columns:
            raise ValueError(f"{table} is not partitioned by {AS_OF_DATE}: read it whole and filter")
        partitions = [(AS_OF_DATE, "=", str(as_of))]
    return dt.to_pyarrow_table(partitions=partitions, columns=columns)


def read(lake, table, as_of=None, columns=None):
    """The table (or one `as_of_date` of it) as a pandas DataFrame; MissingTable if the lake lacks it."""
    return read_arrow(lake, table, as_of, columns).to_pandas()


def run(*args, timeout=1800):
    """Runs `./jss ARGS...`; raises with the command's own message when it fails."""
    cmd = [str(JSS), *map(str, args)]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        msg = (r.stderr.strip() or r.stdout.strip()).splitlines()[-8:]
        raise RuntimeError(f"jss {' '.join(map(str, args))} failed (exit {r.returncode}):\n" + "\n".join(msg))
    return r.stdout


def leave(code=0):
    """Ends a script that read the lake with exit status `code`.

    deltalake's native runtime can abort the interpreter while its threads are torn down at exit ("terminate
    called without an active exception", status 134), after the work is done: buffered output would be lost
    and the status would not be the script's verdict. So flush and leave without that teardown.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
