from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import Area, Unit

from .models import Agreement, Meeting, Partner, _no_personal_data


class DirectoryFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Partner.Kind.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("All units")
    )
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=_("All areas")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.valid_on().exclude(kind=Unit.Kind.CENTRAL)
        self.fields["area"].queryset = Area.objects.all()

    def apply(self, partners):
        if not self.is_valid():
            return partners
        data = self.cleaned_data
        if data["q"]:
            partners = partners.filter(name__icontains=data["q"])
        if data["kind"]:
            partners = partners.filter(kind=data["kind"])
        if data["unit"]:
            partners = partners.filter(units=data["unit"])
        if data["area"]:
            partners = partners.filter(areas=data["area"])
        return partners.distinct()


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = ["name", "kind", "description", "phone", "email", "website", "units", "areas", "active"]
        widgets = {"units": forms.CheckboxSelectMultiple, "areas": forms.SelectMultiple(attrs={"size": 8})}
        help_texts = {
            "phone": _("The organisation's switchboard or a functional number, never a private one."),
            "email": _("A functional mailbox of the organisation, never a private address."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.valid_on().exclude(kind=Unit.Kind.CENTRAL)
        self.fields["units"].required = True

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Partner.objects.filter(city=self.instance.city_id, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(_("A partner with this name is already registered."))
        return name


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "kind", "units", "partners", "topic", "outcome"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "units": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {"outcome": _("What was agreed. No names or other details about persons.")}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units if units is not None else Unit.objects.valid_on()
        self.fields["partners"].queryset = Partner.objects.all()


class AgreementForm(forms.ModelForm):
    """An agreement with a partner; the responsible unit among the person's own units (central: all)."""

    class Meta:
        model = Agreement
        fields = ["kind", "title", "unit", "valid_from", "valid_to", "document_reference", "dpia_reference"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "valid_to": _(
                "The last day the agreement is valid. Leave empty if it runs until further notice."
            ),
            "document_reference": _("The diary number or where the signed agreement is kept."),
            "dpia_reference": _(
                "Required for a data sharing agreement: the diary number of its impact assessment."
            ),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["unit"].queryset = units if units is not None else Unit.objects.valid_on()


class EndAgreementForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Last valid day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The agreement stays in the registry as ended; no more reminders are sent."),
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement

    def clean_ended_on(self):
        day = self.cleaned_data["ended_on"]
        if day < self.agreement.valid_from:
            raise forms.ValidationError(_("The end date cannot be before the start date."))
        return day


class AgreementFilter(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"), required=False, queryset=Unit.objects.none(), empty_label=_("All units")
    )
    state = forms.ChoiceField(
        label=_("Validity"),
        required=False,
        choices=[
            ("", _("All agreements")),
            ("valid", _("Valid")),
            ("expiring", _("Expiring within 60 days")),
            ("expired", _("Expired")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.valid_on()

    def apply(self, agreements, today):
        if not self.is_valid():
            return agreements
        data = self.cleaned_data
        if data["unit"]:
            agreements = agreements.filter(unit=data["unit"])
        if data["state"] == "valid":
            agreements = agreements.filter(valid_from__lte=today).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=today)
            )
        elif data["state"] == "expiring":
            agreements = agreements.filter(valid_to__gte=today, valid_to__lte=today + dt.timedelta(days=60))
        elif data["state"] == "expired":
            agreements = agreements.filter(valid_to__lt=today)
        return agreements


class MeasurePartnerForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), empty_label=_("Choose a partner")
    )
    role = forms.CharField(
        label=_("The partner's part"),
        max_length=200,
        required=False,
        help_text=_('What the partner does in the measure, e.g. "leads the parents\' evenings".'),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(active=True)

    def clean_role(self):
        role = self.cleaned_data["role"].strip()
        _no_personal_data(role)
        return role


class SharedMeasuresFilter(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("All units")
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"), required=False, queryset=Partner.objects.none(), empty_label=_("All partners")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.valid_on().exclude(kind=Unit.Kind.CENTRAL)
        self.fields["partner"].queryset = Partner.objects.all()

    def apply(self, links):
        if not self.is_valid():
            return links
        data = self.cleaned_data
        if data["unit"]:
            links = links.filter(measure__plan__unit=data["unit"])
        if data["partner"]:
            links = links.filter(partner=data["partner"])
        if data["year"]:
            links = links.filter(measure__plan__year__year=data["year"])
        return links
