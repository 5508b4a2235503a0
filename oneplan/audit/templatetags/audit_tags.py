from django import template

from oneplan.audit.services import history_for

register = template.Library()


@register.inclusion_tag("audit/trail.html", takes_context=True)
def audit_trail(context, obj):
    """The audit trail of an object the page has already been allowed to show."""
    user = context.get("user")
    visible = bool(user and user.is_authenticated)
    return {"entries": history_for(obj) if visible else [], "visible": visible}
