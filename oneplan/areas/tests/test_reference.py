"""Reference data: what `oneplan load-reference` loads, and that it is idempotent."""

from __future__ import annotations

import dataclasses

import geothai
import pytest
from django.core.management import call_command

from oneplan.areas.models import Area, AreaLevel, Cluster, ClusterMembership, ClusterRegime
from oneplan.areas.reference import load_cluster_regimes, load_geography
from oneplan.core.reference import load_reference
from oneplan.plans.models import AlignmentFramework

pytestmark = pytest.mark.django_db


def test_geography_counts_match_geothai():
    assert Area.objects.provinces().count() == 77
    assert Area.objects.districts().count() == 928
    assert Area.objects.subdistricts().count() == 7436
    assert Area.objects.filter(level=AreaLevel.COUNTRY).count() == 1
    rayong = Area.objects.get(code="21")
    assert (rayong.name_th, rayong.name_en) == ("ระยอง", "Rayong")
    assert Area.objects.get(code="210101").parent.parent == rayong


def test_every_area_nests_under_its_parent_code():
    for area in Area.objects.exclude(level=AreaLevel.COUNTRY).select_related("parent"):
        if area.level != AreaLevel.PROVINCE:
            assert area.code.startswith(area.parent.code)
        area.clean()


@pytest.mark.parametrize("regime", ["2552", "2560"])
def test_both_regimes_have_18_clusters_with_76_provinces_and_no_bangkok(regime):
    clusters = Cluster.objects.filter(regime__code=regime)
    assert clusters.count() == 18
    members = ClusterMembership.objects.filter(regime__code=regime)
    assert members.count() == 76
    assert not members.filter(province_id="10").exists()
    assert members.values("province").distinct().count() == 76


def test_2552_operations_centres_are_all_confirmed_members():
    for cluster in Cluster.objects.filter(regime__code="2552"):
        assert cluster.operations_centre_confirmed
        assert cluster.memberships.filter(province=cluster.operations_centre).exists()


def test_2560_has_six_regions_and_only_two_confirmed_centres():
    regime = ClusterRegime.objects.get(code="2560")
    assert regime.in_force
    assert regime.regions.count() == 6
    confirmed = Cluster.objects.filter(regime=regime, operations_centre_confirmed=True)
    assert sorted(c.operations_centre_id for c in confirmed) == ["20", "25"]
    south = Cluster.objects.get(regime=regime, name_th="กลุ่มจังหวัดภาคใต้ชายแดน")
    assert "ศอ.บต." in south.head_display


def test_alignment_frameworks_loaded():
    counts = {f.code: f.targets.count() for f in AlignmentFramework.objects.all()}
    assert counts == {
        "ns-2561-2580": 6,
        "mp-2561-2580": 23,
        "nesdp13": 13,
        "sdg": 17,
        # The 2551 regime's frameworks (plans/data/README.md): the strategies of the 10th
        # and the 11th plans, the headings of the government policy of 2551.
        "nesdp10": 5,
        "nesdp11": 6,
        "gov-policy-2551": 8,
    }


def test_second_load_changes_nothing():
    before = list(Area.objects.values_list("code", "name_th", "name_en", "is_active"))
    report = load_reference()
    assert not report.changed, report.lines()
    after = list(Area.objects.values_list("code", "name_th", "name_en", "is_active"))
    assert before == after


def test_command_reports_no_change(capsys):
    call_command("load_reference")
    assert "no change" in capsys.readouterr().out


def test_a_renamed_area_is_updated_in_place_keeping_foreign_keys(monkeypatch):
    """A later geothai release renames a district: the row keeps its key and its links."""
    from oneplan.orgs.models import Organisation

    office = Organisation.objects.get(name_th="ที่ว่าการอำเภอเมืองระยอง")
    original = geothai.districts

    def renamed(province_code):
        return [
            dataclasses.replace(d, name_th="เมืองระยองใหม่") if d.code == "2101" else d
            for d in original(province_code)
        ]

    monkeypatch.setattr(geothai, "districts", renamed)
    report = load_geography()
    assert report.counts["area"].get("updated") == 1
    office.refresh_from_db()
    assert office.area.name_th == "เมืองระยองใหม่"


def test_an_area_dropped_by_geothai_is_kept_but_retired(monkeypatch):
    original = geothai.subdistricts

    def without_one(district_code):
        return [s for s in original(district_code) if s.code != "210101"]

    monkeypatch.setattr(geothai, "subdistricts", without_one)
    report = load_geography()
    assert report.counts["area"].get("retired") == 1
    gone = Area.objects.get(code="210101")
    assert not gone.is_active


def test_operations_centre_set_by_secretariat_survives_reload():
    cluster = Cluster.objects.get(regime__code="2560", name_th="กลุ่มจังหวัดภาคใต้ชายแดน")
    cluster.operations_centre_id = "94"  # Pattani, a member
    cluster.save()
    load_cluster_regimes()
    cluster.refresh_from_db()
    assert cluster.operations_centre_id == "94"
