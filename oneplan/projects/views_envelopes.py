"""Budget envelopes (กรอบวงเงิน) of a fiscal year: what each province and cluster the user
reads was given, and what it plans its action plan with; where the policy lets the user set
them (the national secretariat's, see `oneplan.projects.permissions`), a form on each row.

Thin views: `action_plans.set_envelope` holds the rules and asks the policy itself. The page
asks the policy only what to show (reading an owner's envelope, the envelope set or the one
to be) and where to offer a form (the question the service asks: adding or changing it);
a refusal answers 404, as everywhere. The amounts come from `action_plans.cluster_envelopes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area, Cluster, ClusterMembership
from oneplan.core.responses import saved
from oneplan.core.thai import fiscal_year_of
from oneplan.cycles.models import Cycle
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans.forms import NumberField
from oneplan.projects import action_plans
from oneplan.projects.models import Envelope
from oneplan.projects.owners import Owner, owned_by, owner_code, owner_name


class EnvelopeForm(forms.Form):
    """One owner's envelope as typed: "1,500,000", "๑,๕๐๐,๐๐๐" or "1500000.50". Whether the
    amount may be kept (not negative, to the satang) is the service's to say."""

    owner = forms.CharField(widget=forms.HiddenInput)
    amount = NumberField(label=gettext_lazy("budget envelope (baht)"))


@dataclass
class EnvelopeRow:
    owner: Owner
    code: str  # as in the action plan's address: "21", "c7"
    name: str
    envelope: Envelope | None  # the envelope set for the owner itself
    plans_with: Decimal | None  # what its action plan is ranked within (envelope_of)
    can_set: bool
    form: EnvelopeForm | None = None

    @property
    def is_cluster(self) -> bool:
        return isinstance(self.owner, Cluster)

    @property
    def amount(self) -> Decimal | None:
        return self.envelope.amount if self.envelope is not None else None


def _probe(cycle: Cycle, owner: Owner, envelopes: dict[str, Envelope]) -> Envelope:
    """The owner's envelope, or the one to be (unsaved), for the policy to judge."""
    return envelopes.get(owner_code(owner)) or Envelope(cycle=cycle, **owned_by(owner))


def _rows(user, cycle: Cycle) -> list[EnvelopeRow]:
    """Every province, then every cluster of the cycle's cluster set, whose envelope the
    user may read, with the amounts set and planned with."""
    envelopes = {
        owner_code(e.cluster or e.province): e
        for e in Envelope.objects.filter(cycle=cycle)
        .restrict(user)
        .select_related("province", "cluster")
    }
    regime = action_plans.cluster_regime_of(cycle)
    clusters = list(Cluster.objects.filter(regime=regime)) if regime is not None else []
    owners: list[Owner] = [*Area.objects.provinces().order_by("code"), *clusters]
    shown = [
        (owner, probe)
        for owner in owners
        if policy.can(user, Action.VIEW, probe := _probe(cycle, owner, envelopes))
    ]
    # What each owner plans with (`action_plans.envelope_of`, for every row in one pass):
    # a province what it keeps after its cluster's share, a cluster its share, from the
    # split of each cluster shown or holding a province shown.
    cluster_of = dict(
        ClusterMembership.objects.filter(cluster__in=clusters).values_list(
            "province_id", "cluster_id"
        )
    )
    needed = {
        owner.pk if isinstance(owner, Cluster) else cluster_of.get(owner.code)
        for owner, _judged in shown
    }
    splits = {
        cluster.pk: action_plans.cluster_envelopes(cycle, cluster)
        for cluster in clusters
        if cluster.pk in needed
    }
    rows = []
    for owner, probe in shown:
        code = owner_code(owner)
        envelope = envelopes.get(code)
        if isinstance(owner, Cluster):
            split = splits[owner.pk]
            plans_with = (
                split.cluster_amount
                if split.explicit_cluster is not None or split.provincial
                else None
            )
        else:
            split = splits.get(cluster_of.get(owner.code))
            plans_with = envelope.amount if envelope is not None else None
            if split is not None and owner.code in split.province_shares:
                plans_with = split.province_shares[owner.code]
        action = Action.CHANGE if envelope is not None else Action.ADD
        rows.append(
            EnvelopeRow(
                owner=owner,
                code=code,
                name=owner_name(owner),
                envelope=envelope,
                plans_with=plans_with,
                can_set=policy.can(user, action, probe),
            )
        )
    return rows


def _form(row: EnvelopeRow, data=None) -> EnvelopeForm:
    return EnvelopeForm(
        data,
        auto_id=f"env-{row.code}-%s",
        initial={"owner": row.code, "amount": row.amount},
    )


@login_required
def envelopes_home(request: HttpRequest) -> HttpResponse:
    """Where "Budget envelopes" leads: the next fiscal year (the one being planned), else
    the latest planning cycle."""
    planned = fiscal_year_of(timezone.localdate()) + 1
    cycles = Cycle.objects.order_by("-fiscal_year_be")
    cycle = cycles.filter(fiscal_year_be__lte=planned).first() or cycles.first()
    if cycle is None:
        raise Http404
    return redirect("projects:envelopes", year=cycle.fiscal_year_be)


@login_required
def envelopes_page(request: HttpRequest, year: int) -> HttpResponse:
    """The envelopes of a fiscal year (B.E.); a POST sets one owner's envelope."""
    cycle = get_object_or_404(Cycle.objects.select_related("regime"), fiscal_year_be=year)
    rows = _rows(request.user, cycle)
    posted = None
    if request.method == "POST":
        code = request.POST.get("owner", "")
        posted = next((row for row in rows if row.code == code), None)
        if posted is None or not posted.can_set:
            raise Http404
        form = posted.form = _form(posted, request.POST)
        if form.is_valid() and saved(
            form,
            lambda: action_plans.set_envelope(
                request.user, cycle, posted.owner, form.cleaned_data["amount"]
            ),
        ):
            messages.success(
                request,
                _("The budget envelope of %(owner)s for the fiscal year B.E. %(year)s was saved.")
                % {"owner": posted.name, "year": cycle.fiscal_year_be},
            )
            return redirect(reverse("projects:envelopes", args=[year]) + f"#envelope-{code}")
    for row in rows:
        if row.can_set and row is not posted:
            row.form = _form(row)
    return render(
        request,
        "projects/envelopes.html",
        {
            "cycle": cycle,
            "provinces": [row for row in rows if not row.is_cluster],
            "clusters": [row for row in rows if row.is_cluster],
            "can_set": any(row.can_set for row in rows),
            "share_percent": cycle.regime.cluster_share_percent,
            "cycles": Cycle.objects.order_by("fiscal_year_be").values_list(
                "fiscal_year_be", flat=True
            ),
        },
    )


def may_set_envelope(user, cycle: Cycle, owner: Owner) -> bool:
    """Whether the user may set the owner's envelope (for a link to the page)."""
    envelope = Envelope.objects.filter(cycle=cycle, **owned_by(owner)).first()
    if envelope is not None:
        return policy.can(user, Action.CHANGE, envelope)
    return policy.can(user, Action.ADD, Envelope(cycle=cycle, **owned_by(owner)))
