from django.utils import timezone


def today(request):
    """Today's date on the Bangkok calendar, for the footer."""
    return {"today": timezone.localdate()}
