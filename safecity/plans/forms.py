"""Forms of the plan pages: sections, measures with milestones and indicators, the board, the review,
follow-ups and corrections. They read and check input; the writes are in actions.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from safecity.organisation.models import Area, Function, RoleAssignment, Unit

from .actions import PartChange
from .models import (
    FocusArea,
    Indicator,
    Measure,
    MeasureStatus,
    Milestone,
    Plan,
    TargetGroup,
    TemplateSection,
    YouthParticipation,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Form(forms.Form):
    """Labels without a trailing colon, as Swedish forms write them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def plain_number(value: Decimal) -> Decimal:
    """10.00 → 10 and 12.50 → 12.5, so a form shows the figure as it was typed."""
    return Decimal(format(Decimal(value).normalize(), "f"))


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put an action's ValidationError on the form: on its field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_summary(*groups) -> list[dict]:
    """The lines of the error summary at the top of a page: each names its field and links to it.

    `groups` are forms, or (form, context) pairs where context names a row ("Indicator 2").
    """
    lines = []
    for group in groups:
        form, context = group if isinstance(group, tuple) else (group, "")
        if not form.is_bound:
            continue
        for name, errors in form.errors.items():
            if name == "__all__":
                label, anchor = "", ""
            else:
                field = form[name]
                label = capfirst(field.label or name)
                widget_id = field.id_for_label or field.auto_id
                anchor = widget_id if not field.field.widget.use_fieldset else f"{field.auto_id}_0"
            for message in errors:
                lines.append({"context": context, "label": label, "message": message, "anchor": anchor})
    return lines


def formset_error_summary(form, *formsets) -> list[dict]:
    """The error summary of a form and its formsets, each row named ("Indicator 2")."""
    groups = [form]
    for formset in formsets:
        noun = formset.model._meta.verbose_name
        for number, row in enumerate(formset.forms, start=1):
            groups.append((row, f"{capfirst(noun)} {number}"))
    lines = error_summary(*groups)
    for formset in formsets:
        for message in formset.non_form_errors():
            lines.append({"context": "", "label": "", "message": message, "anchor": ""})
    return lines


def part_changes(formset) -> list[PartChange]:
    """The rows of a valid milestone or indicator formset as changes for the action: new, changed, deleted."""
    changes = []
    deleted = formset.deleted_forms
    for row in formset.forms:
        existing = row.instance if row.instance.pk else None
        if row in deleted:
            if existing is not None:
                changes.append(PartChange(existing, None))
            continue
        if not row.has_changed():
            continue
        fields = [name for name in row._meta.fields if name != formset.fk.name]
        changes.append(PartChange(existing, {name: row.cleaned_data[name] for name in fields}))
    return changes


def statuses_for(plan: Plan):
    return MeasureStatus.objects.filter(city_id=plan.unit.city_id)


class SectionForm(Form):
    body = forms.CharField(
        label=_("Text of the section"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "markdown"}),
        help_text=_("Markdown: ## heading, - list item, [link](https://…). Never write about individuals."),
    )


class MeasureForm(ModelForm):
    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "prevention_level",
            "themes",
            "focus_areas",
            "target_groups",
            "areas",
            "responsible_function",
            "responsible_person",
            "partners_text",
            "start",
            "end",
            "status",
            "manual_progress",
            "parent",
            "weight",
            "shared_with_partners",
        ]
        localized_fields = ["weight"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "prevention_level": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "areas": forms.SelectMultiple(attrs={"size": 8}),
            "start": DATE,
            "end": DATE,
        }
        help_texts = {
            "description": _("What is done, for whom and why. Markdown: ## heading, - list item."),
            "areas": _(
                "Leave empty when the measure concerns the whole unit. Hold Ctrl (⌘) to choose several."
            ),
            "partners_text": _("Police, associations, other administrations …"),
            "manual_progress": _("Leave empty to use the progress that goes with the status."),
            "parent": _("Choose a measure to make this one a sub-measure of it."),
            "weight": _("How much this sub-measure counts in the parent's progress."),
            "shared_with_partners": _(
                "Partners of the unit see the title, description, status and progress once the plan is approved."
            ),
        }
        error_messages = {
            "title": {"required": _("Give the measure a title.")},
            "status": {"required": _("Choose the measure's status.")},
            "prevention_level": {"required": _("Choose the prevention level.")},
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        city = plan.unit.city_id
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(city_id=city)
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(city_id=city)
        self.fields["status"].queryset = MeasureStatus.objects.filter(city_id=city)
        self.fields["status"].empty_label = None
        self.fields["responsible_function"].queryset = Function.objects.filter(city_id=city)
        self.fields["areas"].queryset = self._areas()
        self.fields["responsible_person"].queryset = self._people()
        self.fields["responsible_person"].label_from_instance = lambda u: u.get_full_name() or u.username
        parents = Measure.objects.filter(plan=plan, parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("— none (a measure of its own) —")
        if not self.instance.pk:
            self.fields["status"].initial = self.fields["status"].queryset.first()
        self.fields["weight"].widget.attrs.update({"inputmode": "decimal", "class": "short"})
        if self.initial.get("weight") is not None:
            self.initial["weight"] = plain_number(self.initial["weight"])

    def _areas(self):
        unit = self.plan.unit
        chosen = self.instance.areas.all() if self.instance.pk else Area.objects.none()
        if unit.kind != Unit.Kind.DISTRICT:
            return Area.objects.filter(city_id=unit.city_id)
        own = unit.areas_on(dt.date(self.plan.year.year, 1, 1))
        return Area.objects.filter(pk__in=own.values("pk")) | Area.objects.filter(pk__in=chosen.values("pk"))

    def _people(self):
        assignments = RoleAssignment.objects.active().filter(unit=self.plan.unit)
        people = get_user_model().objects.filter(role_assignments__in=assignments)
        current = get_user_model().objects.filter(pk=self.instance.responsible_person_id)
        return (people | current).distinct().order_by("first_name", "last_name")

    def clean(self):
        data = super().clean()
        parent = data.get("parent")
        if parent is not None and self.instance.pk and self.instance.children.exists():
            self.add_error("parent", _("This measure has sub-measures of its own, so it cannot be one."))
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


class MilestoneForm(ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due", "done_on"]
        widgets = {"due": DATE, "done_on": DATE}
        error_messages = {
            "title": {"required": _("Give the milestone a title.")},
            "due": {"required": _("Give the date the milestone is due.")},
        }


class IndicatorForm(ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "direction"]
        localized_fields = ["baseline", "target"]
        error_messages = {"name": {"required": _("Give the indicator a name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("baseline", "target"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "class": "short"})
            if self.initial.get(name) is not None:
                self.initial[name] = plain_number(self.initial[name])
        self.fields["unit"].widget.attrs["class"] = "short"


MilestoneFormSet = inlineformset_factory(
    Measure, Milestone, form=MilestoneForm, extra=1, can_delete=True, max_num=50, validate_max=True
)
IndicatorFormSet = inlineformset_factory(
    Measure, Indicator, form=IndicatorForm, extra=1, can_delete=True, max_num=50, validate_max=True
)


class BoardDecisionForm(Form):
    date = forms.DateField(
        label=_("Date of the board decision"),
        widget=DATE,
        error_messages={
            "required": _("Give the date the board decided."),
            "invalid": _("Write the date as YYYY-MM-DD."),
        },
    )
    reference = forms.CharField(
        label=_("Reference number (diarienummer)"),
        max_length=100,
        help_text=_("As in the board's minutes, e.g. SDN 2026/123."),
        error_messages={"required": _("Give the reference number of the decision.")},
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("The board decision cannot be in the future."))
        return date


class CommentForm(Form):
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=TemplateSection.objects.none(),
        required=False,
        empty_label=_("The whole plan"),
    )
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The unit's coordinator sees the comment when the plan is sent back."),
        error_messages={"required": _("Write the comment.")},
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = TemplateSection.objects.filter(template_id=plan.year.template_id)
        self.fields["section"].label_from_instance = str


class ReturnForm(Form):
    note = forms.CharField(
        label=_("Note to the unit (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(Form):
    reply = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say what you changed in the plan, or why you did not."),
        error_messages={"required": _("Write the answer.")},
    )


# --- follow-ups ------------------------------------------------------------------------------------------


class StatusChoiceField(forms.ChoiceField):
    """A status select built from a list evaluated once, so a sheet of 60 lines costs one query."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.statuses = {}

    def set_statuses(self, statuses):
        self.statuses = {str(s.pk): s for s in statuses}
        blank = [] if self.required else [("", "—")]
        self.choices = blank + [(key, s.display_name) for key, s in self.statuses.items()]

    def clean(self, value):
        value = super().clean(value)
        return self.statuses.get(value) if value else None

    def prepare_value(self, value):
        return getattr(value, "pk", value)

    def has_changed(self, initial, data):
        return str(self.prepare_value(initial) or "") != str(data or "")


class ReportForm(Form):
    """One measure's line in a follow-up."""

    status = StatusChoiceField(label=_("Status"), error_messages={"required": _("Choose the status.")})
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Changes with the status unless you change the figure."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    changes = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, statuses, has_children: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].set_statuses(statuses)
        if has_children:
            del self.fields["progress"]
        else:
            self.fields["progress"].widget.attrs["class"] = "short"

    def manual_progress(self) -> int | None:
        """The progress to save: None (the status's default) unless the person changed the figure."""
        if "progress" not in self.fields:
            return None
        if "progress" in self.changed_data:
            return self.cleaned_data["progress"]
        if "status" in self.changed_data:
            return None
        return self.cleaned_data["progress"]


class IndicatorValueForm(Form):
    value = forms.DecimalField(
        label=_("Value"), max_digits=12, decimal_places=2, required=False, localize=True
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs.update({"inputmode": "decimal", "class": "short"})


class ParticipationForm(Form):
    """Participants in a youth measure by age band and gender: counts only, never names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for age, age_label in YouthParticipation.AgeBand.choices:
            for gender, gender_label in YouthParticipation.Gender.choices:
                self.fields[self.key(age, gender)] = forms.IntegerField(
                    label=f"{capfirst(gender_label)}, {age_label}",
                    min_value=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "short", "min": 0}),
                )

    @staticmethod
    def key(age: str, gender: str) -> str:
        return f"{age}_{gender}".replace("-", "_")

    def rows(self):
        """[(age label, [bound field per gender])] for the table."""
        return [
            (label, [self[self.key(age, gender)] for gender in YouthParticipation.Gender.values])
            for age, label in YouthParticipation.AgeBand.choices
        ]

    def counts(self) -> dict[tuple[str, str], int | None]:
        return {
            (age, gender): self.cleaned_data.get(self.key(age, gender))
            for age in YouthParticipation.AgeBand.values
            for gender in YouthParticipation.Gender.values
        }


class MilestoneDoneForm(Form):
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on and done_on > timezone.localdate():
            raise ValidationError(_("A milestone cannot be done in the future."))
        return done_on


class SummaryForm(Form):
    summary = forms.CharField(
        label=_("Summary of the period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown. What went well, what was hard, what you will change."),
    )


REPORT_FIELDS = {
    "status": _("Status"),
    "progress": _("Progress (%)"),
    "comment": _("Comment"),
    "changes": _("What changed"),
}


class CorrectionForm(Form):
    """A change to a submitted follow-up line: which field, the new value and why."""

    field = forms.ChoiceField(label=_("What to correct"))
    status = StatusChoiceField(label=_("New status"), required=False)
    value = forms.CharField(
        label=_("New value"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a status choose it above; for anything else write the new value here."),
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        error_messages={"required": _("Say why the submitted follow-up is corrected.")},
    )

    def __init__(self, *args, statuses, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {f"indicator:{i.pk}": i for i in indicators}
        self.fields["field"].choices = list(REPORT_FIELDS.items()) + [
            (key, _("Indicator: %(name)s") % {"name": i.name}) for key, i in self.indicators.items()
        ]
        self.fields["status"].set_statuses(statuses)

    def clean(self):
        data = super().clean()
        field = data.get("field")
        if field == "status":
            if not data.get("status"):
                self.add_error("status", _("Choose the new status."))
            data["new_value"] = data.get("status")
            return data
        text = (data.get("value") or "").strip()
        if field == "progress" or field in self.indicators:
            number_field = (
                forms.IntegerField(min_value=0, max_value=100)
                if field == "progress"
                else forms.DecimalField(max_digits=12, decimal_places=2, localize=True)
            )
            try:
                data["new_value"] = number_field.clean(text)
            except ValidationError as error:
                self.add_error("value", error)
            return data
        data["new_value"] = text
        return data
