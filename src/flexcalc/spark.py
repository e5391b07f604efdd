"""flexcalc on Spark (optional extra `spark`): profiles DataFrame → results DataFrame.

    spark-submit "$(python -c 'import flexcalc.spark as s; print(s.__file__)')" \\
        --input registry.parquet --output results/ --as-of 2026-06-30 [--data cities.toml]

`screen(df, as_of, ...)` maps each partition's Arrow batches through the batch worker (the
same validation, rules and Parquet row shape as `flexcalc batch --format parquet`) with
`mapInArrow`. Its input is either the profile columns of batch's Parquet input (dotted field
paths) or one string column `value` holding each profile's JSON text (`spark.read.text` of a
JSONL file). Every executor loads the data file itself and checks its SHA-256 and the flexcalc
version against the driver's before it computes anything. `record` is null: Spark has no input
line numbers; `profile_id` identifies rows. The job writes Parquet partitioned by `as_of` and
`city`, overwriting only the partitions it writes, so a rerun replaces its own output.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

SEP = "/"  # stands for the dots of the profile's column names inside Spark


class ExecutorMismatch(RuntimeError):
    """An executor's data file or flexcalc differs from the driver's: its figures would differ."""


def _settings(data_name: str | None, sha256: str, version: str, as_of: date, city, lang: str):
    """The batch Settings on an executor, after checking its data and code against the driver's."""
    from flexcalc import __version__
    from flexcalc.batch.worker import Settings
    from flexcalc.data import load

    path = None
    if data_name is not None:
        from pyspark import SparkFiles

        path = SparkFiles.get(data_name)
    loaded = load(path)
    if loaded.sha256 != sha256:
        raise ExecutorMismatch(
            f"the cities data on this executor ({loaded.path}) has SHA-256 {loaded.sha256}, "
            f"the driver's has {sha256}: results would not be comparable"
        )
    if __version__ != version:
        raise ExecutorMismatch(f"flexcalc {__version__} on this executor, {version} on the driver")
    return Settings(data=loaded.data, data_sha256=sha256, as_of=as_of, lang=lang, city=city, fmt="parquet")


def _records(batch, plan) -> list:
    """(line, kind, payload) records of one Arrow batch, for Worker.chunk."""
    from flexcalc.batch import parquet_read

    if plan is None:  # one JSON text a row
        return [
            (0, "raw", v.encode("utf-8")) if v is not None else (0, "bad", "an empty row")
            for v in batch.column(0).to_pylist()
        ]
    return [(0, kind, payload) for _, kind, payload in parquet_read.batch_records(batch, plan, 0)]


def _partition_fn(settings_args: tuple, json_text: bool):
    """The function mapInArrow runs on each partition (a closure of plain values: it pickles)."""

    def run(batches: Iterator) -> Iterator:
        import pyarrow as pa

        from flexcalc.batch import parquet_read
        from flexcalc.batch.worker import Worker

        worker = Worker(_settings(*settings_args))
        plan = None
        for batch in batches:
            if batch.num_rows == 0:
                continue
            if not json_text and plan is None:
                names = [n.replace(SEP, ".") for n in batch.schema.names]
                plan = parquet_read.plan(names, batch.schema.types)
            data = worker.chunk(None, _records(batch, plan))[0]  # (bytes, tally, ...)
            with pa.ipc.open_stream(data) as reader:
                table = reader.read_all()
            table = table.set_column(0, "record", pa.nulls(table.num_rows, pa.int64()))
            yield from table.to_batches()

    return run


def spark_schema():
    """The results table's schema as Spark sees it."""
    from pyspark.sql.pandas.types import from_arrow_schema

    from flexcalc.batch.parquet import result_schema

    return from_arrow_schema(result_schema())


def screen(df, as_of: date, data: str | None = None, city: str | None = None, lang: str = "zh"):
    """The results DataFrame (one row per profile and measure) of a DataFrame of profiles."""
    from flexcalc import __version__
    from flexcalc.data import load, resolve_city

    loaded = load(data)
    city_id = resolve_city(loaded.data, city)[0] if city else None
    data_name = None
    if data is not None:
        df.sparkSession.sparkContext.addFile(str(Path(data).resolve()))
        data_name = Path(data).name
    json_text = df.columns == ["value"]
    if not json_text:
        from flexcalc.batch.columns import columns_problem
        from flexcalc.errors import UsageError

        problem = columns_problem(list(df.columns), "DataFrame")  # one field twice: the last would win
        if problem:
            raise UsageError(*problem)
    if not json_text:  # Spark reads a dot in a column name as a struct field: rename by position
        df = df.toDF(*(c.replace(".", SEP) for c in df.columns))
    args = (data_name, loaded.sha256, __version__, as_of, city_id, lang)
    return df.mapInArrow(_partition_fn(args, json_text), spark_schema())


def write(results, output: str) -> None:
    """Parquet partitioned by as_of and city; only the partitions written are replaced."""
    (
        results.write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("as_of", "city")
        .parquet(output)
    )


def read_input(spark, path: str):
    """A Parquet file or folder of profiles, or JSONL (one profile a line, read as text)."""
    if path.endswith((".jsonl", ".json", ".ndjson")):
        return spark.read.text(path)
    return spark.read.parquet(path)


def _as_of(text: str) -> date:
    """--as-of as flexcalc's own commands read it (flexcalc.grammar: YYYY-MM-DD only)."""
    from flexcalc.grammar import as_of

    day = as_of(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date as YYYY-MM-DD")
    return day


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="flexcalc.spark", description="Screen a registry of profiles on Spark.")
    ap.add_argument("--input", required=True, help="profiles: Parquet (dotted columns) or JSONL")
    ap.add_argument("--output", required=True, help="results folder (Parquet, partitioned by as_of and city)")
    ap.add_argument("--as-of", required=True, type=_as_of, help="assessment date YYYY-MM-DD")
    ap.add_argument("--data", help="cities TOML (default: the packaged data)")
    ap.add_argument("--city", help="one city for every profile (else each profile's city)")
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = ap.parse_args(argv)
    from pyspark.sql import SparkSession

    ours = SparkSession.getActiveSession() is None
    spark = SparkSession.builder.appName("flexcalc").getOrCreate()
    try:
        df = read_input(spark, args.input)
        write(screen(df, args.as_of, args.data, args.city, args.lang), args.output)
    finally:
        if ours:
            spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
