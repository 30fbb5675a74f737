"""Every plan page refuses (403, logged) the people who may not use it, and 404s forged ids."""

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.plans.models import Plan
from safecity.plans.tests.plan_pages import measure

pytestmark = pytest.mark.django_db

OUTSIDERS = ["sodermalm_coordinator", "employee", "intake_officer", "partner", "dpo", "administrator"]


def pages(plan, measure_id):
    """(method, url) of every page of one plan; ids of rows inside the plan are checked after the plan."""
    p = plan.pk
    section = plan.sections.first().pk
    return [
        ("get", reverse("plans:detail", args=[p])),
        ("get", reverse("plans:section_edit", args=[p, section])),
        ("post", reverse("plans:section_edit", args=[p, section])),
        ("post", reverse("plans:section_preview", args=[p])),
        ("get", reverse("plans:measure_new", args=[p])),
        ("post", reverse("plans:measure_new", args=[p])),
        ("get", reverse("plans:measure_edit", args=[measure_id])),
        ("post", reverse("plans:measure_edit", args=[measure_id])),
        ("get", reverse("plans:measure_delete", args=[measure_id])),
        ("post", reverse("plans:measure_delete", args=[measure_id])),
        ("get", reverse("plans:send_to_board", args=[p])),
        ("post", reverse("plans:send_to_board", args=[p])),
        ("get", reverse("plans:board_decision", args=[p])),
        ("post", reverse("plans:board_decision", args=[p])),
        ("get", reverse("plans:comment", args=[p])),
        ("post", reverse("plans:comment", args=[p])),
        ("post", reverse("plans:return", args=[p])),
        ("post", reverse("plans:approve", args=[p])),
        ("get", reverse("plans:answer", args=[p, 1])),
        ("post", reverse("plans:answer", args=[p, 1])),
        ("post", reverse("plans:resubmit", args=[p])),
        ("get", reverse("plans:follow_up", args=[p, "t1"])),
        ("post", reverse("plans:follow_up", args=[p, "t1"])),
        ("get", reverse("plans:follow_up_submit", args=[p, "t1"])),
        ("post", reverse("plans:follow_up_submit", args=[p, "t1"])),
        ("post", reverse("plans:follow_up_correct", args=[p, "t1", 1])),
    ]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_every_page_of_an_unpublished_plan_is_refused_and_logged(
    role, request, jarva_plan, jarva_coordinator
):
    target = measure(jarva_coordinator, jarva_plan, "Orörd")
    user = request.getfixturevalue(role)
    client = logged_in(user)
    for method, url in pages(jarva_plan, target.pk):
        before = AccessLogEntry.objects.filter(user=user, action="refused").count()
        response = getattr(client, method)(url, {})
        assert response.status_code == 403, f"{role} {method.upper()} {url}: {response.status_code}"
        after = AccessLogEntry.objects.filter(user=user, action="refused").count()
        assert after == before + 1, f"{role} {method.upper()} {url}: the refusal is not logged"
    target.refresh_from_db()
    assert target.title == "Orörd"
    assert Plan.objects.get(pk=jarva_plan.pk).status == Plan.Status.DRAFT


def test_the_list_and_shared_measures_refuse_who_may_not_use_them(partner, dpo, administrator, employee):
    for user in (partner, dpo, administrator):
        assert logged_in(user).get(reverse("plans:index")).status_code == 403
    for user in (dpo, administrator, employee):
        assert logged_in(user).get(reverse("plans:shared")).status_code == 403
    for user in (partner, dpo, administrator, employee):
        assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def test_forged_ids_are_404_everywhere(jarva_coordinator, jarva_plan):
    client = logged_in(jarva_coordinator)
    forged = Plan.objects.order_by("-pk").first().pk + 1000
    urls = [
        reverse("plans:detail", args=[forged]),
        reverse("plans:section_edit", args=[forged, 1]),
        reverse("plans:measure_new", args=[forged]),
        reverse("plans:measure_edit", args=[999999]),
        reverse("plans:measure_delete", args=[999999]),
        reverse("plans:send_to_board", args=[forged]),
        reverse("plans:board_decision", args=[forged]),
        reverse("plans:comment", args=[forged]),
        reverse("plans:answer", args=[forged, 1]),
        reverse("plans:follow_up", args=[forged, "t1"]),
        reverse("plans:follow_up_submit", args=[forged, "t1"]),
        reverse("plans:section_edit", args=[jarva_plan.pk, 999999]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("plans:section_preview", args=[forged]),
        reverse("plans:return", args=[forged]),
        reverse("plans:approve", args=[forged]),
        reverse("plans:resubmit", args=[forged]),
        reverse("plans:follow_up_correct", args=[forged, "t1", 1]),
    ):
        assert client.post(url).status_code == 404, url


def test_pages_need_a_login(client, jarva_plan):
    for url in (
        reverse("plans:index"),
        reverse("plans:detail", args=[jarva_plan.pk]),
        reverse("plans:shared"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
