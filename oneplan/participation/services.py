"""The rules of participation, as plain functions over the models and the acting user.

Every change asks the permission policy and is audited with the user as actor.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan.areas.models import CODE_LENGTH, Area, AreaLevel
from oneplan.areas.services import cluster_of_province
from oneplan.core import ratelimit
from oneplan.core.thai import normalize_text
from oneplan.orgs import invitations, policy
from oneplan.orgs.models import Organisation, OrgKind
from oneplan.orgs.policy import Action
from oneplan.participation import eligibility as el
from oneplan.participation.models import (
    Answer,
    CommentSource,
    Consultation,
    Invitee,
    InviteeGroup,
    Moderation,
    Need,
    Nomination,
    PlanComment,
    RepresentativeKind,
)
from oneplan.plans.models import Plan, PlanEdition, PlanKind

# --------------------------------------------------------------------------- needs


@transaction.atomic
def save_need(user: Any, need: Need, proposals=None, issues=None) -> Need:
    policy.require(user, Action.ADD if need.pk is None else Action.CHANGE, need)
    if need.pk is not None:
        policy.require(user, Action.CHANGE, Need.objects.get(pk=need.pk))
    need.title = normalize_text(need.title)
    need.full_clean()
    with set_actor(user):
        if need.pk is None and getattr(user, "is_authenticated", False):
            need.created_by = user
        need.save()
        if proposals is not None:
            need.proposals.set(proposals)
        if issues is not None:
            need.issues.set(issues)
    return need


@dataclass(frozen=True)
class RollupRow:
    area: Area
    total: int
    beyond_capacity: int
    answered: int  # linked to at least one proposal
    by_category: dict[str, int]


def _level_code(code: str, level: str) -> str:
    """The code of the area at `level` that holds the area `code` (a sub-district unless a
    province or district is asked for)."""
    return code[: CODE_LENGTH.get(level, CODE_LENGTH[AreaLevel.SUBDISTRICT])]


def rollup(needs, level: str) -> list[RollupRow]:
    """Counts of needs per district (or sub-district, or province) and per category."""
    rows: dict[str, dict] = {}
    for need in needs.select_related("category").prefetch_related("proposals"):
        key = _level_code(need.area_id, level)
        row = rows.setdefault(
            key, {"total": 0, "beyond": 0, "answered": 0, "by_category": Counter()}
        )
        row["total"] += 1
        row["beyond"] += need.beyond_capacity
        row["answered"] += bool(need.proposals.all())
        row["by_category"][need.category.name_th if need.category else "ไม่ระบุหมวด"] += 1
    areas = {a.code: a for a in Area.objects.filter(code__in=rows)}
    return [
        RollupRow(areas[code], r["total"], r["beyond"], r["answered"], dict(r["by_category"]))
        for code, r in sorted(rows.items())
        if code in areas
    ]


@dataclass(frozen=True)
class TraceRow:
    """One line of "One Plan": need → proposal → strategy → national strategy."""

    need: Need
    proposal: Any
    issue: Any
    strategy: Any
    national: tuple[str, ...]


def traceability(needs) -> list[TraceRow]:
    out: list[TraceRow] = []
    needs = needs.select_related("area").prefetch_related(
        "proposals__issue__alignments", "proposals__strategy", "issues__alignments"
    )
    for need in needs:
        proposals = list(need.proposals.all())
        if not proposals:
            for issue in need.issues.all() or [None]:
                out.append(TraceRow(need, None, issue, None, _national(issue)))
            continue
        for proposal in proposals:
            out.append(
                TraceRow(
                    need, proposal, proposal.issue, proposal.strategy, _national(proposal.issue)
                )
            )
    return out


def _national(issue: Any) -> tuple[str, ...]:
    if issue is None:
        return ()
    return tuple(str(t) for t in issue.alignments.all())


# --------------------------------------------------------------------------- consultations


def default_title(consultation: Consultation) -> str:
    """The title the law's wording gives a province's Section 19 consultation."""
    return (
        f"การประชุมปรึกษาหารือทุกภาคส่วนตามมาตรา 19 {consultation.province.name_th} "
        f"ประจำปีงบประมาณ พ.ศ. {consultation.cycle.fiscal_year_be}"
    )


def editions_for(consultation: Consultation):
    """The plan editions a consultation may be held on: those of the province's plans and
    of its clusters' plans."""
    return editions_in([consultation.province_id])


def editions_in(provinces: Iterable[Any]):
    """The plan editions of the provinces' plans and of their clusters' plans (`provinces`:
    areas, their codes or a queryset of them)."""
    return PlanEdition.objects.filter(
        Q(plan__province__in=provinces) | Q(plan__cluster__memberships__province__in=provinces)
    ).distinct()


def save_consultation(
    user: Any, consultation: Consultation, editions: Iterable[PlanEdition] | None = None
) -> Consultation:
    """Create or change a Section 19 consultation of a province the user may edit. The
    province is kept once the consultation exists (its invitees and nominees belong to it);
    the public comment form opens only on a published consultation; a missing title is the
    law's wording for the province and the cycle's year."""
    if consultation.pk is None:
        policy.require(user, Action.ADD, consultation)
    else:
        before = Consultation.objects.get(pk=consultation.pk)
        policy.require(user, Action.CHANGE, before)
        if before.province_id != consultation.province_id:
            raise ValidationError(
                {"province": _("The province of a consultation cannot be changed")}
            )
    consultation.title = normalize_text(consultation.title or "")
    if not consultation.title and consultation.cycle_id and consultation.province_id:
        consultation.title = default_title(consultation)
    consultation.venue = normalize_text(consultation.venue or "")
    if consultation.public_comments_open and not consultation.published:
        raise ValidationError(
            {
                "public_comments_open": _(
                    "Publish the consultation before opening it to public comments"
                )
            }
        )
    consultation.time = normalize_text(consultation.time or "")
    consultation.full_clean()
    chosen = None if editions is None else list(editions)
    if chosen:
        allowed = set(editions_for(consultation).values_list("pk", flat=True))
        if any(e.pk not in allowed for e in chosen):
            raise ValidationError(
                {"editions": _("Choose editions of the province's plans or its cluster's")}
            )
    with set_actor(user):
        consultation.save()
        if chosen is not None:
            consultation.editions.set(chosen)
    return consultation


# --------------------------------------------------------------------------- nominations


def rules_for(consultation: Consultation) -> el.EligibilityRules:
    return el.EligibilityRules.from_params(consultation.cycle.regime.representative_rules or {})


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def nominee_of(nomination: Nomination) -> el.Nominee:
    return el.Nominee(
        birth_date=nomination.birth_date,
        nationality=nomination.nationality,
        registrations=tuple(
            el.Registration(
                district_code=str(r.get("district_code", "")),
                inside_municipality=bool(r.get("inside_municipality")),
                start=_date(r.get("start")),
                end=_date(r.get("end")),
            )
            for r in nomination.registrations or []
            if r.get("start")
        ),
        positions=tuple(
            el.PositionHeld(
                kind=str(p.get("kind", "")), start=_date(p.get("start")), end=_date(p.get("end"))
            )
            for p in nomination.positions or []
        ),
        community_leader=nomination.community_leader,
    )


def check_nomination(nomination: Nomination) -> el.Verdict:
    """Judge a civil-society nominee by the regime's rules on the selection day (business
    representatives are chosen by their channel: nothing to judge)."""
    consultation = nomination.consultation
    if nomination.kind != RepresentativeKind.CIVIL_SOCIETY:
        return el.Verdict(True, ())
    if consultation.selection_date is None or nomination.district_id is None:
        finding = el.Finding("missing", _("The selection day or the district is not set yet"))
        return el.Verdict(False, (finding,))
    return el.check_nominee(
        nominee_of(nomination),
        district_code=nomination.district_id,
        inside_municipality=nomination.inside_municipality,
        selection_date=consultation.selection_date,
        rules=rules_for(consultation),
    )


@transaction.atomic
def save_nomination(user: Any, nomination: Nomination) -> Nomination:
    """Record a nominee, judged at once; the district is one of the consultation's province,
    and the area follows it (or the province)."""
    district = nomination.district
    if district is not None and district.parent_id != nomination.consultation.province_id:
        raise ValidationError(
            {"district": _("The district is not one of the consultation's province")}
        )
    nomination.area = district or nomination.consultation.province
    policy.require(user, Action.ADD if nomination.pk is None else Action.CHANGE, nomination)
    verdict = check_nomination(nomination)
    nomination.eligible = verdict.eligible
    nomination.reasons = [{"code": f.code, "message": f.message} for f in verdict.reasons]
    if not verdict.eligible:
        nomination.selected = False
    nomination.full_clean()
    with set_actor(user):
        nomination.save()
    return nomination


@transaction.atomic
def select(user: Any, nomination: Nomination, selected: bool = True) -> Nomination:
    """Select a nominee as a representative, within the caps (six per district, ten
    businesses); an ineligible nominee cannot be selected."""
    policy.require(user, Action.CHANGE, nomination)
    if selected:
        if not nomination.eligible:
            raise ValidationError(_("The nominee lacks the qualifications, so cannot be selected"))
        rules = rules_for(nomination.consultation)
        chosen = Nomination.objects.filter(
            consultation=nomination.consultation, kind=nomination.kind, selected=True
        ).exclude(pk=nomination.pk)
        if nomination.kind == RepresentativeKind.CIVIL_SOCIETY:
            counts = Counter(chosen.values_list("district_id", flat=True))
            counts[nomination.district_id] += 1
            problems = el.check_district_selection(dict(counts), rules)
        else:
            counts = Counter(chosen.values_list("channel", flat=True))
            counts[nomination.channel] += 1
            problems = el.check_business_selection(dict(counts), rules)
        if problems:
            raise ValidationError([p.message for p in problems])
    with set_actor(user):
        nomination.selected = selected
        nomination.save(update_fields=["selected"])
    return nomination


# --------------------------------------------------------------------------- invitees


AGENCY_KINDS = (OrgKind.PROVINCIAL_OFFICE, OrgKind.PROVINCIAL_AGENCY, OrgKind.DISTRICT_OFFICE)


@transaction.atomic
def build_invitations(user: Any, consultation: Consultation) -> int:
    """The invitation list the law requires (DOMAIN.md §2): heads of the agencies and state
    bodies in the province, every local-government executive, the members of the province's
    committees in their seat's group (`orgs.invitations`), and the chosen civil-society and
    business representatives. Keeps what exists (and its attendance); returns how many
    were added."""
    policy.require(user, Action.CHANGE, consultation)
    province = consultation.province
    orgs = Organisation.objects.filter(area__code__startswith=province.code, is_active=True)
    wanted: list[tuple[str, str, Organisation | None, Nomination | None]] = []
    for org in orgs.filter(kind__in=AGENCY_KINDS).order_by("name_th"):
        wanted.append((InviteeGroup.AGENCY_HEAD, f"หัวหน้า{org.name_th}", org, None))
    for org in orgs.filter(kind=OrgKind.STATE_ENTERPRISE).order_by("name_th"):
        wanted.append((InviteeGroup.STATE_ENTERPRISE, f"ผู้บริหาร{org.name_th}", org, None))
    for org in orgs.filter(kind=OrgKind.LOCAL_GOVERNMENT).order_by("name_th"):
        wanted.append((InviteeGroup.LAO_EXECUTIVE, f"ผู้บริหาร{org.name_th}", org, None))
    # The members of the province's committees (ก.บ.จ., ก.บ.อ. …), in their seat's group.
    on = consultation.held_on or timezone.localdate()
    for candidate in invitations.candidates(province.code, on):
        wanted.append((candidate.group, candidate.name, None, None))
    for nomination in consultation.nominations.filter(selected=True).order_by("kind", "full_name"):
        group = (
            InviteeGroup.CIVIL_SOCIETY
            if nomination.kind == RepresentativeKind.CIVIL_SOCIETY
            else InviteeGroup.BUSINESS
        )
        wanted.append((group, nomination.full_name, None, nomination))
    existing = {
        (i.group, i.organisation_id, i.nomination_id, i.name) for i in consultation.invitees.all()
    }
    added = 0
    with set_actor(user):
        for group, name, org, nomination in wanted:
            key = (group, org.pk if org else None, nomination.pk if nomination else None, name)
            if key in existing:
                continue
            Invitee.objects.create(
                consultation=consultation,
                group=group,
                name=name,
                organisation=org,
                nomination=nomination,
            )
            added += 1
    return added


def _invitee_organisation(consultation: Consultation, organisation: Organisation | None):
    if organisation is not None and not (organisation.area_id or "").startswith(
        consultation.province_id
    ):
        raise ValidationError(
            {"organisation": _("The organisation is not one of the consultation's province")}
        )


@transaction.atomic
def add_invitee(
    user: Any,
    consultation: Consultation,
    group: str,
    name: str,
    organisation: Organisation | None = None,
) -> Invitee:
    """Invite one more by hand (a guest, a head the list missed) in one of the five groups;
    the name defaults to the organisation's. The same name twice in a group is refused."""
    policy.require(user, Action.CHANGE, consultation)
    if group not in InviteeGroup.values:
        raise ValidationError({"group": _("Choose one of the five groups")})
    _invitee_organisation(consultation, organisation)
    name = normalize_text(name or "") or (organisation.name_th if organisation else "")
    if not name:
        raise ValidationError({"name": _("Write the invitee's name or position")})
    if consultation.invitees.filter(group=group, name=name).exists():
        raise ValidationError({"name": _("This invitee is already on the list in this group")})
    invitee = Invitee(consultation=consultation, group=group, name=name, organisation=organisation)
    policy.require(user, Action.ADD, invitee)
    invitee.full_clean()
    with set_actor(user):
        invitee.save()
    return invitee


@transaction.atomic
def remove_invitee(user: Any, invitee: Invitee) -> None:
    """Take an invitee off the list (building the list again adds back whoever the law
    requires)."""
    policy.require(user, Action.DELETE, invitee)
    with set_actor(user):
        invitee.delete()


@transaction.atomic
def mark_attended(user: Any, invitee: Invitee, attended: bool = True) -> Invitee:
    """Tick (or untick) that an invitee came to the meeting."""
    policy.require(user, Action.CHANGE, invitee)
    with set_actor(user):
        invitee.attended = attended
        invitee.save(update_fields=["attended"])
    return invitee


def attendance(consultation: Consultation) -> list[tuple[str, str, int, int]]:
    """Per group: (code, label, invited, attended)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for group, attended in consultation.invitees.values_list("group", "attended"):
        counts[group][0] += 1
        counts[group][1] += attended
    return [(g.value, str(g.label), *counts[g.value]) for g in InviteeGroup]


# --------------------------------------------------------------------------- comments


def plans_under_consultation(consultation: Consultation) -> list[Plan]:
    """The plans of the editions chosen for the consultation; none chosen: the province's
    plan and its cluster's plan covering the consultation's cycle."""
    if consultation.pk:
        chosen = consultation.editions.select_related("plan").order_by("plan__kind", "pk")
        plans = list(dict.fromkeys(e.plan for e in chosen))
        if plans:
            return plans
    year = consultation.cycle.fiscal_year_be
    covering = Plan.objects.filter(first_year_be__lte=year, last_year_be__gte=year)
    plans = list(covering.filter(kind=PlanKind.PROVINCE, province=consultation.province)[:1])
    regime = consultation.cycle.regime.cluster_regime
    cluster = cluster_of_province(consultation.province, regime) if regime else None
    if cluster is not None:
        plans += list(covering.filter(kind=PlanKind.CLUSTER, cluster=cluster)[:1])
    return plans


def _owner_fields(plan: Plan) -> dict[str, Any]:
    if plan.kind == PlanKind.CLUSTER:
        return {"cluster": plan.cluster, "province": None}
    return {"province": plan.province, "cluster": None}


@transaction.atomic
def add_comment(
    user: Any, consultation: Consultation, plan: Plan, text: str, **fields: Any
) -> PlanComment:
    """A comment recorded at the consultation on one of the plans under consultation; one
    on the cluster plan is forwarded to the cluster office at once."""
    policy.require(user, Action.CHANGE, consultation)
    if plan not in plans_under_consultation(consultation):
        raise ValidationError(_("This plan is not one put to consultation at this meeting"))
    text = normalize_text(text)
    if not text:
        raise ValidationError(_("Please write a comment"))
    comment = PlanComment(
        consultation=consultation,
        plan=plan,
        text=text,
        source=fields.pop("source", CommentSource.MEETING),
        **_owner_fields(plan),
        **fields,
    )
    if plan.kind == PlanKind.CLUSTER:
        comment.forwarded_at = timezone.now()
    comment.full_clean()
    with set_actor(user):
        comment.save()
    return comment


@transaction.atomic
def answer(user: Any, comment: PlanComment, verdict: str, why: str) -> PlanComment:
    """The plan's owner answers: accepted, partly or not, and why (required unless accepted)."""
    policy.require(
        user, Action.CHANGE, comment, _("Only the owner of the plan may answer this comment.")
    )
    if verdict not in Answer.values:
        raise ValidationError(_("Choose a decision"))
    why = normalize_text(why)
    if verdict != Answer.ACCEPTED and not why:
        raise ValidationError(_("Please give a reason when not accepting or accepting in part"))
    with set_actor(user):
        comment.answer, comment.answer_text = verdict, why
        comment.answered_by, comment.answered_at = user, timezone.now()
        comment.save(update_fields=["answer", "answer_text", "answered_by", "answered_at"])
    return comment


@transaction.atomic
def moderate(user: Any, comment: PlanComment, approve: bool) -> PlanComment:
    policy.require(user, Action.CHANGE, comment)
    with set_actor(user):
        comment.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
        if approve and comment.plan.kind == PlanKind.CLUSTER and comment.forwarded_at is None:
            comment.forwarded_at = timezone.now()
        comment.save(update_fields=["moderation", "forwarded_at"])
    return comment


MAX_PUBLIC_COMMENT = 3000


class TooManyComments(Exception):
    pass


def submit_public_comment(
    consultation: Consultation, plan: Plan, text: str, name: str, client: str
) -> PlanComment:
    """A comment from the public form: waits for moderation, rate-limited per address
    (``client``: ``core.ratelimit.client_address``; at most the deployment's
    ``ONEPLAN_PUBLIC_COMMENTS_PER_HOUR``, 5 by default, in each clock hour), kept as plain
    text (pages escape it; nothing in it is ever read as markup)."""
    if not (consultation.published and consultation.public_comments_open):
        raise PermissionDenied(_("This meeting is not open to comments from the public."))
    if plan not in plans_under_consultation(consultation):
        raise ValidationError(_("This plan is not open to comments"))
    text = normalize_text(text)
    if not text:
        raise ValidationError(_("Please write a comment"))
    if len(text) > MAX_PUBLIC_COMMENT:
        raise ValidationError(
            _("A comment may be at most %(most)s characters long")
            % {"most": f"{MAX_PUBLIC_COMMENT:,}"}
        )
    per_hour = settings.ONEPLAN_PUBLIC_COMMENTS_PER_HOUR
    if ratelimit.hit("public-comment", client, 60 * 60) > per_hour:
        raise TooManyComments(
            _("At most %(n)s comments can be sent an hour. Please try again later")
            % {"n": per_hour}
        )
    return PlanComment.objects.create(
        consultation=consultation,
        plan=plan,
        text=text,
        commenter=normalize_text(name)[:200],
        source=CommentSource.PUBLIC,
        moderation=Moderation.PENDING,
        **_owner_fields(plan),
    )
