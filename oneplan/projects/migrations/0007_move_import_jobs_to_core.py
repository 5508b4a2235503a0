"""Proposal imports become `core.Job` of kind "import:proposals" (issue 14: one job model
and runner); the cycle, source and proposer go into the job's params, the province into its
area. Then the old table goes. Reversible: a job whose cycle is gone is not brought back."""

from django.db import migrations

KIND = "import:proposals"
# Every field kept as it is (the file by its name in the storage, which does not move).
COPIED = (
    "id",
    "requested_by_id",
    "cluster_id",
    "status",
    "message",
    "result",
    "finished_at",
    "heartbeat_at",
)


def to_core(apps, schema_editor):
    ImportJob = apps.get_model("projects", "ImportJob")
    Job = apps.get_model("core", "Job")
    for old in ImportJob.objects.order_by("created_at").iterator(chunk_size=500):
        Job.objects.create(
            kind=KIND,
            params={
                "cycle_id": old.cycle_id,
                "source": old.source,
                "proposer_id": old.proposer_id,
            },
            area_id=old.province_id,
            filename=old.original_name,
            file=old.file.name or "",
            progress=100 if old.status == "done" else 0,
            attempts=0 if old.status == "queued" else 1,
            **{name: getattr(old, name) for name in COPIED},
        )
        # created_at is auto_now_add: set again as the old row had it.
        Job.objects.filter(pk=old.pk).update(created_at=old.created_at)


def from_core(apps, schema_editor):
    ImportJob = apps.get_model("projects", "ImportJob")
    Job = apps.get_model("core", "Job")
    Cycle = apps.get_model("cycles", "Cycle")
    cycles = set(Cycle.objects.values_list("pk", flat=True))
    for job in Job.objects.filter(kind=KIND).iterator(chunk_size=500):
        params = job.params or {}
        owned = (job.area_id is None) != (job.cluster_id is None)
        if params.get("cycle_id") in cycles and job.requested_by_id and owned:
            ImportJob.objects.create(
                cycle_id=params["cycle_id"],
                source=str(params.get("source", ""))[:20],
                proposer_id=params.get("proposer_id"),
                province_id=job.area_id,
                original_name=job.filename,
                file=job.file.name or "",
                **{name: getattr(job, name) for name in COPIED},
            )
            ImportJob.objects.filter(pk=job.pk).update(created_at=job.created_at)
    Job.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("cycles", "0001_initial"),
        ("projects", "0006_record_version"),
    ]

    operations = [
        migrations.RunPython(to_core, from_core),
        migrations.DeleteModel(name="ImportJob"),
    ]
