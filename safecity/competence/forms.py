from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import Function

from . import imports
from .models import Programme, Session


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["date", "programme", "unit", "function", "format", "participants", "attendees"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["programme"].queryset = Programme.objects.all()
        self.fields["function"].queryset = Function.objects.all()
        self.fields["attendees"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, role_assignments__unit__in=units)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["attendees"].required = False
        self.fields["attendees"].help_text = _("Optional: staff with an account who took part.")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(imports.HEADCOUNTS, _("headcounts")), (imports.SESSIONS, _("sessions held"))],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("File (XLSX or CSV)"))


class QuizForm(forms.Form):
    """One radio group per question; the answer is the choice's number (1 = first)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for index, question in enumerate(self.questions):
            self.fields[f"q{index}"] = forms.TypedChoiceField(
                label=question.display_text,
                choices=[(str(n), text) for n, text in enumerate(question.display_choices(), start=1)],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{index}"] for index in range(len(self.questions))]
