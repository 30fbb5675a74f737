import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import Unit

from .models import AccessLogEntry


class AccessLogFilterForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=get_user_model().objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", "---------"), *AccessLogEntry.Action.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = get_user_model().objects.order_by("username")
        self.fields["unit"].queryset = Unit.objects.order_by("name")
        types = (
            AccessLogEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
        )
        self.fields["object_type"].choices = [("", "---------")] + [(t, t) for t in types]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("person"):
            queryset = queryset.filter(user=data["person"])
        if data.get("unit"):
            queryset = queryset.filter(unit=data["unit"])
        if data.get("object_type"):
            queryset = queryset.filter(object_type=data["object_type"])
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("date_from"):
            queryset = queryset.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(at__date__lt=data["date_to"] + dt.timedelta(days=1))
        return queryset

    def describe(self) -> str:
        """The filters in use, for the log entry of the review itself."""
        data = getattr(self, "cleaned_data", {}) or {}
        return "; ".join(f"{key}={value}" for key, value in data.items() if value)[:300]
