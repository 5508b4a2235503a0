"""Demo committees: Rayong's ก.บ.จ. with its members and a meeting whose resolutions follow
the seeds' meeting summary (seed 003), and the Eastern 1 ก.บ.ก. whose composition breaks a
few rules, so that the check has something to say. The ก.บ.จ.'s members and agenda are
`data/committees.yaml`. Idempotent (keyed by name)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from oneplan.areas.models import Area, Cluster
from oneplan.committees.models import (
    AgendaItem,
    AppointmentOrder,
    Committee,
    CommitteeType,
    Meeting,
    MeetingStatus,
    Member,
)
from oneplan.cycles.models import Regime
from oneplan.demo.files import read


@transaction.atomic
def load_committee_demo() -> int:
    regime = Regime.objects.filter(is_current=True).first()
    rayong = Area.objects.filter(code="21").first()
    if regime is None or rayong is None:
        return 0
    kbj_type = CommitteeType.objects.filter(regime=regime, code="kbj").first()
    kbk_type = CommitteeType.objects.filter(regime=regime, code="kbk").first()
    if kbj_type is None or kbk_type is None:
        return 0
    made = 0
    name = "คณะกรรมการบริหารงานจังหวัดแบบบูรณาการจังหวัดระยอง"
    if not Committee.objects.filter(name=name).exists():
        kbj = Committee.objects.create(type=kbj_type, name=name, area=rayong)
        order = AppointmentOrder.objects.create(
            committee=kbj,
            number="1234/2569",
            issued_on=date(2026, 1, 15),
            title=f"แต่งตั้ง{name}",
            issued_by="จังหวัดระยอง",
        )
        data = read("committees.yaml")
        for number, row in enumerate(data["kbj_members"], 1):
            representative = row["basis"] == "representative"
            Member.objects.create(
                committee=kbj,
                number=number,
                **row,
                province=rayong,
                order=order,
                term_start=date(2026, 1, 15) if representative else None,
                term_end=date(2029, 1, 14) if representative else None,
            )
        meeting = Meeting.objects.create(
            committee=kbj,
            number="ครั้งที่ 3/2569",
            held_on=date(2026, 10, 28),
            time="13.30 น.",
            venue="ห้องประชุมพลา ศาลากลางจังหวัดระยอง",
            status=MeetingStatus.HELD,
        )
        for order_no, row in enumerate(data["agenda"], 1):
            AgendaItem.objects.create(meeting=meeting, **row, order=order_no)
        made += 1
    cluster = Cluster.objects.filter(regime__in_force=True, memberships__province=rayong).first()
    kbk_name = "คณะกรรมการบริหารงานกลุ่มจังหวัดแบบบูรณาการ กลุ่มจังหวัดภาคตะวันออก 1"
    if cluster is not None and not Committee.objects.filter(name=kbk_name).exists():
        centre = cluster.operations_centre or rayong
        kbk = Committee.objects.create(type=kbk_type, name=kbk_name, area=centre, cluster=cluster)
        provinces = list(Area.objects.filter(cluster_memberships__cluster=cluster).order_by("code"))
        number = 0

        def add(
            title: str,
            role: str,
            seat: str,
            province: Area | None,
            gender: str = "",
            term: tuple[date, date] | None = None,
        ) -> None:
            nonlocal number
            number += 1
            Member.objects.create(
                committee=kbk,
                number=number,
                position_title=title,
                role=role,
                basis="representative" if seat in ("civil_society", "business") else "position",
                seat=seat,
                province=province,
                gender=gender,
                term_start=term[0] if term else None,
                term_end=term[1] if term else None,
            )

        add(f"ผู้ว่าราชการ{centre.display_name}", "chair", "governor", centre)
        for province in provinces:
            if province != centre:
                add(f"ผู้ว่าราชการ{province.display_name}", "vice_chair", "governor", province)
            add(f"นายกองค์การบริหารส่วนจังหวัด{province.name_th}", "member", "pao_chief", province)
            add(
                f"หัวหน้าสำนักงานเกษตร{province.display_name}",
                "member",
                "agency_head",
                province,
                term=(date(2024, 1, 1), date(2026, 12, 31)),
            )
            add(f"นายกเทศมนตรีใน{province.display_name}", "member", "mayor", province)
            add(f"นายกองค์การบริหารส่วนตำบลใน{province.display_name}", "member", "sao_chief", province)
            # The last province has sent two men and no woman: the check says so.
            first_gender = "male" if province == provinces[-1] else "female"
            add(
                f"ผู้แทนภาคประชาสังคม{province.display_name}",
                "member",
                "civil_society",
                province,
                first_gender,
            )
            add(
                f"ผู้แทนภาคประชาสังคม{province.display_name}",
                "member",
                "civil_society",
                province,
                "male",
            )
        add("ประธานสภาหอการค้ากลุ่มจังหวัด", "member", "business", None)
        add("ประธานสภาอุตสาหกรรมกลุ่มจังหวัด", "member", "business", None)
        # One agency head's term has already run out.
        expired = Member.objects.filter(committee=kbk, seat="agency_head").order_by("pk").first()
        Member.objects.filter(pk=expired.pk).update(
            term_start=date(2022, 1, 1), term_end=date(2024, 12, 31)
        )
        add("ข้าราชการกระทรวงมหาดไทย", "secretary", "official", None)
        made += 1
    return made
