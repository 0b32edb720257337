"""Test-only: loaded by the worker of tests/reisbureau/test_import_worker_killed.py (--include).

On the first run only (a marker file), the import pauses for two minutes either after staging its
first batch ("validating") or after inserting the records inside its final, uncommitted
transaction ("saving"), so the test can kill the worker there. Every run leaves a marker.
"""

import os
import time
from pathlib import Path

from impact import importer

MARKERS = Path(os.environ["TEST_IMPORT_MARKERS"])
PAUSE = os.environ["TEST_IMPORT_PAUSE"]


def _pause_once():
    marker = MARKERS / "paused"
    if marker.exists():
        return
    marker.touch()
    time.sleep(120)  # killed here


_run = importer.run


def run(usage_import_id):
    (MARKERS / f"run-{time.monotonic_ns()}").touch()
    return _run(usage_import_id)


importer.run = run

if PAUSE == "validating":
    _write = importer._Stage.write

    def write(self, batch):
        _write(self, batch)
        if batch:
            _pause_once()

    importer._Stage.write = write
else:
    _save = importer._save

    def save(stage, usage_import):
        inserted = _save(stage, usage_import)
        _pause_once()
        return inserted

    importer._save = save
