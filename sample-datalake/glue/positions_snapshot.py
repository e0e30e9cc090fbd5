"""Glue job: totals one day of curated positions per account and currency, for the reporting team.

Reads s3://<curated_bucket>/positions/as_of_date=<as_of_date>/ and replaces
s3://<curated_bucket>/snapshots/account_positions/as_of_date=<as_of_date>/ with one Parquet file.
"""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "curated_bucket", "as_of_date"])
glue_context = GlueContext(SparkContext.getOrCreate())
spark = glue_context.spark_session
job = Job(glue_context)
job.init(args["JOB_NAME"], args)

positions = spark.read.parquet(f"s3://{args['curated_bucket']}/positions/as_of_date={args['as_of_date']}/")
snapshot = (
    positions.groupBy("account_id", "currency")
    .agg(
        F.count("*").alias("positions"),
        F.sum("quantity").alias("quantity"),
        F.sum("market_value").alias("market_value"),
    )
    .withColumn("as_of_date", F.lit(args["as_of_date"]).cast("date"))
)
snapshot.coalesce(1).write.mode("overwrite").parquet(
    f"s3://{args['curated_bucket']}/snapshots/account_positions/as_of_date={args['as_of_date']}/"
)
job.commit()
