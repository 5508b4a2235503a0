"""Loading the reference geography: geothai's areas and the cluster regimes.

Every loader here is idempotent: it compares what the database holds with the source
and writes only the difference, so running it twice changes nothing, and a later
geothai release renames areas in place (codes are the keys, so foreign keys survive)
and marks areas that disappeared as no longer in use instead of deleting them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path

import geothai
from django.db import transaction

from oneplan.areas.models import (
    COUNTRY_CODE,
    Area,
    AreaLevel,
    Cluster,
    ClusterMembership,
    ClusterRegime,
    LocalGovernmentKind,
    ProvinceProfile,
    Region,
)
from oneplan.core.reference import LoadReport

DATA_DIR = Path(str(files("oneplan.areas").joinpath("data")))


def read_csv(name: str, directory: Path = DATA_DIR) -> list[dict[str, str]]:
    with (directory / name).open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


@dataclass(frozen=True)
class AreaRow:
    code: str
    level: str
    parent: str | None
    name_th: str
    name_en: str


def geothai_rows(province_codes: Iterable[str] | None = None) -> list[AreaRow]:
    """The country, provinces, districts and sub-districts as geothai has them."""
    wanted = set(province_codes) if province_codes else None
    rows = [AreaRow(COUNTRY_CODE, AreaLevel.COUNTRY, None, "ประเทศไทย", "Thailand")]
    for p in geothai.provinces():
        if wanted and p.code not in wanted:
            continue
        rows.append(AreaRow(p.code, AreaLevel.PROVINCE, COUNTRY_CODE, p.name_th, p.name_en))
        for d in geothai.districts(p.code):
            rows.append(AreaRow(d.code, AreaLevel.DISTRICT, p.code, d.name_th, d.name_en))
            for s in geothai.subdistricts(d.code):
                rows.append(AreaRow(s.code, AreaLevel.SUBDISTRICT, d.code, s.name_th, s.name_en))
    return rows


@transaction.atomic
def load_geography(province_codes: Iterable[str] | None = None) -> LoadReport:
    """Bring the Area table in line with geothai (optionally for some provinces only)."""
    report = LoadReport()
    source = f"geothai {geothai.DATA_VERSION}"
    rows = geothai_rows(province_codes)
    existing = {
        a.code: a
        for a in Area.objects.exclude(level=AreaLevel.VILLAGE).only(
            "code", "level", "parent_id", "name_th", "name_en", "is_active", "source"
        )
    }
    to_create: list[Area] = []
    to_update: list[Area] = []
    for row in rows:
        current = existing.get(row.code)
        if current is None:
            to_create.append(
                Area(
                    code=row.code,
                    level=row.level,
                    parent_id=row.parent,
                    name_th=row.name_th,
                    name_en=row.name_en,
                    source=source,
                )
            )
            continue
        wanted = (row.level, row.parent, row.name_th, row.name_en, True)
        have = (
            current.level,
            current.parent_id,
            current.name_th,
            current.name_en,
            current.is_active,
        )
        if wanted != have:
            current.level, current.parent_id = row.level, row.parent
            current.name_th, current.name_en = row.name_th, row.name_en
            current.is_active, current.source = True, source
            to_update.append(current)
        else:
            report.add("area", "unchanged")
    # Parents before children: the rows are already in that order.
    Area.objects.bulk_create(to_create, batch_size=1000)
    Area.objects.bulk_update(
        to_update, ["level", "parent", "name_th", "name_en", "is_active", "source"], batch_size=1000
    )
    report.add("area", "created", len(to_create))
    report.add("area", "updated", len(to_update))

    # Areas geothai no longer lists are kept (records point at them) but marked inactive.
    if province_codes is None:
        seen = {r.code for r in rows}
        gone = [
            a.code
            for a in existing.values()
            if a.code not in seen and a.is_active and a.level != AreaLevel.COUNTRY
        ]
        Area.objects.filter(code__in=gone).update(is_active=False)
        report.add("area", "retired", len(gone))

    with_profile = set(ProvinceProfile.objects.values_list("province_id", flat=True))
    profiles = [
        ProvinceProfile(province_id=r.code)
        for r in rows
        if r.level == AreaLevel.PROVINCE and r.code not in with_profile
    ]
    ProvinceProfile.objects.bulk_create(profiles)
    report.add("province profile", "created", len(profiles))
    return report


@transaction.atomic
def load_local_government_kinds() -> LoadReport:
    report = LoadReport()
    for row in read_csv("local_government_kinds.csv"):
        _, outcome = upsert(
            LocalGovernmentKind,
            {"code": row["code"]},
            {
                "name_th": row["name_th"],
                "short_th": row["short_th"],
                "name_en": row["name_en"],
                "covers_level": row["covers_level"],
                "order": int(row["order"]),
            },
        )
        report.add("local government kind", outcome)
    return report


def upsert(model, keys: dict, values: dict):
    """Create or update one row; report 'created', 'updated' or 'unchanged'."""
    obj = model.objects.filter(**keys).first()
    if obj is None:
        return model.objects.create(**keys, **values), "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    return obj, "updated"


@transaction.atomic
def load_cluster_regimes(available_provinces: set[str] | None = None) -> LoadReport:
    """Both cluster regimes with their regions, clusters, members and operations centres.

    An operations centre marked `yes` in the file is confirmed; one marked `unconfirmed`
    is left as the national secretariat set it (never overwritten by a reload).
    """
    report = LoadReport()
    provinces = available_provinces or set(Area.objects.provinces().values_list("code", flat=True))
    heads = {(r["regime"], r["cluster_th"]): r["head_title"] for r in read_csv("cluster_heads.csv")}
    for spec in read_csv("regimes.csv"):
        _load_regime(spec, heads, provinces, report)
    in_force = [r["code"] for r in read_csv("regimes.csv") if r["in_force"] == "yes"]
    if not ClusterRegime.objects.filter(in_force=True).exists() and in_force:
        ClusterRegime.objects.filter(code=in_force[0]).update(in_force=True)
        report.add("regime in force", "set")
    return report


def _load_regime(
    spec: dict, heads: dict[tuple[str, str], str], provinces: set[str], report: LoadReport
) -> None:
    """One cluster regime of regimes.csv, with the regions, clusters, members and
    operations centres of its file."""
    regime, outcome = upsert(
        ClusterRegime,
        {"code": spec["code"]},
        {
            "name_th": spec["name_th"],
            "name_en": spec["name_en"],
            "announced_on": date.fromisoformat(spec["announced_on"]),
            "source": spec["source"],
        },
    )
    report.add("cluster regime", outcome)
    rows = read_csv(spec["file"])
    regions = _load_regions(regime, rows, report)
    clusters = _load_clusters(regime, rows, regions, heads, report)
    _load_memberships(regime, rows, clusters, provinces, report)
    _load_operations_centres(rows, clusters, provinces, report)


def _load_regions(regime: ClusterRegime, rows: list[dict], report: LoadReport) -> dict[str, Region]:
    """The regime's regions by Thai name, ordered as they first appear in the rows."""
    region_order: dict[str, int] = {}
    for row in rows:
        if row.get("region_th"):
            region_order.setdefault(row["region_th"], len(region_order) + 1)
    regions: dict[str, Region] = {}
    for name, order in region_order.items():
        regions[name], outcome = upsert(
            Region, {"regime": regime, "name_th": name}, {"order": order}
        )
        report.add("region", outcome)
    return regions


def _load_clusters(
    regime: ClusterRegime,
    rows: list[dict],
    regions: dict[str, Region],
    heads: dict[tuple[str, str], str],
    report: LoadReport,
) -> dict[str, Cluster]:
    """The regime's clusters by Thai name, ordered as they first appear in the rows."""
    cluster_order: dict[str, int] = {}
    for row in rows:
        cluster_order.setdefault(row["cluster_th"], len(cluster_order) + 1)
    clusters: dict[str, Cluster] = {}
    for name, order in cluster_order.items():
        region_name = next(r.get("region_th") for r in rows if r["cluster_th"] == name)
        clusters[name], outcome = upsert(
            Cluster,
            {"regime": regime, "name_th": name},
            {
                "order": order,
                "region": regions.get(region_name) if region_name else None,
                "head_title": heads.get((regime.code, name), ""),
            },
        )
        report.add("cluster", outcome)
    return clusters


def _load_memberships(
    regime: ClusterRegime,
    rows: list[dict],
    clusters: dict[str, Cluster],
    provinces: set[str],
    report: LoadReport,
) -> None:
    """The regime's members exactly as the rows list them (of the available provinces)."""
    wanted = {
        (row["cluster_th"], row["province_code"])
        for row in rows
        if row["province_code"] in provinces
    }
    have = {
        (m.cluster.name_th, m.province_id): m
        for m in ClusterMembership.objects.filter(regime=regime).select_related("cluster")
    }
    for key in have.keys() - wanted:
        have[key].delete()
        report.add("cluster membership", "deleted")
    for cluster_name, province_code in sorted(wanted - have.keys()):
        ClusterMembership.objects.filter(regime=regime, province_id=province_code).delete()
        ClusterMembership.objects.create(
            regime=regime, cluster=clusters[cluster_name], province_id=province_code
        )
        report.add("cluster membership", "created")
    report.add("cluster membership", "unchanged", len(wanted & have.keys()))


def _load_operations_centres(
    rows: list[dict], clusters: dict[str, Cluster], provinces: set[str], report: LoadReport
) -> None:
    """The operations centres marked `yes`, confirmed (`unconfirmed` ones left alone)."""
    for row in rows:
        if row["operations_centre"] == "yes" and row["province_code"] in provinces:
            cluster = clusters[row["cluster_th"]]
            _, outcome = upsert(
                Cluster,
                {"pk": cluster.pk},
                {
                    "operations_centre_id": row["province_code"],
                    "operations_centre_confirmed": True,
                },
            )
            report.add("operations centre", outcome)


def regime_in_force() -> ClusterRegime | None:
    return ClusterRegime.objects.filter(in_force=True).first()


def load_all(province_codes: list[str] | None = None) -> LoadReport:
    report = load_geography(province_codes)
    report.merge(load_local_government_kinds())
    provinces = set(province_codes) if province_codes else None
    report.merge(load_cluster_regimes(provinces))
    return report
