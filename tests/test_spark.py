"""The Spark job (local[2]): the same rows as `flexcalc batch --format parquet`, partitions, reruns."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest

from generated import generated

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")

from flexcalc.batch.parquet_profiles import profiles_table  # noqa: E402
from flexcalc.catalogue import MEASURE_IDS  # noqa: E402

AS_OF = "2024-06-30"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("flexcalc-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def profiles():
    out = generated(200, seed=5)
    out[7]["groups"] = ["nobody"]  # breaks the contract: an error row in place
    return out


def _rows(table) -> list[dict]:
    rows = table.to_pylist()
    for r in rows:
        r.pop("record")
    return sorted(rows, key=lambda r: (r["profile_id"] or "", r["measure_id"] or ""))


def _batch(invoke, tmp_path, src) -> list[dict]:
    out = tmp_path / "batch.parquet"
    r = invoke("batch", src, "--as-of", AS_OF, "--format", "parquet", "-o", out, "-j", "1")
    assert r.exit_code == 3, r.stderr  # the one bad record
    return _rows(pq.read_table(out))


def test_screen_equals_batch_on_parquet_and_jsonl(spark, invoke, tmp_path, profiles):
    from flexcalc.spark import screen

    src = tmp_path / "in.parquet"
    pq.write_table(profiles_table(profiles), src)
    expected = _batch(invoke, tmp_path, src)
    got = _rows(screen(spark.read.parquet(str(src)).repartition(3), date.fromisoformat(AS_OF)).toArrow())
    assert got == expected
    assert sum(r["schema"] == "flexcalc.error/1" for r in got) == 1

    text = tmp_path / "in.jsonl"
    text.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in profiles), encoding="utf-8")
    got = _rows(screen(spark.read.text(str(text)), date.fromisoformat(AS_OF)).toArrow())
    assert got == _batch(invoke, tmp_path, text)


def test_every_executor_checks_the_data_sha256(spark, tmp_path, profiles):
    from flexcalc import __version__
    from flexcalc.spark import _partition_fn, spark_schema

    text = tmp_path / "in.jsonl"
    text.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in profiles[:4]), encoding="utf-8")
    df = spark.read.text(str(text)).repartition(2)
    other = "0" * 64  # the driver's data as another file would hash
    fn = _partition_fn((None, other, __version__, date.fromisoformat(AS_OF), None, "zh"), True)
    with pytest.raises(Exception, match="SHA-256"):
        df.mapInArrow(fn, spark_schema()).collect()


def test_entry_point_partitions_and_reruns(spark, tmp_path, profiles):
    from flexcalc.spark import main

    src = tmp_path / "in.parquet"
    pq.write_table(profiles_table(profiles[:50]), src)
    out = tmp_path / "results"
    for _ in range(2):  # a rerun replaces its partitions instead of adding rows
        assert main(["--input", str(src), "--output", str(out), "--as-of", AS_OF]) == 0
    parts = sorted(p.relative_to(out).as_posix() for p in out.glob("as_of=*/city=*"))
    assert f"as_of={AS_OF}/city=weihai" in parts
    table = pq.read_table(out)
    assert table.num_rows == 49 * len(MEASURE_IDS) + 1
