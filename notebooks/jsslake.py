"""Reads the pipeline's tables for the notebooks, through the `jss` command line only.

Every table comes from `./jss export` (one JVM per call, 10-20 s), so a notebook exports what it needs once,
at its top. Exports are cached in JSS_NB_CACHE (set by run-all.sh for one run of all the notebooks; a fresh
temporary folder otherwise) so that two notebooks reading the same table and date pay for it once.
"""
import hashlib
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
JSS = REPO / "jss"
_CACHE = Path(os.environ.get("JSS_NB_CACHE") or tempfile.mkdtemp(prefix="jss-nb-"))


class MissingTable(Exception):
    """The lake has no such table (e.g. the nightly run did not include the stage that writes it)."""


def param(name, default):
    """A notebook parameter: the environment variable if set and non-empty, else the default."""
    v = os.environ.get(name, "")
    return v if v.strip() else default


def lake_path(lake):
    """The lake as an absolute path when it is local (the CLI runs from the repository root)."""
    if "://" in lake and not lake.startswith("file:"):
        return lake
    p = Path(lake.removeprefix("file://").removeprefix("file:"))
    return str(p if p.is_absolute() else (REPO / p).resolve())


def run(*args, timeout=1800):
    """Runs `./jss ARGS...`; raises with the command's own message when it fails."""
    cmd = [str(JSS), *map(str, args)]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        msg = (r.stderr.strip() or r.stdout.strip()).splitlines()[-8:]
        raise RuntimeError(f"jss {' '.join(map(str, args))} failed (exit {r.returncode}):\n" + "\n".join(msg))
    return r.stdout


def table_present(lake, table):
    """Whether a local lake holds the table (a scored table's name or a path such as raw/contracts)."""
    lake = lake_path(lake)
    if "://" in lake:
        return True  # remote lake: let export say
    rel = table if "/" in table else f"scored/{table}"
    return (Path(lake) / rel / "_delta_log").is_dir()


def export(lake, table, as_of=None):
    """One table (or one as_of_date of it) as a DataFrame; raises MissingTable if the lake lacks it."""
    lake = lake_path(lake)
    if not table_present(lake, table):
        raise MissingTable(f"table not present in this lake: {table} (looked in {lake})")
    key = hashlib.sha1(json.dumps([lake, table, as_of]).encode()).hexdigest()[:16]
    out = _CACHE / f"{table.replace('/', '_')}-{as_of or 'all'}-{key}.json"
    if not out.exists():
        args = ["export", "--lake", lake, "--table", table, "--format", "json", "--out", out]
        if as_of:
            args += ["--as-of", as_of]
        try:
            run(*args)
        except RuntimeError as e:
            if "no table" in str(e):
                raise MissingTable(f"table not present in this lake: {table} ({lake})") from e
            raise
    if out.stat().st_size == 0:
        return pd.DataFrame()
    return pd.read_json(out, lines=True, dtype=False, convert_dates=False)


def explain(lake, freelancer, as_of=None, audience="freelancer"):
    """`jss explain --format json`: one freelancer's explanation (freelancer audience by default)."""
    args = ["explain", "--lake", lake_path(lake), "--freelancer", freelancer, "--format", "json",
            "--audience", audience]
    if as_of:
        args += ["--as-of", as_of]
    return json.loads(run(*args))
