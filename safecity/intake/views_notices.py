"""Concern notices for social services intake; counts of them for coordinators; legal holds."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecity.organisation.models import Unit

from . import access, actions_notices, retention, stats
from .forms_notices import HoldForm, NoticeCountsForm, NoticeFilterForm, NoticeForm
from .models import AgeBand, ConcernNotice, Decision, Milieu, Sector
from .views import _add_errors, _no_store

PER_PAGE = 50


def _intake_units(user):
    ids = {g.unit_id for g in access.intake_grants(user)}
    return Unit.objects.filter(pk__in=ids).order_by("name")


def _data(form) -> actions_notices.NoticeData:
    data = form.cleaned_data
    return actions_notices.NoticeData(
        received_on=data["received_on"],
        unit=data["unit"],
        sector=data["sector"],
        age_band=data["age_band"],
        milieu=data["milieu"],
        decision=data["decision"],
        decided_on=data.get("decided_on"),
        note=data.get("note") or "",
    )


@login_required
def notices(request):
    """The unit's notices, newest first; a notice opens for correction or its decision."""
    form = NoticeFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    found = access.get_notices_for_user(request.user, filters=form.describe() if valid else "")
    pending = found.filter(decision=Decision.PENDING).count()
    if request.GET:
        found = form.apply(found) if valid else found.none()
    page = Paginator(found.order_by("-received_on", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "pending": pending, "query": query.urlencode()}
    return _no_store(render(request, "intake/notices.html", context))


@login_required
def notice_new(request):
    access.require_notice_recording(request.user)
    units = _intake_units(request.user)
    status = 200
    if request.method == "POST":
        form = NoticeForm(request.POST, units=units)
        if form.is_valid():
            try:
                notice = actions_notices.do_record_notice(request.user, _data(form))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("Concern notice %(ref)s has been saved.") % {"ref": notice.reference}
                )
                return redirect("intake:notices")
        status = 400
    else:
        form = NoticeForm(units=units, initial={"received_on": timezone.localdate()})
    return _no_store(
        render(request, "intake/notice_form.html", {"form": form, "notice": None}, status=status)
    )


@login_required
def notice_edit(request, pk: int):
    purpose = "edit" if request.method == "POST" else "view"
    notice = access.get_notice_for_user(request.user, pk, purpose=purpose)
    units = _intake_units(request.user)
    status = 200
    if request.method == "POST":
        form = NoticeForm(request.POST, units=units)
        if form.is_valid():
            try:
                actions_notices.do_update_notice(request.user, notice, _data(form))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("Concern notice %(ref)s has been saved.") % {"ref": notice.reference}
                )
                return redirect("intake:notices")
        status = 400
    else:
        initial = {name: getattr(notice, name) for name in actions_notices.FIELDS}
        initial["unit"] = notice.unit_id
        form = NoticeForm(units=units, initial=initial)
    return _no_store(render(request, "intake/notice_form.html", _edit_context(notice, form), status=status))


def _edit_context(notice: ConcernNotice, form, hold_form=None) -> dict:
    return {
        "form": form,
        "notice": notice,
        "hold": retention.active_hold(notice),
        "hold_form": hold_form or HoldForm(),
        "note_due_on": retention.note_due_on(notice),
    }


# --- counts for coordinators ------------------------------------------------------------------------


def _years() -> list[int]:
    this_year = timezone.localdate().year
    first = ConcernNotice.objects.order_by("received_on").values_list("received_on__year", flat=True).first()
    return list(range(this_year, min(first or this_year, this_year) - 1, -1))


@login_required
def notice_counts(request):
    """Counts by month, age band, sector, milieu and decision; small numbers suppressed; no single notice."""
    user = request.user
    if not access.can_see_notice_counts(user):
        access.check_notice_counts_for_user(user)  # logs the refusal and raises
    unit_ids = access.notice_count_unit_ids(user)
    all_units = unit_ids is None
    units = Unit.objects.valid_on() if all_units else Unit.objects.filter(pk__in=unit_ids)
    units = units.exclude(kind=Unit.Kind.CENTRAL).order_by("kind", "name")
    asked = Unit.objects.filter(code=request.GET.get("unit") or "").first()
    if asked is not None and not all_units and asked.pk not in unit_ids:
        access.check_notice_counts_for_user(user, asked)  # logs the refusal and raises
    years = _years()
    params = request.GET.copy()
    params.setdefault("year", str(years[0]))
    if not all_units and not params.get("unit"):
        params["unit"] = units.first().code if units.exists() else ""
    form = NoticeCountsForm(params, units=units, all_units=all_units, years=years)
    if not form.is_valid():
        unit = None if all_units else units.first()
        year = years[0]
    else:
        unit, year = form.cleaned_data.get("unit"), form.cleaned_data["year"]
    if unit is None and not all_units:
        raise PermissionDenied
    access.check_notice_counts_for_user(user, unit, detail=f"{unit.code if unit else 'city'} {year}")
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), timezone.localdate())
    result = stats.notice_tables(unit, start, end)
    labels = {
        "age_band": dict(AgeBand.choices),
        "sector": dict(Sector.choices),
        "milieu": dict(Milieu.choices),
        "decision": dict(Decision.choices),
    }
    tables = []
    titles = {
        "month": _("By month received"),
        "age_band": _("By age"),
        "sector": _("By where the report came from"),
        "milieu": _("By milieu"),
        "decision": _("By decision"),
    }
    for name, rows in result["tables"].items():
        shown = [
            {"key": row[name], "label": labels.get(name, {}).get(row[name]), "count": row["count"]}
            for row in rows
        ]
        tables.append({"name": name, "title": titles[name], "rows": shown, "is_month": name == "month"})
    context = {
        "form": form,
        "tables": tables,
        "total": result["total"],
        "unit": unit,
        "year": year,
        "all_units": all_units,
        "threshold": settings.SUPPRESSION_THRESHOLD,
    }
    return render(request, "intake/notice_counts.html", context)


# --- legal holds ------------------------------------------------------------------------------------------


def _hold(request, record, set_hold: bool):
    form = HoldForm(request.POST) if set_hold else None
    try:
        if set_hold:
            if not form.is_valid():
                raise ValidationError(form.errors.get("reason") or _("Say why the record must be kept."))
            retention.do_set_legal_hold(request.user, record, form.cleaned_data["reason"])
            messages.success(request, _("The legal hold is set: nothing of this record will be deleted."))
        else:
            retention.do_release_legal_hold(request.user, record)
            messages.success(
                request, _("The legal hold is released. Retention applies again, after a new warning.")
            )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)


@login_required
@require_POST
def signal_hold(request, pk: int):
    seen = access.get_signal_for_user(request.user, pk, purpose="triage")
    _hold(request, seen.signal, set_hold=request.POST.get("action") != "release")
    return redirect("intake:signal", pk)


@login_required
@require_POST
def notice_hold(request, pk: int):
    notice = access.get_notice_for_user(request.user, pk, purpose="edit")
    _hold(request, notice, set_hold=request.POST.get("action") != "release")
    return redirect("intake:notice_edit", pk)
