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
from oneplan.core import restrict as door


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
    cluster = door.get_or_404(
        Cluster.objects.select_related("regime", "region", "operations_centre"), request.user, pk=pk
    )
    memberships = cluster.memberships.select_related("province").order_by("province__code")
    return render(
        request,
        "areas/cluster_detail.html",
        {
            "cluster": cluster,
            "memberships": memberships,
            "can_edit": door.can(request.user, "change", cluster),
        },
    )


@login_required
def cluster_edit(request, pk: int):
    cluster = door.get_or_404(Cluster.objects.all(), request.user, "change", pk=pk)
    form = OperationsCentreForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(cluster)
    return render(request, "areas/cluster_edit.html", {"cluster": cluster, "form": form})


def area_detail(request, code: str):
    area = door.get_or_404(
        Area.objects.select_related("parent__parent__parent"), request.user, code=code
    )
    children = area.children.active().order_by("code")
    context = {
        "area": area,
        "ancestors": area.ancestors(),
        "children": children,
        "can_add_village": area.level == AreaLevel.SUBDISTRICT
        and door.can(request.user, "add", services.new_village(area)),
    }
    if area.level == AreaLevel.PROVINCE:
        regime = services.resolve_regime(request.GET.get("regime"))
        profile = ProvinceProfile.objects.filter(province=area).first()
        context.update(
            profile=profile,
            can_edit_profile=profile is not None and door.can(request.user, "change", profile),
            cluster=services.cluster_of_province(area, regime),
            regime=regime,
            # The province's whole list of villages from a file (participation's import page).
            can_import_villages=door.can(
                request.user,
                "add",
                Area(code=f"{area.code}000000", level=AreaLevel.VILLAGE, source="import"),
            ),
        )
    # The bodies of the area are listed by the orgs app (above this one): a link to its list.
    context["lists_organisations"] = area.level in (AreaLevel.PROVINCE, AreaLevel.DISTRICT)
    return render(request, "areas/area_detail.html", context)


@login_required
def province_edit(request, code: str):
    profile = door.get_or_404(
        ProvinceProfile.objects.select_related("province"),
        request.user,
        "change",
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
    subdistrict = door.get_or_404(Area.objects.subdistricts(), request.user, code=code)
    village = services.new_village(subdistrict)
    if not door.can(request.user, "add", village):
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
