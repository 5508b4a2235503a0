"""Whom a province's Section 19 invitation list draws on besides its organisations and its
chosen representatives: the people other apps already keep — the members of the province's
committees — offered through providers those apps register from their `AppConfig.ready`.

The consultation (`participation`) and the committees sit side by side in the layers and do
not import each other; both import this module, which knows neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Candidate:
    """Someone to invite: `group` is one of the five groups of the law (the values of
    `participation.models.InviteeGroup`), `name` as the list prints it."""

    group: str
    name: str
    organisation_id: int | None = None


# A provider names the candidates of a province (its DOPA code) sitting on a day.
Provider = Callable[[str, date], Iterable[Candidate]]

_PROVIDERS: dict[str, Provider] = {}


def register_provider(label: str, provider: Provider) -> None:
    _PROVIDERS[label] = provider


def candidates(province_code: str, on: date) -> list[Candidate]:
    """Every registered provider's candidates for the province, each once, in order."""
    seen: dict[tuple[str, str], Candidate] = {}
    for label in sorted(_PROVIDERS):
        for candidate in _PROVIDERS[label](province_code, on):
            seen.setdefault((candidate.group, candidate.name), candidate)
    return list(seen.values())
