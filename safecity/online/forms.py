from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Label, Target

LABEL_CHOICES = [("", _("any label")), *Label.choices, ("none", _("not classified"))]
TARGET_CHOICES = [
    ("", _("any target group")),
    *[(v, lbl) for v, lbl in Target.choices if v],
    ("none", _("no target group")),
]
STATE_CHOICES = [
    ("unreviewed", _("not reviewed")),
    ("reviewed", _("reviewed")),
    ("all", _("all")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or JSON)"),
        help_text=_("Columns or fields: platform, url, time, text; optional thread, context, author."),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_(
            "Where the export comes from, e.g. the district's Facebook page or a monitoring service."
        ),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Review"), choices=STATE_CHOICES, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False, empty_label=_("all units"))
    label = forms.ChoiceField(label=_("Label"), choices=LABEL_CHOICES, required=False)
    target = forms.ChoiceField(label=_("Target group"), choices=TARGET_CHOICES, required=False)
    platform = forms.ChoiceField(label=_("Platform"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, platforms=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["platform"].choices = [("", _("any platform"))] + [(p, p) for p in platforms]
        self.fields["language"].choices = [("", _("any language"))] + [(code, code) for code in languages]


class ReviewForm(forms.Form):
    label = forms.ChoiceField(label=_("Label"), choices=Label.choices)
    target = forms.ChoiceField(label=_("Target group"), choices=Target.choices, required=False)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class TrainForm(forms.Form):
    quick = forms.BooleanField(
        label=_("Quick training (fewer features; for trying things out)"), required=False
    )
    notes = forms.CharField(label=_("Notes on this version"), max_length=500, required=False)
