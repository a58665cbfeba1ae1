"""Interoperability check: every table of a lake read with `deltalake` (delta-rs, the reader analysts use)
gives the same rows, with the same types, as the pipeline's own export of it.

    notebooks/.venv/bin/python notebooks/interop.py LAKE EXPORT_DIR

EXPORT_DIR is what `./jss export --lake LAKE --all --format json --out EXPORT_DIR` wrote: per table
`<lake path>.json` (rows as Spark wrote them, timestamps with microseconds) and `<lake path>.schema.json`
(the table's Spark schema). For each table:
- types: each column's Arrow type as delta-rs reads it is what the Spark type maps to (timestamp ->
  timestamp[us, UTC], decimal(p,s) -> decimal128(p,s), date -> date32, long -> int64, ...), the partition
  column included, and no column is missing or extra;
- rows: the multisets of rows are equal, every value compared exactly in the column's type (timestamps to
  the microsecond, decimals to the cent, doubles bit for bit);
- partitions: for a table partitioned by as_of_date, reading one date's partition gives that date's rows.
Prints one line per table and a summary; exits 1 on any difference.
"""
import datetime as dt
import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
import jsslake  # noqa: E402

STRINGS = (pa.string(), pa.large_string(), pa.string_view())
BINARIES = (pa.binary(), pa.large_binary(), pa.binary_view())
PRIMITIVE = {"long": pa.int64(), "integer": pa.int32(), "short": pa.int16(), "byte": pa.int8(),
             "double": pa.float64(), "float": pa.float32(), "boolean": pa.bool_(), "date": pa.date32()}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def type_problem(spark, arrow):
    """Why an Arrow type does not hold the Spark type's values as that type, or None when it does."""
    if isinstance(spark, str):
        if spark == "string":
            ok = arrow in STRINGS
        elif spark == "binary":
            ok = arrow in BINARIES
        elif spark == "timestamp":
            ok = pa.types.is_timestamp(arrow) and arrow.unit == "us" and arrow.tz in ("UTC", "+00:00", "Etc/UTC")
        elif spark == "timestamp_ntz":
            ok = pa.types.is_timestamp(arrow) and arrow.unit == "us" and arrow.tz is None
        elif spark.startswith("decimal("):
            p, s = map(int, spark[len("decimal("):-1].split(","))
            ok = pa.types.is_decimal(arrow) and (arrow.precision, arrow.scale) == (p, s)
        else:
            ok = PRIMITIVE.get(spark) == arrow
        return None if ok else f"{spark} read as {arrow}"
    kind = spark["type"]
    if kind == "array":
        if not (pa.types.is_list(arrow) or pa.types.is_large_list(arrow) or pa.types.is_list_view(arrow)):
            return f"array read as {arrow}"
        return type_problem(spark["elementType"], arrow.value_type)
    if kind == "map":
        if not pa.types.is_map(arrow):
            return f"map read as {arrow}"
        return type_problem(spark["keyType"], arrow.key_type) or type_problem(spark["valueType"], arrow.item_type)
    if kind == "struct":
        if not pa.types.is_struct(arrow):
            return f"struct read as {arrow}"
        names = [arrow.field(i).name for i in range(arrow.num_fields)]
        want = [f["name"] for f in spark["fields"]]
        if sorted(names) != sorted(want):
            return f"struct fields {names}, expected {want}"
        for f in spark["fields"]:
            p = type_problem(f["type"], arrow.field(f["name"]).type)
            if p:
                return f"{f['name']}: {p}"
        return None
    return f"unknown Spark type {spark}"


def canon(spark, v):
    """A value in a canonical form of its Spark type, from either side: Spark's JSON export (text for
    numbers and times, maps as objects) or delta-rs through Arrow's Python objects (datetimes, Decimals,
    maps as lists of pairs)."""
    if v is None:
        return None
    if isinstance(spark, str):
        if spark in ("timestamp", "timestamp_ntz"):
            t = dt.datetime.fromisoformat(v.replace("Z", "+00:00")) if isinstance(v, str) else v
            if t.tzinfo is None:
                t = t.replace(tzinfo=dt.timezone.utc)
            return (t - EPOCH) // dt.timedelta(microseconds=1)
        if spark == "date":
            return dt.date.fromisoformat(v) if isinstance(v, str) else v
        if spark.startswith("decimal("):
            return Decimal(v).quantize(Decimal(1).scaleb(-int(spark[:-1].split(",")[1])))
        if spark in ("double", "float"):
            return float(v)  # also "NaN" / "Infinity", as Spark writes them
        if spark in ("long", "integer", "short", "byte"):
            return int(v)
        return v
    kind = spark["type"]
    if kind == "array":
        return tuple(canon(spark["elementType"], x) for x in v)
    if kind == "map":
        pairs = v.items() if isinstance(v, dict) else v
        return tuple(sorted((canon(spark["keyType"], k), canon(spark["valueType"], x)) for k, x in pairs))
    return tuple(canon(f["type"], v.get(f["name"])) for f in spark["fields"])


def check_table(lake, export_dir, table):
    schema = json.loads((export_dir / f"{table}.schema.json").read_text())
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    problems = []

    delta = jsslake.open_table(lake, table)
    arrow = delta.to_pyarrow_table()
    got = {arrow.schema.field(i).name: arrow.schema.field(i).type for i in range(len(arrow.schema))}
    missing, extra = [n for n in names if n not in got], [n for n in got if n not in names]
    if missing or extra:
        problems.append(f"columns missing {missing}, extra {extra}")
    for f in fields:
        if f["name"] in got:
            p = type_problem(f["type"], got[f["name"]])
            if p:
                problems.append(f"column {f['name']}: {p}")

    exported = []
    with open(export_dir / f"{table}.json", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line, parse_float=str, parse_int=str)
                exported.append(tuple(canon(f["type"], rec.get(f["name"])) for f in fields))
    present = [f for f in fields if f["name"] in got]
    cols = {f["name"]: arrow.column(f["name"]).to_pylist() for f in present}
    read = [tuple(canon(f["type"], cols[f["name"]][i]) if f["name"] in cols else None for f in fields)
            for i in range(arrow.num_rows)]
    a, b = Counter(exported), Counter(read)
    only_export, only_delta = a - b, b - a
    if only_export or only_delta:
        first = sorted(only_export, key=repr)[:1] + sorted(only_delta, key=repr)[:1]
        problems.append(f"{sum(only_export.values())} exported rows not read, {sum(only_delta.values())} read rows "
                        f"not exported; first: {[dict(zip(names, r)) for r in first]}")

    dates = 0
    if jsslake.AS_OF_DATE in names and jsslake.AS_OF_DATE in delta.metadata().partition_columns:
        i = names.index(jsslake.AS_OF_DATE)
        per_date = Counter(r[i] for r in read)
        for d, n in sorted(per_date.items(), key=lambda x: str(x[0])):
            part = jsslake.read_arrow(lake, table, as_of=d.isoformat())
            if part.num_rows != n or set(part.column(jsslake.AS_OF_DATE).to_pylist()) != {d}:
                problems.append(f"partition {d}: {part.num_rows} rows read, expected {n} rows of that date")
            dates += 1
    return len(read), len(names), dates, problems


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    lake, export_dir = sys.argv[1], Path(sys.argv[2])
    tables = sorted(str(p.relative_to(export_dir))[: -len(".schema.json")] for p in export_dir.rglob("*.schema.json"))
    if not tables:
        sys.exit(f"interop: no <table>.schema.json under {export_dir}: run ./jss export --all first")
    failed, total_rows = 0, 0
    for t in tables:
        rows, ncols, dates, problems = check_table(lake, export_dir, t)
        total_rows += rows
        status = "FAIL" if problems else "ok"
        part = f", {dates} as_of_date partitions read alone" if dates else ""
        print(f"interop: {status} {t}: {rows:,} rows, {ncols} columns{part}")
        for p in problems:
            print(f"interop:      {p}")
        failed += bool(problems)
    print(f"interop: {len(tables)} tables, {total_rows:,} rows compared value by value with the pipeline's export; "
          f"{failed} table(s) differ")
    return 1 if failed else 0


if __name__ == "__main__":
    jsslake.leave(main())
