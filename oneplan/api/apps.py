from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "oneplan.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from django.db import models
        from rest_framework import serializers

        from oneplan.api.fields import ThaiDateField

        # A model's date, wherever a ModelSerializer exposes it, is read as the forms read it
        # (B.E. years converted, implausible years refused); answers stay ISO dates.
        serializers.ModelSerializer.serializer_field_mapping[models.DateField] = ThaiDateField
