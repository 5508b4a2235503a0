from django.core.management.base import BaseCommand

from oneplan.core.reference import load_reference


class Command(BaseCommand):
    help = (
        "Load or refresh reference data (areas from geothai, clusters, alignment targets)."
        " Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinces",
            help="Only these province codes, comma-separated (for quick test databases).",
        )

    def handle(self, *args, provinces=None, **options):
        codes = [c.strip() for c in provinces.split(",")] if provinces else None
        report = load_reference(codes)
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS("โหลดข้อมูลอ้างอิงแล้ว (reference data loaded)"))
        else:
            self.stdout.write(
                self.style.SUCCESS("ข้อมูลอ้างอิงเป็นปัจจุบันแล้ว ไม่มีการเปลี่ยนแปลง (no change)")
            )
