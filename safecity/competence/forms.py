from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import Function

from . import imports
from .models import CoverageTarget, Programme, Question, Session


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
        self.fields["participants"].help_text = _(
            "Everyone who took part, named or not. A named person counts once toward coverage however "
            "many sessions of the programme they attend; the others are counted as this number says."
        )


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


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "text_en", "choices", "choices_en", "correct", "explanation", "explanation_en"]
        widgets = {
            "choices": forms.Textarea(attrs={"rows": 3}),
            "choices_en": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 2}),
            "explanation_en": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        lines = [line for line in (data.get("choices") or "").splitlines() if line.strip()]
        lines_en = [line for line in (data.get("choices_en") or "").splitlines() if line.strip()]
        if len(lines) < 2:
            self.add_error("choices", _("Write at least two choices, one per line."))
        if lines_en and len(lines_en) != len(lines):
            self.add_error("choices_en", _("Write as many English choices as Swedish ones."))
        correct = data.get("correct")
        if correct is not None and not 1 <= correct <= len(lines):
            self.add_error("correct", _("Give the number of one of the choices."))
        return data


QuestionFormSet = forms.formset_factory(QuestionForm, extra=1, can_delete=True, min_num=1, validate_min=True)


class TargetForm(forms.ModelForm):
    """A coverage target: one per function and programme, 0–100 %."""

    class Meta:
        model = CoverageTarget
        fields = ["programme", "function", "share"]
        error_messages = {
            "share": {
                "max_value": _("Write a share from 0 to 100 per cent."),
                "min_value": _("Write a share from 0 to 100 per cent."),
                "invalid": _("Write the share as a whole number between 0 and 100."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.all()
        self.fields["function"].queryset = Function.objects.all()
        self.fields["share"].widget.attrs.update({"min": 0, "max": 100})

    def clean(self):
        data = super().clean()
        programme, function = data.get("programme"), data.get("function")
        if programme and function:
            existing = CoverageTarget.objects.filter(programme=programme, function=function)
            if self.instance.pk:
                existing = existing.exclude(pk=self.instance.pk)
            if existing.exists():
                self.add_error(
                    "function",
                    _("“%(programme)s” already has a target for %(function)s: change that one instead.")
                    % {"programme": programme.display_title, "function": function.display_name.lower()},
                )
        return data

    def validate_unique(self):
        # clean() gives the duplicate its own message; the model's unique check would repeat it.
        pass


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "code",
            "title",
            "title_en",
            "description",
            "description_en",
            "target_functions",
            "position",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "target_functions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "code": _("Short, lower case, no spaces, e.g. vagledningen; used in imports."),
            "target_functions": _("Only these functions are counted in the coverage of the programme."),
            "position": _("Programmes are listed in this order (lowest first)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_functions"].queryset = Function.objects.all()
        self.fields["target_functions"].required = True
        self.fields["target_functions"].error_messages["required"] = _(
            "Choose at least one function the programme is meant for."
        )

    def changed_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "target_functions"}


class MeasureProgrammesForm(forms.Form):
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes this measure trains staff in"),
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to remove the links."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = Programme.objects.all()
