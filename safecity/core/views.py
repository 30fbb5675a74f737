import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from safecity.organisation import access as org_access
from safecity.organisation import directory
from safecity.organisation.models import City, Unit

from .access import get_access_log_for_user, get_job_for_user
from .context_processors import navigation
from .forms import AccessLogFilterForm


def public_home(request):
    districts = Unit.objects.valid_on().filter(kind=Unit.Kind.DISTRICT).order_by("name")
    areas = directory.areas_for_picker()
    return render(request, "core/public_home.html", {"districts": districts, "areas": areas})


def about(request):
    return render(request, "core/about.html", {"city": City.objects.order_by("pk").first()})


@login_required
def home(request):
    user = request.user
    context = {
        "grants": [(org_access.role_label(g), g) for g in org_access.grants(user)],
        "can_internal_directory": org_access.can_view_internal_directory(user),
        "people_units": org_access.units_with_people_access(user),
        "can_access_log": org_access.can_view_access_log(user),
        "can_administer": org_access.can_administer(user),
        "can_api": org_access.can_use_api(user),
        "roles": org_access.roles(user),
        "home_unit": org_access.home_unit(user),
    }
    if context["home_unit"]:
        public_only = not context["can_internal_directory"]
        context["home_contacts"] = directory.contacts_for(context["home_unit"], public_only=public_only)
    texts = module_descriptions()
    context["modules"] = [
        {"label": item["label"], "url": item["url"], "description": texts[item["url"]]}
        for item in navigation(request).get("nav_items", [])
        if item["url"] in texts
    ]
    return render(request, "core/home.html", context)


def module_descriptions() -> dict[str, str]:
    """What each module in the menu is for, shown as a card on the start page (menu URL → text)."""
    return {
        reverse("intake:queue"): _(
            "Signals routed to your unit: triage, messages with the reporter, forwarding."
        ),
        reverse("intake:mine"): _("Report a signal and follow the ones you have reported."),
        reverse("intake:notices"): _(
            "Record de-identified concern notices: no names; coordinators see counts only."
        ),
        reverse("plans:index"): _(
            "Action plans through their year: writing, the board, review and follow-ups."
        ),
        reverse("plans:shared"): _("Measures the city's units share with partners."),
        reverse("plans:guidelines"): _("The city-wide guidelines, the plan template and the planning years."),
        reverse("plans:overview"): _(
            "Every unit's measures by theme, focus area and prevention level, with the gaps."
        ),
        reverse("plans:status_board"): _(
            "Where every unit's plan stands, with its deadlines and who is late."
        ),
        reverse("situation:index"): _(
            "Statistics, police events, the unit dashboard and the situational picture."
        ),
        reverse("alliances:directory"): _("Partners, agreements, meetings and the network of cooperation."),
        reverse("alliances:shared"): _("What the city shares with your organisation."),
        reverse("competence:coverage"): _("Training coverage per unit and function, and the gaps."),
        reverse("competence:quizzes"): _("A short e-learning on how to act."),
        reverse("online:index"): _(
            "Posts and comments classified for hate and threats, the review queue, trends and narratives."
        ),
        reverse("online:summary"): _("Online hate month by month, with small numbers hidden."),
        reverse("network:compose"): _(
            "The city's public Safe City Action profile: compose, preview, publish."
        ),
        reverse("network:library"): _("Good practice from the city's units: propose, approve and search."),
        reverse("network:hub"): _("Other Nordic cities' profiles side by side, and their good practice."),
    }


@login_required
def access_log(request):
    form = AccessLogFilterForm(request.GET or None)
    filtered = form.is_valid() if request.GET else True
    entries = get_access_log_for_user(request.user, filters=form.describe() if filtered else "")
    if request.GET and filtered:
        entries = form.apply(entries)
    elif request.GET:
        entries = entries.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/access_log.html", {"form": form, "page": page, "query": query.urlencode()})


def _cell(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


class _Echo:
    def write(self, value):
        return value


@login_required
def access_log_csv(request):
    form = AccessLogFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    entries = get_access_log_for_user(request.user, export=True, filters=form.describe() if valid else "")
    if request.GET:
        entries = form.apply(entries) if valid else entries.none()
    writer = csv.writer(_Echo())
    header = [
        _("time"),
        _("user name"),
        _("role"),
        _("unit"),
        _("action"),
        _("object type"),
        _("object id"),
        _("object"),
        _("detail"),
    ]

    def rows():
        yield "\ufeff"  # BOM so Excel opens UTF-8 correctly
        yield writer.writerow(header)
        for e in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    _cell(value)
                    for value in (
                        timezone.localtime(e.at).isoformat(timespec="seconds"),
                        e.username,
                        e.role,
                        e.unit.name if e.unit else "",
                        e.action,
                        e.object_type,
                        e.object_id,
                        e.object_label,
                        e.detail,
                    )
                ]
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    return response


def csrf_failure(request, reason=""):
    org_access.log_access(
        getattr(request, "user", None),
        "refused",
        object_type="csrf",
        label=request.path[:200],
        detail="CSRF check failed",
    )
    return render(request, "403_csrf.html", status=403)


# An open job page polls once a second; it stops after half an hour so that a forgotten tab does
# not keep the session alive for ever (sessions end after SESSION_IDLE_MINUTES without a request).
JOB_PAGE_MAX_POLLS = 1800


@login_required
def job_page(request, job_id):
    """A background job's progress page; htmx polls the same URL for the "status" fragment."""
    polling = request.headers.get("HX-Request") == "true"
    job = get_job_for_user(request.user, job_id, poll=polling)
    poll = request.GET.get("poll", "")
    poll = min(int(poll), JOB_PAGE_MAX_POLLS) if poll.isdigit() and polling else 0
    context = {
        "job": job,
        "polling": polling,
        "keep_polling": not job.is_finished and poll < JOB_PAGE_MAX_POLLS,
        "next_poll": poll + 1,
    }
    response = render(request, "core/job.html#status" if polling else "core/job.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def job_file(request, job_id):
    job = get_job_for_user(request.user, job_id, download=True)
    if not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
