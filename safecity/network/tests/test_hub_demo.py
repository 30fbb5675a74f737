"""The fictional demo cities: valid, clearly fictional, loaded idempotently."""

import json

import pytest
from django.core.management import call_command

from safecity.network.hub import DEMO_DIR
from safecity.network.models import HubProfile
from safecity.network.schema import validate_document

FILES = sorted(DEMO_DIR.glob("*.json"))


def test_there_are_demo_files():
    assert [f.name for f in FILES] == ["norrhavn.json", "sjoby.json"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_demo_file_is_valid_and_clearly_fictional(path):
    doc = json.loads(path.read_text("utf-8"))
    validate_document(doc)
    assert doc["city"]["id"].endswith("-demo")
    assert doc["city"]["country"] == "XX"
    for lang, word in (("sv", "påhittad"), ("en", "fictional")):
        assert word in doc["city"]["name"][lang]
        assert word in doc["portrait"][lang]


def test_norrhavn_is_a_full_profile():
    doc = json.loads((DEMO_DIR / "norrhavn.json").read_text("utf-8"))
    assert len(doc["focus_areas"]) == 3
    assert [t["number"] for t in doc["themes"]] == [1, 2, 3, 4]
    assert len(doc["initiatives"]) == 4
    assert 6 <= len(doc["good_practices"]) <= 8
    assert {n for p in doc["good_practices"] for n in p["themes"]} == {1, 2, 3, 4}
    assert {p["prevention_level"] for p in doc["good_practices"]} == {"general", "specific", "individual"}
    assert all(p["title"]["en"] for p in doc["good_practices"])


@pytest.mark.django_db
def test_load_hub_demo_is_idempotent(capsys):
    call_command("load_hub_demo")
    call_command("load_hub_demo")
    assert sorted(HubProfile.objects.values_list("city_id", flat=True)) == ["norrhavn-demo", "sjoby-demo"]
    assert all(HubProfile.objects.values_list("is_demo", flat=True))
    assert "Norrhavn" in capsys.readouterr().out
