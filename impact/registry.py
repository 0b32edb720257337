"""Two small registries, so impact needs no import of apps built after it.

Objection targets: a kind ("task", later "prompt", "post") names how to find the object a user
may object to. Indicators: other apps (customs, community) register callables for the
governance report from their AppConfig.ready; an unregistered one shows "not measured yet".
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TargetKind:
    key: str
    label: object
    # (user, pk) -> the object, or None when it does not exist or the user may not see it
    resolve: Callable
    # (user) -> [(pk, label), ...] for the form's choice list
    choices: Callable


_targets: dict[str, TargetKind] = {}


def register_target(kind: TargetKind) -> None:
    _targets[kind.key] = kind


def target_kinds() -> dict[str, TargetKind]:
    return dict(_targets)


_indicators: dict[str, Callable] = {}


# Keys the governance report and dashboard ask for: "customs_sessions" (customs: sessions held
# every two weeks), "trainings", "literacy_coverage" and "community_activity" (community).
def register_indicator(key: str, measure: Callable[[], str]) -> None:
    _indicators[key] = measure


def indicator_value(key: str) -> str | None:
    measure = _indicators.get(key)
    return None if measure is None else measure()
