"""Document jobs become `core.Job` of kind "document:<kind>" (issue 14: one job model and
runner); then the old table goes. Reversible: the document jobs go back the other way."""

from django.db import migrations

FAMILY = "document:"
# Every field kept as it is (the file by its name in the storage, which does not move).
COPIED = (
    "id",
    "params",
    "requested_by_id",
    "subject_label",
    "area_id",
    "cluster_id",
    "status",
    "progress",
    "message",
    "filename",
    "content_type",
    "finished_at",
    "heartbeat_at",
    "attempts",
)


def to_core(apps, schema_editor):
    DocumentJob = apps.get_model("documents", "DocumentJob")
    Job = apps.get_model("core", "Job")
    for old in DocumentJob.objects.order_by("created_at").iterator(chunk_size=500):
        fields = {name: getattr(old, name) for name in COPIED}
        Job.objects.create(kind=f"{FAMILY}{old.kind}", file=old.file.name or "", **fields)
        # created_at is auto_now_add: set again as the old row had it.
        Job.objects.filter(pk=old.pk).update(created_at=old.created_at)


def from_core(apps, schema_editor):
    DocumentJob = apps.get_model("documents", "DocumentJob")
    Job = apps.get_model("core", "Job")
    for job in Job.objects.filter(kind__startswith=FAMILY).iterator(chunk_size=500):
        fields = {name: getattr(job, name) for name in COPIED}
        DocumentJob.objects.create(
            kind=job.kind.removeprefix(FAMILY)[:40], file=job.file.name or "", **fields
        )
        DocumentJob.objects.filter(pk=job.pk).update(created_at=job.created_at)
    Job.objects.filter(kind__startswith=FAMILY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("documents", "0002_job_lease"),
    ]

    operations = [
        migrations.RunPython(to_core, from_core),
        migrations.DeleteModel(name="DocumentJob"),
    ]
