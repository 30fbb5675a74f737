from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safecity.core.tabular import normalise_header
from safecity.organisation.models import Area

from .models import Category, ColumnMapping, Dataset, ImportRun, PoliceEvent

POPULATION = "population"
NEW = "new"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (also Swedish Excel exports with “;” and decimal commas) or Excel workbook (.xlsx)."
        ),
    )
    target = forms.ChoiceField(label=_("What the file holds"))
    provisional = forms.TypedChoiceField(
        label=_("Status of the figures"),
        choices=[("0", _("final")), ("1", _("provisional (preliminary)"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name of the new data source"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", "–")] + [c for c in Dataset.Kind.choices if c[0] != Dataset.Kind.POLICE_EVENTS],
    )
    publisher = forms.CharField(
        label=_("Publisher"), max_length=200, required=False, help_text=_("E.g. Brå, SCB.")
    )
    licence = forms.CharField(label=_("Licence or terms of use"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Web address of the source"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sources = Dataset.objects.exclude(kind=Dataset.Kind.POLICE_EVENTS).order_by("name")
        self.fields["target"].choices = [
            ("", "–"),
            (_("Figures from a data source"), [(f"dataset:{d.pk}", d.name) for d in sources]),
            (NEW, _("Figures from a new data source (fill in below)")),
            (POPULATION, _("Population per unit and year")),
        ]

    def clean(self):
        data = super().clean()
        target = data.get("target") or ""
        data["dataset"] = None
        data["import_kind"] = ImportRun.Kind.STATISTICS
        if target == POPULATION:
            data["import_kind"] = ImportRun.Kind.POPULATION
        elif target == NEW:
            if not data.get("name"):
                self.add_error("name", _("Give the new data source a name."))
            if not data.get("kind"):
                self.add_error("kind", _("Choose the kind of data source."))
        elif target.startswith("dataset:"):
            data["dataset"] = Dataset.objects.filter(pk=target.split(":", 1)[1]).first()
            if data["dataset"] is None:
                self.add_error("target", _("Choose a data source from the list."))
        return data


# Headings that usually mean a role, for a first guess (the person confirms).
GUESSES = {
    "place_column": [
        "område",
        "stadsdel",
        "stadsdelsområde",
        "enhet",
        "kommun",
        "region",
        "plats",
        "area",
        "unit",
    ],
    "category_column": ["brottstyp", "brottskategori", "kategori", "motiv", "indikator", "fråga", "category"],
    "period_column": ["period", "år", "månad", "kvartal", "tid", "year", "month", "quarter"],
    "value_column": ["antal", "värde", "andel", "per 100 000 inv", "value", "count"],
    "n_column": ["n", "antal svarande", "svarande", "respondents"],
}


class ColumnMappingForm(forms.ModelForm):
    """Which column holds what; the choices are the headings of the uploaded file."""

    class Meta:
        model = ColumnMapping
        fields = [
            "place_column",
            "place_level",
            "category_column",
            "category_value",
            "period_column",
            "value_column",
            "value_unit",
            "value_unit_column",
            "n_column",
        ]
        labels = {
            "place_column": _("Place (area, unit or municipality)"),
            "category_column": _("Category (e.g. crime type, motive, question)"),
            "period_column": _("Period (year, month or quarter)"),
            "value_column": _("Value"),
        }
        widgets = {"place_level": forms.RadioSelect, "value_unit": forms.RadioSelect}

    OPTIONAL = {"category_column", "value_unit_column", "n_column"}
    COLUMNS = [
        "place_column",
        "category_column",
        "period_column",
        "value_column",
        "value_unit_column",
        "n_column",
    ]

    def __init__(self, *args, headers: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = [h for h in (headers or []) if h]
        if self.headers:
            for name in self.COLUMNS:
                first = [("", _("– none –") if name in self.OPTIONAL else "–")]
                choices = first + [(h, h) for h in self.headers]
                current = self.initial.get(name)
                if current and current not in self.headers:
                    choices.append((current, _("%(column)s (not in this file)") % {"column": current}))
                self.fields[name] = forms.ChoiceField(
                    label=self.fields[name].label,
                    help_text=self.fields[name].help_text,
                    choices=choices,
                    required=name not in self.OPTIONAL,
                )
            if self.instance.pk is None and not self.is_bound:
                self._guess()

    def _guess(self) -> None:
        normal = {normalise_header(h): h for h in self.headers}
        taken: set[str] = set()
        for name, words in GUESSES.items():
            for word in words:
                header = normal.get(word)
                if header and header not in taken:
                    self.initial[name] = header
                    taken.add(header)
                    break

    def clean(self):
        data = super().clean()
        if not data.get("category_column") and not data.get("category_value"):
            self.add_error(
                "category_value",
                _("Choose the category column, or write the category that holds for every row."),
            )
        used = [data.get(name) for name in self.COLUMNS if data.get(name)]
        if len(used) != len({u.casefold() for u in used}):
            raise forms.ValidationError(_("Each column can be used for one thing only."))
        return data


class EventFilterForm(forms.Form):
    SCOPES = [
        ("city", _("the city")),
        ("county", _("the county")),
        ("all", _("all of Sweden")),
    ]
    scope = forms.ChoiceField(label=_("Where"), choices=SCOPES, required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("all"))] + PoliceEvent.Level.choices, required=False
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("all")
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.order_by("name"), required=False, empty_label=_("all")
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
