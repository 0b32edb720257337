"""Every write of impact (being split into one module per subject)."""

from .savings import *  # noqa: F401,F403
from .savings import _mark_dirty  # noqa: F401
