"""Nobody rises above their role through the admin (issue 12, item 2).

Every admin page that changes users and roles is tried, as a matrix, by every demo role
that reaches the admin or holds the policy's right to change users: granting superuser,
staff, Django permissions or groups, giving the system-administrator role (on the role
page and in the user page's inline), taking over a superuser's account (its page and its
password page) and moving a user out of the actor's reach. Only a system administrator
succeeds, and what was refused is left as it was.
"""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from oneplan.orgs.models import Organisation, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db

ACTORS = ["secretariat", "rayong", "east1", "reviewer", "rayong_agency", "rayong_district"]


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _value(field, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple | set):
        return [getattr(v, "pk", v) for v in value]
    return getattr(value, "pk", value)


def change_form_data(client: Client, url: str) -> dict | None:
    """What the change page would post back unchanged, or None when the page is refused."""
    response = client.get(url)
    if response.status_code != 200 or "adminform" not in (response.context or {}):
        return None
    form = response.context["adminform"].form
    data: dict = {}
    for name, field in form.fields.items():
        initial = form.initial.get(name, field.initial)
        if callable(initial):
            initial = initial()
        if isinstance(field, forms.BooleanField):
            if initial:
                data[name] = "on"
            continue
        if isinstance(field, forms.SplitDateTimeField) and initial:
            local = timezone.localtime(initial)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
            continue
        value = _value(field, initial)
        if value != "":
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for form_ in formset.forms:
            for name, field in form_.fields.items():
                value = _value(field, form_.initial.get(name, field.initial))
                if value != "":
                    data[f"{form_.prefix}-{name}"] = value
    return data


def _reload(user: User) -> User:
    return User.objects.get(pk=user.pk)


def staff(user: User) -> User:
    """The actor as a staff member, so that the admin's pages are open to it: what each role
    may do there is then the policy's and this module's answer alone."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.mark.parametrize("actor_name", ACTORS)
def test_nobody_but_an_administrator_makes_themselves_superuser(demo_user, actor_name):
    actor = staff(demo_user(actor_name))
    client = client_for(actor)
    url = f"/admin/orgs/user/{actor.pk}/change/"
    data = change_form_data(client, url) or {"username": actor.username}
    data["is_superuser"] = "on"
    response = client.post(url, data)
    assert response.status_code < 500
    assert not _reload(actor).is_superuser


@pytest.mark.parametrize("actor_name", ACTORS)
def test_nobody_but_an_administrator_makes_another_user_staff(demo_user, actor_name):
    actor = staff(demo_user(actor_name))
    target = demo_user("rayong_lao")
    assert not target.is_staff
    client = client_for(actor)
    url = f"/admin/orgs/user/{target.pk}/change/"
    data = change_form_data(client, url) or {"username": target.username}
    data["is_staff"] = "on"
    response = client.post(url, data)
    assert response.status_code < 500
    assert not _reload(target).is_staff


@pytest.mark.parametrize("actor_name", ACTORS)
def test_nobody_but_an_administrator_grants_permissions_or_groups(demo_user, actor_name):
    actor = staff(demo_user(actor_name))
    target = demo_user("rayong_district")
    group = Group.objects.create(name="ผู้มีสิทธิ์ทั้งหมด")
    group.permissions.set(Permission.objects.all())
    permission = Permission.objects.get(codename="change_user")
    client = client_for(actor)
    url = f"/admin/orgs/user/{target.pk}/change/"
    data = change_form_data(client, url) or {"username": target.username}
    data["groups"] = [group.pk]
    data["user_permissions"] = [permission.pk]
    response = client.post(url, data)
    assert response.status_code < 500
    target = _reload(target)
    assert not target.groups.exists()
    assert not target.user_permissions.exists()


@pytest.mark.parametrize("actor_name", ACTORS)
def test_nobody_but_an_administrator_gives_the_administrator_role(demo_user, actor_name):
    actor = staff(demo_user(actor_name))
    client = client_for(actor)
    response = client.post(
        "/admin/orgs/roleassignment/add/", {"user": actor.pk, "role": Role.SYSTEM_ADMIN}
    )
    assert response.status_code < 500
    assert not RoleAssignment.objects.filter(user=actor, role=Role.SYSTEM_ADMIN).exists()

    url = f"/admin/orgs/user/{actor.pk}/change/"
    data = change_form_data(client, url)
    if data is not None:
        prefix = "role_assignments"
        total = int(data[f"{prefix}-TOTAL_FORMS"])
        data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
        data[f"{prefix}-{total}-role"] = Role.SYSTEM_ADMIN
        data[f"{prefix}-{total}-user"] = actor.pk
        response = client.post(url, data)
        assert response.status_code < 500
    assert not RoleAssignment.objects.filter(user=actor, role=Role.SYSTEM_ADMIN).exists()


@pytest.mark.parametrize("actor_name", ACTORS)
def test_nobody_but_an_administrator_takes_over_a_superusers_account(demo_user, actor_name):
    actor = staff(demo_user(actor_name))
    admin = demo_user("admin")
    client = client_for(actor)
    response = client.post(
        f"/admin/orgs/user/{admin.pk}/password/",
        {"password1": "ยึดบัญชี-2569-x!", "password2": "ยึดบัญชี-2569-x!"},
    )
    assert response.status_code < 500
    assert _reload(admin).check_password("oneplan-demo")
    response = client.post(
        f"/admin/orgs/user/{admin.pk}/change/",
        {"username": "admin", "email": "attacker@example.org", "is_active": ""},
    )
    admin = _reload(admin)
    assert admin.email != "attacker@example.org"
    assert admin.is_active and admin.is_superuser


def test_a_province_cannot_move_its_staff_to_another_province(demo_user):
    actor = staff(demo_user("rayong"))
    target = demo_user("rayong_agency")
    before = target.organisation_id
    chonburi = Organisation.objects.get(area_id="20", name_th="สำนักงานจังหวัดชลบุรี")
    client = client_for(actor)
    url = f"/admin/orgs/user/{target.pk}/change/"
    data = change_form_data(client, url)
    assert data is not None, "a province changes its own staff's accounts"
    data["position"] = "นักวิเคราะห์นโยบายและแผน"
    assert client.post(url, data).status_code == 302
    assert _reload(target).position == "นักวิเคราะห์นโยบายและแผน"
    data["organisation"] = chonburi.pk
    response = client.post(url, data)
    assert response.status_code < 500
    assert _reload(target).organisation_id == before


def test_the_secretariat_still_gives_roles_within_its_own(demo_user):
    """The national secretariat manages people (not superusers): a province's role."""
    actor = demo_user("secretariat")
    target = demo_user("rayong_district")
    client = client_for(actor)
    response = client.post(
        "/admin/orgs/roleassignment/add/",
        {"user": target.pk, "role": Role.PROVINCIAL_STRATEGY, "area": "21"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RoleAssignment.objects.filter(
        user=target, role=Role.PROVINCIAL_STRATEGY, area_id="21"
    ).exists()


def test_a_system_administrator_may_grant_what_others_may_not(demo_user):
    admin = demo_user("admin")
    target = demo_user("secretariat")
    client = client_for(admin)
    url = f"/admin/orgs/user/{target.pk}/change/"
    data = change_form_data(client, url)
    assert data is not None
    data["is_superuser"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _reload(target).is_superuser
    response = client.post(
        "/admin/orgs/roleassignment/add/", {"user": target.pk, "role": Role.SYSTEM_ADMIN}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=target, role=Role.SYSTEM_ADMIN).exists()
