"""Template helpers of competence, among them the one line an action plan's follow-up calls:

    {% load competence %}{% measure_reach plan %}

It shows the reach of the plan's training measures (programmes linked on /kompetens/rackvidd/)
to the plan's unit coordinators and the central coordinator, and nothing to anyone else.
"""

from __future__ import annotations

from django import template

from .. import access, reach

register = template.Library()


@register.filter
def manages_programmes(user) -> bool:
    return access.can_manage_programmes(user)


@register.inclusion_tag("competence/_measure_reach.html", takes_context=True)
def measure_reach(context, plan):
    """The reach section for `plan` (already fetched through plans/access.py by the calling view)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not access.can_link_for_plan(user, plan):
        return {"shown": False}
    measures = list(plan.measures.order_by("parent_id", "position", "pk"))
    return {
        "shown": True,
        "plan": plan,
        "rows": reach.plan_reach(plan, measures),
        "periods": reach.PERIODS,
    }
