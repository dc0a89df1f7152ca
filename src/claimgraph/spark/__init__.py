"""Extraction on Apache Spark: ``claimgraph spark extract`` (``job``) writes the results of
``claimgraph ingest`` as Parquet tables (``tables``), which ``claimgraph load`` stores.
``python -m claimgraph.spark extract …`` is the same command, for spark-submit."""
