"""Guide pages for citizens and staff, the printable sheet, and the central coordinator's editor.

Public guides need no login; staff read the staff version of a guide (falling back to the public
one) with their own unit's contacts; drafts and older versions are the central coordinator's alone
(access.py). Every write goes through actions.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecity.organisation import access as org_access
from safecity.organisation.forms import AreaPickForm
from safecity.organisation.models import City

from . import access, actions, contacts
from .forms import ConfirmForm, GuideForm
from .models import Audience, Guide, GuideState, Situation


def _city() -> City | None:
    return City.objects.order_by("pk").first()


def _area(request):
    """The area picker, bound only when the address names an area (?area=rinkeby)."""
    form = AreaPickForm(request.GET if request.GET.get("area") else None)
    area = form.cleaned_data["area"] if form.is_bound and form.is_valid() else None
    return form, area


def _posted(request):
    return request.POST if request.method == "POST" else None


def _add_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _reader_contacts(user, area) -> contacts.ReaderContacts:
    """Staff: their home unit's contacts (or the picked area's); others: the picked area's public ones."""
    public_only = not org_access.can_view_internal_directory(user)
    if area is not None or not getattr(user, "is_authenticated", False):
        return contacts.contacts_for(area=area, public_only=public_only)
    return contacts.contacts_for(unit=org_access.home_unit(user), public_only=public_only)


def guide_context(guide: Guide, reader: contacts.ReaderContacts, *, hours: bool = True) -> dict:
    """The guide's text with the reader's contacts filled in, and its endings."""
    return {
        "guide": guide,
        "situation": guide.situation,
        "intro": contacts.render(guide.display_intro, reader, hours=hours),
        "steps": contacts.render(guide.display_steps, reader, hours=hours),
        "dont": contacts.render(guide.display_dont, reader, hours=hours),
        "reader": reader,
        "signal_url": contacts.signal_report_url() if guide.ends_with_signal else "",
        "is_staff_version": guide.audience == Audience.STAFF,
    }


# --- reading --------------------------------------------------------------------------------------


def public_index(request):
    form, area = _area(request)
    context = {
        "situations": access.situations_with_guides(_city(), Audience.PUBLIC),
        "form": form,
        "area": area,
    }
    return render(request, "guidance/public_index.html", context)


def public_guide(request, code):
    situation = get_object_or_404(Situation, city=_city(), code=code)
    guide = access.current_guide(situation, Audience.PUBLIC)
    if guide is None:
        raise Http404
    form, area = _area(request)
    context = guide_context(guide, contacts.contacts_for(area=area, public_only=True))
    context.update({"form": form, "area": area, "public": True})
    return render(request, "guidance/guide.html", context)


@login_required
def index(request):
    user = request.user
    city = _city()
    form, area = _area(request)
    can_edit = access.can_edit_guidance(user)
    context = {
        "situations": access.situations_with_guides(city, access.audience_for(user)),
        "form": form,
        "area": area,
        "can_edit": can_edit,
        "overdue": access.overdue_guides(city) if can_edit else [],
    }
    return render(request, "guidance/index.html", context)


@login_required
def guide(request, code):
    found = access.get_reader_guide(request.user, _city(), code)
    form, area = _area(request)
    context = guide_context(found, _reader_contacts(request.user, area))
    context.update({"form": form, "area": area, "public": False})
    return render(request, "guidance/guide.html", context)


@login_required
def print_sheet(request, code):
    """The guide as one A4 sheet for the staff room, with the contacts filled in."""
    found = access.get_reader_guide(request.user, _city(), code)
    _form, area = _area(request)
    context = guide_context(found, _reader_contacts(request.user, area), hours=False)
    context["area"] = area
    return render(request, "guidance/print.html", context)


# --- the central coordinator's editor ------------------------------------------------------------


@login_required
def manage(request):
    access.require_editor(request.user, "guide editor")
    city = _city()
    situations = Situation.objects.filter(city=city).prefetch_related("guides")
    current = access.current_guides(city)
    rows = []
    for situation in situations:
        for audience in Audience:
            versions = sorted(
                (g for g in situation.guides.all() if g.audience == audience), key=lambda g: -g.version
            )
            rows.append(
                {
                    "situation": situation,
                    "audience": audience,
                    "versions": versions,
                    "current": current.get((situation.pk, audience.value)),
                    "draft": next((g for g in versions if g.state == GuideState.DRAFT), None),
                }
            )
    context = {"rows": rows, "overdue": [g for g in current.values() if g.review_overdue]}
    return render(request, "guidance/manage.html", context)


@login_required
@require_POST
def new_draft(request, code, audience):
    access.require_editor(request.user, "new guide draft")
    situation = get_object_or_404(Situation, city=_city(), code=code)
    if audience not in Audience.values:
        raise Http404
    existing = Guide.objects.filter(situation=situation, audience=audience, state=GuideState.DRAFT).first()
    if existing:
        messages.info(request, _("There is a draft already; go on with it."))
        return redirect("guidance:edit", existing.pk)
    draft = actions.do_create_guide_draft(request.user, situation, audience)
    messages.success(request, _("A new draft version is made from the current one. Nobody but you sees it."))
    return redirect("guidance:edit", draft.pk)


@login_required
def version(request, guide_id):
    shown = access.get_guide_version_for_user(request.user, guide_id)
    form, area = _area(request)
    context = guide_context(shown, _reader_contacts(request.user, area))
    context.update(
        {
            "form": form,
            "area": area,
            "current": access.current_guide(shown.situation, shown.audience),
            "versions": Guide.objects.filter(situation=shown.situation, audience=shown.audience),
        }
    )
    return render(request, "guidance/version.html", context)


@login_required
def edit(request, guide_id):
    draft = access.get_guide_version_for_user(request.user, guide_id, purpose="edit")
    if not draft.is_draft:
        messages.error(request, _("A published guide cannot be changed; make a new version."))
        return redirect("guidance:version", draft.pk)
    form = GuideForm(_posted(request), instance=draft)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            # form.instance carries the unsaved text; nothing is written.
            preview = guide_context(form.instance, _reader_contacts(request.user, None))
        else:
            try:
                actions.do_save_guide_draft(request.user, draft, **form.cleaned_data)
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(
                    request, _("The draft is saved. Nobody but you sees it until it is published.")
                )
                return redirect("guidance:version", draft.pk)
    return render(request, "guidance/edit.html", {"form": form, "draft": draft, "preview": preview})


@login_required
def publish(request, guide_id):
    draft = access.get_guide_version_for_user(request.user, guide_id, purpose="publish")
    if not draft.is_draft:
        messages.info(request, _("This version is published already."))
        return redirect("guidance:version", draft.pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_publish_guide(request.user, draft)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The guide is published. It is now the current version."))
            return redirect("guidance:manage")
    context = {"form": form, "draft": draft, "current": access.current_guide(draft.situation, draft.audience)}
    return render(request, "guidance/publish.html", context)
