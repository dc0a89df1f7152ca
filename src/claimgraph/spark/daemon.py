"""PySpark's worker daemon, with the extractor loaded before it forks the workers.

Spark starts one daemon a Python executor (``spark.python.daemon.module``; PySpark's own is
``pyspark.daemon``), and the daemon forks a Python worker for each task slot, reused from
task to task.  This module loads the ``Extractor`` that the job named in the executor's
environment (``PRELOAD``, set by ``job.run_extract``) and the modules the tasks use, freezes
them out of the garbage collector's reach, then runs PySpark's daemon: every worker forked
from it starts with the extractor in its memory, shared copy-on-write, instead of loading
its own (a few seconds and a few hundred MB each).

When the environment names no extractor, or loading it fails (a missing actor file, say),
the daemon starts as PySpark's does, and each worker loads the extractor itself in its first
task, where an error fails the task with its reason.

In the local mode that ``local_session`` starts, a zygote (``spark/zygote.py``) has loaded
the extractor while the JVM started: the daemon hands it the JVM's pipes, and it runs
PySpark's daemon instead; without one, or when it cannot take over, the daemon loads the
extractor itself as above."""

from __future__ import annotations

import gc
import json
import os
import sys

PRELOAD = "CLAIMGRAPH_SPARK_PRELOAD"


def preload(spec: str) -> None:
    """Loads the extractor described by ``spec`` (JSON of ``ExtractOptions``' model fields)."""
    from claimgraph.spark import job

    wanted = json.loads(spec)
    options = job.ExtractOptions(model=wanted.get("model"), actor_files=tuple(wanted.get("actor_files", ())),
                                 accurate=bool(wanted.get("accurate")))
    job.executor_extractor(options)
    job.import_task_modules()


def load(spec: str | None, report: bool = True) -> bool:
    """Loads the extractor ``spec`` names, if any, and freezes what is loaded out of the garbage
    collector's reach; False if loading failed (said on stderr when ``report``)."""
    loaded = True
    if spec:
        try:
            preload(spec)
        except Exception as err:  # the workers load it themselves, and report why it fails
            loaded = False
            if report:
                print(f"claimgraph: the extractor was not loaded before the workers started: "
                      f"{type(err).__name__}: {err}", file=sys.stderr)
    gc.collect()
    gc.freeze()  # the workers' collections leave the shared objects (and their pages) alone
    return loaded


def main() -> None:
    from claimgraph.spark import zygote

    if zygote.hand_over():  # the zygote, loaded while the JVM started, ran the daemon in this one's place
        return
    load(os.environ.get(PRELOAD))
    from pyspark import daemon

    daemon.manager()


if __name__ == "__main__":
    main()
