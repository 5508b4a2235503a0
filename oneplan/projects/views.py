"""Pages of the project pipeline: thin views through the permission policy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from oneplan.orgs import policy
from oneplan.projects.models import Proposal, ProposalStatus


@login_required
def proposal_list(request):
    proposals = policy.restrict(
        Proposal.objects.select_related("cycle", "province", "cluster", "proposer", "issue"),
        request.user,
    ).prefetch_related("budget_lines")
    status = request.GET.get("status")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    return render(
        request,
        "projects/proposal_list.html",
        {
            "proposals": proposals.order_by("-cycle__fiscal_year_be", "reference_code")[:500],
            "statuses": ProposalStatus.choices,
            "status": status,
        },
    )


@login_required
def proposal_detail(request, pk: int):
    proposal = policy.get_or_404(
        Proposal.objects.select_related("cycle", "province", "cluster", "proposer", "issue"),
        request.user,
        pk=pk,
    )
    return render(request, "projects/proposal_detail.html", {"proposal": proposal})
