"""Helpers the impact services share."""

from datetime import date, timedelta

from reisbureau.constants import Role


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _is_agency(user) -> bool:
    return user.is_superuser or user.has_role(Role.AGENCY_STAFF)
