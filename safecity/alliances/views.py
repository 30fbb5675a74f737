"""Pages of the partner registry: directory, partner, create/edit, meetings, network, indicators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from safecity.core.charts import Field, heatmap
from safecity.organisation.models import City, Unit

from . import access, actions
from . import indicators as computing
from .forms import (
    AgreementFilter,
    AgreementForm,
    DirectoryFilter,
    EndAgreementForm,
    MeasurePartnerForm,
    MeetingForm,
    PartnerForm,
    SharedMeasuresFilter,
)
from .models import Agreement, MeasurePartner, Partner

LINK_RELATED = ("partner", "measure", "measure__plan", "measure__plan__unit", "measure__plan__year")


@login_required
def directory(request):
    access.require_registry(request.user, "partner directory")
    form = DirectoryFilter(request.GET or None)
    partners = form.apply(Partner.objects.all()).prefetch_related("units")
    return render(
        request,
        "alliances/directory.html",
        {"form": form, "partners": partners, "can_create": access.can_create_partner(request.user)},
    )


@login_required
def partner(request, partner_id: int):
    obj = access.get_partner_for_user(request.user, partner_id)
    meetings = list(obj.meetings.prefetch_related("units")[:20])
    agreements = list(obj.agreements.select_related("unit"))
    _mark_editable(request.user, meetings, agreements)
    context = {
        "partner": obj,
        "units": obj.units.all(),
        "areas": obj.areas.all(),
        "agreements": agreements,
        "meetings": meetings,
        "links": access.visible_measure_links(request.user).filter(partner=obj).select_related(*LINK_RELATED),
        "can_edit": access.can_edit_partner(request.user, obj),
        "can_add_agreement": access.can_create_partner(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "alliances/partner.html", context)


@login_required
def create(request):
    access.require_create(request.user)
    city = City.objects.order_by("pk").first()
    form = PartnerForm(request.POST or None, instance=Partner(city=city))
    if request.method == "POST" and form.is_valid():
        obj = actions.do_save_partner(request.user, form)
        messages.success(request, _("The partner is saved."))
        return redirect("alliances:partner", obj.pk)
    return render(request, "alliances/form.html", {"form": form, "title": _("New partner")})


@login_required
def edit(request, partner_id: int):
    obj = access.get_partner_for_user(request.user, partner_id, purpose="edit")
    form = PartnerForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        actions.do_save_partner(request.user, form)
        messages.success(request, _("The partner is saved."))
        return redirect("alliances:partner", obj.pk)
    return render(request, "alliances/form.html", {"form": form, "title": obj.name, "partner": obj})


@login_required
def record_meeting(request):
    access.require_create(request.user)
    units = Unit.objects.valid_on()
    if not access.is_central(request.user):
        units = units.filter(pk__in=access.editable_unit_ids(request.user))
    form = MeetingForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        meeting = actions.do_record_meeting(request.user, form)
        messages.success(request, _("The meeting is recorded."))
        return redirect("alliances:partner", meeting.partners.first().pk)
    return render(
        request, "alliances/form.html", {"form": form, "title": _("Record a meeting or joint activity")}
    )


def _mark_editable(user, meetings=(), agreements=()) -> None:
    for meeting in meetings:
        meeting.editable = access.can_edit_meeting(user, meeting)
    for agreement in agreements:
        agreement.editable = access.can_edit_agreement(user, agreement)
        agreement.left = agreement.days_left()


def _own_units(user):
    units = Unit.objects.valid_on()
    if not access.is_central(user):
        units = units.filter(pk__in=access.editable_unit_ids(user))
    return units


@login_required
def edit_meeting(request, meeting_id: int):
    meeting = access.get_meeting_for_user(request.user, meeting_id)
    form = MeetingForm(request.POST or None, instance=meeting, units=_own_units(request.user))
    if request.method == "POST" and form.is_valid():
        actions.do_edit_meeting(request.user, form)
        messages.success(request, _("The meeting is saved."))
        return redirect("alliances:partner", meeting.partners.first().pk)
    return render(
        request,
        "alliances/form.html",
        {"form": form, "title": _("Edit a meeting or joint activity"), "meeting": meeting},
    )


@login_required
def delete_meeting(request, meeting_id: int):
    meeting = access.get_meeting_for_user(request.user, meeting_id, purpose="delete")
    first_partner = meeting.partners.order_by("name").first()
    if request.method == "POST":
        actions.do_delete_meeting(request.user, meeting)
        messages.success(request, _("The meeting is deleted."))
        if first_partner:
            return redirect("alliances:partner", first_partner.pk)
        return redirect("alliances:directory")
    return render(
        request,
        "alliances/confirm_delete_meeting.html",
        {
            "meeting": meeting,
            "partners": meeting.partners.all(),
            "units": meeting.units.all(),
            "back": first_partner,
        },
    )


# --- agreements -------------------------------------------------------------------------------------------


@login_required
def agreements(request):
    access.require_registry(request.user, "agreements")
    today = timezone.localdate()
    form = AgreementFilter(request.GET or None)
    rows = list(form.apply(Agreement.objects.select_related("partner", "unit"), today))
    _mark_editable(request.user, agreements=rows)
    return render(request, "alliances/agreements.html", {"form": form, "agreements": rows, "today": today})


@login_required
def create_agreement(request, partner_id: int):
    obj = access.get_partner_for_user(request.user, partner_id)
    access.require_create(request.user)
    form = AgreementForm(
        request.POST or None, instance=Agreement(partner=obj), units=_own_units(request.user)
    )
    if request.method == "POST" and form.is_valid():
        actions.do_save_agreement(request.user, form)
        messages.success(request, _("The agreement is saved."))
        return redirect("alliances:partner", obj.pk)
    title = _("New agreement with %(partner)s") % {"partner": obj.name}
    return render(request, "alliances/form.html", {"form": form, "title": title, "partner": obj})


@login_required
def edit_agreement(request, agreement_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    form = AgreementForm(request.POST or None, instance=agreement, units=_own_units(request.user))
    if request.method == "POST" and form.is_valid():
        actions.do_save_agreement(request.user, form)
        messages.success(request, _("The agreement is saved."))
        return redirect("alliances:partner", agreement.partner_id)
    title = _("Agreement with %(partner)s") % {"partner": agreement.partner.name}
    return render(
        request, "alliances/form.html", {"form": form, "title": title, "partner": agreement.partner}
    )


@login_required
def end_agreement(request, agreement_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id, purpose="end")
    today = timezone.localdate()
    initial = {"ended_on": max(today, agreement.valid_from)}
    form = EndAgreementForm(request.POST or None, agreement=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_end_agreement(request.user, agreement, form.cleaned_data["ended_on"])
        messages.success(request, _("The agreement is ended."))
        return redirect("alliances:partner", agreement.partner_id)
    return render(request, "alliances/end_agreement.html", {"form": form, "agreement": agreement})


# --- measures done with partners ----------------------------------------------------------------------


@login_required
def measure_partners(request, measure_id: int):
    measure = access.get_measure_for_linking(request.user, measure_id)
    form = MeasurePartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_link_partner(
            request.user, measure, form.cleaned_data["partner"], form.cleaned_data["role"]
        )
        messages.success(request, _("The partner is linked to the measure."))
        return redirect("alliances:measure_partners", measure.pk)
    links = MeasurePartner.objects.filter(measure=measure).select_related("partner").order_by("partner__name")
    return render(
        request, "alliances/measure_partners.html", {"measure": measure, "links": links, "form": form}
    )


@login_required
@require_POST
def unlink_partner(request, measure_id: int, link_id: int):
    measure = access.get_measure_for_linking(request.user, measure_id)
    link = get_object_or_404(MeasurePartner.objects.select_related("measure"), pk=link_id, measure=measure)
    actions.do_unlink_partner(request.user, link)
    messages.success(request, _("The partner is no longer linked to the measure."))
    return redirect("alliances:measure_partners", measure.pk)


@login_required
def shared_measures(request):
    access.require_registry(request.user, "shared measures")
    form = SharedMeasuresFilter(request.GET or None)
    links = form.apply(access.visible_measure_links(request.user)).select_related(*LINK_RELATED)
    links = list(
        links.order_by(
            "-measure__plan__year__year", "measure__plan__unit__name", "measure__title", "partner__name"
        )
    )
    return render(
        request,
        "alliances/shared_measures.html",
        {"form": form, "links": links, "measure_count": len({link.measure_id for link in links})},
    )


@login_required
def network(request):
    access.require_registry(request.user, "partner network")
    units, kinds, counts = computing.network_matrix()
    cells = [
        {"unit": unit.display_name, "kind": str(label).capitalize(), "n": counts[(unit.pk, code)]}
        for unit in units
        for code, label in kinds
        if counts.get((unit.pk, code))
    ]
    chart = heatmap(
        cells,
        x=Field("kind", _("Kind of partner")),
        y=Field("unit", pgettext("a unit of the city", "Administration")),
        value=Field("n", _("Active partners")),
        description=_("Active partners per administration and kind of partner; blank cells have none."),
    )
    rows = [(unit, [counts.get((unit.pk, code), 0) for code, _label in kinds]) for unit in units]
    return render(request, "alliances/network.html", {"chart": chart, "kinds": kinds, "rows": rows})


@login_required
def indicators(request):
    access.require_registry(request.user, "alliance indicators")
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), this_year + 1)
    return render(
        request,
        "alliances/indicators.html",
        {"rows": computing.unit_indicators(year), "year": year, "years": range(this_year - 4, this_year + 1)},
    )


@login_required
def shared(request):
    organisations, meetings, links = access.shared_with_partner(request.user)
    return render(
        request,
        "alliances/shared.html",
        {"organisations": organisations, "meetings": meetings, "links": links},
    )
