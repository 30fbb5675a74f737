"""The guidance links on the start pages, and small helpers of the guide templates."""

from django import template

from safecity.organisation.models import City

from .. import access, contacts

register = template.Library()


@register.filter
def tel(phone: str) -> str:
    """A telephone number as a tel: link target (digits and +)."""
    return contacts.tel(phone or "")


@register.simple_tag
def signal_report_url() -> str:
    """The intake module's report form, or "" while it is not installed (the link is then hidden)."""
    return contacts.signal_report_url()


@register.inclusion_tag("guidance/_home_card.html", takes_context=True)
def guidance_home_card(context):
    """The "How to act" card on the staff start page: every situation, one click from its guide."""
    user = context["request"].user
    city = City.objects.order_by("pk").first()
    can_edit = access.can_edit_guidance(user)
    return {
        "situations": access.situations_with_guides(city, access.audience_for(user)),
        "can_edit": can_edit,
        "overdue": access.overdue_guides(city) if can_edit else [],
    }


@register.inclusion_tag("guidance/_public_home.html")
def guidance_public_section():
    """The public guides, on the public start page."""
    city = City.objects.order_by("pk").first()
    return {"situations": access.situations_with_guides(city, "public")}
