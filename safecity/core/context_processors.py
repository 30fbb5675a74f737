from django.urls import reverse
from django.utils.translation import gettext as _

from safecity.alliances import access as alliances_access
from safecity.competence import access as competence_access
from safecity.guidance import access as guidance_access
from safecity.intake import access as intake_access
from safecity.network import access as network_access
from safecity.network import hub_access
from safecity.online import access as online_access
from safecity.online import access_insight as online_insight_access
from safecity.organisation import access
from safecity.organisation.models import City
from safecity.plans import access as plans_access
from safecity.situation import access as situation_access


def navigation(request):
    """The navigation for the current person: only modules that exist and that they may use."""
    user = getattr(request, "user", None)
    city = City.objects.order_by("pk").first()
    context = {"site_city_name": city.display_name if city else ""}
    if user is None or not user.is_authenticated:
        return context
    if access.needs_second_factor(user) and not user.is_verified():
        return context
    items = [(_("Start"), reverse("core:home"))]
    if access.can_view_internal_directory(user):
        items.append((_("Directory"), reverse("organisation:internal_directory")))
    else:
        items.append((_("Who do I contact?"), reverse("organisation:directory")))
    if guidance_access.can_read_staff_guides(user):
        items.append((_("Guidance"), reverse("guidance:index")))
    if intake_access.can_use_queue(user):
        items.append((_("Signals"), reverse("intake:queue")))
    elif intake_access.can_report_as_staff(user):
        items.append((_("Signals"), reverse("intake:mine")))
    if intake_access.can_record_notices(user):
        items.append((_("Concern notices"), reverse("intake:notices")))
    for unit in access.units_with_people_access(user)[:1]:
        items.append((_("My unit"), reverse("organisation:unit_people", args=[unit.code])))
    if plans_access.can_list_plans(user):
        items.append((_("Action plans"), reverse("plans:index")))
    if plans_access.can_see_shared_measures(user):
        items.append((_("Shared measures"), reverse("plans:shared")))
    if plans_access.can_read_setup(user):
        items.append((_("Guidelines"), reverse("plans:guidelines")))
    if plans_access.can_see_overview(user):
        items.append((_("Overview"), reverse("plans:overview")))
    if plans_access.can_run_planning(user):
        items.append((_("Plan status"), reverse("plans:status_board")))
    if situation_access.can_use_situation(user):
        items.append((_("Situational picture"), reverse("situation:index")))
    if alliances_access.can_use_registry(user):
        items.append((_("Alliances"), reverse("alliances:directory")))
    elif alliances_access.is_partner_account(user):
        items.append((_("Alliances"), reverse("alliances:shared")))
    if online_access.can_use_online(user):
        items.append((_("Online hate"), reverse("online:index")))
    elif online_insight_access.can_see_summary(user):
        items.append((_("Online hate"), reverse("online:summary")))
    if competence_access.can_use_competence(user):
        items.append((_("Competence"), reverse("competence:coverage")))
    elif competence_access.can_take_quiz(user):
        items.append((_("E-learning"), reverse("competence:quizzes")))
    if network_access.can_compose_profile(user):
        items.append((_("Safe City profile"), reverse("network:compose")))
    if network_access.can_search_good_practice(user):
        items.append((_("Good practice"), reverse("network:library")))
    if hub_access.can_browse_hub(user):
        items.append((_("Network hub"), reverse("network:hub")))
    if access.can_view_access_log(user):
        items.append((_("Access log"), reverse("core:access_log")))
    if access.can_administer(user):
        items.append((_("Administration"), reverse("admin:index")))
    if access.can_use_api(user):
        items.append((_("API"), reverse("accounts:api_tokens")))
    path = request.path
    home = reverse("core:home")
    # The longest matching link is the current one (/planer/riktlinjer/ is not also /planer/).
    matching = [
        url for _label, url in items if path == url or (url not in {"/", home} and path.startswith(url))
    ]
    current = max(matching, key=len, default=None)
    nav = [{"label": label, "url": url, "active": url == current} for label, url in items]
    grant = access.primary_grant(user)
    context.update({"nav_items": nav, "nav_role": access.role_label(grant) if grant else ""})
    return context
