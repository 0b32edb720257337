"""Settings of `make cluster` (bench/cluster.py): the load test's production settings on
loopback, plus the marker job, routed to the queue of the worker that the run stops."""

from loadtest.settings import *  # noqa: F403

CELERY_IMPORTS = ["bench.cluster_tasks"]
CELERY_TASK_ROUTES = {
    **CELERY_TASK_ROUTES,  # noqa: F405
    "bench.cluster_tasks.mark": {"queue": "default"},
}
