"""The Spark job's I/O floor: read the profiles and write them back partitioned by city (spark-submit)."""

import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

src, out = sys.argv[1:3]
spark = SparkSession.builder.appName("flexcalc-floor").getOrCreate()
df = spark.read.parquet(src)
df = df.toDF(*(c.replace(".", "/") for c in df.columns)).withColumn("as_of", F.lit("2024-06-30"))
df.write.mode("overwrite").partitionBy("as_of", "city").parquet(out)
spark.stop()
