"""Pages of the project pipeline: thin views through the permission policy.

Lists read through `policy.restrict`; one proposal through `policy.get_or_404` (another
province's proposal is "not found"); every change goes through `oneplan.projects.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.areas.models import Area, Cluster, province_codes_of
from oneplan.audit.versioning import StaleVersion
from oneplan.core.dates import announce_date_readings
from oneplan.core.responses import form_errors, service_call
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.projects import intake, owners, services
from oneplan.projects.forms import (
    AttachmentForm,
    CommentForm,
    DecisionForm,
    ProposalForm,
    ReplyForm,
    ScoreForm,
)
from oneplan.projects.models import (
    Attachment,
    Criterion,
    Level,
    Proposal,
    ProposalStatus,
    ProposerKind,
    ReviewComment,
)
from oneplan.projects.owners import Owner
from oneplan.projects.permissions import reviewable
from oneplan.projects.screening import screen_proposal
from oneplan.projects.similarity import explain, similar_proposals

LIST_RELATED = ("cycle", "province", "cluster", "proposer", "issue", "screening")


def _proposal(request, pk: int, action: Action = Action.VIEW) -> Proposal:
    return policy.get_or_404(
        Proposal.objects.select_related(*LIST_RELATED, "strategy", "area"),
        request.user,
        action,
        pk=pk,
    )


def filtered_proposals(request):
    """The proposals the user may read, with the list's filters (status, source, q)."""
    proposals = (
        Proposal.objects.select_related(*LIST_RELATED)
        .restrict(request.user)
        .prefetch_related("budget_lines")
    )
    status = request.GET.get("status")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    source = request.GET.get("source")
    if source in ProposerKind.values:
        proposals = proposals.filter(proposer_kind=source)
    query = request.GET.get("q", "").strip()
    if query:
        proposals = proposals.filter(Q(title__icontains=query) | Q(reference_code__icontains=query))
    return proposals


@login_required
def proposal_list(request):
    proposals = filtered_proposals(request)
    status = request.GET.get("status")
    source = request.GET.get("source")
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "projects/proposal_list.html",
        {
            "proposals": proposals.order_by("-cycle__fiscal_year_be", "reference_code")[:500],
            "statuses": ProposalStatus.choices,
            "sources": ProposerKind.choices,
            "status": status,
            "source": source,
            "q": query,
            "can_add": policy.can_add_any(request.user, Proposal),
            "clusters": owners.clusters_worked_for(request.user),
        },
    )


@login_required
def clinic_queue(request):
    """What reviewers have to look at: screened proposals and those in the clinic, in the
    area the user changes proposals in; national panels and committee members, who comment
    and score but change no proposal, see the clinic of the area they review."""
    statuses = [ProposalStatus.SCREENED, ProposalStatus.CLINIC, ProposalStatus.FULL]
    changeable = Proposal.objects.restrict(request.user, Action.CHANGE)
    reviewed = reviewable(Proposal.objects.all(), request.user)
    proposals = Proposal.objects.select_related(*LIST_RELATED).filter(
        Q(pk__in=changeable.values("pk")) | Q(pk__in=reviewed.values("pk")),
        status__in=statuses,
    )
    return render(
        request,
        "projects/clinic_queue.html",
        {"proposals": proposals.prefetch_related("budget_lines", "comments").order_by("status")},
    )


REASONS_SHOWN = 4  # of each side, for a similar project: what makes it alike, and unlike


@login_required
def proposal_detail(request, pk: int):
    proposal = _proposal(request, pk)
    can_change = policy.can(request.user, Action.CHANGE, proposal)
    reviewer = services.is_reviewer(request.user, proposal)
    may_review = services.may_review(request.user, proposal)
    similar = [
        {
            "match": m,
            "alike": [explain(r) for r in m.reasons if r.contribution > 0][:REASONS_SHOWN],
            "unlike": [explain(r) for r in m.reasons if r.contribution < 0][:REASONS_SHOWN],
        }
        for m in similar_proposals(proposal, proposal.cycle)
        if policy.can(request.user, Action.VIEW, m.proposal)
    ]
    criteria = Criterion.objects.filter(regime=proposal.cycle.regime).order_by("order")
    return render(
        request,
        "projects/proposal_detail.html",
        {
            "proposal": proposal,
            "can_change": can_change,
            "reviewer": reviewer,
            "may_review": may_review,
            "screening": getattr(proposal, "screening", None),
            "similar": similar,
            "comments": proposal.comments.select_related("author", "replied_by"),
            "scores": proposal.scores.select_related("criterion", "reviewer"),
            "criteria": criteria,
            "decisions": proposal.decisions.select_related("decided_by"),
            "next_statuses": [
                (s, ProposalStatus(s).label)
                for s in services.next_statuses(proposal)
                if s in services.MOVES
            ]
            if can_change
            else [],
            "comment_form": CommentForm() if may_review else None,
            "reply_form": ReplyForm() if can_change else None,
            "decision_form": DecisionForm() if reviewer else None,
            "attachment_form": AttachmentForm() if can_change else None,
            "attachments": proposal.attachments.all(),
        },
    )


def province_for(request, code: str | None = None) -> Area:
    """The province a user works on: the one asked for (?province=21), else the user's own;
    404 when the user may not read it (the national roles read every province)."""
    code = code or request.GET.get("province", "") or policy.home_province_code(request.user)
    province = Area.objects.provinces().filter(code=code).first()
    if province is None:
        raise Http404(_("Choose the province."))
    reach = policy.area_reach(request.user, Action.VIEW)  # None: the whole country
    if reach is not None and province.code not in province_codes_of(reach):
        raise Http404
    return province


def owner_for(request) -> Owner:
    """The province (?province=21, else the user's own) or the cluster (?cluster=7) a user
    enters or imports proposals for; 404 when the user may not read its proposals."""
    cluster_id = request.GET.get("cluster", "")
    if not cluster_id:
        return province_for(request)
    cluster = Cluster.objects.filter(pk=cluster_id if cluster_id.isdigit() else 0).first()
    if cluster is None:
        raise Http404(_("Choose the province cluster."))
    reach = policy.area_reach(request.user, Action.VIEW)  # None: the whole country
    provinces = province_codes_of(reach or ())
    if reach is not None and not any(p.code in provinces for p in owners.member_provinces(cluster)):
        raise Http404
    return cluster


@login_required
def proposal_edit(request, pk: int | None = None):
    if pk is None:
        owner = owner_for(request)
        proposal = Proposal(**owners.owner_fields(owner))
        organisation = getattr(request.user, "organisation", None)
        if organisation is not None and organisation.kind in (
            "provincial_agency",
            "local_government",
        ):
            proposal.proposer = organisation
        if not policy.can_add_any(request.user, Proposal):
            raise Http404
    else:
        proposal = _proposal(request, pk, Action.CHANGE)
        owner = proposal.cluster if proposal.level == Level.CLUSTER else proposal.province
    form = ProposalForm(request.POST or None, instance=proposal, user=request.user, owner=owner)
    if request.method == "POST" and form.is_valid():
        announce_date_readings(request, form)
        # The proposal as stored (the form's instance already holds what was typed).
        stored = Proposal.objects.get(pk=proposal.pk) if proposal.pk else proposal
        try:
            candidate = intake.do_save_proposal(
                request.user, form.draft, stored, expected_version=form.expected_version()
            )
        except PermissionDenied:
            form.add_error("area", _("You may not record a proposal in this area."))
        except StaleVersion as exc:  # someone saved it since it was read: keep what was typed
            form.refuse(exc)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect(candidate)
    return render(
        request,
        "projects/proposal_form.html",
        {"form": form, "proposal": proposal, "owner_name": owners.owner_name(owner)},
    )


@login_required
@require_POST
def proposal_move(request, pk: int):
    proposal = _proposal(request, pk)
    with service_call(request, _("The status was changed and recorded.")):
        services.move(request.user, proposal, request.POST.get("to_status", ""))
    return redirect(proposal)


@login_required
@require_POST
def proposal_screen(request, pk: int):
    proposal = _proposal(request, pk, Action.CHANGE)
    with service_call(request, _("The proposal was screened against the cycle's criteria.")):
        screen_proposal(proposal)  # a regime without rules refuses, with its reason
    return redirect(proposal)


@login_required
@require_POST
def proposal_comment(request, pk: int):
    proposal = _proposal(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        with service_call(request, _("Your comment was recorded.")):
            services.comment(
                request.user, proposal, form.cleaned_data["text"], form.cleaned_data["field"]
            )
    else:
        form_errors(request, form)
    return redirect(f"{proposal.get_absolute_url()}#comments")


@login_required
@require_POST
def comment_reply(request, pk: int, cid: int):
    proposal = _proposal(request, pk)
    remark = get_object_or_404(ReviewComment, proposal=proposal, pk=cid)
    form = ReplyForm(request.POST)
    if form.is_valid():
        with service_call(request, _("Your reply was recorded.")):
            services.reply(request.user, remark, form.cleaned_data["text"])
    else:
        form_errors(request, form)
    return redirect(f"{proposal.get_absolute_url()}#comments")


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = _proposal(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        with service_call(request, _("The decision and its reason were recorded.")):
            services.decide(
                request.user, proposal, form.cleaned_data["outcome"], form.cleaned_data["reason"]
            )
    else:
        form_errors(request, form)
    return redirect(proposal)


@login_required
@require_POST
def proposal_score(request, pk: int):
    proposal = _proposal(request, pk)
    form = ScoreForm(request.POST, regime=proposal.cycle.regime)
    if form.is_valid():
        data = form.cleaned_data
        with service_call(request, _("Saved.")):
            services.score(request.user, proposal, data["criterion"], data["score"], data["note"])
    else:
        form_errors(request, form)
    return redirect(f"{proposal.get_absolute_url()}#scores")


@login_required
@require_POST
def proposal_attach(request, pk: int):
    proposal = _proposal(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        with service_call(request, _("The file was attached.")):
            services.attach(request.user, proposal, form.cleaned_data["file"])
    else:
        form_errors(request, form)
    return redirect(f"{proposal.get_absolute_url()}#attachments")


@login_required
def attachment_download(request, pk: int, aid: int):
    from django.http import FileResponse

    proposal = _proposal(request, pk)
    attachment = Attachment.objects.filter(proposal=proposal, pk=aid).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
