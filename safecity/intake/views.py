"""Reporting, following up with a receipt code, the coordinators' queue and triage."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from safecity.organisation.models import City, Unit

from . import access, actions, geo, receipts
from .forms import (
    AssignForm,
    ForwardForm,
    LabelsForm,
    MergeForm,
    MessageForm,
    NoteForm,
    QueueFilterForm,
    ReceiptForm,
    ReportForm,
    StatusForm,
)
from .models import Signal, Status
from .ratelimits import limited
from .uploads import PhotoUploadHandler

MAP_WIDTH = 600.0


def _no_store(response):
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response


def _map_context(form) -> dict:
    from safecity.organisation import directory

    city = City.objects.order_by("pk").first()
    if city is None:
        return {}
    shapes, width, height = directory.map_areas(city, width=MAP_WIDTH)
    key = f"intake-projection:{city.pk}:{len(shapes)}:{MAP_WIDTH}"
    projection = cache.get(key)
    if projection is None:
        projection = geo.map_projection(city, MAP_WIDTH)
        cache.set(key, projection, 3600)
    marker = None
    if form.is_bound and projection is not None:
        lat, lon = form.data.get("latitude"), form.data.get("longitude")
        try:
            marker = projection.to_map(float(lat), float(lon)) if lat and lon else None
        except ValueError:
            marker = None
    selected = form.data.get("area") if form.is_bound else form.initial.get("area")
    return {
        "map_areas": shapes,
        "map_width": width,
        "map_height": height,
        "projection": projection,
        "marker": marker,
        "selected_area": selected or "",
    }


# --- reporting ---------------------------------------------------------------------------------------


@csrf_exempt
def report(request):
    """One form for staff (logged in) and the public. Photos stay in memory (uploads.py)."""
    if request.method == "POST":
        request.upload_handlers = [PhotoUploadHandler(request)]
    return _report(request)


def _nonce_key(nonce: str) -> str:
    return "intake-sent:" + hashlib.sha256(nonce.encode()).hexdigest()


@csrf_protect
def _report(request):
    user = request.user
    as_staff = access.can_report_as_staff(user)
    status = 200
    if request.method == "POST":
        form = ReportForm(
            request.POST, request.FILES, skipped_uploads=getattr(request, "skipped_uploads", None)
        )
        if limited(request, "report", settings.INTAKE_REPORT_RATE):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Many signals have been sent from here in a short time. Wait an hour and try again, or call the police on 114 14."
                ),
            )
            status = 429
        elif form.is_valid():
            nonce = form.cleaned_data.get("nonce") or ""
            if nonce and cache.get(_nonce_key(nonce)):
                return _no_store(render(request, "intake/already_sent.html", {"as_staff": as_staff}))
            data = form.cleaned_data
            report_data = actions.Report(
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                occurred_time=data.get("occurred_time"),
                area=data.get("area"),
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                milieu=data["milieu"],
                description=data["description"],
                photos=data.get("photos") or [],
            )
            try:
                submitted = actions.do_submit_signal(user if as_staff else None, report_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if nonce:
                    cache.set(_nonce_key(nonce), 1, 24 * 3600)
                if as_staff:
                    messages.success(
                        request,
                        _("Thank you. Your signal %(ref)s has been sent to the coordinator.")
                        % {"ref": submitted.signal.reference},
                    )
                    return redirect("intake:signal", submitted.signal.pk)
                context = {"code": receipts.grouped(submitted.receipt_code), "signal": submitted.signal}
                return _no_store(render(request, "intake/receipt.html", context))
        if status == 200 and form.errors:
            status = 400
    else:
        initial = {"nonce": secrets.token_urlsafe(16), "occurred_on": None, "milieu": "unknown"}
        if request.GET.get("area"):
            initial["area"] = request.GET["area"]
        if request.GET.get("kind"):
            initial["kind"] = request.GET["kind"]
        form = ReportForm(initial=initial)
    context = {"form": form, "as_staff": as_staff, **_map_context(form)}
    return _no_store(render(request, "intake/report.html", context, status=status))


# --- following up with a receipt code -----------------------------------------------------------------


def follow(request):
    """The public follow-up: enter the code, then see the status and the messages, and write."""
    signal = access.get_signal_for_receipt(request)
    status = 200
    code_form = ReceiptForm()
    message_form = MessageForm()
    if request.method == "POST" and signal is None:
        code_form = ReceiptForm(request.POST)
        if limited(request, "follow", settings.INTAKE_FOLLOW_RATE):
            code_form.is_valid()
            code_form.add_error(None, _("Too many tries from here. Wait an hour and try again."))
            status = 429
        elif code_form.is_valid():
            receipt = receipts.find(code_form.cleaned_data["code"])
            if receipt is None:
                code_form.add_error(
                    "code", _("No signal has this receipt code. Check the 16 digits and try again.")
                )
                status = 400
            else:
                request.session.cycle_key()
                request.session[access.RECEIPT_SESSION_KEY] = receipt.pk
                receipt.last_used_at = timezone.now()
                receipt.save(update_fields=["last_used_at"])
                return redirect("intake:follow")
        else:
            status = 400
    elif request.method == "POST":
        message_form = MessageForm(request.POST)
        if limited(request, "message", settings.INTAKE_MESSAGE_RATE):
            message_form.is_valid()
            message_form.add_error(
                None, _("Many messages have been sent from here in a short time. Wait an hour and try again.")
            )
            status = 429
        elif message_form.is_valid():
            try:
                actions.do_citizen_message(signal, message_form.cleaned_data["body"])
            except ValidationError as error:
                message_form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("Your message has been sent."))
                return redirect("intake:follow")
        else:
            status = 400
    context = {"signal": signal, "code_form": code_form, "message_form": message_form}
    if signal is not None:
        context["thread"] = list(signal.messages.all())
    return _no_store(render(request, "intake/follow.html", context, status=status))


@require_POST
def follow_leave(request):
    request.session.pop(access.RECEIPT_SESSION_KEY, None)
    messages.info(
        request, _("This browser no longer shows the signal. Use your receipt code to open it again.")
    )
    return redirect("intake:follow")


# --- staff: own reports ------------------------------------------------------------------------------


@login_required
def mine(request):
    signals = (
        access.get_own_signals_for_user(request.user)
        .annotate(message_count=Count("messages"))
        .order_by("-created_at", "-id")
    )
    page = Paginator(signals, 50).get_page(request.GET.get("page"))
    return render(request, "intake/mine.html", {"page": page})


# --- coordinators: queue and triage -------------------------------------------------------------------


@login_required
def queue(request):
    user = request.user
    if not access.can_use_queue(user):
        access.get_queue_for_user(user)  # logs the refusal and raises
    unit_ids = access.queue_unit_ids(user)
    units = Unit.objects.valid_on().order_by("kind", "name") if unit_ids is None else None
    people = actions.assignable_people_for_units(unit_ids)
    form = QueueFilterForm(request.GET or None, units=units, people=people)
    valid = form.is_valid() if request.GET else True
    signals = access.get_queue_for_user(user, filters=form.describe() if valid and request.GET else "")
    counts = dict(signals.order_by().values_list("status").annotate(n=Count("id")))
    if request.GET:
        signals = form.apply(signals, user) if valid else signals.none()
    signals = signals.prefetch_related("labels").select_related("district")
    page = Paginator(signals, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status_counts = [(s, counts.get(s.value, 0)) for s in Status]
    return render(
        request,
        "intake/queue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "status_counts": status_counts,
            "all_units": unit_ids is None,
        },
    )


def _detail(request, seen: access.SignalAccess, status: int = 200, **bound):
    signal = seen.signal
    context = {
        "signal": signal,
        "as_coordinator": seen.as_coordinator,
        "viewer_is_reporter": not seen.as_coordinator,
        "photos": list(signal.photos.defer("data")),
    }
    context["thread"] = list(signal.messages.select_related("author"))
    if seen.as_coordinator:
        people = actions.assignable_people(signal)
        context.update(
            {
                "status_form": bound.get("status_form") or StatusForm(signal=signal),
                "assign_form": bound.get("assign_form")
                or AssignForm(people=people, initial={"person": signal.assigned_to_id}),
                "labels_form": bound.get("labels_form")
                or LabelsForm(initial={"labels": list(signal.labels.all())}),
                "forward_form": bound.get("forward_form") or ForwardForm(signal=signal),
                "merge_form": bound.get("merge_form") or MergeForm(),
                "note_form": bound.get("note_form") or NoteForm(),
                "reply_form": bound.get("reply_form") or MessageForm(),
                "notes": list(signal.notes.select_related("author")),
                "events": list(signal.events.select_related("by", "from_unit", "to_unit", "other")),
                "duplicates": list(signal.duplicates.all()),
                "labels": list(signal.labels.all()),
                "has_receipt": hasattr(signal, "receipt"),
            }
        )
    else:
        context["message_form"] = bound.get("message_form") or MessageForm()
    return _no_store(render(request, "intake/signal.html", context, status=status))


@login_required
def signal_detail(request, pk: int):
    seen = access.get_signal_for_user(request.user, pk, purpose="view")
    return _detail(request, seen)


@login_required
def signal_photo(request, pk: int, photo_id: int):
    photo = access.get_photo_for_user(request.user, pk, photo_id)
    response = HttpResponse(photo.data, content_type=photo.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{photo.signal.reference}-{photo.position + 1}.{photo.extension}"'
    )
    return _no_store(response)


def _triage(request, pk: int, form_name: str, make_form, run):
    """Shared shape of the triage posts: fetch (checked, logged), validate, act, redirect or show errors."""
    seen = access.get_signal_for_user(request.user, pk, purpose="triage")
    form = make_form(seen.signal)
    if form.is_valid():
        try:
            result = run(seen.signal, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return result or redirect("intake:signal", pk)
    return _detail(request, seen, status=400, **{form_name: form})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_POST
def set_status(request, pk: int):
    def run(signal, data):
        actions.do_set_status(request.user, signal, data["status"])
        messages.success(
            request, _("The status is now “%(status)s”.") % {"status": signal.get_status_display()}
        )

    return _triage(request, pk, "status_form", lambda s: StatusForm(request.POST, signal=s), run)


@login_required
@require_POST
def assign(request, pk: int):
    def run(signal, data):
        actions.do_assign(request.user, signal, data["person"])
        messages.success(request, _("The assignment has been saved."))

    return _triage(
        request,
        pk,
        "assign_form",
        lambda s: AssignForm(request.POST, people=actions.assignable_people(s)),
        run,
    )


@login_required
@require_POST
def set_labels(request, pk: int):
    def run(signal, data):
        actions.do_set_labels(request.user, signal, data["labels"], data.get("new_label", ""))
        messages.success(request, _("The labels have been saved."))

    return _triage(request, pk, "labels_form", lambda s: LabelsForm(request.POST), run)


@login_required
@require_POST
def add_note(request, pk: int):
    def run(signal, data):
        actions.do_add_note(request.user, signal, data["body"])
        messages.success(request, _("The note has been saved."))

    return _triage(request, pk, "note_form", lambda s: NoteForm(request.POST), run)


@login_required
@require_POST
def merge(request, pk: int):
    def run(signal, data):
        into = Signal.objects.filter(pk=data["into"]).first()
        if into is None or not access.can_triage(request.user, into):
            raise ValidationError(
                {"into": _("You have no signal %(ref)s in your queue.") % {"ref": f"S-{data['into']}"}}
            )
        actions.do_merge(request.user, signal, into)
        messages.success(
            request,
            _("%(ref)s is now marked as a duplicate of %(into)s and closed.")
            % {"ref": signal.reference, "into": signal.duplicate_of.reference},
        )

    return _triage(request, pk, "merge_form", lambda s: MergeForm(request.POST), run)


@login_required
@require_POST
def forward(request, pk: int):
    def run(signal, data):
        actions.do_forward(request.user, signal, data["unit"], data["reason"])
        messages.success(
            request,
            _("%(ref)s has been forwarded to %(unit)s.")
            % {"ref": signal.reference, "unit": data["unit"].display_name},
        )
        if not access.can_triage(request.user, signal):
            return redirect("intake:queue")
        return None

    return _triage(request, pk, "forward_form", lambda s: ForwardForm(request.POST, signal=s), run)


@login_required
@require_POST
def reply(request, pk: int):
    def run(signal, data):
        actions.do_reply(request.user, signal, data["body"])
        messages.success(request, _("Your answer has been sent to the person who reported."))

    return _triage(request, pk, "reply_form", lambda s: MessageForm(request.POST), run)


@login_required
@require_POST
def reporter_message(request, pk: int):
    """A member of staff writes about their own signal."""
    seen = access.get_signal_for_user(request.user, pk, purpose="message")
    if seen.as_coordinator and not access.is_reporter(request.user, seen.signal):
        raise Http404
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            actions.do_reporter_message(request.user, seen.signal, form.cleaned_data["body"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect("intake:signal", pk)
    return _detail(request, access.SignalAccess(seen.signal, None, False), status=400, message_form=form)
