"""Forms of the set-up pages: guidelines, the plan template, opening a planning year."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Guideline, TemplateSection

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GuidelineForm(forms.ModelForm):
    class Meta:
        model = Guideline
        fields = ["title", "title_en", "body", "body_en", "effective_from", "adopted_by"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "body_en": forms.Textarea(attrs={"rows": 18}),
            "effective_from": DATE,
        }
        help_texts = {
            "body": _("Markdown: headings with ##, lists with - or 1., links as [text](https://…)."),
            "effective_from": _("Needed to publish. The version in force until then ends the day before."),
            "adopted_by": _("For example the City Council and the date of the decision."),
        }


class TemplateSectionForm(forms.ModelForm):
    class Meta:
        model = TemplateSection
        fields = ["title", "title_en", "guidance", "guidance_en"]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 6}),
            "guidance_en": forms.Textarea(attrs={"rows": 6}),
        }


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, publish this version"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


DEADLINES = ["board_due", "review_due", "approval_due", "t1_due", "t2_due", "annual_due"]


class PlanningYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    board_due = forms.DateField(label=_("Board decision due"), widget=DATE)
    review_due = forms.DateField(label=_("Central review due"), widget=DATE)
    approval_due = forms.DateField(label=_("Approval due"), widget=DATE)
    t1_due = forms.DateField(label=_("T1 follow-up due"), widget=DATE)
    t2_due = forms.DateField(label=_("T2 follow-up due"), widget=DATE)
    annual_due = forms.DateField(label=_("Annual follow-up due"), widget=DATE)

    @staticmethod
    def suggested(year: int) -> dict:
        """Stockholm's usual rhythm: the boards decide in February, T1 and T2 follow the tertials."""
        return {
            "year": year,
            "board_due": dt.date(year, 2, 28),
            "review_due": dt.date(year, 3, 31),
            "approval_due": dt.date(year, 4, 30),
            "t1_due": dt.date(year, 5, 31),
            "t2_due": dt.date(year, 9, 30),
            "annual_due": dt.date(year + 1, 2, 15),
        }

    def clean(self):
        data = super().clean()
        order = [
            ("review_due", "board_due", _("The central review cannot be due before the board decision.")),
            ("approval_due", "review_due", _("Approval cannot be due before the central review.")),
            ("t2_due", "t1_due", _("T2 cannot be due before T1.")),
            ("annual_due", "t2_due", _("The annual follow-up cannot be due before T2.")),
        ]
        for later, earlier, message in order:
            if data.get(later) and data.get(earlier) and data[later] < data[earlier]:
                self.add_error(later, message)
        return data

    def deadlines(self) -> dict:
        return {name: self.cleaned_data[name] for name in DEADLINES}
