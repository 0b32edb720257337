"""gunicorn's settings for every way the portal is served: gunicorn reads ./gunicorn.conf.py
from its working directory (the image's /app, `make bench`, `make loadtest`, `make cluster`).
Options on the command line still win.

Garbage collection: a worker holds Django, the apps and the URL and template caches, some
hundreds of thousands of long-lived objects. Python's full collections walk all of them
(28-209 ms each, about ten per 2,000 requests in `make bench`), which is what reached the
slowest requests. After the worker has loaded the application, `gc.freeze()` moves everything
alive then into the permanent generation, which collections skip; what a request creates is
still collected as before.

A page allocates some hundred thousand short-lived objects (ORM rows, template nodes' contexts),
and with Python's default first threshold (700) that is a few hundred young collections per
request. A threshold of 10,000 keeps young garbage just as collectable, at a fraction of the
collections (rendering the customs session page: about 5 % faster, and steadier).
"""

import gc


YOUNG_THRESHOLD = 10_000


def post_worker_init(worker):
    gc.collect()  # drop start-up garbage first: frozen objects are never collected
    gc.freeze()
    _young, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
