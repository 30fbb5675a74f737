from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Area


class AreaPickForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Where do you live or work?"),
        help_text=_("Choose your neighbourhood (stadsdel)."),
        queryset=Area.objects.order_by("name"),
        to_field_name="code",
        required=True,
        error_messages={"invalid_choice": _("We do not know that area. Choose one from the list.")},
    )
