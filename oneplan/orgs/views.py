from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oneplan.orgs import policy
from oneplan.orgs.forms import OrganisationForm
from oneplan.orgs.models import Organisation, OrgKind
from oneplan.orgs.policy import Action


@login_required
def organisation_list(request):
    organisations = (
        Organisation.objects.select_related("area", "parent")
        .restrict(request.user)
        .order_by("area_id", "kind", "name_th")
    )
    kind = request.GET.get("kind")
    if kind in OrgKind.values:
        organisations = organisations.filter(kind=kind)
    area = request.GET.get("area", "").strip()
    if area.isdigit():
        organisations = organisations.filter(area__code__startswith=area)
    return render(
        request,
        "orgs/organisation_list.html",
        {
            "organisations": organisations[:500],
            "kinds": OrgKind.choices,
            "kind": kind,
            "area": area,
            "can_add": policy.can_add_any(request.user, Organisation),
        },
    )


@login_required
def organisation_detail(request, pk: int):
    organisation = policy.get_or_404(
        Organisation.objects.select_related("area", "parent", "cluster"), request.user, pk=pk
    )
    return render(
        request,
        "orgs/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": policy.can(request.user, Action.CHANGE, organisation),
        },
    )


@login_required
def organisation_edit(request, pk: int | None = None):
    if pk is None:
        organisation = Organisation()
        if not policy.can_add_any(request.user, Organisation):
            raise Http404
    else:
        organisation = policy.get_or_404(
            Organisation.objects.all(), request.user, Action.CHANGE, pk=pk
        )
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        action = Action.ADD if pk is None else Action.CHANGE
        if not policy.can(request.user, action, candidate):
            form.add_error("area", _("You may not record a body in this area."))
        else:
            candidate.save()
            messages.success(request, _("Saved."))
            return redirect(candidate)
    return render(
        request, "orgs/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def account(request):
    assignments = request.user.role_assignments.select_related("area", "cluster", "organisation")
    return render(request, "orgs/account.html", {"assignments": assignments})
