"""What every row of an import is checked against."""

from __future__ import annotations

from typing import Any

from oneplan.areas.models import Cluster, province_codes_of
from oneplan.cycles.models import Cycle
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation
from oneplan.orgs.policy import Action
from oneplan.projects import owners
from oneplan.projects.excel.plan import district_names, districts_of, plan_issues, plan_years
from oneplan.projects.excel.templates import Template
from oneplan.projects.models import Proposal
from oneplan.projects.owners import Owner


class Context:
    """What every row is checked against: the cycle, the owner (a province or a cluster),
    its plan, its districts (and a cluster's member provinces)."""

    def __init__(
        self,
        user: Any,
        cycle: Cycle,
        owner: Owner,
        spec: Template,
        proposer: Organisation | None,
    ) -> None:
        self.user = user
        self.cycle = cycle
        self.owner = owner
        self.owner_name = owners.owner_name(owner)
        self.spec = spec
        self.proposer = proposer
        self.years = plan_years(cycle, owner)
        issues, self.plan_title = plan_issues(cycle, owner)
        self.issues = {priority: pk for priority, (pk, _title) in issues.items()}
        self.default_area = owners.default_area(owner)
        provinces = owners.member_provinces(owner) if isinstance(owner, Cluster) else []
        self.districts = {area.code: area for area in districts_of(owner)}
        self.district_names = district_names(list(self.districts.values()), provinces)
        self.areas = {
            self.default_area.code: self.default_area,
            **{p.code: p for p in provinces},
            **self.districts,
        }
        self._allowed: dict[tuple[str, str, int | None], bool] = {}

    def area_of(self, locations: frozenset[str]) -> str:
        """The area a row belongs to when the template has no district column: for a cluster,
        the member province it runs in when that is one province; else the default."""
        provinces = province_codes_of(locations)
        if isinstance(self.owner, Cluster) and len(provinces) == 1:
            return provinces.pop()
        return self.default_area.code

    def probe(self, area_code: str, proposer: Organisation | None) -> Proposal:
        return Proposal(
            cycle=self.cycle,
            **owners.owner_fields(self.owner),
            area=self.areas[area_code],
            proposer=proposer,
            proposer_kind=self.spec.proposer_kind,
        )

    def may(self, action: Action, area_code: str, proposer: Organisation | None) -> bool:
        """May the user add (or change into) a proposal of this area and body? Cached."""
        key = (action.value, area_code, proposer.pk if proposer is not None else None)
        if key not in self._allowed:
            self._allowed[key] = policy.can(self.user, action, self.probe(area_code, proposer))
        return self._allowed[key]
