"""The journey's people, made as a deployer makes them: a superuser (`oneplan createsuperuser`)
who then adds organisations, users and their roles through the admin pages — never by
writing rows directly and never with the demo's code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.test import Client

from oneplan.orgs.models import Organisation, User

PASSWORD = "journey-Pass-2571"


def _errors(html: str) -> str:
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return " | ".join(re.sub(r"<[^>]+>", " ", f).strip() for f in found) or html[:2000]


def admin_add(admin: Client, model: str, data: dict[str, Any]) -> None:
    """POST the admin's add form of `model` ("orgs/organisation") and insist it saved."""
    response = admin.post(f"/admin/{model}/add/", data)
    assert response.status_code == 302, _errors(response.content.decode())


def add_organisation(admin: Client, name: str, kind: str, area: str, **extra: Any) -> Organisation:
    admin_add(
        admin,
        "orgs/organisation",
        {"name_th": name, "kind": kind, "area": area, "is_active": "on", **extra},
    )
    return Organisation.objects.get(name_th=name)


def add_user(
    admin: Client,
    username: str,
    role: str,
    *,
    area: str = "",
    cluster: int | None = None,
    organisation: Organisation | None = None,
) -> User:
    """A user with one role, on the admin's add-user page (its roles inline)."""
    prefix = "role_assignments"
    admin_add(
        admin,
        "orgs/user",
        {
            "username": username,
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-role": role,
            f"{prefix}-0-area": area,
            f"{prefix}-0-cluster": str(cluster or ""),
            f"{prefix}-0-organisation": str(organisation.pk) if organisation else "",
            "organisation": str(organisation.pk) if organisation else "",
            "first_name": username,
        },
    )
    user = User.objects.get(username=username)
    assert user.role_assignments.filter(role=role).exists(), "the role was not saved"
    assert user.organisation == organisation
    return user


@dataclass
class People:
    secretariat: User
    strategy: User  # Chanthaburi's provincial strategy group
    agency: User  # a provincial agency of Chanthaburi
    cluster_officer: User  # the Eastern 2 cluster's strategy office
    committee_member: User
    agency_office: Organisation
    provincial_office: Organisation
