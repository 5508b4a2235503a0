"""oneplan load-villages FILE --province 22 [--user NAME]: a province's villages from a CSV or
.xlsx file, as the upload page imports them (all or nothing, every problem by row and column)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from oneplan.areas.models import Area
from oneplan.orgs.models import User
from oneplan.participation import villages_import


class Command(BaseCommand):
    help = (
        "Import the villages of a province from a CSV or Excel file (columns รหัสหมู่บ้าน,"
        " หมู่ที่, ชื่อหมู่บ้าน): all or nothing; villages already recorded are updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV (UTF-8) or .xlsx file.")
        parser.add_argument("--province", required=True, help="The province's code, e.g. 22.")
        parser.add_argument(
            "--user",
            help="Who imports (for the policy and the audit trail); by default a superuser.",
        )

    def handle(self, *args, file: str, province: str, user: str | None = None, **options):
        found = Area.objects.provinces().filter(code=province).first()
        if found is None:
            raise CommandError(f"ไม่พบจังหวัดรหัส {province} (no such province)")
        actor = self._actor(user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {file} (no such file)")
        try:
            with path.open("rb") as upload:
                result = villages_import.import_villages(actor, found, upload)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if not result.ok:
            for problem in result.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"ไม่ได้บันทึกข้อมูล: พบปัญหา {len(result.errors)} รายการ (nothing was saved)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"เพิ่ม {result.added} ปรับปรุง {result.updated} ไม่เปลี่ยนแปลง {result.unchanged}"
                f" หมู่บ้าน (added, updated, unchanged)"
            )
        )

    def _actor(self, username: str | None) -> User:
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"ไม่พบผู้ใช้ {username} (no such user)")
            return actor
        actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError("ระบุผู้นำเข้าด้วย --user (give the importing user with --user)")
        return actor
