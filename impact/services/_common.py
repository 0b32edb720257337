"""Helpers the impact services share."""

from datetime import date, timedelta


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
