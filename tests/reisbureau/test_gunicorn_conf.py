"""gunicorn.conf.py (read by gunicorn from the working directory) freezes a worker's start-up
objects out of the garbage collector once the application is loaded."""

import gc
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_loaded_worker_freezes_its_start_up_objects():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_the_image_and_the_bench_start_gunicorn_where_the_file_is():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "WORKDIR /app" in dockerfile and "COPY . ." in dockerfile
    assert "gunicorn.conf.py" not in (ROOT / ".dockerignore").read_text()
    assert 'cwd=ROOT' in (ROOT / "bench" / "run.py").read_text()
