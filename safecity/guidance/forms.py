"""Forms of the guide editor. The area picker is the directory's (organisation.forms.AreaPickForm)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CONTENT_FIELDS, Guide

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PLACEHOLDER_HELP = _(
    "Markdown. Write {coordinator}, {intake} or {police} where the reader's own contact should appear; "
    "it is filled in with the name, telephone number and opening hours for their unit or area."
)
STEPS_HELP = _(
    "A numbered list (1. 2. 3.), one short step per line. Write {coordinator}, {intake} or {police} "
    "where the reader's own contact should appear."
)


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = CONTENT_FIELDS
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "intro_en": forms.Textarea(attrs={"rows": 3}),
            "steps": forms.Textarea(attrs={"rows": 10}),
            "steps_en": forms.Textarea(attrs={"rows": 10}),
            "dont": forms.Textarea(attrs={"rows": 4}),
            "dont_en": forms.Textarea(attrs={"rows": 4}),
            "review_by": DATE,
        }
        help_texts = {
            "intro": PLACEHOLDER_HELP,
            "steps": STEPS_HELP,
            "dont": _("A list with - at the start of each line."),
            "review_by": _(
                "Needed to publish. After this date the guide is flagged to the central coordinator for review."
            ),
            "ends_with_signal": _(
                "A link to the form for reporting a signal, when that module is installed."
            ),
            "ends_with_concern": _(
                "How and to whom in the reader's district, and that the platform does not take the person's details."
            ),
        }


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, publish this version"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
