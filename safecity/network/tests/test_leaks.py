"""Nothing unpublished or confidential reaches the public profile, the export or an old version.

Every secret below is planted where a careless implementation might pick it up; then every public
way out is read, in Swedish and English, and searched for it.
"""
# ruff: noqa: F811  (pytest fixtures imported from test_document are used as arguments)

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from conftest import logged_in
from safecity.intake import actions as intake_actions
from safecity.network import actions, document
from safecity.network.tests.test_document import (  # noqa: F401
    approved_jarva,
    approved_practice,
    city,
    draft_sodermalm,
    highlight,
    jarva_plan,
    planning_year,
    profile,
    sodermalm_plan,
)
from safecity.organisation.models import Area
from safecity.plans import actions as plan_actions
from safecity.plans.models import Plan
from safecity.plans.tests.fixtures import theme
from safecity.plans.tests.plan_pages import adopt, measure
from safecity.situation import builder
from safecity.situation.models_picture import PictureSection, SectionKind

SECRETS = {
    "draft measure": "HEMLIG UTKASTÅTGÄRD",
    "measure of a plan in review": "GRANSKNINGSÅTGÄRD X9",
    "proposed practice": "FÖRESLAGET EXEMPEL Q7",
    "returned practice": "RETURNERAT EXEMPEL Z3",
    "withdrawn practice": "ÅTERKALLAT EXEMPEL W2",
    "review comment on a practice": "GRANSKARKOMMENTAR K5",
    "plan review comment": "INTERN PLANKOMMENTAR P4",
    "signal description": "SIGNALBESKRIVNING S8 busshållplats",
    "measure description of a highlighted measure": "INTERN ÅTGÄRDSBESKRIVNING D1",
    "situational picture text": "LÄGESBILDSTEXT L6",
}


@pytest.fixture
def planted(
    central_coordinator,
    jarva_coordinator,
    sodermalm_coordinator,
    profile,
    approved_jarva,
    draft_sodermalm,
    planning_year,
):
    # a plan in central review (not approved) with a measure and an internal review comment
    in_review = Plan.objects.filter(year=planning_year, status=Plan.Status.DRAFT).exclude(
        unit=draft_sodermalm.unit
    )
    other = in_review.filter(unit__kind="district").first()
    from safecity.organisation.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=central_coordinator, role=Role.UNIT_COORDINATOR, unit=other.unit)
    central_coordinator._safecity_grants = None
    measure(central_coordinator, other, SECRETS["measure of a plan in review"], themes=[theme(2)])
    adopt(other, central_coordinator)
    plan_actions.do_comment(central_coordinator, other, SECRETS["plan review comment"])

    # a signal with a description
    intake_actions.do_submit_signal(
        None,
        intake_actions.Report(
            kind="propaganda",
            occurred_on=dt.date(2026, 3, 1),
            area=Area.objects.get(code="rinkeby"),
            milieu="right_wing",
            description=SECRETS["signal description"],
        ),
    )

    # good practices in every state but approved, and an approved one with an internal comment
    jarva_measure = approved_jarva.measures.first()
    fields = {"what": "x", "for_whom": "y"}
    actions.do_propose_good_practice(
        jarva_coordinator, jarva_measure, title=SECRETS["proposed practice"], **fields
    )
    returned = actions.do_propose_good_practice(
        jarva_coordinator, jarva_measure, title=SECRETS["returned practice"], **fields
    )
    actions.do_return_good_practice(central_coordinator, returned, "Mer om kostnaden.")
    withdrawn = actions.do_propose_good_practice(
        jarva_coordinator, jarva_measure, title=SECRETS["withdrawn practice"], **fields
    )
    actions.do_withdraw_good_practice(jarva_coordinator, withdrawn)
    good = actions.do_propose_good_practice(
        jarva_coordinator, jarva_measure, title="Godkänt exempel", **fields
    )
    actions.do_approve_good_practice(central_coordinator, good, SECRETS["review comment on a practice"])

    # a highlighted measure whose internal description is not what the public summary says
    jarva_measure.description = SECRETS["measure description of a highlighted measure"]
    jarva_measure.save()
    highlight(central_coordinator, profile, jarva_measure, title="Föräldraträffar", summary="Publik text.")

    # a final city-wide situational picture with a small count and a text
    picture = builder.do_create_picture(central_coordinator, None, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    stats = PictureSection.objects.get(picture=picture, kind=SectionKind.STATISTICS)
    stats.figures = {
        "sources": [{"source": "Polisen", "categories": [{"category": "Hot", "count": 3, "previous": 3}]}]
    }
    stats.text = SECRETS["situational picture text"]
    stats.save()
    builder.do_finalise_picture(central_coordinator, picture)
    return profile


def public_outputs(client) -> dict[str, str]:
    outputs = {}
    for lang in ("sv", "en"):
        client.cookies["django_language"] = lang
        for name in ("public", "public_practices"):
            response = client.get(reverse(f"network:{name}"))
            assert response.status_code == 200
            outputs[f"{name} ({lang})"] = response.content.decode()
    return outputs


def assert_no_secret(outputs: dict[str, str]) -> None:
    for where, text in outputs.items():
        for what, secret in SECRETS.items():
            assert secret not in text, f"{what} leaked into {where}"


def test_nothing_confidential_reaches_the_public_pages_or_the_export(client, central_coordinator, planted):
    version = actions.do_publish_profile(central_coordinator, planted)
    outputs = public_outputs(client)
    outputs["export"] = json.dumps(document.public_document(planted.city), ensure_ascii=False)
    outputs["frozen document"] = json.dumps(version.document, ensure_ascii=False)
    assert "Godkänt exempel" in outputs["public (sv)"]  # the approved one is public
    assert_no_secret(outputs)


def test_the_suppressed_count_is_not_in_the_published_document(central_coordinator, planted):
    version = actions.do_publish_profile(central_coordinator, planted)
    assert "Polisen" not in json.dumps(version.document, ensure_ascii=False)


def test_a_draft_text_stays_in_the_preview_until_published(client, central_coordinator, planted):
    actions.do_publish_profile(central_coordinator, planted)
    actions.do_save_profile(central_coordinator, planted, challenges="UTKAST TILL UTMANINGAR U1")
    preview = logged_in(central_coordinator).get(reverse("network:preview")).content.decode()
    assert "UTKAST TILL UTMANINGAR U1" in preview
    assert "UTKAST TILL UTMANINGAR U1" not in client.get(reverse("network:public")).content.decode()
    assert "UTKAST TILL UTMANINGAR U1" not in json.dumps(
        document.public_document(planted.city), ensure_ascii=False
    )
    assert_no_secret({"preview": preview})


def test_an_old_version_holds_only_what_was_published(central_coordinator, planted):
    actions.do_publish_profile(central_coordinator, planted)
    actions.do_save_profile(central_coordinator, planted, portrait="SENARE TEXT T2")
    actions.do_publish_profile(central_coordinator, planted)
    old = logged_in(central_coordinator).get(reverse("network:version", args=[1])).content.decode()
    assert "SENARE TEXT T2" not in old
    assert_no_secret({"old version": old})


def test_the_export_url_has_no_secret_either(client, central_coordinator, planted):
    actions.do_publish_profile(central_coordinator, planted)
    try:
        url = reverse("network:export")
    except Exception:  # noqa: BLE001 - the export view comes with the hub work
        pytest.skip("no export view yet")
    assert_no_secret({"export url": client.get(url).content.decode()})
