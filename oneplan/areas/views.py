"""Pages for the country, clusters and areas. Thin: parse, ask the policy, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oneplan.areas import services
from oneplan.areas.forms import OperationsCentreForm, ProvinceProfileForm, VillageForm
from oneplan.areas.models import Area, AreaLevel, Cluster, ClusterRegime, ProvinceProfile
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation
from oneplan.orgs.policy import Action


def home(request):
    regime = services.resolve_regime(request.GET.get("regime"))
    clusters = services.clusters_of(regime) if regime else []
    bangkok = Area.objects.filter(code="10").first()
    return render(
        request,
        "areas/home.html",
        {
            "regime": regime,
            "regimes": ClusterRegime.objects.all(),
            "clusters": clusters,
            "bangkok": bangkok,
            "province_count": Area.objects.provinces().active().count(),
        },
    )


def cluster_detail(request, pk: int):
    cluster = policy.get_or_404(
        Cluster.objects.select_related("regime", "region", "operations_centre"), request.user, pk=pk
    )
    memberships = cluster.memberships.select_related("province").order_by("province__code")
    return render(
        request,
        "areas/cluster_detail.html",
        {
            "cluster": cluster,
            "memberships": memberships,
            "can_edit": policy.can(request.user, Action.CHANGE, cluster),
        },
    )


@login_required
def cluster_edit(request, pk: int):
    cluster = policy.get_or_404(Cluster.objects.all(), request.user, Action.CHANGE, pk=pk)
    form = OperationsCentreForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(cluster)
    return render(request, "areas/cluster_edit.html", {"cluster": cluster, "form": form})


def area_detail(request, code: str):
    area = policy.get_or_404(
        Area.objects.select_related("parent__parent__parent"), request.user, code=code
    )
    children = area.children.active().order_by("code")
    context = {
        "area": area,
        "ancestors": area.ancestors(),
        "children": children,
        "can_add_village": area.level == AreaLevel.SUBDISTRICT
        and policy.can(request.user, Action.ADD, services.new_village(area)),
    }
    if area.level == AreaLevel.PROVINCE:
        regime = services.resolve_regime(request.GET.get("regime"))
        profile = ProvinceProfile.objects.filter(province=area).first()
        context.update(
            profile=profile,
            can_edit_profile=profile is not None
            and policy.can(request.user, Action.CHANGE, profile),
            cluster=services.cluster_of_province(area, regime),
            regime=regime,
        )
    if area.level in (AreaLevel.PROVINCE, AreaLevel.DISTRICT):
        organisations = policy.restrict(Organisation.objects.select_related("area"), request.user)
        context["organisations"] = organisations.filter(area__code__startswith=area.code).order_by(
            "kind", "name_th"
        )[:200]
    return render(request, "areas/area_detail.html", context)


@login_required
def province_edit(request, code: str):
    profile = policy.get_or_404(
        ProvinceProfile.objects.select_related("province"),
        request.user,
        Action.CHANGE,
        province_id=code,
    )
    form = ProvinceProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(profile.province)
    return render(request, "areas/province_edit.html", {"profile": profile, "form": form})


@login_required
def village_add(request, code: str):
    subdistrict = policy.get_or_404(Area.objects.subdistricts(), request.user, code=code)
    village = services.new_village(subdistrict)
    if not policy.can(request.user, Action.ADD, village):
        raise Http404
    form = VillageForm(request.POST or None, instance=village)
    if request.method == "POST" and form.is_valid():
        village = form.save()
        messages.success(request, _("Village added."))
        return redirect(village)
    return render(request, "areas/village_form.html", {"subdistrict": subdistrict, "form": form})


def search(request):
    query = request.GET.get("q", "")
    regime = services.resolve_regime(request.GET.get("regime"))
    context = {
        "query": query,
        "areas": services.search_areas(query),
        "clusters": services.search_clusters(query, regime),
    }
    template = "areas/_search_results.html" if request.htmx else "areas/search.html"
    return render(request, template, context)
