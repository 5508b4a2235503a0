import operator
from functools import reduce

from django import forms
from django.db.models import Q, QuerySet

from oneplan.areas.models import Area, AreaLevel
from oneplan.orgs.models import Organisation
from oneplan.orgs.policy import Action, area_reach


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name_th",
            "name_en",
            "short_name",
            "kind",
            "parent",
            "area",
            "phone",
            "email",
            "address",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = areas_for(user)
        if self.instance.area_id:  # a body may always stay where it is
            areas = areas | Area.objects.filter(pk=self.instance.area_id)
        self.fields["area"].queryset = areas
        parents = Organisation.objects.filter(
            kind__in=["ministry", "department", "national_body", "provincial_office"]
        ).restrict(user)  # the bodies this user reads (a province's offices, the ministries)
        if self.instance.parent_id:  # a body may always stay under its parent
            parents = parents | Organisation.objects.filter(pk=self.instance.parent_id)
        self.fields["parent"].queryset = parents.order_by("name_th")


def areas_for(user) -> QuerySet[Area]:
    """The country, provinces and districts a user may attach a body to."""
    levels = [AreaLevel.COUNTRY, AreaLevel.PROVINCE, AreaLevel.DISTRICT]
    areas = Area.objects.filter(level__in=levels, is_active=True).order_by("code")
    reach = area_reach(user, Action.ADD)
    if reach is None:
        return areas
    return areas.filter(reduce(operator.or_, (Q(code__startswith=p) for p in reach), Q(pk__in=[])))
