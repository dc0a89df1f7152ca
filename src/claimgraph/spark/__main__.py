"""``python -m claimgraph.spark extract INPUT --output DIR``, or this file given to
spark-submit: the ``claimgraph spark`` commands."""

from claimgraph.cli import spark

if __name__ == "__main__":
    spark(prog_name="python -m claimgraph.spark")
