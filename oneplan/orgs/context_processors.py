from oneplan.orgs.policy import scopes_of


def user_scope(request):
    """The signed-in user's roles, for the navigation (never for permission decisions)."""
    user = getattr(request, "user", None)
    return {"user_scopes": scopes_of(user) if user is not None else ()}
