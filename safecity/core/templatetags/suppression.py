"""`{{ count|suppress }}`: small-number suppression in templates (safecity.core.suppression).

{% load suppression %}
<td class="num">{{ row.count|suppress }}</td>
"""

from django import template

from safecity.core.suppression import suppress as _suppress

register = template.Library()


@register.filter
def suppress(count, threshold=None):
    return _suppress(count, threshold)
