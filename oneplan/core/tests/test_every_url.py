"""Every URL of the project, visited as users who must not see or change Rayong's records.

One row per URL name (a few have a variant, `name@variant`): how to build the URL from the
Rayong demo, the object the permission policy judges and the action the page needs for each
method. Each row is visited by

* ``chonburi`` — another province, in Rayong's cluster (so it reads the cluster's records);
* ``outsider`` — a provincial strategy officer of Chiang Mai (50), outside the cluster;
* ``rayong_agency`` — an agency of Rayong, on records of *another* agency of Rayong: it
  reads them, it changes none of them;
* ``anonymous`` — only the public pages;
* ``rayong`` — the owner: the control that proves the row reaches its page (and, for a
  POST, the service behind it).

and must answer what `policy.can(user, action, obj)` (or, for a list or a national page,
the policy helper the page uses) says: refused as 404/403 (a login redirect or 401 for the
anonymous), never 200 with the record and never 500; a list shows the record only when the
policy lets the user read it; a POST by a user the policy does not let change the record
writes nothing (no audit-log entry, no queued task). `test_every_url_has_a_row` fails when a
URL pattern is added without its row here.
"""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from oneplan.areas import services as area_services
from oneplan.areas.models import Area, Cluster, ProvinceProfile
from oneplan.committees.models import (
    AgendaItem,
    Committee,
    CommitteeType,
    FollowUp,
    Meeting,
    MeetingDocument,
)
from oneplan.core.models import Job, JobStatus
from oneplan.cycles.models import Calendar, CalendarLevel, CalendarStep, Cycle
from oneplan.letters import services as letter_services
from oneplan.letters.models import Letter, NumberRegister
from oneplan.monitoring import reports
from oneplan.monitoring.models import (
    Allocation,
    DisbursementImport,
    IndicatorResult,
    PerformanceIndicator,
    PerformanceScore,
    ProgressReport,
    ReportPhoto,
    Transaction,
)
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation, OrgKind, Role, RoleAssignment, User
from oneplan.orgs.policy import Action
from oneplan.participation import needs_import, villages_import
from oneplan.participation.models import (
    Consultation,
    Invitee,
    Need,
    Nomination,
    PlanComment,
)
from oneplan.plans.models import Indicator, Plan, PlanEdition, StrategicIssue
from oneplan.projects import services as project_services
from oneplan.projects.api.views import default_proposer
from oneplan.projects.models import (
    ActionPlan,
    ActionPlanItem,
    Attachment,
    Criterion,
    CriterionScore,
    Decision,
    Envelope,
    Proposal,
    ProposalStatus,
    ReviewComment,
)
from oneplan.projects.permissions import reviewable

OWNER = "rayong"
VISITORS = ("chonburi", "outsider", "rayong_agency", "anonymous")
RAYONG = "21"
LOGIN_URL = "/accounts/login/"

# URL patterns not in the table, each with its reason ("admin/…" patterns are skipped whole:
# the admin answers through the same policy and has its own matrix in orgs/tests).
SKIPPED: dict[str, str] = {
    "favicon.ico": "a permanent redirect to a static file",
    "logout": "Django's own view: ends the caller's session, reads and writes no record",
    "set_language": "Django's own view: sets the language cookie, reads and writes no record",
    "api-not-found": "the JSON 404 of any unknown address under /api/: reads no record",
}


# --------------------------------------------------------------------------- the world


@dataclass
class World:
    """The Rayong records every row points at, and the visitors' sessions."""

    users: dict[str, Any]
    sessions: dict[str, str]
    cluster: Cluster
    profile: ProvinceProfile
    other_agency: Organisation
    plan: Plan
    edition: PlanEdition
    old_edition: PlanEdition
    cluster_edition: PlanEdition
    issue: StrategicIssue
    indicator: Indicator
    proposal: Proposal
    cluster_proposal: Proposal
    remark: ReviewComment
    attachment: Attachment
    criterion: Criterion
    envelope: Envelope
    cycle: Cycle  # FY 2569: the action plan and the monitoring data
    next_cycle: Cycle  # FY 2570: the cluster's proposals
    action_plan: ActionPlan
    item: ActionPlanItem
    report: ProgressReport
    photo: ReportPhoto
    allocation: Allocation
    unmatched: Transaction
    disbursement_import: DisbursementImport
    indicator_result: IndicatorResult
    performance_indicator: PerformanceIndicator
    performance_score: PerformanceScore
    calendar: Calendar  # Rayong's, not published
    published_calendar: Calendar
    step: CalendarStep
    need: Need
    consultation: Consultation  # Rayong's, not published
    public_consultation: Consultation
    nomination: Nomination
    invitee: Invitee
    comment: PlanComment
    cluster_comment: PlanComment
    committee: Committee
    cluster_committee: Committee
    meeting: Meeting
    agenda_item: AgendaItem
    meeting_document: MeetingDocument
    follow_up: FollowUp
    letter: Letter
    number_register: NumberRegister  # Rayong's, this year's
    document_job: Job
    import_job: Job
    gfmis_job: Job

    def user(self, name: str) -> Any:
        return self.users[name]

    def client(self, name: str) -> Client:
        client = Client()
        if name in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[name]
        return client

    @property
    def province(self) -> Area:
        return self.profile.province


def _file(name: str, data: bytes = b"%PDF-1.4\n% OnePlan test\n") -> ContentFile:
    return ContentFile(data, name=name)


def _png(name: str = "photo.png") -> ContentFile:
    """A real (1×1) PNG: an attachment the upload check keeps, so that only the policy
    can refuse it."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1, 1)).save(out, "PNG")
    return ContentFile(out.getvalue(), name=name)


def _build_world() -> World:
    users: dict[str, Any] = {
        name: User.objects.get(username=name) for name in ("chonburi", "rayong_agency", OWNER)
    }
    outsider = User.objects.create(username="outsider50", first_name="นอก", last_name="กลุ่ม")
    RoleAssignment.objects.create(user=outsider, role=Role.PROVINCIAL_STRATEGY, area_id="50")
    users["outsider"] = outsider
    users["anonymous"] = AnonymousUser()
    sessions = {}
    for name, user in users.items():
        if user.is_authenticated:
            client = Client()
            client.force_login(user)
            sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    owner = users[OWNER]
    agency = users["rayong_agency"].organisation

    province = Area.objects.get(code=RAYONG)
    cluster = Cluster.objects.get(regime__in_force=True, memberships__province=province)
    cycle = Cycle.objects.get(fiscal_year_be=2569)
    next_cycle = Cycle.objects.get(fiscal_year_be=2570)

    plan = Plan.objects.get(province=province)
    edition = plan.editions.order_by("-number").first()
    cluster_plan = Plan.objects.get(cluster=cluster)

    # A proposal of another agency of Rayong, in the clinic.
    proposal = (
        Proposal.objects.filter(
            province=province,
            status=ProposalStatus.CLINIC,
            proposer__kind=OrgKind.PROVINCIAL_AGENCY,
        )
        .exclude(proposer=agency)
        .order_by("pk")
        .first()
    )
    action_plan = ActionPlan.objects.get(cycle=cycle, province=province)
    item = (
        action_plan.items.filter(proposal__proposer__kind=OrgKind.PROVINCIAL_AGENCY)
        .exclude(proposal__proposer=agency)
        .order_by("rank")
        .first()
    )
    period = reports.periods(cycle)[1]
    report = reports.report_for(item, period)

    calendar, published_calendar = Calendar.objects.filter(
        area=province, is_template=False
    ).order_by("-pk")[:2]
    calendar.published = False
    calendar.save(update_fields=["published"])

    consultation = Consultation.objects.get(province=province)
    public_consultation = Consultation.objects.get(pk=consultation.pk)
    public_consultation.pk = None
    public_consultation.save()
    consultation.published = False
    consultation.title = f"{consultation.title} (ร่างภายใน)"
    consultation.save(update_fields=["published", "title"])

    committee = Committee.objects.get(area=province, cluster__isnull=True)
    meeting = committee.meetings.order_by("pk").first()

    remark = project_services.comment(owner, proposal, "ความเห็นทดสอบของคลินิก")
    return World(
        users=users,
        sessions=sessions,
        cluster=cluster,
        profile=ProvinceProfile.objects.get(province=province),
        other_agency=proposal.proposer,
        plan=plan,
        edition=edition,
        old_edition=plan.editions.exclude(pk=edition.pk).order_by("-number").first(),
        cluster_edition=cluster_plan.editions.order_by("-number").first(),
        issue=edition.issues.order_by("pk").first(),
        indicator=edition.indicators.order_by("pk").first(),
        proposal=proposal,
        cluster_proposal=Proposal.objects.filter(cluster=cluster, area__code__startswith=RAYONG)
        .order_by("pk")
        .first(),
        remark=remark,
        attachment=Attachment.objects.create(
            proposal=proposal, file=_file("proposal.pdf"), name="proposal.pdf", uploaded_by=owner
        ),
        criterion=Criterion.objects.filter(regime=proposal.cycle.regime).order_by("order").first(),
        envelope=Envelope.objects.get(cycle=next_cycle, province=province),
        cycle=cycle,
        next_cycle=next_cycle,
        action_plan=action_plan,
        item=item,
        report=report,
        photo=ReportPhoto.objects.create(report=report, file=_file("photo.pdf"), name="photo.pdf"),
        allocation=Allocation.objects.filter(item=item).order_by("pk").first(),
        unmatched=Transaction.objects.filter(province=province, allocation__isnull=True)
        .order_by("pk")
        .first(),
        disbursement_import=DisbursementImport.objects.filter(province=province).first(),
        indicator_result=IndicatorResult.objects.filter(province=province).order_by("pk").first(),
        performance_indicator=PerformanceIndicator.objects.get(cycle=cycle),
        performance_score=PerformanceScore.objects.get(province=province),
        calendar=calendar,
        published_calendar=published_calendar,
        step=calendar.steps.order_by("number").first(),
        need=Need.objects.filter(area__code__startswith=RAYONG).order_by("pk").first(),
        consultation=consultation,
        public_consultation=public_consultation,
        nomination=consultation.nominations.order_by("pk").first(),
        invitee=consultation.invitees.order_by("pk").first(),
        comment=PlanComment.objects.filter(consultation=consultation, province=province)
        .order_by("pk")
        .first(),
        cluster_comment=PlanComment.objects.get(cluster=cluster),
        committee=committee,
        cluster_committee=Committee.objects.get(cluster=cluster),
        meeting=meeting,
        agenda_item=meeting.items.order_by("order").first(),
        meeting_document=MeetingDocument.objects.create(
            meeting=meeting, file=_file("minutes.pdf"), name="minutes.pdf", uploaded_by=owner
        ),
        follow_up=FollowUp.objects.create(
            item=meeting.items.order_by("order").first(),
            text="ปรับปรุงคำสั่ง ก.บ.อ.",
            area=province,
            due_on=meeting.held_on,
        ),
        letter=letter_services.letter_for_calendar(owner, calendar),
        number_register=NumberRegister.objects.create(
            province=province, prefix="รย ๐๐๑๗.๒", year_be=2569, name="ทะเบียนหนังสือส่งทดสอบ"
        ),
        document_job=Job.objects.create(
            requested_by=owner,
            kind="document:plan.docx",
            params={"edition_id": edition.pk},
            subject_label=plan.title,
            area=province,
            status=JobStatus.DONE,
            progress=100,
            file=_file("plan.docx", b"PK test"),
            filename="แผน.docx",
            content_type="application/octet-stream",
        ),
        import_job=Job.objects.create(
            requested_by=owner,
            kind="import:proposals",
            params={"cycle_id": next_cycle.pk, "source": "agency"},
            area=province,
            filename="โครงการ.xlsx",
        ),
        gfmis_job=Job.objects.create(
            requested_by=owner,
            kind="import:gfmis",
            params={"cycle_id": cycle.pk},
            area=province,
            filename="gfmis.csv",
            status=JobStatus.DONE,
            result={"rows": 1, "added": 1, "repeated": 0, "matched": 1, "unmatched": 0},
        ),
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at its end; each
    test runs in its own savepoint (pytest-django's `db`), so nothing one test writes is
    seen by the next."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        with transaction.atomic():
            yield _build_world()
            transaction.set_rollback(True)


# --------------------------------------------------------------------------- the table

Kwargs = Callable[[World], dict[str, Any]]
Judge = Callable[[World], Any]
Expect = Callable[[Any, World, Action], bool]

VIEW_ONLY = {"GET": Action.VIEW}
EDIT_PAGE = {"GET": Action.CHANGE, "POST": Action.CHANGE}
READ_WRITE = {"GET": Action.VIEW, "POST": Action.CHANGE}
POST_CHANGE = {"POST": Action.CHANGE}
POST_VIEW = {"POST": Action.VIEW}


@dataclass(frozen=True)
class Row:
    """One URL: how to reach it, what the policy judges, what each method needs.

    kind: "page" (one record, refused when the policy says no), "list" (200 for every
    signed-in user, the record shown only to those who may read it), "api_list" (the same
    for a JSON list, by the record's id) or "open" (no record: `expect` alone decides).
    """

    name: str
    kwargs: Kwargs = lambda w: {}
    obj: Judge | None = None
    actions: dict[str, Action] = field(default_factory=lambda: dict(VIEW_ONLY))
    kind: str = "page"
    variant: str = ""
    post_obj: Judge | None = None  # what a POST changes, when it is not `obj`
    expect: Expect | None = None  # instead of policy.can(user, action, obj)
    post_expect: Expect | None = None  # the same, for a POST to a list
    public: bool = False  # reached without signing in
    query: Callable[[World], dict[str, Any]] | None = None
    data: Callable[[World], dict[str, Any]] | None = None  # sent by POST/PATCH
    multipart: bool = False  # the API call sends a file
    ok: tuple[int, ...] = (200,)  # the answer to a GET the policy allows
    marker: Callable[[World], str] | None = None  # the record's text, for lists
    ident: Callable[[Any], Any] = lambda obj: obj.pk  # the record's id in a JSON list
    id_key: str = "id"

    @property
    def key(self) -> str:
        return f"{self.name}@{self.variant}" if self.variant else self.name

    def judged(self, world: World, method: str) -> Any:
        if method != "GET" and self.post_obj is not None:
            return self.post_obj(world)
        return self.obj(world) if self.obj is not None else None

    def may(self, user: Any, world: World, method: str) -> bool:
        action = self.actions[method]
        expect = self.post_expect if method != "GET" and self.post_expect else self.expect
        if expect is not None:
            return expect(user, world, action)
        return policy.can(user, action, self.judged(world, method))

    def reads(self, user: Any, world: World) -> bool:
        """Whether the user may read the page's record (then a refused POST may answer with
        the page again, or send the user back to it)."""
        if self.obj is not None:
            return policy.can(user, Action.VIEW, self.obj(world))
        return self.expect is not None and self.expect(user, world, Action.VIEW)


# --- what the list and national pages ask of the policy


def signed_in(user: Any, world: World, action: Action) -> bool:
    return user.is_authenticated


def anyone(user: Any, world: World, action: Action) -> bool:
    return True


def reads_rayong(user: Any, world: World, action: Action = Action.VIEW) -> bool:
    """`projects.views.province_for`: the user reads province 21 (area_reach)."""
    reach = policy.area_reach(user, Action.VIEW)
    return user.is_authenticated and (reach is None or any(p[:2] == RAYONG for p in reach))


def adds(model: type) -> Expect:
    def expect(user: Any, world: World, action: Action) -> bool:
        return policy.can_add_any(user, model)

    return expect


def adds_in_rayong(model: type) -> Expect:
    def expect(user: Any, world: World, action: Action) -> bool:
        return reads_rayong(user, world) and policy.can_add_any(user, model)

    return expect


def imports_villages(user: Any, world: World, action: Action) -> bool:
    """`participation.villages_import.may_import`: the province's strategy group."""
    return villages_import.may_import(user, world.province)


def imports_needs(user: Any, world: World, action: Action) -> bool:
    """`participation.needs_import.may_import_in`: the user records needs in Rayong."""
    return needs_import.may_import_in(user, world.province)


def adds_need_in_tha_pradu(user: Any, world: World, action: Action) -> bool:
    """A need of Tha Pradu (210101) sent in the API's list, as the caller's own body."""
    return user.is_authenticated and needs_import.may_add_need(
        user, Area.objects.get(code="210101")
    )


def own_job(job: Callable[[World], Any]) -> Expect:
    """A background job is seen only by the user who asked for it, while the policy lets
    them read it."""

    def expect(user: Any, world: World, action: Action) -> bool:
        found = job(world)
        return found.requested_by_id == getattr(user, "pk", None) and policy.can(
            user, action, found
        )

    return expect


def proposes_in_rayong(user: Any, world: World, action: Action) -> bool:
    """A new proposal of Rayong through the API, by the caller's own body (the API's
    default proposer)."""
    if not policy.can_add_any(user, Proposal):
        return False
    proposal = Proposal(
        area=world.province, province=world.province, proposer=default_proposer(user)
    )
    return policy.can(user, Action.ADD, proposal)


def national(user: Any, world: World, action: Action) -> bool:
    return policy.reads_everywhere(user)


def in_clinic(user: Any, world: World, action: Action) -> bool:
    """The clinic queue: proposals the user changes, or reviews."""
    found = Proposal.objects.filter(pk=world.proposal.pk)
    return policy.restrict(found, user, Action.CHANGE).exists() or reviewable(found, user).exists()


def copies_calendar(user: Any, world: World, action: Action) -> bool:
    """Copying reads the source and adds a calendar to the user's own province."""
    if action == Action.VIEW:
        return policy.can(user, Action.VIEW, world.calendar)
    home = policy.home_province_code(user)
    return (
        policy.can(user, Action.VIEW, world.calendar)
        and home is not None
        and policy.can(
            user,
            Action.ADD,
            Calendar(level=CalendarLevel.PROVINCE, area=Area.objects.get(code=home)),
        )
    )


def creates_rayong_calendar(user: Any, world: World, action: Action) -> bool:
    """A new calendar of Rayong (the province's own)."""
    return policy.can(user, Action.ADD, Calendar(level=CalendarLevel.PROVINCE, area=world.province))


def reads_published(consultation: Callable[[World], Consultation]) -> Expect:
    def expect(user: Any, world: World, action: Action) -> bool:
        found = consultation(world)
        return found.published and policy.can(user, Action.VIEW, found)

    return expect


def screens(user: Any, world: World, action: Action) -> bool:
    """Running the screening again: whoever changes the proposal, or reviews it."""
    if action == Action.VIEW:
        return policy.can(user, Action.VIEW, world.proposal)
    return policy.can(user, Action.CHANGE, world.proposal) or project_services.is_reviewer(
        user, world.proposal
    )


def _allocation_probe(world: World) -> Allocation:
    return Allocation(cycle=world.cycle, province=world.province)


def _cluster_probe(world: World) -> Allocation:
    return Allocation(cycle=world.cycle, cluster=world.cluster)


def _edition(world: World) -> dict[str, Any]:
    return {"pk": world.edition.pk}


def _proposal(world: World) -> dict[str, Any]:
    return {"pk": world.proposal.pk}


def _calendar(world: World) -> dict[str, Any]:
    return {"pk": world.calendar.pk}


def _consultation(world: World) -> dict[str, Any]:
    return {"pk": world.consultation.pk}


def _recipient(world: World) -> dict[str, Any]:
    return {"pk": world.letter.recipients.order_by("pk")[0].pk}


def _meeting(world: World) -> dict[str, Any]:
    return {"pk": world.meeting.pk}


def _committee(world: World) -> dict[str, Any]:
    return {"pk": world.committee.pk}


def _order(world: World) -> dict[str, Any]:
    return {"pk": world.committee.pk, "oid": world.committee.orders.order_by("pk").first().pk}


def _new_order(world: World) -> dict[str, Any]:
    return {"order": world.committee.orders.order_by("pk").first().pk}


def _member(world: World) -> dict[str, Any]:
    return {"pk": world.committee.pk, "mid": world.committee.members.order_by("pk").first().pk}


def _new_district_committee(world: World) -> Committee:
    kind = CommitteeType.objects.get(regime=world.cycle.regime, code="kbo")
    return Committee(type=kind, area=Area.objects.get(code="2101"))


def _year_code(world: World) -> dict[str, Any]:
    return {"year": world.cycle.fiscal_year_be, "code": RAYONG}


def _rayong_query(world: World) -> dict[str, Any]:
    return {"province": RAYONG}


def _edition_move(world: World) -> dict[str, Any]:
    return {"to_status": "approved", "decided_by": "ก.บ.จ. ครั้งที่ 1/2569"}


def _action_plan_move(world: World) -> dict[str, Any]:
    return {"to_status": "committee", "decided_by": "ก.บ.จ. ครั้งที่ 1/2569"}


ROWS: list[Row] = [
    # ------------------------------------------------------------------ site, areas, bodies
    Row("home", kind="open", expect=anyone, public=True),
    Row("healthz", kind="open", expect=anyone, public=True),
    Row("login", kind="open", expect=anyone, public=True, ok=(200, 302)),
    Row(
        "areas:search",
        kind="open",
        expect=anyone,
        public=True,
        query=lambda w: {"q": "ระยอง"},
    ),
    Row("areas:cluster", lambda w: {"pk": w.cluster.pk}, lambda w: w.cluster, public=True),
    Row("areas:cluster_edit", lambda w: {"pk": w.cluster.pk}, lambda w: w.cluster, EDIT_PAGE),
    Row("areas:area", lambda w: {"code": RAYONG}, lambda w: w.province, public=True),
    Row("areas:province_edit", lambda w: {"code": RAYONG}, lambda w: w.profile, EDIT_PAGE),
    Row(
        "areas:village_add",
        lambda w: {"code": "210101"},
        lambda w: area_services.new_village(Area.objects.get(code="210101")),
        {"GET": Action.ADD, "POST": Action.ADD},
    ),
    Row(
        "orgs:organisations",
        kind="list",
        obj=lambda w: w.other_agency,
        marker=lambda w: w.other_agency.name_th,
    ),
    Row(
        "orgs:organisation_add",
        kind="open",
        expect=adds(Organisation),
        actions={"GET": Action.ADD, "POST": Action.ADD},
    ),
    Row("orgs:organisation", lambda w: {"pk": w.other_agency.pk}, lambda w: w.other_agency),
    Row(
        "orgs:organisation_edit",
        lambda w: {"pk": w.other_agency.pk},
        lambda w: w.other_agency,
        EDIT_PAGE,
    ),
    Row("orgs:account", kind="open", expect=signed_in),
    # ------------------------------------------------------------------ plans
    Row("plans:list", kind="list", obj=lambda w: w.plan, marker=lambda w: w.plan.title),
    Row(
        "plans:create",
        kind="open",
        expect=adds(Plan),
        actions={"GET": Action.ADD, "POST": Action.ADD},
    ),
    Row("plans:compare", kind="list", obj=lambda w: w.plan, marker=lambda w: w.plan.title),
    Row(
        "plans:plan",
        lambda w: {"pk": w.plan.pk},
        lambda w: w.plan,
        READ_WRITE,
        data=lambda w: {"review_year_be": "2569"},
    ),
    Row("plans:edition", _edition, lambda w: w.edition),
    Row(
        "plans:edition",
        lambda w: {"pk": w.cluster_edition.pk},
        lambda w: w.cluster_edition,
        variant="cluster",
    ),
    Row("plans:edition_text", _edition, lambda w: w.edition, EDIT_PAGE),
    Row(
        "plans:edition_transition",
        _edition,
        lambda w: w.edition,
        POST_CHANGE,
        post_obj=lambda w: w.plan,
        data=_edition_move,
    ),
    Row("plans:edition_check", _edition, lambda w: w.edition),
    Row("plans:edition_diff", _edition, lambda w: w.edition),
    Row("plans:edition_chain", _edition, lambda w: w.edition),
    Row(
        "plans:document_start",
        lambda w: {"pk": w.edition.pk, "kind": "plan.docx"},
        lambda w: w.edition,
        POST_VIEW,
    ),
    Row(  # the address before the one job page: on to it
        "plans:document_job",
        lambda w: {"job_id": w.document_job.pk},
        lambda w: w.document_job,
        expect=own_job(lambda w: w.document_job),
        ok=(302,),
    ),
    Row(
        "plans:document_download",
        lambda w: {"job_id": w.document_job.pk},
        lambda w: w.document_job,
        expect=own_job(lambda w: w.document_job),
        ok=(302,),
    ),
    Row("plans:import_template", _edition, lambda w: w.edition, {"GET": Action.CHANGE}),
    Row("plans:import", _edition, lambda w: w.edition, EDIT_PAGE),
    Row(
        "plans:component_add",
        lambda w: {"pk": w.edition.pk, "kind": "issue"},
        lambda w: StrategicIssue(edition=w.edition),
        {"GET": Action.ADD, "POST": Action.ADD},
    ),
    Row(
        "plans:component_edit",
        lambda w: {"pk": w.edition.pk, "kind": "issue", "cid": w.issue.pk},
        lambda w: w.issue,
        EDIT_PAGE,
    ),
    Row(
        "plans:component_delete",
        lambda w: {"pk": w.edition.pk, "kind": "issue", "cid": w.issue.pk},
        lambda w: w.issue,
        {"POST": Action.DELETE},
    ),
    # ------------------------------------------------------------------ projects
    Row(
        "projects:list",
        kind="list",
        obj=lambda w: w.proposal,
        marker=lambda w: w.proposal.title,
    ),
    Row(
        "projects:list",
        kind="list",
        variant="cluster",
        obj=lambda w: w.cluster_proposal,
        marker=lambda w: w.cluster_proposal.title,
    ),
    Row(
        "projects:create",
        kind="open",
        expect=adds_in_rayong(Proposal),
        actions={"GET": Action.ADD, "POST": Action.ADD},
        query=_rayong_query,
    ),
    Row(
        "projects:clinic",
        kind="list",
        obj=lambda w: w.proposal,
        expect=in_clinic,
        marker=lambda w: w.proposal.title,
    ),
    Row(
        "projects:import",
        kind="open",
        expect=reads_rayong,
        actions={"GET": Action.VIEW, "POST": Action.VIEW},
        query=_rayong_query,
    ),
    Row(  # the address before the one job page: on to it
        "projects:import_job",
        lambda w: {"job_id": w.import_job.pk},
        lambda w: w.import_job,
        expect=own_job(lambda w: w.import_job),
        ok=(302,),
    ),
    Row(
        "projects:import_template",
        lambda w: {"source": "agency"},
        kind="open",
        expect=reads_rayong,
        query=lambda w: {"cycle": w.next_cycle.fiscal_year_be, "province": RAYONG},
    ),
    Row(
        "projects:export",
        kind="list",
        obj=lambda w: w.proposal,
        marker=lambda w: w.proposal.title,
    ),
    Row("projects:proposal", _proposal, lambda w: w.proposal),
    Row(
        "projects:proposal",
        lambda w: {"pk": w.cluster_proposal.pk},
        lambda w: w.cluster_proposal,
        variant="cluster",
    ),
    Row("projects:edit", _proposal, lambda w: w.proposal, EDIT_PAGE),
    Row(
        "projects:move",
        _proposal,
        lambda w: w.proposal,
        POST_CHANGE,
        data=lambda w: {"to_status": ProposalStatus.RETURNED},
    ),
    Row("projects:screen", _proposal, lambda w: w.proposal, POST_CHANGE),
    Row(
        "projects:comment",
        _proposal,
        lambda w: w.proposal,
        POST_CHANGE,
        post_obj=lambda w: ReviewComment(proposal=w.proposal),
        data=lambda w: {"text": "ความเห็นจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "projects:reply",
        lambda w: {"pk": w.proposal.pk, "cid": w.remark.pk},
        lambda w: w.proposal,
        POST_CHANGE,
        data=lambda w: {"text": "คำตอบจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "projects:decide",
        _proposal,
        lambda w: w.proposal,
        POST_CHANGE,
        post_obj=lambda w: Decision(proposal=w.proposal),
        data=lambda w: {"outcome": "approved", "reason": "เหตุผลจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "projects:score",
        _proposal,
        lambda w: w.proposal,
        POST_CHANGE,
        post_obj=lambda w: CriterionScore(proposal=w.proposal),
        data=lambda w: {"criterion": w.criterion.pk, "score": "1", "note": ""},
    ),
    Row(
        "projects:attach",
        _proposal,
        lambda w: w.proposal,
        POST_CHANGE,
        data=lambda w: {"file": _png()},
    ),
    Row(
        "projects:attachment",
        lambda w: {"pk": w.proposal.pk, "aid": w.attachment.pk},
        lambda w: w.attachment,
    ),
    Row("projects:envelopes_home", kind="open", expect=signed_in, ok=(302,)),
    Row(
        "projects:envelopes",
        lambda w: {"year": w.envelope.cycle.fiscal_year_be},
        kind="list",
        obj=lambda w: w.envelope,
        actions=READ_WRITE,
        data=lambda w: {"owner": RAYONG, "amount": "1"},
        marker=lambda w: f'id="envelope-{RAYONG}"',
    ),
    Row("projects:action_plan", _year_code, lambda w: w.action_plan),
    Row(
        "projects:action_plan",
        lambda w: {"year": w.next_cycle.fiscal_year_be, "code": f"c{w.cluster.pk}"},
        lambda w: ActionPlan(cycle=w.next_cycle, cluster=w.cluster),
        variant="cluster",
    ),
    Row("projects:action_plan_assemble", _year_code, lambda w: w.action_plan, POST_CHANGE),
    Row(
        "projects:action_plan_transition",
        _year_code,
        lambda w: w.action_plan,
        POST_CHANGE,
        data=_action_plan_move,
    ),
    Row(
        "projects:action_plan_document",
        lambda w: {**_year_code(w), "kind": "action_plan.xlsx"},
        lambda w: w.action_plan,
        POST_VIEW,
    ),
    # ------------------------------------------------------------------ calendars
    Row(
        "cycles:calendars",
        kind="list",
        obj=lambda w: w.calendar,
        public=True,
        marker=lambda w: w.calendar.title,
    ),
    Row("cycles:calendar", _calendar, lambda w: w.calendar, public=True),
    Row(
        "cycles:calendar",
        lambda w: {"pk": w.published_calendar.pk},
        lambda w: w.published_calendar,
        variant="published",
        public=True,
    ),
    Row(
        "cycles:calendar_copy",
        _calendar,
        lambda w: w.calendar,
        {"POST": Action.ADD},
        expect=copies_calendar,
    ),
    Row(
        "cycles:calendar_publish",
        _calendar,
        lambda w: w.calendar,
        POST_CHANGE,
        data=lambda w: {"published": "1"},
    ),
    Row("cycles:calendar_reporting", _calendar, lambda w: w.calendar, POST_CHANGE),
    Row("cycles:calendar_import", _calendar, lambda w: w.calendar, EDIT_PAGE),
    Row(
        "cycles:calendar_export",
        lambda w: {"pk": w.calendar.pk, "kind": "xlsx"},
        lambda w: w.calendar,
        public=True,
    ),
    Row(
        "cycles:calendar_export",
        lambda w: {"pk": w.published_calendar.pk, "kind": "ics"},
        lambda w: w.published_calendar,
        variant="published",
        public=True,
    ),
    Row("cycles:step_create", _calendar, lambda w: w.calendar, EDIT_PAGE),
    Row(
        "cycles:step_edit",
        lambda w: {"pk": w.calendar.pk, "sid": w.step.pk},
        lambda w: w.calendar,
        EDIT_PAGE,
    ),
    Row(
        "cycles:step_status",
        lambda w: {"pk": w.calendar.pk, "sid": w.step.pk},
        lambda w: w.calendar,
        POST_CHANGE,
        data=lambda w: {"status": "done"},
    ),
    Row(
        "cycles:step_delete",
        lambda w: {"pk": w.calendar.pk, "sid": w.step.pk},
        lambda w: w.step,
        {"POST": Action.DELETE},
    ),
    Row(
        "cycles:calendar_create",
        kind="open",
        expect=adds(Calendar),
        post_expect=creates_rayong_calendar,
        actions={"GET": Action.ADD, "POST": Action.ADD},
        data=lambda w: {
            "cycle": w.next_cycle.pk,
            "owner": f"area:{RAYONG}",
            "title": "ปฏิทินทดสอบ",
            "print_layout": "table",
        },
    ),
    Row(
        "cycles:cycles",
        kind="open",
        expect=signed_in,
        post_expect=adds(Cycle),
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        data=lambda w: {"fiscal_year_be": "2580"},
    ),
    # ------------------------------------------------------------------ participation
    Row("participation:needs", kind="open", expect=reads_rayong, query=_rayong_query),
    Row(
        "participation:need_create",
        kind="open",
        expect=adds_in_rayong(Need),
        actions={"GET": Action.ADD, "POST": Action.ADD},
        query=_rayong_query,
    ),
    Row("participation:trace", kind="open", expect=reads_rayong, query=_rayong_query),
    Row(
        "participation:needs_import",
        kind="open",
        expect=adds_in_rayong(Need),
        actions={"GET": Action.ADD, "POST": Action.ADD},
        query=_rayong_query,
    ),
    Row(
        "participation:needs_template",
        kind="open",
        expect=adds_in_rayong(Need),
        query=_rayong_query,
    ),
    Row(
        "participation:villages_import",
        lambda w: {"code": RAYONG},
        kind="open",
        expect=imports_villages,
        actions={"GET": Action.ADD, "POST": Action.ADD},
    ),
    Row("participation:need", lambda w: {"pk": w.need.pk}, lambda w: w.need, ok=(302,)),
    Row("participation:need_edit", lambda w: {"pk": w.need.pk}, lambda w: w.need, EDIT_PAGE),
    Row(
        "participation:consultations",
        kind="list",
        obj=lambda w: w.consultation,
        marker=lambda w: w.consultation.title,
    ),
    Row("participation:consultation", _consultation, lambda w: w.consultation),
    Row(
        "participation:consultation_create",
        kind="open",
        expect=adds(Consultation),
        actions={"GET": Action.ADD, "POST": Action.ADD},
    ),
    Row("participation:consultation_edit", _consultation, lambda w: w.consultation, EDIT_PAGE),
    Row(
        "participation:invitee_add",
        _consultation,
        lambda w: w.consultation,
        POST_CHANGE,
        data=lambda w: {"group": "agency_head", "name": "แขกจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "participation:invitee_remove",
        lambda w: {"pk": w.consultation.pk, "iid": w.invitee.pk},
        lambda w: w.invitee,
        {"POST": Action.DELETE},
    ),
    Row(
        "participation:public",
        lambda w: {"pk": w.public_consultation.pk},
        lambda w: w.public_consultation,
        POST_VIEW | VIEW_ONLY,
        expect=reads_published(lambda w: w.public_consultation),
        public=True,
    ),
    Row(
        "participation:public",
        _consultation,
        lambda w: w.consultation,
        variant="unpublished",
        expect=reads_published(lambda w: w.consultation),
        public=True,
    ),
    Row(
        "participation:nomination_add",
        _consultation,
        lambda w: w.consultation,
        {"POST": Action.ADD},
        post_obj=lambda w: Nomination(consultation=w.consultation, area_id="2101"),
        data=lambda w: {
            "kind": "civil_society",
            "district": "2101",
            "full_name": "ผู้แทนจากผู้ไม่มีสิทธิ์",
            "nationality": "ไทย",
        },
    ),
    Row(
        "participation:nomination_select",
        lambda w: {"pk": w.consultation.pk, "nid": w.nomination.pk},
        lambda w: w.nomination,
        POST_CHANGE,
        data=lambda w: {"selected": "1"},
    ),
    Row("participation:invitations", _consultation, lambda w: w.consultation, POST_CHANGE),
    Row(
        "participation:attended",
        lambda w: {"pk": w.consultation.pk, "iid": w.invitee.pk},
        lambda w: w.consultation,
        POST_CHANGE,
        data=lambda w: {"attended": "1"},
    ),
    Row(
        "participation:comment_add",
        _consultation,
        lambda w: w.consultation,
        POST_CHANGE,
        data=lambda w: {"plan": w.plan.pk, "text": "ความเห็นจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "participation:comment_answer",
        lambda w: {"cid": w.comment.pk},
        lambda w: w.comment,
        POST_CHANGE,
        data=lambda w: {"answer": "not_accepted", "why": "เหตุผลจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "participation:comment_answer",
        lambda w: {"cid": w.cluster_comment.pk},
        lambda w: w.cluster_comment,
        POST_CHANGE,
        variant="cluster",
        data=lambda w: {"answer": "not_accepted", "why": "เหตุผลจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "participation:consultation_report",
        lambda w: {"pk": w.consultation.pk, "kind": "docx"},
        lambda w: w.consultation,
    ),
    Row("public", kind="open", expect=anyone, public=True),
    # ------------------------------------------------------------------ committees
    Row(
        "committees:committees",
        kind="list",
        obj=lambda w: w.committee,
        marker=lambda w: w.committee.name,
    ),
    Row(
        "committees:committee", lambda w: {"pk": w.committee.pk}, lambda w: w.committee, READ_WRITE
    ),
    Row(
        "committees:committee",
        lambda w: {"pk": w.cluster_committee.pk},
        lambda w: w.cluster_committee,
        READ_WRITE,
        variant="cluster",
    ),
    Row(
        "committees:committee_new",
        kind="open",
        expect=adds(Committee),
        actions={"GET": Action.VIEW, "POST": Action.ADD},
    ),
    Row("committees:renew", _committee, lambda w: w.committee, POST_CHANGE, data=_new_order),
    Row("committees:order", _order, lambda w: w.committee, EDIT_PAGE),
    Row(
        "committees:order_document",
        lambda w: {**_order(w), "kind": "docx"},
        lambda w: w.committee,
    ),
    Row("committees:member", _member, lambda w: w.committee, EDIT_PAGE),
    Row("committees:member_delete", _member, lambda w: w.committee, POST_CHANGE),
    Row("committees:follow_up_add", _meeting, lambda w: w.meeting, POST_CHANGE),
    Row(
        "committees:follow_up_done",
        lambda w: {"pk": w.meeting.pk, "fid": w.follow_up.pk},
        lambda w: w.follow_up,
        POST_CHANGE,
    ),
    Row("committees:meeting", _meeting, lambda w: w.meeting, READ_WRITE),
    Row("committees:meeting_held", _meeting, lambda w: w.meeting, POST_CHANGE),
    Row("committees:attendance", _meeting, lambda w: w.meeting, POST_CHANGE),
    Row(
        "committees:document_add",
        _meeting,
        lambda w: w.meeting,
        POST_CHANGE,
        data=lambda w: {"file": _png()},
    ),
    Row(
        "committees:document",
        lambda w: {"pk": w.meeting.pk, "did": w.meeting_document.pk},
        lambda w: w.meeting_document,
    ),
    Row(
        "committees:item_apply",
        lambda w: {"pk": w.meeting.pk, "iid": w.agenda_item.pk},
        lambda w: w.meeting,
        POST_CHANGE,
    ),
    Row(
        "committees:meeting_summary",
        lambda w: {"pk": w.meeting.pk, "kind": "docx"},
        lambda w: w.meeting,
    ),
    # ------------------------------------------------------------------ letters
    Row("letters:letters", kind="list", obj=lambda w: w.letter, marker=lambda w: w.letter.subject),
    Row("letters:letter", lambda w: {"pk": w.letter.pk}, lambda w: w.letter, READ_WRITE),
    Row("letters:file", lambda w: {"pk": w.letter.pk, "kind": "docx"}, lambda w: w.letter),
    Row("letters:from_calendar", _calendar, lambda w: w.calendar, POST_CHANGE),
    Row("letters:from_meeting", _meeting, lambda w: w.meeting, POST_CHANGE),
    Row("letters:from_consultation", _consultation, lambda w: w.consultation, POST_CHANGE),
    Row(
        "letters:issue",
        lambda w: {"pk": w.letter.pk},
        lambda w: w.letter,
        POST_CHANGE,
        data=lambda w: {"register": w.number_register.pk},
    ),
    Row(
        "letters:cancel",
        lambda w: {"pk": w.letter.pk},
        lambda w: w.letter,
        POST_CHANGE,
        data=lambda w: {"reason": "ทดสอบ"},
    ),
    Row(
        "letters:recipient_add",
        lambda w: {"pk": w.letter.pk},
        lambda w: w.letter,
        POST_CHANGE,
        data=lambda w: {"name": "ผู้รับทดสอบ"},
    ),
    Row(
        "letters:recipients_sent",
        lambda w: {"pk": w.letter.pk},
        lambda w: w.letter,
        POST_CHANGE,
        data=lambda w: {"on": "7/12/2569"},
    ),
    Row(
        "letters:recipient",
        _recipient,
        lambda w: w.letter.recipients.order_by("pk")[0],
        POST_CHANGE,
    ),
    Row(
        "letters:registers",
        kind="list",
        obj=lambda w: w.number_register,
        marker=lambda w: w.number_register.name,
    ),
    Row(
        "letters:register_new",
        kind="open",
        expect=adds(NumberRegister),
        actions={"GET": Action.ADD, "POST": Action.ADD},
    ),
    Row(
        "letters:register",
        lambda w: {"pk": w.number_register.pk},
        lambda w: w.number_register,
        READ_WRITE,
        data=lambda w: {"prefix": "รย ๐๐๑๗.๒", "year_be": "2569", "last_number": "5"},
    ),
    # ------------------------------------------------------------------ monitoring
    Row("monitoring:home", kind="open", expect=signed_in, ok=(302,)),
    Row(
        "monitoring:national",
        lambda w: {"year": w.cycle.fiscal_year_be},
        kind="open",
        expect=national,
    ),
    Row("monitoring:dashboard", _year_code, _allocation_probe),
    Row(
        "monitoring:dashboard",
        lambda w: {"year": w.cycle.fiscal_year_be, "code": f"c{w.cluster.pk}"},
        _cluster_probe,
        variant="cluster",
    ),
    Row("monitoring:transactions", _year_code, _allocation_probe),
    Row(
        "monitoring:allocations",
        _year_code,
        _allocation_probe,
        READ_WRITE,
        data=lambda w: {"item": w.item.pk, "category": w.allocation.category, "amount": "1"},
    ),
    Row(
        "jobs:job",
        lambda w: {"job_id": w.document_job.pk},
        lambda w: w.document_job,
        expect=own_job(lambda w: w.document_job),
    ),
    Row(
        "jobs:job",
        lambda w: {"job_id": w.import_job.pk},
        lambda w: w.import_job,
        expect=own_job(lambda w: w.import_job),
        variant="import",
    ),
    Row(
        "jobs:job",
        lambda w: {"job_id": w.gfmis_job.pk},
        lambda w: w.gfmis_job,
        expect=own_job(lambda w: w.gfmis_job),
        variant="gfmis",
    ),
    Row(
        "jobs:progress",
        lambda w: {"job_id": w.gfmis_job.pk},
        lambda w: w.gfmis_job,
        expect=own_job(lambda w: w.gfmis_job),
    ),
    Row(
        "jobs:download",
        lambda w: {"job_id": w.document_job.pk},
        lambda w: w.document_job,
        expect=own_job(lambda w: w.document_job),
    ),
    Row(
        "monitoring:import",
        _year_code,
        lambda w: DisbursementImport(province=w.province, cycle=w.cycle),
        {"GET": Action.ADD, "POST": Action.ADD},
    ),
    Row(
        "monitoring:resolve",
        lambda w: {"pk": w.unmatched.pk},
        lambda w: w.unmatched,
        POST_CHANGE,
        data=lambda w: {"allocation": w.allocation.pk},
    ),
    Row("monitoring:reports", _year_code, lambda w: w.action_plan),
    Row(
        "monitoring:report",
        lambda w: {"item_id": w.item.pk, "period": w.report.period},
        lambda w: w.report,
        READ_WRITE,
        data=lambda w: {"progress_percent": "10", "spent": "1", "action": "save"},
    ),
    Row("monitoring:report_file", lambda w: {"pk": w.photo.pk}, lambda w: w.photo),
    Row(
        "monitoring:indicators",
        lambda w: {"edition_id": w.edition.pk, "year": w.cycle.fiscal_year_be},
        lambda w: w.edition,
        READ_WRITE,
        post_obj=lambda w: IndicatorResult(province=w.province),
        data=lambda w: {"indicator": w.indicator.pk, "actual": "1"},
    ),
    Row(
        "monitoring:agreement",
        _year_code,
        lambda w: PerformanceScore(province=w.province),
        READ_WRITE,
        data=lambda w: {"indicator": w.performance_indicator.pk, "level": "1"},
    ),
    Row(
        "monitoring:result_report",
        lambda w: {**_year_code(w), "kind": "year", "fmt": "docx"},
        _allocation_probe,
    ),
    Row(
        "letters:from_report",
        lambda w: {**_year_code(w), "kind": "year"},
        _allocation_probe,
        {"POST": Action.ADD},
        post_obj=lambda w: Letter(province=w.province),
    ),
    # ------------------------------------------------------------------ API
    Row("api:schema", kind="open", expect=anyone, public=True),
    Row("api:docs", kind="open", expect=anyone, public=True),
    Row("api:redoc", kind="open", expect=anyone, public=True),
    Row("api:token", kind="open", expect=anyone, public=True, actions=POST_VIEW),
    Row("api:representative-eligibility", kind="open", expect=signed_in, actions=POST_VIEW),
    Row(
        "api:calendars",
        kind="api_list",
        obj=lambda w: w.calendar,
        public=True,
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        post_obj=lambda w: Calendar(level=CalendarLevel.PROVINCE, area=w.province),
        data=lambda w: {
            "cycle": w.next_cycle.fiscal_year_be,
            "level": "province",
            "area": RAYONG,
            "title": "ปฏิทินทดสอบ",
        },
    ),
    Row(
        "api:cycles",
        kind="api_list",
        obj=lambda w: w.cycle,
        public=True,
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        post_obj=lambda w: Cycle(fiscal_year_be=2580, regime=w.cycle.regime),
        data=lambda w: {"fiscal_year_be": 2580},
    ),
    Row("api:calendar", _calendar, lambda w: w.calendar),
    Row(
        "api:calendar-copy",
        _calendar,
        lambda w: w.calendar,
        {"POST": Action.ADD},
        expect=copies_calendar,
    ),
    Row(
        "api:calendar-steps",
        _calendar,
        lambda w: w.calendar,
        POST_CHANGE,
        data=lambda w: {"action": "ขั้นตอนจากผู้ไม่มีสิทธิ์", "when": "1 – 5 ธ.ค. 69"},
    ),
    Row(
        "api:calendar-step",
        lambda w: {"pk": w.calendar.pk, "sid": w.step.pk},
        lambda w: w.step,
        {"PATCH": Action.CHANGE, "DELETE": Action.DELETE},
        data=lambda w: {"action": "ขั้นตอนจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:calendar-import",
        _calendar,
        lambda w: w.calendar,
        POST_CHANGE,
        data=lambda w: {"file": _file("calendar.xlsx", b"not a workbook")},
        multipart=True,
    ),
    Row(
        "api:regime-copy",
        lambda w: {"code": w.cycle.regime.code},
        lambda w: w.cycle.regime,
        {"POST": Action.ADD},
        data=lambda w: {"code": "URL-COPY", "name_th": "ชุดหลักเกณฑ์ทดสอบ"},
    ),
    Row("api:needs", kind="api_list", obj=lambda w: w.need),
    Row(
        "api:needs-bulk",
        kind="open",
        expect=adds_need_in_tha_pradu,
        actions={"POST": Action.ADD},
        data=lambda w: [  # type: ignore[return-value]
            {"fiscal_year": w.next_cycle.fiscal_year_be, "area": "210101", "title": "ทดสอบ"}
        ],
    ),
    Row(
        "api:needs-import",
        kind="open",
        expect=imports_needs,
        actions={"POST": Action.ADD},
        query=lambda w: {"province": RAYONG, "fiscal_year": w.next_cycle.fiscal_year_be},
        data=lambda w: {"file": _file("needs.xlsx", b"not a workbook")},
        multipart=True,
    ),
    Row(
        "api:villages-import",
        lambda w: {"code": RAYONG},
        kind="open",
        expect=imports_villages,
        actions={"POST": Action.ADD},
        data=lambda w: {"file": _file("villages.csv", "รหัสหมู่บ้าน,ชื่อหมู่บ้าน\n".encode())},
        multipart=True,
    ),
    Row(
        "api:consultations",
        kind="api_list",
        obj=lambda w: w.consultation,
        public=True,
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        post_obj=lambda w: Consultation(province=w.province),
        data=lambda w: {"cycle": w.cycle.fiscal_year_be, "province": RAYONG},
    ),
    Row(
        "api:consultation",
        _consultation,
        lambda w: w.consultation,
        {"GET": Action.VIEW, "PATCH": Action.CHANGE},
        data=lambda w: {"venue": "ห้องประชุมจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:consultation-invitees",
        _consultation,
        kind="api_list",
        obj=lambda w: w.invitee,
        public=True,
        actions={"GET": Action.VIEW, "POST": Action.CHANGE},
        post_obj=lambda w: w.consultation,
        data=lambda w: {"group": "agency_head", "name": "แขกจากผู้ไม่มีสิทธิ์"},
    ),
    Row("api:consultation-invitees-build", _consultation, lambda w: w.consultation, POST_CHANGE),
    Row(
        "api:consultation-invitee",
        lambda w: {"pk": w.consultation.pk, "iid": w.invitee.pk},
        lambda w: w.invitee,
        {"PATCH": Action.CHANGE},
        data=lambda w: {"attended": True},
    ),
    Row(
        "api:consultation-nominations",
        _consultation,
        kind="api_list",
        obj=lambda w: w.nomination,
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        post_obj=lambda w: Nomination(consultation=w.consultation, area_id="2101"),
        data=lambda w: {
            "kind": "civil_society",
            "district": "2101",
            "full_name": "ผู้แทนจากผู้ไม่มีสิทธิ์",
        },
    ),
    Row(
        "api:consultation-nomination-select",
        lambda w: {"pk": w.consultation.pk, "nid": w.nomination.pk},
        lambda w: w.nomination,
        POST_CHANGE,
        data=lambda w: {"selected": True},
    ),
    Row(
        "api:consultation-comments",
        _consultation,
        lambda w: w.consultation,
        POST_CHANGE,
        data=lambda w: {"plan": w.plan.pk, "text": "ความเห็นจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:comment-answer",
        lambda w: {"cid": w.comment.pk},
        lambda w: w.comment,
        POST_CHANGE,
        data=lambda w: {"answer": "not_accepted", "why": "เหตุผลจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:comment-answer",
        lambda w: {"cid": w.cluster_comment.pk},
        lambda w: w.cluster_comment,
        POST_CHANGE,
        variant="cluster",
        data=lambda w: {"answer": "not_accepted", "why": "เหตุผลจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:comment-moderation",
        lambda w: {"cid": w.comment.pk},
        lambda w: w.comment,
        POST_CHANGE,
        data=lambda w: {"approve": True},
    ),
    Row("api:plan-comments", kind="api_list", obj=lambda w: w.comment),
    Row(
        "api:plan-comments",
        kind="api_list",
        obj=lambda w: w.cluster_comment,
        variant="cluster",
    ),
    Row(
        "api:committees",
        kind="api_list",
        obj=lambda w: w.committee,
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        post_obj=_new_district_committee,
        data=lambda w: {"cycle": w.cycle.fiscal_year_be, "type": "kbo", "area": "2101"},
    ),
    Row("api:committee", _committee, lambda w: w.committee),
    Row(
        "api:committee-members",
        _committee,
        lambda w: w.committee,
        POST_CHANGE,
        data=lambda w: {
            "position_title": "ผู้แทนจากผู้ไม่มีสิทธิ์",
            "role": "member",
            "basis": "position",
            "seat": "official",
        },
    ),
    Row(
        "api:committee-member",
        _member,
        lambda w: w.committee,
        {"PATCH": Action.CHANGE},
        data=lambda w: {"full_name": "ชื่อจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:committee-orders",
        _committee,
        lambda w: w.committee,
        POST_CHANGE,
        data=lambda w: {"number": "99/2569", "issued_on": "2026-12-01", "title": "แต่งตั้ง"},
    ),
    Row(
        "api:committee-order",
        _order,
        lambda w: w.committee,
        {"PATCH": Action.CHANGE},
        data=lambda w: {"title": "ชื่อจากผู้ไม่มีสิทธิ์"},
    ),
    Row("api:committee-renew", _committee, lambda w: w.committee, POST_CHANGE, data=_new_order),
    Row(
        "api:committee-meetings",
        _committee,
        lambda w: w.committee,
        POST_CHANGE,
        data=lambda w: {"number": "ครั้งที่ 9/2570", "held_on": "2026-12-10"},
    ),
    Row("api:meetings", kind="api_list", obj=lambda w: w.meeting),
    Row("api:meeting", _meeting, lambda w: w.meeting),
    Row("api:meeting-held", _meeting, lambda w: w.meeting, POST_CHANGE),
    Row(
        "api:meeting-items",
        _meeting,
        lambda w: w.meeting,
        POST_CHANGE,
        data=lambda w: {"section": 5, "title": "วาระจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:meeting-item-apply",
        lambda w: {"pk": w.meeting.pk, "iid": w.agenda_item.pk},
        lambda w: w.meeting,
        POST_CHANGE,
    ),
    Row(
        "api:meeting-attendance",
        _meeting,
        lambda w: w.meeting,
        POST_CHANGE,
        data=lambda w: {"present": []},
    ),
    Row(
        "api:meeting-follow-ups",
        _meeting,
        lambda w: w.meeting,
        POST_CHANGE,
        data=lambda w: {
            "item": w.agenda_item.pk,
            "text": "งานจากผู้ไม่มีสิทธิ์",
            "area": RAYONG,
            "due_on": "2026-12-31",
        },
    ),
    Row(
        "api:follow-up",
        lambda w: {"pk": w.follow_up.pk},
        lambda w: w.follow_up,
        {"PATCH": Action.CHANGE},
        data=lambda w: {"done_on": "2026-12-01"},
    ),
    Row("api:letters", kind="api_list", obj=lambda w: w.letter),
    Row(
        "api:letters",
        kind="api_list",
        obj=lambda w: w.letter,
        variant="draft",
        actions={"GET": Action.VIEW, "POST": Action.CHANGE},
        post_obj=lambda w: w.consultation,
        data=lambda w: {"source": "consultation", "id": w.consultation.pk},
    ),
    Row("api:letter", lambda w: {"pk": w.letter.pk}, lambda w: w.letter),
    Row(
        "api:letter-issue",
        lambda w: {"pk": w.letter.pk},
        lambda w: w.letter,
        POST_CHANGE,
        data=lambda w: {"register": w.number_register.pk},
    ),
    Row(
        "api:letter-cancel",
        lambda w: {"pk": w.letter.pk},
        lambda w: w.letter,
        POST_CHANGE,
        data=lambda w: {"reason": "ทดสอบ"},
    ),
    Row(
        "api:letter-recipients",
        lambda w: {"pk": w.letter.pk},
        lambda w: w.letter,
        POST_CHANGE,
        data=lambda w: {"name": "ผู้รับทดสอบ"},
    ),
    Row(
        "api:letter-recipients-sent",
        lambda w: {"pk": w.letter.pk},
        lambda w: w.letter,
        POST_CHANGE,
        data=lambda w: {"on": "2569-12-07"},
    ),
    Row(
        "api:letter-recipient",
        _recipient,
        lambda w: w.letter.recipients.order_by("pk")[0],
        {"PATCH": Action.CHANGE},
        data=lambda w: {"note": "ทดสอบ"},
    ),
    Row(
        "api:letter-registers",
        kind="api_list",
        obj=lambda w: w.number_register,
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        post_obj=lambda w: NumberRegister(province=w.province),
        data=lambda w: {"province": RAYONG, "prefix": "รย ๐๐๑๗.๓", "year_be": 2569},
    ),
    Row(
        "api:letter-register",
        lambda w: {"pk": w.number_register.pk},
        lambda w: w.number_register,
        {"GET": Action.VIEW, "PATCH": Action.CHANGE},
        data=lambda w: {"name": "ทะเบียนที่แก้"},
    ),
    Row("api:allocations", kind="api_list", obj=lambda w: w.allocation),
    Row(
        "api:allocations",
        kind="api_list",
        obj=lambda w: w.allocation,
        variant="write",
        actions={"GET": Action.VIEW, "POST": Action.CHANGE},
        data=lambda w: {
            "item": w.allocation.item_id,
            "category": w.allocation.category,
            "amount": "1",
        },
    ),
    Row(
        "api:disbursement-imports",
        kind="api_list",
        obj=lambda w: w.disbursement_import,
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        post_obj=lambda w: DisbursementImport(province=w.province, cycle=w.cycle),
        query=lambda w: {"province": RAYONG, "fiscal_year": w.cycle.fiscal_year_be},
        data=lambda w: {"file": _file("gfmis.csv", b"a,b\n1,2\n")},
        multipart=True,
    ),
    Row("api:progress-reports", kind="api_list", obj=lambda w: w.report),
    Row(
        "api:progress-reports",
        kind="api_list",
        obj=lambda w: w.report,
        variant="write",
        actions={"GET": Action.VIEW, "POST": Action.CHANGE},
        data=lambda w: {"item": w.item.pk, "period": w.report.period, "problems": "จากผู้อื่น"},
    ),
    Row(
        "api:progress-report",
        lambda w: {"pk": w.report.pk},
        lambda w: w.report,
        {"GET": Action.VIEW, "PATCH": Action.CHANGE},
        data=lambda w: {"problems": "จากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:progress-report-submit",
        lambda w: {"pk": w.report.pk},
        lambda w: w.report,
        POST_CHANGE,
    ),
    Row(
        "api:progress-report-review",
        lambda w: {"pk": w.report.pk},
        lambda w: w.report,
        POST_CHANGE,
        post_obj=lambda w: w.action_plan,
        data=lambda w: {"accept": True},
    ),
    Row(
        "api:result-report",
        expect=lambda u, w, a: policy.can(u, a, Allocation(cycle=w.cycle, province=w.province)),
        kind="open",
        query=lambda w: {"province": RAYONG, "fiscal_year": w.cycle.fiscal_year_be, "period": "H1"},
    ),
    Row("api:indicator-results", kind="api_list", obj=lambda w: w.indicator_result),
    Row("api:performance-scores", kind="api_list", obj=lambda w: w.performance_score),
    Row("api:clusters", kind="api_list", obj=lambda w: w.cluster, public=True),
    Row(
        "api:provinces",
        kind="api_list",
        obj=lambda w: w.province,
        public=True,
        ident=lambda a: a.code,
        id_key="code",
    ),
    Row(
        "api:districts",
        lambda w: {"code": RAYONG},
        kind="api_list",
        obj=lambda w: Area.objects.get(code="2101"),
        public=True,
        ident=lambda a: a.code,
        id_key="code",
    ),
    Row("api:search", kind="open", expect=anyone, public=True, query=lambda w: {"q": "ระยอง"}),
    Row("api:organisations", kind="api_list", obj=lambda w: w.other_agency),
    Row(
        "api:job",
        lambda w: {"job_id": w.gfmis_job.pk},
        lambda w: w.gfmis_job,
        expect=own_job(lambda w: w.gfmis_job),
    ),
    Row(
        "api:plans",
        kind="api_list",
        obj=lambda w: w.plan,
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        post_obj=lambda w: Plan(province=w.province),
        data=lambda w: {"province": RAYONG, "first_year_be": 2571},
    ),
    Row("api:plan", lambda w: {"pk": w.plan.pk}, lambda w: w.plan),
    Row(
        "api:plan-reviews",
        lambda w: {"pk": w.plan.pk},
        lambda w: w.plan,
        POST_CHANGE,
        data=lambda w: {"review_year_be": 2569},
    ),
    Row("api:plan-check", lambda w: {"pk": w.plan.pk}, lambda w: w.plan, POST_VIEW),
    Row(
        "api:plan-diff",
        lambda w: {"pk": w.plan.pk},
        lambda w: w.plan,
        query=lambda w: {"against": w.old_edition.pk, "edition": w.edition.pk},
    ),
    Row("api:edition", _edition, lambda w: w.edition),
    Row("api:edition-import", _edition, lambda w: w.edition, EDIT_PAGE),
    Row(
        "api:edition-transition",
        _edition,
        lambda w: w.edition,
        POST_CHANGE,
        post_obj=lambda w: w.plan,
        data=_edition_move,
    ),
    Row(
        "api:indicator-targets",
        lambda w: {"pk": w.indicator.pk},
        lambda w: w.indicator,
        {"PATCH": Action.CHANGE},
        data=lambda w: {"2569": "1"},
    ),
    Row(
        "api:proposals",
        kind="api_list",
        obj=lambda w: w.proposal,
        actions={"GET": Action.VIEW, "POST": Action.ADD},
        post_expect=proposes_in_rayong,
        data=lambda w: {
            "cycle": w.next_cycle.fiscal_year_be,
            "reference_code": "URL-TEST-1",
            "title": "โครงการจากผู้ไม่มีสิทธิ์",
            "level": "province",
            "area": RAYONG,
            "funding_channel": "province",
            "proposer_kind": "agency",
            "responsible_agency": "สำนักงานทดสอบ",
        },
    ),
    Row(
        "api:proposals",
        kind="api_list",
        obj=lambda w: w.cluster_proposal,
        variant="cluster",
    ),
    Row(
        "api:proposals-bulk",
        kind="open",
        expect=adds(Proposal),
        actions={"POST": Action.ADD},
    ),
    Row("api:proposals-screen", kind="open", expect=signed_in, actions=POST_VIEW),
    Row("api:proposals-similar", kind="open", expect=signed_in, actions=POST_VIEW),
    Row(
        "api:proposal",
        _proposal,
        lambda w: w.proposal,
        {"GET": Action.VIEW, "PATCH": Action.CHANGE},
        data=lambda w: {"title": "ชื่อจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:proposal",
        lambda w: {"pk": w.cluster_proposal.pk},
        lambda w: w.cluster_proposal,
        {"GET": Action.VIEW, "PATCH": Action.CHANGE},
        variant="cluster",
        data=lambda w: {"title": "ชื่อจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:proposal-screening",
        _proposal,
        lambda w: w.proposal,
        {"GET": Action.VIEW, "POST": Action.CHANGE},
        expect=screens,
    ),
    Row("api:proposal-similar", _proposal, lambda w: w.proposal),
    Row(
        "api:proposal-move",
        _proposal,
        lambda w: w.proposal,
        POST_CHANGE,
        data=lambda w: {"to_status": ProposalStatus.RETURNED},
    ),
    Row(
        "api:proposal-decision",
        _proposal,
        lambda w: w.proposal,
        POST_CHANGE,
        post_obj=lambda w: Decision(proposal=w.proposal),
        data=lambda w: {"outcome": "approved", "reason": "เหตุผลจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:proposal-comments",
        _proposal,
        lambda w: w.proposal,
        POST_CHANGE,
        post_obj=lambda w: ReviewComment(proposal=w.proposal),
        data=lambda w: {"text": "ความเห็นจากผู้ไม่มีสิทธิ์"},
    ),
    Row(
        "api:proposal-scores",
        _proposal,
        lambda w: w.proposal,
        POST_CHANGE,
        post_obj=lambda w: CriterionScore(proposal=w.proposal),
        data=lambda w: {"criterion": w.criterion.code, "score": "1"},
    ),
    Row(
        "api:comment-reply",
        lambda w: {"pk": w.remark.pk},
        lambda w: w.remark,
        POST_CHANGE,
        post_obj=lambda w: w.proposal,
        data=lambda w: {"text": "คำตอบจากผู้ไม่มีสิทธิ์"},
    ),
    Row("api:envelopes", kind="api_list", obj=lambda w: w.envelope),
    Row(
        "api:envelopes",
        kind="api_list",
        obj=lambda w: w.envelope,
        variant="write",
        actions={"GET": Action.VIEW, "POST": Action.CHANGE},
        data=lambda w: {
            "fiscal_year": w.envelope.cycle.fiscal_year_be,
            "province": RAYONG,
            "amount": "1",
        },
    ),
    Row("api:action-plans", kind="api_list", obj=lambda w: w.action_plan),
    Row(
        "api:action-plans",
        kind="api_list",
        obj=lambda w: w.action_plan,
        variant="write",
        actions={"GET": Action.VIEW, "POST": Action.CHANGE},
        data=lambda w: {"fiscal_year": w.cycle.fiscal_year_be, "province": RAYONG},
    ),
    Row("api:action-plan", lambda w: {"pk": w.action_plan.pk}, lambda w: w.action_plan),
    Row(
        "api:action-plan-transition",
        lambda w: {"pk": w.action_plan.pk},
        lambda w: w.action_plan,
        POST_CHANGE,
        data=_action_plan_move,
    ),
]

TABLE: dict[str, Row] = {row.key: row for row in ROWS}


# --------------------------------------------------------------------------- the cases


def _cases() -> list[Any]:
    cases = []
    for row in ROWS:
        for method in row.actions:
            for user in (*VISITORS, OWNER):
                cases.append(pytest.param(row.key, method, user, id=f"{row.key}-{method}-{user}"))
    return cases


def _request(world: World, row: Row, method: str, username: str) -> HttpResponse:
    url = reverse(row.name, kwargs=row.kwargs(world))
    query = row.query(world) if row.query else {}
    data = row.data(world) if row.data else {}
    client = world.client(username)
    api = row.name.startswith("api:")
    if method == "GET":
        return client.get(url, query)
    if query:
        url = f"{url}?{urlencode(query)}"
    if api and not row.multipart:
        send = {"PATCH": client.patch, "DELETE": client.delete}.get(method, client.post)
        return send(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


def _body(response: HttpResponse) -> bytes:
    if getattr(response, "streaming", False):  # read to the end: the test client closes it
        return b"".join(response.streaming_content)
    return response.content


def _text(response: HttpResponse) -> str:
    """What the user gets to read: the page, the JSON, the cells of a workbook."""
    data = _body(response)
    content_type = response.get("Content-Type", "")
    if data.startswith(b"PK") and "spreadsheet" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return html.unescape(data.decode("utf-8", "replace"))


def _written() -> tuple[int, int]:
    """Every change to a OnePlan record leaves an audit-log entry; tasks are queued rows."""
    from django_tasks_db.models import DBTaskResult

    return LogEntry.objects.count(), DBTaskResult.objects.count()


def _refused(response: HttpResponse, user: Any) -> bool:
    status = response.status_code
    if status in (403, 404):
        return True
    if not user.is_authenticated:
        return status == 401 or (status == 302 and response["Location"].startswith(LOGIN_URL))
    return False


def _describe(response: HttpResponse) -> str:
    where = response.get("Location", "")
    return f"{response.status_code} {where}".strip()


@pytest.mark.parametrize(("key", "method", "username"), _cases())
def test_url_answers_what_the_policy_says(world: World, db, key: str, method: str, username: str):
    row = TABLE[key]
    user = world.user(username)
    may = row.may(user, world, method)
    before = _written()
    response = _request(world, row, method, username)
    after = _written()
    status = response.status_code
    seen = _describe(response)
    assert status < 500, seen

    if method != "GET":
        if may:  # the row reaches its page: refused neither by the view nor by the service
            assert not _refused(response, user) and status != 401, seen
        else:
            assert after == before, f"{username} may not {row.actions[method]}, yet it wrote"
            if not row.reads(user, world) or not user.is_authenticated:
                assert _refused(response, user), f"{username} got {seen}"
            else:  # a reader: back to the page, or the page again, or refused
                assert status in (200, 302, 400, 403, 404), seen
        return

    if row.kind in ("list", "api_list"):
        if not user.is_authenticated and not row.public:
            assert _refused(response, user), seen
            return
        assert status == 200, seen
        if row.kind == "list":
            assert (row.marker(world) in _text(response)) is may, f"listed: {not may}"
        else:
            ids = {item[row.id_key] for item in response.json()}
            assert (row.ident(row.obj(world)) in ids) is may, f"listed: {not may}"
        return

    if not may:
        assert _refused(response, user), f"{username} got {seen}"
        return
    assert status in row.ok, seen
    _body(response)


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _patterns(entry, prefix + str(entry.pattern), joined)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith("admin/") or namespace.startswith("admin"):
                continue
            if entry.name:
                yield f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                yield route


def test_every_url_has_a_row():
    """A new page cannot be added without saying who may reach it."""
    names = set(_patterns(get_resolver()))
    covered = {row.name for row in ROWS}
    missing = sorted(names - covered - set(SKIPPED))
    assert not missing, f"URL patterns with no row in test_every_url.py: {missing}"
    stale = sorted((covered | set(SKIPPED)) - names)
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"
