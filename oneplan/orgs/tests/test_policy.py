"""The permission matrix: every role × own area / other area × read / change.

Expectations are written out by hand, one row per role; each is checked both ways the
policy answers (`can` for one object, `restrict` for querysets), through the pages,
and the two are checked to agree on every object in the database.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from oneplan.areas.models import Area, ProvinceProfile
from oneplan.orgs.models import Organisation, OrgKind, Role, RoleAssignment, User
from oneplan.orgs.policy import Action, can, restrict

pytestmark = pytest.mark.django_db

# Columns: objects in Rayong (own province of the demo), its district Mueang Rayong,
# Chonburi (same cluster, other province), Chiang Mai (other cluster), and a ministry.
AGRI_RY = "สำนักงานเกษตรจังหวัดระยอง"  # the demo agency officer's own body
CD_RY = "สำนักงานพัฒนาชุมชนจังหวัดระยอง"
DISTRICT = "ที่ว่าการอำเภอเมืองระยอง"  # in district 2101
CITY = "เทศบาลนครระยอง"  # the demo local-government officer's own body, in 2101
AGRI_CB = "สำนักงานเกษตรจังหวัดชลบุรี"
AGRI_CM = "สำนักงานเกษตรจังหวัดเชียงใหม่"
MOI = "กระทรวงมหาดไทย"
COLUMNS = [AGRI_RY, CD_RY, DISTRICT, CITY, AGRI_CB, AGRI_CM, MOI]

T, F = True, False
# role user -> (view per column, change per column)
ORGANISATION_MATRIX = {
    "admin": ([T, T, T, T, T, T, T], [T, T, T, T, T, T, T]),
    "secretariat": ([T, T, T, T, T, T, T], [T, T, T, T, T, T, T]),
    "reviewer": ([T, T, T, T, T, T, T], [F, F, F, F, F, F, F]),
    "east1": ([T, T, T, T, T, F, T], [T, T, T, T, T, F, F]),
    "rayong": ([T, T, T, T, F, F, T], [T, T, T, T, F, F, F]),
    "rayong_district": ([T, T, T, T, F, F, T], [F, F, T, T, F, F, F]),
    "rayong_agency": ([T, T, T, T, F, F, T], [T, F, F, F, F, F, F]),
    "rayong_lao": ([T, T, T, T, F, F, T], [F, F, F, T, F, F, F]),
    "rayong_committee": ([T, T, T, T, F, F, T], [F, F, F, F, F, F, F]),
    "chonburi": ([F, F, F, F, T, F, T], [F, F, F, F, T, F, F]),
    None: ([F, F, F, F, F, F, F], [F, F, F, F, F, F, F]),  # the public, not signed in
}

# Province profiles (Rayong, Chonburi, Chiang Mai): public to read, changed by the province.
PROFILE_CHANGE = {
    "admin": [T, T, T],
    "secretariat": [T, T, T],
    "reviewer": [F, F, F],
    "east1": [F, F, F],
    "rayong": [T, F, F],
    "rayong_district": [F, F, F],
    "rayong_agency": [F, F, F],
    "rayong_lao": [F, F, F],
    "rayong_committee": [F, F, F],
    "chonburi": [F, T, F],
    None: [F, F, F],
}


@pytest.fixture
def organisations(db):
    Organisation.objects.create(
        name_th=AGRI_CM, kind=OrgKind.PROVINCIAL_AGENCY, area=Area.objects.get(code="50")
    )
    return {o.name_th: o for o in Organisation.objects.filter(name_th__in=COLUMNS)}


def user_for(name: str | None):
    return AnonymousUser() if name is None else User.objects.get(username=name)


@pytest.mark.parametrize("username", list(ORGANISATION_MATRIX))
def test_organisation_matrix(organisations, username):
    user = user_for(username)
    views, changes = ORGANISATION_MATRIX[username]
    for column, may_view, may_change in zip(COLUMNS, views, changes, strict=True):
        org = organisations[column]
        for action, expected in ((Action.VIEW, may_view), (Action.CHANGE, may_change)):
            assert can(user, action, org) is expected, (username, column, action)
            seen = restrict(Organisation.objects.all(), user, action).filter(pk=org.pk).exists()
            assert seen is expected, (username, column, action, "restrict")


@pytest.mark.parametrize("username", list(PROFILE_CHANGE))
def test_province_profile_matrix(username):
    user = user_for(username)
    profiles = [ProvinceProfile.objects.get(province_id=c) for c in ("21", "20", "50")]
    for profile, expected in zip(profiles, PROFILE_CHANGE[username], strict=True):
        assert can(user, Action.VIEW, profile) is True
        assert can(user, Action.CHANGE, profile) is expected, (username, profile)
        listed = restrict(ProvinceProfile.objects.all(), user, Action.CHANGE)
        assert listed.filter(pk=profile.pk).exists() is expected


@pytest.mark.parametrize("username", [u for u in ORGANISATION_MATRIX if u])
@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE])
def test_can_and_restrict_agree_on_every_object(organisations, username, action):
    user = user_for(username)
    allowed = set(restrict(Organisation.objects.all(), user, action).values_list("pk", flat=True))
    for org in Organisation.objects.select_related("area"):
        assert (org.pk in allowed) is can(user, action, org), (username, org, action)


def test_add_is_judged_on_the_new_object(organisations):
    rayong = user_for("rayong")
    in_rayong = Organisation(name_th="ใหม่", kind=OrgKind.PROVINCIAL_AGENCY, area_id="2102")
    in_chonburi = Organisation(name_th="ใหม่", kind=OrgKind.PROVINCIAL_AGENCY, area_id="20")
    assert can(rayong, Action.ADD, in_rayong)
    assert not can(rayong, Action.ADD, in_chonburi)


def test_only_villages_are_editable_areas():
    district_officer = user_for("rayong_district")
    village = Area.objects.create(
        code="21010101", level="village", parent_id="210101", name_th="ทดสอบ", village_no=1
    )
    assert can(district_officer, Action.CHANGE, village)
    assert not can(district_officer, Action.CHANGE, Area.objects.get(code="210101"))
    assert not can(user_for("chonburi"), Action.CHANGE, village)
    assert not can(user_for("secretariat"), Action.CHANGE, Area.objects.get(code="21"))


def test_cluster_operations_centre_is_set_only_nationally():
    from oneplan.areas.models import Cluster

    cluster = Cluster.objects.get(regime__code="2560", name_th="กลุ่มจังหวัดภาคตะวันออก 1")
    assert can(user_for("secretariat"), Action.CHANGE, cluster)
    assert not can(user_for("east1"), Action.CHANGE, cluster)
    assert not can(user_for("rayong"), Action.CHANGE, cluster)
    assert can(None, Action.VIEW, cluster)


def test_a_user_with_no_role_sees_nothing_scoped(organisations):
    nobody = User.objects.create_user("nobody", password="x-long-password-1")
    assert not restrict(Organisation.objects.all(), nobody).exists()


def test_role_assignment_needs_its_scope():
    from django.core.exceptions import ValidationError

    user = user_for("reviewer")
    with pytest.raises(ValidationError):
        RoleAssignment(user=user, role=Role.PROVINCIAL_STRATEGY).full_clean()
    with pytest.raises(ValidationError):
        RoleAssignment(user=user, role=Role.PROVINCIAL_STRATEGY, area_id="2101").full_clean()
    RoleAssignment(user=user, role=Role.PROVINCIAL_STRATEGY, area_id="21").full_clean()


@pytest.mark.django_db
def test_home_province_and_who_reads_everywhere(demo_user):
    from oneplan.orgs.policy import home_province_code, reads_everywhere

    assert home_province_code(demo_user("rayong")) == "21"
    assert home_province_code(demo_user("rayong_district")) == "21"  # its district's province
    assert home_province_code(demo_user("secretariat")) is None
    assert [
        reads_everywhere(demo_user(u)) for u in ("secretariat", "reviewer", "east1", "rayong")
    ] == [
        True,
        True,
        False,
        False,
    ]
