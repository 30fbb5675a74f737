from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecity.core.pii import explain, find_personal_data
from safecity.organisation.models import Area, Unit

from . import geo
from .models import Kind, Label, Milieu, Signal, Status
from .photos import clean_photo, max_photo_bytes, max_photos

DESCRIPTION_MAX = 5000
MESSAGE_MAX = 3000


def highlight(text: str, findings) -> list[dict]:
    """The text cut into pieces, the personal data marked, for showing the writer what to remove."""
    pieces, at = [], 0
    for finding in findings:
        if finding.start > at:
            pieces.append({"text": text[at : finding.start], "label": ""})
        pieces.append({"text": text[finding.start : finding.end], "label": finding.label})
        at = finding.end
    if at < len(text):
        pieces.append({"text": text[at:], "label": ""})
    return pieces


class Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class GuardedForm(Form):
    """Runs the personal-data guard on the named text fields and keeps what it found for the page."""

    guarded_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.findings: dict[str, dict] = {}

    def _post_clean_guard(self):
        for name in self.guarded_fields:
            text = self.cleaned_data.get(name) or ""
            found = find_personal_data(text)
            if found:
                self.findings[name] = {"pieces": highlight(text, found), "items": found}
                self.add_error(name, explain(found))

    def clean(self):
        data = super().clean()
        self._post_clean_guard()
        return data


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > max_photos():
            raise ValidationError(_("You can send at most %(count)d photos.") % {"count": max_photos()})
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(clean_photo(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ReportForm(GuardedForm):
    guarded_fields = ("description",)

    kind = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the signal is about.")},
    )
    occurred_on = forms.DateField(
        label=_("Date"),
        help_text=_("When you saw or experienced it."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the date it happened."),
            "invalid": _("Give the date as year-month-day."),
        },
    )
    occurred_time = forms.TimeField(
        label=_("Time (if you know it)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Give the time as hours:minutes, for example 14:30.")},
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        help_text=_("The neighbourhood where it happened. Leave empty if it happened online."),
        queryset=Area.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Choose an area"),
        error_messages={"invalid_choice": _("We do not know that area. Choose one from the list.")},
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    milieu = forms.ChoiceField(
        label=_("Milieu, if you know it"),
        help_text=_(
            "Which kind of violent extremism it seems linked to. Choose “not known” if you are unsure."
        ),
        choices=Milieu.choices,
        initial=Milieu.UNKNOWN,
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_(
            "Describe what you saw or experienced: what, where exactly, what it said or showed. "
            "Do not write names, personal identity numbers, phone numbers or e-mail addresses."
        ),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={
            "required": _("Describe what happened."),
            "max_length": _("Keep the description under %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    photos = MultiplePhotoField(
        label=_("Photos (optional)"),
        required=False,
    )
    # A honeypot: hidden from people by CSS, filled in by the simplest robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, skipped_uploads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.skipped_uploads = skipped_uploads or {"too_large": [], "too_many": 0}
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["photos"].help_text = _(
            "Up to %(count)d photos, JPEG, PNG or WebP, at most %(size)s each. The position, time and camera "
            "data stored in a photo are removed before it is saved."
        ) % {"count": max_photos(), "size": filesizeformat(max_photo_bytes())}

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date is in the future. Give the date it happened."))
        if day < dt.date(2000, 1, 1):
            raise ValidationError(_("Give a date from 2000 onwards."))
        return day

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        problems = []
        for name in self.skipped_uploads["too_large"]:
            problems.append(
                _("%(name)s is larger than %(limit)s. Choose a smaller photo.")
                % {"name": name, "limit": filesizeformat(max_photo_bytes())}
            )
        if self.skipped_uploads["too_many"]:
            problems.append(_("You can send at most %(count)d photos.") % {"count": max_photos()})
        if problems:
            raise ValidationError(problems)
        return photos

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(
                _(
                    "The form could not be sent. If you are a person, leave the field “Leave this field empty” empty and send again."
                )
            )
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
            return data
        if lat is not None:
            found = geo.area_at(lat, lon)
            chosen = data.get("area")
            if found is None:
                self.add_error(
                    "latitude", _("The point on the map is outside the city's areas. Choose an area instead.")
                )
            elif chosen is not None and chosen.pk != found.pk:
                self.add_error(
                    "area",
                    _(
                        "The point on the map lies in %(point)s, but the area chosen is %(area)s. Choose one of them."
                    )
                    % {"point": found.name, "area": chosen.name},
                )
            else:
                data["area"] = found
        return data

    @property
    def photos_were_chosen(self) -> bool:
        return bool(self.files.getlist("photos")) if self.is_bound else False


class ReceiptForm(Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_("The 16 digits you were given when you sent the signal. Spaces do not matter."),
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "receipt-input"}
        ),
        error_messages={"required": _("Type your receipt code.")},
    )

    def clean_code(self):
        code = re.sub(r"[\s\-–]", "", self.cleaned_data["code"])
        if len(code) != 16 or not code.isdigit():
            raise ValidationError(_("A receipt code has 16 digits."))
        return code


class MessageForm(GuardedForm):
    guarded_fields = ("body",)

    body = forms.CharField(
        label=_("Message"),
        help_text=_("Do not write names, personal identity numbers, phone numbers or e-mail addresses."),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message first.")},
    )


class NoteForm(GuardedForm):
    guarded_fields = ("body",)

    body = forms.CharField(
        label=_("Internal note"),
        help_text=_("Seen only by coordinators. No personal data."),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note first.")},
    )


class StatusForm(Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)

    def __init__(self, *args, signal: Signal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in signal.next_statuses()]


class AssignForm(Form):
    person = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class LabelsForm(GuardedForm):
    guarded_fields = ("new_label",)

    labels = forms.ModelMultipleChoiceField(
        label=_("Labels"), queryset=Label.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_label = forms.CharField(
        label=_("New label"), max_length=40, required=False, help_text=_("A word, never a name.")
    )


class MergeForm(Form):
    into = forms.CharField(
        label=_("Duplicate of signal"),
        help_text=_("The reference of the signal this one repeats, for example S-12."),
        max_length=20,
        error_messages={"required": _("Give the reference of the other signal.")},
    )

    def clean_into(self):
        match = re.fullmatch(r"\s*(?:S-?)?(\d{1,12})\s*", self.cleaned_data["into"], flags=re.IGNORECASE)
        if not match:
            raise ValidationError(_("Give a reference like S-12."))
        return int(match.group(1))


class ForwardForm(GuardedForm):
    guarded_fields = ("reason",)

    unit = forms.ModelChoiceField(label=_("Forward to"), queryset=None, empty_label=_("Choose a unit"))
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why the other unit should handle it. Saved in the history."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the signal goes to another unit.")},
    )

    def __init__(self, *args, signal: Signal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.valid_on().exclude(pk=signal.unit_id).order_by("kind", "name")
        )
        self.fields["unit"].label_from_instance = lambda u: u.display_name


class QueueFilterForm(Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    milieu = forms.ChoiceField(label=_("Milieu"), required=False)
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    label = forms.ModelChoiceField(
        label=_("Label"), queryset=Label.objects.all(), required=False, empty_label=_("All")
    )
    assigned = forms.ChoiceField(label=_("Assigned"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args, units=None, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["status"].choices = [*every, ("open", _("all open")), *Status.choices]
        self.fields["kind"].choices = every + list(Kind.choices)
        self.fields["milieu"].choices = every + list(Milieu.choices)
        self.fields["assigned"].choices = [
            *every,
            ("me", _("me")),
            ("nobody", _("nobody")),
            *[(str(p.pk), p.get_full_name() or p.get_username()) for p in people],
        ]
        if units is not None:
            self.fields["unit"].queryset = units
            self.fields["unit"].label_from_instance = lambda u: u.display_name
        else:
            del self.fields["unit"]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date is after the end date."))
        return data

    def apply(self, signals, user):
        data = self.cleaned_data
        status = data.get("status")
        if status == "open":
            signals = signals.exclude(status=Status.CLOSED)
        elif status:
            signals = signals.filter(status=status)
        if data.get("kind"):
            signals = signals.filter(kind=data["kind"])
        if data.get("milieu"):
            signals = signals.filter(milieu=data["milieu"])
        if data.get("area"):
            signals = signals.filter(area=data["area"])
        if data.get("date_from"):
            signals = signals.filter(occurred_on__gte=data["date_from"])
        if data.get("date_to"):
            signals = signals.filter(occurred_on__lte=data["date_to"])
        if data.get("label"):
            signals = signals.filter(labels=data["label"])
        assigned = data.get("assigned")
        if assigned == "me":
            signals = signals.filter(assigned_to=user)
        elif assigned == "nobody":
            signals = signals.filter(assigned_to__isnull=True)
        elif assigned:
            signals = signals.filter(assigned_to_id=int(assigned))
        if data.get("unit"):
            signals = signals.filter(Q(unit=data["unit"]))
        return signals

    def describe(self) -> str:
        data = getattr(self, "cleaned_data", {}) or {}
        return "; ".join(f"{k}={v}" for k, v in data.items() if v not in (None, ""))[:300]
