"""The demo as data: its files load into the shapes the loader writes, the database the
session fixture loaded from them holds what they say, loading again changes nothing, and no
app imports the demo (it sits above every app)."""

from __future__ import annotations

import ast
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command

from oneplan.areas.models import LocalGovernment, ProvinceProfile
from oneplan.committees.models import AgendaItem, Member
from oneplan.cycles.models import Calendar
from oneplan.demo import committees, cycles, loader, plans, projects
from oneplan.demo.files import DATA_DIR, read
from oneplan.monitoring.models import Allocation
from oneplan.orgs.models import Organisation, Role, User
from oneplan.participation.models import Need, Nomination
from oneplan.plans.models import Plan
from oneplan.projects.models import Envelope, Proposal

ONEPLAN = Path(__file__).resolve().parents[2]


# --- the files


def test_every_data_file_is_readable_utf8_yaml_with_thai_unescaped():
    names = sorted(p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*.yaml"))
    assert "plans/rayong.yaml" in names and "users.yaml" in names
    for name in names:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        assert "\\u0e" not in text.lower(), name  # Thai written as Thai, not \u-escaped
        assert read(name) == yaml.safe_load(text), name


def test_the_plans_read_in_the_shape_the_loader_fills():
    rayong = plans.read_plan("rayong")
    assert (rayong["kind"], rayong["province_code"], rayong["first_year_be"]) == (
        "province",
        "21",
        2566,
    )
    indicator = rayong["issues"][0]["goals"][0]["indicators"][0]
    # Years are ints and amounts strings that Decimal() takes, as the docstring promised.
    assert all(type(year) is int for year in indicator["targets"])
    assert all(Decimal(value) >= 0 for value in indicator["targets"].values())
    assert plans.read_plan("east1")["kind"] == "cluster"
    review = plans.read_review("rayong_review_2568")
    assert {change["op"] for change in review} <= {
        "set_vision",
        "set_past_performance",
        "add_swot",
        "set_target",
        "add_indicator",
        "reword_strategy",
        "add_project",
        "drop_project",
    }
    others = plans.read_other_provinces()
    assert list(others)[:2] == ["20", "24"]  # the file's order, which is the loading order
    assert all(spec["province_code"] == code for code, spec in others.items())


def test_proposals_users_and_template_read_into_their_python_types():
    proposals = projects.read_proposals()
    assert len({p.code for p in proposals}) == len(proposals)
    first = proposals[0]
    assert isinstance(first.output, tuple) and isinstance(first.tags, tuple)
    assert first.months == (11, 8)  # left out of the file: the dataclass's default
    assert projects.read_envelopes()["21"] == Decimal("120000000")
    assert [u.role for u in loader.DEMO_USERS][:2] == [
        Role.SYSTEM_ADMIN,
        Role.NATIONAL_SECRETARIAT,
    ]
    template = cycles.read_template()
    assert all(0 <= step["start_month"] <= step["end_month"] <= 11 for step in template)
    index = (cycles.CALENDARS_DIR / "index.csv").read_text(encoding="utf-8")
    assert "rayong_2562.csv" in index and (cycles.CALENDARS_DIR / "rayong_2562.csv").exists()


# --- the database loaded from them (the session fixture ran load_demo)


@pytest.mark.django_db
def test_the_loaded_demo_holds_what_the_files_say():
    for spec in loader.DEMO_USERS:
        user = User.objects.get(username=spec.username)
        assert user.first_name == spec.first_name
        assert user.role_assignments.get().role == spec.role
    assert User.objects.get(username="rayong").check_password(loader.DEMO_PASSWORD)
    data = read("organisations.yaml")
    for row in data["organisations"]:
        org = Organisation.objects.get(area_id=row["area"], name_th=row["name_th"])
        assert org.kind == row["kind"]
        if "parent" in row:
            assert org.parent.name_th == row["parent"]
        if "local_government" in row:
            assert org.local_government.code == row["local_government"]
    city = LocalGovernment.objects.get(code="DEMO-21-2")
    assert sorted(city.covers.values_list("code", flat=True)) == ["210101", "210102"]
    assert ProvinceProfile.objects.get(province_id="21").letter_prefix == "รย"

    rayong_plan = Plan.objects.get(province_id="21", first_year_be=2566)
    original = rayong_plan.editions.get(number=0)
    spec = plans.read_plan("rayong")
    assert original.vision == spec["vision"]
    assert original.issues.count() == len(spec["issues"])
    assert Plan.objects.filter(province_id__in=list(plans.read_other_provinces())).count() == 8

    for proposal in projects.read_proposals():
        stored = Proposal.objects.get(
            cycle__fiscal_year_be=proposal.year, reference_code=proposal.code
        )
        assert stored.title == proposal.title
    for code, amount in projects.read_envelopes().items():
        assert Envelope.objects.get(cycle__fiscal_year_be=2570, province_id=code).amount == amount

    assert Calendar.objects.filter(title__startswith="ปฏิทินแม่แบบ", is_template=True).exists()
    participation = read("participation.yaml")
    assert Need.objects.filter(cycle__fiscal_year_be=2570).count() == len(participation["needs"])
    assert Nomination.objects.count() == len(participation["nominees"]) + len(
        participation["business"]
    )
    data = read("committees.yaml")
    kbj = Member.objects.filter(committee__name="คณะกรรมการบริหารงานจังหวัดแบบบูรณาการจังหวัดระยอง")
    assert list(kbj.order_by("number").values_list("position_title", flat=True)) == [
        m["position_title"] for m in data["kbj_members"]
    ]
    assert AgendaItem.objects.count() == len(data["agenda"])
    assert Allocation.objects.filter(cycle__fiscal_year_be=2569).exists()
    assert committees.load_committee_demo() == 0  # already there


@pytest.mark.django_db
def test_load_demo_again_changes_nothing_and_prints_the_credentials():
    models = [m for m in apps.get_models() if m._meta.app_label not in ("auditlog", "sessions")]
    before = {m._meta.label: m._default_manager.count() for m in models}
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert {m._meta.label: m._default_manager.count() for m in models} == before
    printed = out.getvalue()
    assert "Demo loaded: Rayong (21)" in printed
    assert all(u.username in printed for u in loader.DEMO_USERS)
    assert loader.DEMO_PASSWORD in printed


# --- the layer: the demo above every app


def demo_importers(root: Path) -> list[str]:
    """The modules under `root` (tests, conftests and the demo itself left out) that import
    `oneplan.demo`, anywhere in the module, functions included."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] == "demo" or "tests" in parts or path.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            if any(name == "oneplan.demo" or name.startswith("oneplan.demo.") for name in names):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_no_app_imports_the_demo():
    assert demo_importers(ONEPLAN) == []


def test_the_import_scan_finds_an_import_hidden_in_a_function(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "views.py").write_text(
        "def view():\n    from oneplan.demo.loader import load_demo\n", encoding="utf-8"
    )
    (tmp_path / "plans" / "other.py").write_text("from oneplan import demo\n", encoding="utf-8")
    (tmp_path / "plans" / "fine.py").write_text("import oneplan.demos_elsewhere\n")
    (tmp_path / "plans" / "tests").mkdir()
    (tmp_path / "plans" / "tests" / "test_x.py").write_text("import oneplan.demo.loader\n")
    assert demo_importers(tmp_path) == ["plans/other.py:1", "plans/views.py:2"]
