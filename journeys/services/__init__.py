"""Every write of journeys, by subject; `from journeys import services; services.X` works for
each public name."""

from .tasks import *  # noqa: F401,F403
from .tasks import TASK_FIELDS  # noqa: F401
