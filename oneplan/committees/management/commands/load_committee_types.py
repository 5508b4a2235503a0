"""`oneplan load_committee_types FILE --regime CODE`: the national secretariat loads its own
file of committee types and composition rules (CSV or XLSX), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oneplan.committees.type_files import load_file
from oneplan.cycles.models import Regime


class Command(BaseCommand):
    help = (
        "Load committee types and their composition rules for one regime from a CSV or XLSX"
        " file (columns: code, name_th, short_name, level, term_years, rules, order)."
        " All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file")
        parser.add_argument("--regime", required=True, help="The regime's code, e.g. 2566")

    def handle(self, *args, file: str, regime: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {file}")
        found = Regime.objects.filter(code=regime).first()
        if found is None:
            raise CommandError(f"ไม่พบระเบียบรหัส {regime}")
        result = load_file(path, found)
        if result.problems:
            lines = "\n".join(str(p) for p in result.problems)
            raise CommandError(f"ไม่ได้โหลดประเภทคณะกรรมการ (ไม่มีการเปลี่ยนแปลง):\n{lines}")
        self.stdout.write(
            self.style.SUCCESS(
                f"โหลดประเภทคณะกรรมการของระเบียบ {found.code} แล้ว:"
                f" เพิ่ม {result.created} แก้ไข {result.updated}"
            )
        )
