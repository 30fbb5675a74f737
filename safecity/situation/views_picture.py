"""Pages of the lägesbild builder: list and start, a picture with its sections, exports."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecity.core import charts
from safecity.core.access_log import Action
from safecity.organisation.access import log_access
from safecity.organisation.models import Unit

from . import access_picture, builder
from .models_picture import FILLED_SECTIONS, PictureSection

CITY = "city"


class NewPictureForm(forms.Form):
    place = forms.ChoiceField(label=gettext_lazy("For"))
    period_start = forms.DateField(
        label=gettext_lazy("Period from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=gettext_lazy("Period to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = places

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class SectionForm(forms.ModelForm):
    class Meta:
        model = PictureSection
        fields = ["text", "sources", "sources_as_of"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "sources": forms.Textarea(attrs={"rows": 3}),
            "sources_as_of": forms.DateInput(attrs={"type": "date"}),
        }


def _places(user) -> list[tuple[str, str]]:
    places = []
    if access_picture.is_central(user):
        places.append((CITY, _("the whole city (from the units' final pictures)")))
    units = Unit.objects.filter(pk__in=access_picture.coordinated_unit_ids(user)).order_by("name")
    places += [(str(u.pk), u.display_name) for u in units]
    return places


@login_required
def picture_list(request):
    access_picture.require_pictures(request.user)
    form = NewPictureForm(request.POST or None, places=_places(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = None if data["place"] == CITY else Unit.objects.get(pk=int(data["place"]))
        access_picture.require_write(request.user, unit)
        try:
            picture = builder.do_create_picture(request.user, unit, data["period_start"], data["period_end"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("situation:picture", picture.pk)
    pictures = access_picture.pictures_for_user(request.user).order_by(
        "-period_end", "unit__name", "-version"
    )
    return render(request, "situation/picture/list.html", {"form": form, "pictures": pictures[:200]})


def _statistics_chart(section: PictureSection):
    rows = [
        {"category": row["category"], "count": row["count"], "source": source["source"]}
        for source in (section.figures or {}).get("sources", [])
        for row in source["categories"]
    ]
    if not rows:
        return None
    return charts.bar_chart(
        rows,
        charts.Field("category", _("Category")),
        charts.Field("count", _("Count")),
        charts.Field("source", _("Source")),
        title=_("Count per category in the period"),
    )


@login_required
def picture_detail(request, picture_id):
    picture = access_picture.get_picture_for_user(request.user, picture_id)
    can_write = access_picture.can_write(request.user, picture.unit) and not picture.is_final
    sections = []
    for section in sorted(picture.sections.all(), key=lambda s: s.position):
        sections.append(
            {
                "section": section,
                "form": SectionForm(instance=section, prefix=section.kind) if can_write else None,
                "tables": builder.section_tables(section, exact_statistics=True),
                "chart": _statistics_chart(section) if section.kind == "statistics" else None,
                "filled": section.kind in FILLED_SECTIONS,
            }
        )
    context = {
        "picture": picture,
        "sections": sections,
        "can_write": can_write,
        "can_new_version": access_picture.can_write(request.user, picture.unit) and picture.is_final,
        "title": builder.picture_title(picture),
        "subtitle": builder.picture_subtitle(picture),
    }
    return render(request, "situation/picture/detail.html", context)


@login_required
@require_POST
def section_save(request, picture_id, kind):
    section = access_picture.get_section_for_user(request.user, picture_id, kind)
    form = SectionForm(request.POST, instance=section, prefix=kind)
    if form.is_valid():
        try:
            builder.do_save_section(request.user, section, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The section is saved."))
    else:
        messages.error(request, _("The section was not saved: check the date."))
    return redirect(reverse("situation:picture", args=[picture_id]) + f"#section-{kind}")


@login_required
@require_POST
def picture_refresh(request, picture_id):
    picture = access_picture.get_picture_for_user(request.user, picture_id, write=True)
    try:
        builder.do_refresh_picture(request.user, picture)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The figures are taken again from today's data."))
    return redirect("situation:picture", picture.pk)


@login_required
@require_POST
def picture_finalise(request, picture_id):
    picture = access_picture.get_picture_for_user(request.user, picture_id, write=True)
    try:
        builder.do_finalise_picture(request.user, picture)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The picture is final."))
    return redirect("situation:picture", picture.pk)


@login_required
@require_POST
def picture_new_version(request, picture_id):
    picture = access_picture.get_picture_for_user(request.user, picture_id, write=True)
    try:
        new = builder.do_create_picture(request.user, picture.unit, picture.period_start, picture.period_end)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("situation:picture", picture.pk)
    return redirect("situation:picture", new.pk)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(picture, extension: str) -> str:
    place = picture.unit.code if picture.unit_id else "stad"
    return f"lagesbild-{place}-{picture.period_start}-{picture.period_end}-v{picture.version}.{extension}"


@login_required
def picture_pdf(request, picture_id):
    picture = access_picture.get_picture_for_user(request.user, picture_id)
    lang = "en" if (get_language() or "sv").startswith("en") else "sv"
    content = builder.export_pdf(picture, lang=lang)
    log_access(request.user, Action.EXPORT, obj=picture, label=str(picture), detail="pdf")
    return _download(content, "application/pdf", _file_name(picture, "pdf"))


@login_required
def picture_xlsx(request, picture_id):
    picture = access_picture.get_picture_for_user(request.user, picture_id)
    content = builder.export_xlsx(picture)
    log_access(request.user, Action.EXPORT, obj=picture, label=str(picture), detail="xlsx")
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _file_name(picture, "xlsx"),
    )


urlpatterns = [
    path("lagesbilder/", picture_list, name="pictures"),
    path("lagesbilder/<int:picture_id>/", picture_detail, name="picture"),
    path("lagesbilder/<int:picture_id>/avsnitt/<slug:kind>/", section_save, name="picture_section"),
    path("lagesbilder/<int:picture_id>/uppdatera/", picture_refresh, name="picture_refresh"),
    path("lagesbilder/<int:picture_id>/slutlig/", picture_finalise, name="picture_finalise"),
    path("lagesbilder/<int:picture_id>/ny-version/", picture_new_version, name="picture_new_version"),
    path("lagesbilder/<int:picture_id>/lagesbild.pdf", picture_pdf, name="picture_pdf"),
    path("lagesbilder/<int:picture_id>/lagesbild.xlsx", picture_xlsx, name="picture_xlsx"),
]
