from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from safecity.plans.models import FocusArea, PreventionLevel, TargetGroup, Theme

from .models import GoodPractice, HighlightedInitiative, Profile
from .photos import clean_profile_photo


class ProfileTextsForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["portrait", "portrait_en", "challenges", "challenges_en", "strategy", "strategy_en"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}


class InitiativeForm(forms.ModelForm):
    photo_file = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Location and camera data are removed."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = HighlightedInitiative
        fields = [
            "title",
            "title_en",
            "summary",
            "summary_en",
            "theme",
            "focus_area",
            "photo_alt",
            "photo_alt_en",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, city=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(city=city).order_by("position")
        self.fields["theme"].queryset = Theme.objects.order_by("number")
        self.photo_bytes: bytes | None = None

    def clean_photo_file(self):
        upload = self.cleaned_data.get("photo_file")
        if upload:
            self.photo_bytes = clean_profile_photo(upload)
        return upload

    def clean(self):
        data = super().clean()
        has_photo = bool(self.photo_bytes) or (
            bool(self.instance.pk and self.instance.photo) and not data.get("remove_photo")
        )
        if has_photo:
            if not (data.get("photo_alt") or "").strip():
                self.add_error("photo_alt", _("Describe the photo in Swedish for those who cannot see it."))
            if not (data.get("photo_alt_en") or "").strip():
                self.add_error(
                    "photo_alt_en", _("Describe the photo in English for those who cannot see it.")
                )
        return data

    def action_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class MeasureSearchForm(forms.Form):
    q = forms.CharField(label=_("Title or unit"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Capital Code theme"), queryset=Theme.objects.order_by("number"), required=False
    )


class GoodPracticeForm(forms.ModelForm):
    class Meta:
        model = GoodPractice
        fields = [
            "title", "title_en", "what", "what_en", "for_whom", "for_whom_en", "cost_time", "cost_money",
            "evaluation", "evaluation_en", "result", "result_en", "advice", "advice_en",
            "themes", "focus_areas", "prevention_level", "target_groups",
        ]  # fmt: skip
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in [
                    "what", "what_en", "for_whom", "for_whom_en", "evaluation", "evaluation_en",
                    "result", "result_en", "advice", "advice_en",
                ]
            },
        }  # fmt: skip

    def __init__(self, *args, city=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("number")
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(city=city).order_by("position")
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(city=city).order_by("position")

    def action_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    @classmethod
    def initial_from_measure(cls, measure) -> dict:
        return {
            "title": measure.title,
            "what": measure.description,
            "themes": list(measure.themes.all()),
            "focus_areas": list(measure.focus_areas.all()),
            "target_groups": list(measure.target_groups.all()),
            "prevention_level": measure.prevention_level,
        }


class PracticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search text"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Capital Code theme"), queryset=Theme.objects.order_by("number"), required=False
    )
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"), queryset=FocusArea.objects.none(), required=False
    )
    prevention_level = forms.ChoiceField(
        label=_("Prevention level"), choices=[("", "—"), *PreventionLevel.choices], required=False
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.none(), required=False
    )

    def __init__(self, *args, city=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(city=city).order_by("position")
        self.fields["target_group"].queryset = TargetGroup.objects.filter(city=city).order_by("position")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("theme"):
            queryset = queryset.filter(themes=data["theme"])
        if data.get("focus_area"):
            queryset = queryset.filter(focus_areas=data["focus_area"])
        if data.get("prevention_level"):
            queryset = queryset.filter(prevention_level=data["prevention_level"])
        if data.get("target_group"):
            queryset = queryset.filter(target_groups=data["target_group"])
        if data.get("q"):
            from django.db.models import Q

            words = data["q"].split()
            for word in words[:8]:
                condition = Q()
                for field in ("title", "title_en", "what", "what_en", "for_whom", "result", "advice"):
                    condition |= Q(**{f"{field}__icontains": word})
                queryset = queryset.filter(condition)
        return queryset.distinct()


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the proposer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the proposal."),
    )

    def clean(self):
        data = super().clean()
        if self.data.get("decision") == "return" and not (data.get("comment") or "").strip():
            raise ValidationError({"comment": _("Write what the proposer should change.")})
        return data
