"""Forms of the insight pages (filters) and of narratives (edit, matching, counter-messages)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CounterMessage, Label, Narrative, Tactic

PERIODS = [("day", _("days")), ("week", _("weeks")), ("month", _("months"))]
DEFAULT_DAYS = 180
MAX_DAYS = 3 * 366


class InsightFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=None, required=False, empty_label=_("all my units")
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    platform = forms.CharField(label=_("Platform"), required=False, max_length=40)
    language = forms.CharField(label=_("Language"), required=False, max_length=8)
    reviewed_only = forms.BooleanField(label=_("Reviewed items only"), required=False)
    period = forms.ChoiceField(label=_("Per"), choices=PERIODS, required=False)

    def __init__(self, *args, units, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial", {"start": today - dt.timedelta(days=DEFAULT_DAYS), "end": today, "period": "week"}
        )
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["start"].widget.format = "%Y-%m-%d"
        self.fields["end"].widget.format = "%Y-%m-%d"

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=DEFAULT_DAYS)
        if "end" not in self.errors and "start" not in self.errors:
            if start > end:
                self.add_error("end", _("The end date is before the start date."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("start", _("Choose a period of at most three years."))
        data["start"], data["end"] = start, end
        return data

    def values(self) -> dict:
        """The cleaned filters, or the defaults when the form is not bound or not valid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        today = timezone.localdate()
        return {"start": today - dt.timedelta(days=DEFAULT_DAYS), "end": today, "period": "week"}


class ThemesFilterForm(InsightFilterForm):
    harmful_only = forms.BooleanField(label=_("Hateful and threat items only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["period"]


class TriggersFilterForm(InsightFilterForm):
    """Triggers count days: no choice of period."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["period"]


class NarrativeForm(forms.ModelForm):
    status_reason = forms.CharField(
        label=_("Reason for a status change"),
        required=False,
        max_length=300,
        help_text=_("Kept in the history when the status changes."),
    )

    class Meta:
        model = Narrative
        fields = ["unit", "title", "claim", "keywords", "first_seen", "where", "status", "tactics"]
        widgets = {
            "first_seen": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "claim": forms.Textarea(attrs={"rows": 4}),
            "tactics": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "keywords": _(
                "Words, spelling variants and hashtags that describe the narrative, separated by commas."
            ),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if not self.instance.pk and len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        self.fields["tactics"].queryset = Tactic.objects.all()
        self.fields["tactics"].required = False


class MatchingForm(forms.ModelForm):
    class Meta:
        model = Narrative
        fields = ["similarity_threshold", "window_days"]
        widgets = {
            "similarity_threshold": forms.NumberInput(attrs={"step": "0.01", "min": "0.05", "max": "1"})
        }
        help_texts = {
            "similarity_threshold": _("From 0.05 to 1. Lower finds more, and more that does not belong."),
            "window_days": _(
                "Items posted this many days before first seen, up to this many days after first seen "
                "or the latest confirmed item."
            ),
        }


class CounterMessageForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), required=False, max_length=1000, assume_scheme="https")

    class Meta:
        model = CounterMessage
        fields = ["kind", "text", "channel", "url", "published_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class NarrativeFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    tactic = forms.ModelChoiceField(label=_("Tactic"), queryset=None, required=False, empty_label=_("all"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False, empty_label=_("all"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all")), *Narrative.Status.choices]
        self.fields["tactic"].queryset = Tactic.objects.all()
        self.fields["unit"].queryset = units


LABEL_ORDER = [Label.NOT_HATEFUL, Label.OFFENSIVE, Label.HATEFUL, Label.THREAT]
