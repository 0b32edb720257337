"""gunicorn.conf.py (read by gunicorn from the working directory) freezes a worker's start-up
objects out of the garbage collector once the application is loaded."""

import gc
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_loaded_worker_freezes_its_start_up_objects_and_collects_young_ones_less_often():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    before, thresholds = gc.get_freeze_count(), gc.get_threshold()
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > before
        assert gc.get_threshold() == (conf["YOUNG_THRESHOLD"], *thresholds[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_the_image_and_the_bench_start_gunicorn_where_the_file_is():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "WORKDIR /app" in dockerfile and "COPY . ." in dockerfile
    assert "gunicorn.conf.py" not in (ROOT / ".dockerignore").read_text()
    assert 'cwd=ROOT' in (ROOT / "bench" / "run.py").read_text()
