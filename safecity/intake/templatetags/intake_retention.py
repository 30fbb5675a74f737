"""{% retention_box signal %}: the signal's retention date and legal hold, for its coordinators."""

from django import template

from safecity.intake import retention
from safecity.intake.forms_notices import HoldForm

register = template.Library()


@register.inclusion_tag("intake/_retention_box.html", takes_context=True)
def retention_box(context, signal):
    return {
        "signal": signal,
        "hold": retention.active_hold(signal),
        "due_on": retention.signal_due_on(signal),
        "hold_form": HoldForm(),
        "csrf_token": context.get("csrf_token"),
    }
