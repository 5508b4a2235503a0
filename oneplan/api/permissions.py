"""The API asks the same policy as the pages do."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from oneplan.orgs.policy import Action, can, can_add_any, is_registered, spec_for


class PolicyPermission(BasePermission):
    """Reads of public models are open; everything else goes through the policy."""

    def has_permission(self, request, view) -> bool:
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None or not is_registered(model):
            return bool(request.user and request.user.is_authenticated)
        if request.method in SAFE_METHODS:
            spec = spec_for(model)  # published objects are read by anyone
            return spec.public_read or bool(spec.published) or request.user.is_authenticated
        if request.method == "POST":
            return can_add_any(request.user, model)
        return request.user.is_authenticated

    def has_object_permission(self, request, view, obj) -> bool:
        action = {
            "GET": Action.VIEW,
            "HEAD": Action.VIEW,
            "OPTIONS": Action.VIEW,
            "DELETE": Action.DELETE,
        }.get(request.method, Action.CHANGE)
        return can(request.user, action, obj)
