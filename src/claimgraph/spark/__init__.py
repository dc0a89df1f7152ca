"""Extraction on Apache Spark: ``claimgraph spark extract`` (``job``) writes the results of
``claimgraph ingest`` as Parquet tables (``tables``), which ``claimgraph load`` stores.
``python -m claimgraph.spark extract …`` is the same command, for spark-submit."""

import os


def switched_on(name: str) -> bool:
    """Whether an environment switch of the local mode is on: on unless "0", "no", "off" or
    "false"."""
    return os.environ.get(name, "1").strip().lower() not in ("0", "no", "off", "false")
