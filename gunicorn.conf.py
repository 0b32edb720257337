"""gunicorn's settings for every way the portal is served: gunicorn reads ./gunicorn.conf.py
from its working directory (the image's /app, `make bench`, `make loadtest`, `make cluster`).
Options on the command line still win.

Garbage collection: a worker holds Django, the apps and the URL and template caches, some
hundreds of thousands of long-lived objects. Python's full collections walk all of them
(28-209 ms each, about ten per 2,000 requests in `make bench`), which is what reached the
slowest requests. After the worker has loaded the application, `gc.freeze()` moves everything
alive then into the permanent generation, which collections skip; what a request creates is
still collected as before.
"""

import gc


def post_worker_init(worker):
    gc.collect()  # drop start-up garbage first: frozen objects are never collected
    gc.freeze()
