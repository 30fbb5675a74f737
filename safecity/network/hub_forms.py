"""Forms of the network hub: importing a profile and searching the good practices of all cities."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .schema import MAX_DOCUMENT_BYTES, DocumentError


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Profile file (JSON)"),
        required=False,
        help_text=_("A file exported by another city's Safe City installation (profil.json)."),
    )
    url = forms.URLField(
        label=_("or the address of the profile"),
        required=False,
        assume_scheme="https",
        max_length=1000,
        # A text input: the site's form styles cover it, and the browser's own URL check would hide our message.
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url", "size": 60}),
        help_text=_("For example https://trygg.example.se/profil/profil.json"),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s kB); a profile may be at most %(max)s kB."),
                params={"size": upload.size // 1024, "max": MAX_DOCUMENT_BYTES // 1024},
            )
        return upload

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Choose a file or give an address (one of them)."))
        return data

    def add_document_error(self, error: DocumentError) -> None:
        self.add_error("file" if self.cleaned_data.get("file") else "url", str(error))


THEME_CHOICES = [("", _("All themes")), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
LEVEL_CHOICES = [
    ("", _("All levels")),
    ("general", _("general prevention")),
    ("specific", _("specific prevention")),
    ("individual", _("individual prevention")),
]


class PracticeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search text"), required=False, max_length=200)
    theme = forms.TypedChoiceField(
        label=_("Capital Code theme"), required=False, coerce=int, empty_value=None, choices=THEME_CHOICES
    )
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    level = forms.ChoiceField(label=_("Prevention level"), required=False, choices=LEVEL_CHOICES)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, *args, themes=(), focus_areas=(), target_groups=(), cities=(), **kwargs):
        super().__init__(*args, **kwargs)
        if themes:
            self.fields["theme"].choices = [("", _("All themes"))] + [
                (str(t["number"]), f"{t['number']}. {t['name']}") for t in themes
            ]
        self.fields["focus_area"].choices = [("", _("All focus areas")), *focus_areas]
        self.fields["target_group"].choices = [("", _("All target groups")), *target_groups]
        self.fields["city"].choices = [("", _("All cities")), *cities]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "theme": data.get("theme"),
            "focus_area": data.get("focus_area") or "",
            "level": data.get("level") or "",
            "target_group": data.get("target_group") or "",
            "city_id": data.get("city") or "",
        }
