"""{% plan_documents plan as docs %}: the document links the person looking may use, for
templates/plans/documents/_links.html (included on the plan page, which another view renders)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

from safecity.plans import access, imports
from safecity.plans.models import Period, Plan

register = template.Library()


@dataclass
class FollowUpLinks:
    label: str
    pdf: str
    xlsx: str


@dataclass
class DocumentLinks:
    pdf: str
    xlsx: str
    follow_ups: list[FollowUpLinks]
    import_url: str  # empty when the person may not import


@register.simple_tag(takes_context=True)
def plan_documents(context, plan: Plan) -> DocumentLinks | None:
    """None for someone who may not read the plan (the page itself would have refused them)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not access.can_view_plan(user, plan):
        return None
    existing = set(plan.follow_ups.values_list("period", flat=True))
    follow_ups = [
        FollowUpLinks(
            str(label),
            reverse("plans:follow_up_pdf", args=[plan.pk, period]),
            reverse("plans:follow_up_xlsx", args=[plan.pk, period]),
        )
        for period, label in Period.choices
        if period in existing
    ]
    return DocumentLinks(
        pdf=reverse("plans:plan_pdf", args=[plan.pk]),
        xlsx=reverse("plans:plan_xlsx", args=[plan.pk]),
        follow_ups=follow_ups,
        import_url=reverse("plans:import", args=[plan.pk]) if imports.can_import(user, plan) else "",
    )
