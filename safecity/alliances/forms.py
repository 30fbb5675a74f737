from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import Area, Unit

from .models import Meeting, Partner


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
