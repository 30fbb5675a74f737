from django import template

from safecity.core import richtext as rt

register = template.Library()


@register.filter
def richtext(value):
    """{{ section.body|richtext }} — Markdown rendered to sanitised HTML."""
    return rt.render(value or "")
