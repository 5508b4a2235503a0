"""Demo participation for Rayong: needs from several districts (some answered by the demo
proposals), and the FY 2570 Section 19 consultation with nominees (one who does not
qualify), the invitation list, attendance and comments on the provincial and the cluster
plans, some answered; the content is `data/participation.yaml`. Idempotent: skipped when
Rayong's consultation exists.
"""

from __future__ import annotations

from datetime import date

from auditlog.context import set_actor
from django.db import transaction

from oneplan.areas.models import Area
from oneplan.cycles.models import Cycle
from oneplan.demo.files import read
from oneplan.orgs.models import User
from oneplan.participation import services
from oneplan.participation.models import (
    Consultation,
    ConsultationStatus,
    Invitee,
    Need,
    Nomination,
    RepresentativeKind,
)
from oneplan.plans.models import IssueCategory, PlanKind
from oneplan.projects.models import Proposal


@transaction.atomic
def load_participation_demo() -> int:
    rayong = Area.objects.filter(code="21").first()
    cycle = Cycle.objects.filter(fiscal_year_be=2570).first()
    if rayong is None or cycle is None:
        return 0
    if Consultation.objects.filter(province=rayong, cycle=cycle).exists():
        return 0
    actor = User.objects.get(username="rayong")
    data = read("participation.yaml")
    categories = {c.code: c for c in IssueCategory.objects.all()}
    with set_actor(actor):
        for row in data["needs"]:
            where = Area.objects.filter(code=row["area"]).first()
            if where is None:
                continue
            need = Need.objects.create(
                cycle=cycle,
                area=where,
                title=row["title"],
                category=categories.get(row["category"]),
                priority=row["priority"],
                source=row["source"],
                raised_by_level=row["level"],
                beyond_capacity=row["beyond_capacity"],
                created_by=actor,
            )
            need.proposals.set(
                Proposal.objects.filter(cycle=cycle, reference_code__in=row["proposals"])
            )
        consultation = Consultation.objects.create(
            cycle=cycle,
            province=rayong,
            title="การประชุมปรึกษาหารือทุกภาคส่วนตามมาตรา 19 จังหวัดระยอง ประจำปีงบประมาณ พ.ศ. 2570",
            held_on=date(2026, 8, 20),
            venue="ห้องประชุมพลา ศาลากลางจังหวัดระยอง",
            selection_date=date(2026, 7, 30),
            status=ConsultationStatus.HELD,
            published=True,
            public_comments_open=True,
        )
        for row in data["nominees"]:
            district, inside = row["district"], row["inside_municipality"]
            if not Area.objects.filter(code=district).exists():
                continue
            nomination = Nomination(
                consultation=consultation,
                kind=RepresentativeKind.CIVIL_SOCIETY,
                district_id=district,
                inside_municipality=inside,
                full_name=row["full_name"],
                gender=row["gender"],
                birth_date=row["birth_date"],
                community_leader=row["community_leader"],
                registrations=[
                    {
                        "district_code": district,
                        "inside_municipality": inside,
                        "start": row["registered_since"].isoformat(),
                        "end": None,
                    }
                ],
                positions=[{"kind": k, "start": None, "end": None} for k in row["positions"]],
                nominated_by="ที่ประชุมคัดเลือกผู้แทนภาคประชาสังคมของอำเภอ",
            )
            services.save_nomination(actor, nomination)
            if nomination.eligible:
                services.select(actor, nomination)
        for row in data["business"]:
            nomination = Nomination(
                consultation=consultation,
                kind=RepresentativeKind.BUSINESS,
                channel=row["channel"],
                full_name=row["full_name"],
                gender=row["gender"],
            )
            services.save_nomination(actor, nomination)
            services.select(actor, nomination)
        services.build_invitations(actor, consultation)
        for number, invitee in enumerate(consultation.invitees.order_by("pk")):
            if number % 4 != 3:  # most came
                Invitee.objects.filter(pk=invitee.pk).update(attended=True)
        plans = {p.kind: p for p in services.plans_under_consultation(consultation)}
        for row in data["comments"]:
            plan = plans.get(row["plan_kind"])
            if plan is None:
                continue
            comment = services.add_comment(
                actor,
                consultation,
                plan,
                row["text"],
                component=row["component"],
                commenter=row["commenter"],
            )
            if row["verdict"] and row["plan_kind"] == PlanKind.PROVINCE:
                services.answer(actor, comment, row["verdict"], row["answer"])
        consultation.summary = (
            "ที่ประชุมให้ความเห็นต่อร่างแผนพัฒนาจังหวัดระยองฉบับทบทวน และร่างแผนปฏิบัติราชการ"
            " ประจำปีงบประมาณ พ.ศ. 2570 จังหวัดจะนำความเห็นไปปรับปรุงแผนก่อนเสนอ ก.บ.จ."
        )
        consultation.save(update_fields=["summary"])
    return 1
