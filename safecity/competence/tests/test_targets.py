"""The central coordinator keeps programmes and coverage targets; everyone else is refused."""

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.competence.models import CoverageTarget, Programme
from safecity.core.models import AccessLogEntry

REFUSED = ["jarva_coordinator", "employee", "jarva_manager", "partner", "dpo", "administrator"]


@pytest.fixture
def target(guidance_programme, preschool, central_coordinator):
    return CoverageTarget.objects.create(function=preschool, programme=guidance_programme, share=80)


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize("page", ["competence:targets", "competence:programmes", "competence:programme_new"])
def test_it_refuses_and_logs_everyone_but_the_central_coordinator(request, who, page):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse(page)).status_code == 403
    assert AccessLogEntry.objects.filter(
        user=user, action="refused", object_type="competence.programme"
    ).exists()


@pytest.mark.parametrize("who", REFUSED)
def test_it_refuses_changing_or_removing_a_target_and_changing_a_programme(request, who, target):
    client = logged_in(request.getfixturevalue(who))
    assert (
        client.post(reverse("competence:target_edit", args=[target.pk]), {"share": "10"}).status_code == 403
    )
    assert client.post(reverse("competence:target_remove", args=[target.pk])).status_code == 403
    programme_url = reverse("competence:programme_edit", args=[target.programme_id])
    assert client.post(programme_url, {"code": "x", "title": "X"}).status_code == 403
    assert client.post(reverse("competence:targets"), {"share": "10"}).status_code == 403
    target.refresh_from_db()
    assert target.share == 80
    assert CoverageTarget.objects.count() == 1


def test_the_central_coordinator_adds_a_target(central_coordinator, guidance_programme, school):
    response = logged_in(central_coordinator).post(
        reverse("competence:targets"),
        {"programme": guidance_programme.pk, "function": school.pk, "share": "75"},
    )
    assert response.status_code == 302
    target = CoverageTarget.objects.get()
    assert (target.function, target.share, target.set_by) == (school, 75, central_coordinator)
    assert AccessLogEntry.objects.filter(
        user=central_coordinator, action="create", object_type="competence.coveragetarget"
    ).exists()


@pytest.mark.parametrize("share", ["101", "-1", "tio", ""])
def test_a_share_outside_0_to_100_is_refused_with_a_message(
    central_coordinator, guidance_programme, school, share
):
    response = logged_in(central_coordinator).post(
        reverse("competence:targets"),
        {"programme": guidance_programme.pk, "function": school.pk, "share": share},
    )
    assert response.status_code == 200
    assert "share" in response.context["form"].errors
    assert not CoverageTarget.objects.exists()


def test_a_second_target_for_the_same_pair_is_refused_with_a_message(central_coordinator, target):
    response = logged_in(central_coordinator).post(
        reverse("competence:targets"),
        {"programme": target.programme_id, "function": target.function_id, "share": "50"},
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["function"]
    assert "redan ett mål" in message or "already has a target" in message
    assert CoverageTarget.objects.get().share == 80


def test_the_central_coordinator_changes_a_target_and_the_change_is_logged(central_coordinator, target):
    response = logged_in(central_coordinator).post(
        reverse("competence:target_edit", args=[target.pk]),
        {"programme": target.programme_id, "function": target.function_id, "share": "60"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.share == 60
    entry = AccessLogEntry.objects.get(user=central_coordinator, action="change")
    assert entry.changes == {"share": [80, 60]}


def test_the_central_coordinator_removes_a_target(central_coordinator, target):
    client = logged_in(central_coordinator)
    assert client.get(reverse("competence:target_remove", args=[target.pk])).status_code == 405
    assert client.post(reverse("competence:target_remove", args=[target.pk])).status_code == 302
    assert not CoverageTarget.objects.exists()
    assert AccessLogEntry.objects.filter(user=central_coordinator, action="delete").exists()


def test_the_targets_page_uses_a_bounded_number_of_queries(
    central_coordinator, guidance_programme, django_assert_max_num_queries
):
    from safecity.organisation.models import Function

    for function in Function.objects.all():
        CoverageTarget.objects.create(function=function, programme=guidance_programme, share=50)
    client = logged_in(central_coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("competence:targets"))
    assert response.status_code == 200
    assert len(response.context["targets"]) == Function.objects.count()


def test_the_central_coordinator_adds_a_programme(central_coordinator, preschool, school):
    response = logged_in(central_coordinator).post(
        reverse("competence:programme_new"),
        {
            "code": "hat-pa-natet",
            "title": "Hat på nätet",
            "title_en": "Online hate",
            "description": "Två timmar.",
            "target_functions": [preschool.pk, school.pk],
            "position": "3",
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get(code="hat-pa-natet")
    assert (programme.title_en, programme.position) == ("Online hate", 3)
    assert set(programme.target_functions.all()) == {preschool, school}
    assert AccessLogEntry.objects.filter(
        user=central_coordinator, action="create", object_id=programme.pk
    ).exists()


def test_a_programme_needs_a_title_a_unique_code_and_a_function(central_coordinator, guidance_programme):
    response = logged_in(central_coordinator).post(
        reverse("competence:programme_new"), {"code": guidance_programme.code, "title": "", "position": "0"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"code", "title", "target_functions"} <= set(errors)
    assert Programme.objects.count() == 1


def test_the_central_coordinator_changes_a_programme(central_coordinator, guidance_programme, school):
    response = logged_in(central_coordinator).post(
        reverse("competence:programme_edit", args=[guidance_programme.pk]),
        {
            "code": guidance_programme.code,
            "title": "Vägledningen",
            "title_en": "The guidance",
            "target_functions": [school.pk],
            "position": "1",
        },
    )
    assert response.status_code == 302
    guidance_programme.refresh_from_db()
    assert guidance_programme.title == "Vägledningen"
    assert list(guidance_programme.target_functions.all()) == [school]
    entry = AccessLogEntry.objects.get(user=central_coordinator, action="change")
    assert entry.changes["title"] == ["Vägledningen: så gör du", "Vägledningen"]


def test_the_programmes_page_uses_a_bounded_number_of_queries(
    central_coordinator, preschool, django_assert_max_num_queries
):
    for number in range(12):
        Programme.objects.create(code=f"p{number}", title=f"P {number}").target_functions.set([preschool])
    client = logged_in(central_coordinator)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("competence:programmes")).status_code == 200


def test_the_programmes_are_listed_in_their_order(central_coordinator, preschool):
    for position, code in [(2, "b"), (0, "c"), (1, "a")]:
        Programme.objects.create(code=code, title=code.upper(), position=position).target_functions.set(
            [preschool]
        )
    response = logged_in(central_coordinator).get(reverse("competence:programmes"))
    assert [p.code for p in response.context["programmes"]] == ["c", "a", "b"]
