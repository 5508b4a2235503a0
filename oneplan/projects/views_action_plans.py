"""The annual action plan of a province or a cluster: the ranking of approved proposals
within the envelope, assembling the plan, its approval chain and its budget-request forms.

Thin views: `oneplan.projects.action_plans` holds the rules; the policy decides who reads
and who changes. The plan and the proposals shown are read through `.restrict(user)`;
only before the owner's plan is assembled is the policy asked about the plan to be (an
unsaved ActionPlan of the owner, as for any "add").
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.areas.models import Cluster
from oneplan.core.dates import announce_date_readings
from oneplan.core.responses import service_call
from oneplan.cycles.models import Cycle
from oneplan.documents.tasks import start_job
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects import action_plans
from oneplan.projects.forms import DecisionDateForm
from oneplan.projects.models import ActionPlan, ActionPlanStatus, Proposal
from oneplan.projects.owners import owned_by, owner_filter, owner_from_code, owner_name
from oneplan.projects.views_envelopes import may_set_envelope

DOCUMENT_KINDS = ("action_plan.xlsx", "action_plan.docx", "action_plan.pdf")


def _context(request, year: int, code: str):
    """The cycle, the owner, its action plan if there is one (as the user may read it)
    and the plan itself or, before it is assembled, the plan to be; 404 when the user may
    not read the owner's action plan."""
    cycle = get_object_or_404(Cycle, fiscal_year_be=year)
    owner = owner_from_code(code)
    plan = ActionPlan.objects.filter(cycle=cycle, **owned_by(owner)).restrict(request.user).first()
    judged = plan or ActionPlan(cycle=cycle, **owner_filter(owner))
    if plan is None and not policy.can(request.user, Action.VIEW, judged):
        raise Http404
    return cycle, owner, judged, plan


@login_required
def action_plan_page(request, year: int, code: str):
    cycle, owner, judged, plan = _context(request, year, code)
    envelope = action_plans.envelope_of(cycle, owner)
    split = action_plans.cluster_envelopes(cycle, owner) if isinstance(owner, Cluster) else None
    preview = action_plans.plan_rows(cycle, owner, envelope) if envelope is not None else None
    proposals = {
        p.pk: p
        for p in Proposal.objects.filter(
            pk__in=[r.proposal_id for r in preview.rows] if preview else []
        )
        .restrict(request.user)
        .select_related("issue", "proposer")
    }
    rows = [(row, proposals.get(row.proposal_id)) for row in preview.rows] if preview else []
    can_change = policy.can(request.user, Action.CHANGE, judged)
    next_statuses = action_plans.next_statuses(plan) if plan else ()
    return render(
        request,
        "projects/action_plan.html",
        {
            "cycle": cycle,
            "owner": owner,
            "owner_name": owner_name(owner),
            "code": code,
            "plan": plan,
            "items": plan.items.select_related("proposal__issue") if plan else [],
            "envelope": envelope,
            "may_set_envelope": may_set_envelope(request.user, cycle, owner),
            "split": split,
            "ranking": preview.ranking if preview else None,
            "rows": rows,
            "can_change": can_change,
            "can_assemble": can_change and (plan is None or plan.status == ActionPlanStatus.DRAFT),
            "next_statuses": [(s, ActionPlanStatus(s).label) for s in next_statuses],
            "transitions": plan.transitions.select_related("actor") if plan else [],
            "document_kinds": DOCUMENT_KINDS,
            "decision_form": DecisionDateForm(auto_id="ap-%s"),
        },
    )


@login_required
@require_POST
def action_plan_assemble(request, year: int, code: str):
    cycle, owner, *_rest = _context(request, year, code)
    with service_call(request, _("The action plan was assembled from the approved proposals.")):
        action_plans.assemble(request.user, cycle, owner)
    return redirect("projects:action_plan", year=year, code=code)


@login_required
@require_POST
def action_plan_transition(request, year: int, code: str):
    *_rest, plan = _context(request, year, code)
    if plan is None:
        raise Http404
    form = DecisionDateForm(request.POST)
    with service_call(request, _("The status was changed and recorded.")):
        if not form.is_valid():
            raise ValidationError(form.errors["decided_on"])
        announce_date_readings(request, form)
        action_plans.transition(
            request.user,
            plan,
            request.POST.get("to_status", ""),
            request.POST.get("decided_by", ""),
            form.cleaned_data["decided_on"],
        )
    return redirect("projects:action_plan", year=year, code=code)


@login_required
@require_POST
def action_plan_document(request, year: int, code: str, kind: str):
    *_rest, plan = _context(request, year, code)
    if plan is None or kind not in DOCUMENT_KINDS:
        raise Http404
    job = start_job(
        request.user,
        kind,
        {"action_plan_id": plan.pk, "thai_digits": request.POST.get("thai_digits", "1") != "0"},
        area=plan.province,
        cluster=plan.cluster,
        subject_label=plan.title,
    )
    return redirect(job)
