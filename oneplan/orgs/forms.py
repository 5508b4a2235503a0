from django import forms
from django.db.models import Q

from oneplan.areas.models import Area, AreaLevel
from oneplan.orgs.models import Organisation
from oneplan.orgs.policy import Role, scopes_of


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
        self.fields["area"].queryset = areas_for(user)
        self.fields["parent"].queryset = Organisation.objects.filter(
            kind__in=["ministry", "department", "national_body", "provincial_office"]
        ).order_by("name_th")


def areas_for(user) -> "models.QuerySet[Area]":  # noqa: F821
    """The country, provinces and districts a user may attach a body to."""
    levels = [AreaLevel.COUNTRY, AreaLevel.PROVINCE, AreaLevel.DISTRICT]
    base = Area.objects.filter(level__in=levels, is_active=True).order_by("code")
    q = Q(pk__in=[])
    for scope in scopes_of(user):
        if scope.role in (Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN):
            return base
        if scope.role == Role.CLUSTER_STRATEGY:
            for code in scope.province_codes:
                q |= Q(code__startswith=code)
        elif scope.area_code and scope.area_code != "TH":
            q |= Q(code__startswith=scope.area_code)
    return base.filter(q)
