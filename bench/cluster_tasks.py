"""The marker job of `make cluster` (bench/cluster.py): proves no job is lost or run twice.

Only the cluster's workers import this module (bench/cluster_settings.py); the portal never
queues it. Each job writes one row under its own key; a second run of the same key adds to
``runs`` instead of a second row, so after the run ``count(*)`` is the jobs done at least once
and ``sum(runs) - count(*)`` the jobs done twice.
"""

import os
import socket
import time

from celery import shared_task
from django.db import connection

TABLE = "cluster_marker"


@shared_task(acks_late=True, time_limit=30, soft_time_limit=25)
def mark(key: str) -> None:
    time.sleep(0.05)  # a little work, so the queue is still full when a worker stops
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (key, runs, worker) VALUES (%s, 1, %s) "
            f"ON CONFLICT (key) DO UPDATE SET runs = {TABLE}.runs + 1",
            [key, f"{socket.gethostname()}:{os.getppid()}"])
