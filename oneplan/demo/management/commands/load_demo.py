from django.core.management.base import BaseCommand
from django.utils import translation

from oneplan.demo.loader import credentials_table, load_demo


class Command(BaseCommand):
    help = "Load the Rayong demo (organisations and one user for every role). Idempotent."

    def handle(self, *args, **options):
        with translation.override("en"):  # for this command only, not the rest of the process
            load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo loaded: Rayong (21). Sign in at http://127.0.0.1:8000/accounts/login/"
            )
        )
        self.stdout.write(credentials_table())
