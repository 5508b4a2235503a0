from rest_framework import serializers

from oneplan.areas.models import Area, Cluster
from oneplan.core import jobs
from oneplan.orgs.models import Organisation


class AreaSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent_id", allow_null=True)

    class Meta:
        model = Area
        fields = ["code", "level", "name_th", "name_en", "parent_code", "is_active"]


class ClusterSerializer(serializers.ModelSerializer):
    regime = serializers.CharField(source="regime.code")
    region = serializers.CharField(source="region.name_th", allow_null=True, default=None)
    province_codes = serializers.SerializerMethodField()
    operations_centre = serializers.CharField(source="operations_centre_id", allow_null=True)
    head = serializers.CharField(source="head_display")

    class Meta:
        model = Cluster
        fields = [
            "id",
            "regime",
            "region",
            "name_th",
            "name_en",
            "province_codes",
            "operations_centre",
            "operations_centre_confirmed",
            "head",
        ]

    def get_province_codes(self, cluster: Cluster) -> list[str]:
        return sorted(m.province_id for m in cluster.memberships.all())


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()
    display_name = serializers.CharField()
    parent_code = serializers.CharField(allow_null=True)


class OrganisationSerializer(serializers.ModelSerializer):
    area_code = serializers.CharField(source="area_id")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name_th",
            "name_en",
            "short_name",
            "kind",
            "parent",
            "area_code",
            "cluster",
        ]


class JobOut(serializers.Serializer):
    """A background job (a big import, a document): where it stands and, once finished, what
    it found. `result` is the job kind's own (an import's counts or its problems)."""

    id = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField()
    finished = serializers.BooleanField(source="is_finished")
    percent = serializers.IntegerField(source="progress")
    message = serializers.CharField()
    result = serializers.JSONField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    page = serializers.CharField(source="get_absolute_url")

    def to_representation(self, job):
        """The job's row, with its progress as the running worker last reported it."""
        data = super().to_representation(job)
        data["percent"], data["message"] = jobs.progress_of(job)
        return data
