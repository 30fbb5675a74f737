"""Pages of the partner registry: directory, partner, create/edit, meetings, network, indicators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from safecity.core.charts import Field, heatmap
from safecity.organisation.models import City, Unit

from . import access, actions
from . import indicators as computing
from .forms import DirectoryFilter, MeetingForm, PartnerForm
from .models import MeasurePartner, Partner


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
    context = {
        "partner": obj,
        "units": obj.units.all(),
        "areas": obj.areas.all(),
        "agreements": obj.agreements.select_related("unit"),
        "meetings": obj.meetings.prefetch_related("units")[:20],
        "links": MeasurePartner.objects.filter(partner=obj).select_related(
            "measure", "measure__plan", "measure__plan__unit", "measure__plan__year"
        ),
        "can_edit": access.can_edit_partner(request.user, obj),
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
