"""A test-only task for tests/reisbureau/test_worker_killed.py, loaded by the worker with --include.

It sends a notification's e-mail through the real service and pauses on its first run (marked by
a file) either before or after sending, so the test can kill the worker in the middle of the job.
"""

import time
from pathlib import Path

from celery import shared_task

from reisbureau import services


@shared_task(acks_late=True, time_limit=120, soft_time_limit=110)
def slow_notification_email(notification_id: int, marker_dir: str, pause: str) -> bool:
    first_run = Path(marker_dir) / f"started-{notification_id}"
    is_first = not first_run.exists()
    first_run.touch()
    (Path(marker_dir) / f"run-{time.monotonic_ns()}").touch()
    if is_first and pause == "before-sending":
        time.sleep(60)  # the test kills the worker here: nothing sent, nothing acknowledged
    sent = services.notification_deliver_email(notification_id=notification_id)
    if is_first and pause == "after-sending":
        (Path(marker_dir) / f"sent-{notification_id}").touch()
        time.sleep(60)  # killed here: e-mail sent and recorded, the message not acknowledged
    return sent
