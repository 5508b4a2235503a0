from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt


@never_cache
def healthz(request):
    """For the proxy and the orchestrator: 200 when the app and its database answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def favicon(request):
    """Browsers ask for /favicon.ico on their own; point them at the static icon."""
    return redirect(static("favicon.svg"), permanent=True)


API_NOT_FOUND = gettext_lazy("There is no such address in the API.")


@csrf_exempt  # nothing is written; a POST to a wrong address is told 404, not a CSRF page
def api_not_found(request):
    """An address under /api/ that no endpoint has (`/api/v1/proposals/abc`): JSON, always."""
    message = str(API_NOT_FOUND)
    return JsonResponse({"detail": message, "messages": [message]}, status=404)


def page_not_found(request, exception):
    """404: under /api/ the API's JSON answer (a client reads `detail`, as from every other
    API refusal), elsewhere the page."""
    if request.path_info.startswith("/api/"):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)
