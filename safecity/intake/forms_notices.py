"""Forms for concern notices and legal holds. The notice form has no field for a name, an identity
number or an address on purpose; its one free-text field runs the personal-data guard."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import Unit

from .forms import Form, GuardedForm
from .models import AgeBand, Decision, Milieu, Sector

NOTE_MAX = 1000
DATE_WIDGET = {"type": "date"}


class NoticeForm(GuardedForm):
    guarded_fields = ("note",)

    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_("The unit whose intake received the report."),
    )
    received_on = forms.DateField(
        label=_("Date received"),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the date the report of concern was received."),
            "invalid": _("Give the date as year-month-day."),
        },
    )
    age_band = forms.ChoiceField(
        label=_("Age of the person the concern is about"),
        choices=AgeBand.choices,
        initial=AgeBand.UNKNOWN,
        widget=forms.RadioSelect,
    )
    sector = forms.ChoiceField(
        label=_("Where the report came from"),
        choices=[("", _("Choose where it came from")), *Sector.choices],
        error_messages={"required": _("Choose where the report came from.")},
    )
    milieu = forms.ChoiceField(
        label=_("Milieu"),
        help_text=_("Which kind of violent extremism the concern seems linked to, if known."),
        choices=Milieu.choices,
        initial=Milieu.UNKNOWN,
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, initial=Decision.PENDING, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        help_text=_("Empty while the decision is pending."),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give the date as year-month-day.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only what helps the statistics, for example how the concern showed itself. Never a name, "
            "an identity number, an address, a phone number or an e-mail address. Deleted after five years."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.display_name
        if units.count() == 1:
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].initial = units.first().pk

    @property
    def single_unit(self) -> bool:
        return isinstance(self.fields["unit"].widget, forms.HiddenInput)


class NoticeFilterForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", _("All")), *Decision.choices]
    )
    year = forms.IntegerField(label=_("Year received"), required=False, min_value=1990, max_value=2100)

    def apply(self, notices):
        data = self.cleaned_data
        if data.get("decision"):
            notices = notices.filter(decision=data["decision"])
        if data.get("year"):
            notices = notices.filter(received_on__year=data["year"])
        return notices

    def describe(self) -> str:
        data = getattr(self, "cleaned_data", {})
        return " ".join(f"{k}={v}" for k, v in data.items() if v)


class NoticeCountsForm(Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    year = forms.TypedChoiceField(label=_("Year received"), coerce=int)

    def __init__(self, *args, units, all_units: bool, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.display_name
        self.fields["unit"].to_field_name = "code"
        if all_units:
            self.fields["unit"].empty_label = _("The whole city")
        else:
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None
        self.fields["year"].choices = [(y, str(y)) for y in years]


class HoldForm(GuardedForm):
    guarded_fields = ("reason",)

    reason = forms.CharField(
        label=_("Reason for the legal hold"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example a request from the police or a court, or a complaint being handled. "
            "No personal data."
        ),
        error_messages={"required": _("Say why the record must be kept.")},
    )
