from django import forms
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area, Cluster, ProvinceProfile


class ProvinceProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = ProvinceProfile
        fields = [
            "letter_prefix",
            "governor_name",
            "office_address",
            "phone",
            "fax",
            "email",
            "website",
            "vision",
        ]
        widgets = {
            "office_address": forms.Textarea(attrs={"rows": 3}),
            "vision": forms.Textarea(attrs={"rows": 3}),
        }


class OperationsCentreForm(forms.ModelForm):
    """The national secretariat sets a cluster's operations-centre province."""

    class Meta:
        model = Cluster
        fields = ["operations_centre", "operations_centre_confirmed", "head_title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operations_centre"].queryset = Area.objects.filter(
            cluster_memberships__cluster=self.instance
        ).order_by("code")
        self.fields["operations_centre"].label = _("operations-centre province")


class VillageForm(forms.ModelForm):
    """A village added by hand in a sub-district (imports come later)."""

    class Meta:
        model = Area
        fields = ["village_no", "name_th", "name_en"]

    def __init__(self, *args, instance: Area, **kwargs):
        """`instance` is a new village from `services.new_village(subdistrict)`."""
        super().__init__(*args, instance=instance, **kwargs)
        self.subdistrict = instance.parent
        self.fields["village_no"].required = True

    def clean_village_no(self):
        number = self.cleaned_data["village_no"]
        if not 1 <= number <= 99:
            raise forms.ValidationError(_("Village numbers run from 1 to 99."))
        code = f"{self.subdistrict.code}{number:02d}"
        if Area.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This sub-district already has a village with this number.")
            )
        self.instance.code = code
        return number
