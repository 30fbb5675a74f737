"""The profile format: the schema file, version rules and messages that name the problem."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from safecity.network.schema import (
    MAX_DOCUMENT_BYTES,
    DocumentError,
    load_schema,
    parse_document,
    schema_text,
    validate_document,
)

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "safecity" / "network" / "data" / "demo" / "norrhavn.json"


@pytest.fixture
def doc():
    return json.loads(DEMO.read_text("utf-8"))


def refused(doc) -> str:
    with pytest.raises(DocumentError) as caught:
        validate_document(doc)
    return str(caught.value)


def test_the_docs_copy_of_the_schema_is_the_shipped_one():
    assert (ROOT / "docs" / "network" / "profile.schema.json").read_text("utf-8") == schema_text()


def test_the_schema_is_a_valid_draft_2020_12_schema():
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]


def test_every_property_has_a_title_and_a_description():
    missing = []

    def walk(node, path):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if "title" not in prop and "$ref" not in prop or "description" not in prop:
                    missing.append(f"{path}.{name}")
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(load_schema(), "")
    assert missing == []


def test_the_demo_document_is_valid(doc):
    validate_document(doc)


def test_an_unknown_theme_is_named_by_its_path(doc):
    doc["initiatives"][2]["theme"] = 7
    assert refused(doc) == "initiatives[2].theme: 7 is not one of 1, 2, 3, 4"


def test_a_missing_required_field_is_named_by_its_path(doc):
    del doc["city"]["name"]
    assert refused(doc) == "city.name: required field is missing"


def test_a_localised_text_needs_swedish(doc):
    doc["portrait"] = {"en": "Only English"}
    assert refused(doc) == "portrait.sv: required field is missing"


def test_at_most_four_initiatives(doc):
    doc["initiatives"].append(copy.deepcopy(doc["initiatives"][0]))
    assert refused(doc) == "initiatives: has 5 items; at most 4 are allowed"


def test_several_problems_are_counted(doc):
    doc["version"] = "two"
    doc["themes"][0]["number"] = 9
    message = refused(doc)
    assert message.startswith("themes[0].number: 9 is not one of 1, 2, 3, 4")
    assert "1 more problem" in message


def test_a_wrong_format_name_is_refused(doc):
    doc["format"] = "something-else"
    assert "not a Safe City profile" in refused(doc)


def test_a_missing_format_name_is_refused(doc):
    del doc["format"]
    assert "not a Safe City profile" in refused(doc)


@pytest.mark.parametrize("version", ["2.0", "0.9"])
def test_another_major_version_is_refused_with_what_to_do(doc, version):
    doc["schema_version"] = version
    assert refused(doc) == (
        f"This file uses format version {version}; this installation reads 1.x — "
        "ask the city to export in 1.x or upgrade."
    )


def test_a_malformed_version_is_refused(doc):
    doc["schema_version"] = "one"
    assert refused(doc).startswith("schema_version:")


def test_an_unknown_field_is_refused_in_our_own_minor_version(doc):
    doc["city"]["mayor"] = "x"
    assert refused(doc) == "city.mayor: unknown field (not in format version 1.0)"


def test_a_newer_minor_version_may_add_optional_fields(doc):
    doc["schema_version"] = "1.3"
    doc["city"]["mayor"] = "x"
    doc["climate_goals"] = {"sv": "…"}
    validate_document(doc)


def test_a_newer_minor_version_still_has_to_follow_the_known_rules(doc):
    doc["schema_version"] = "1.3"
    doc["initiatives"][0]["theme"] = 5
    assert refused(doc) == "initiatives[0].theme: 5 is not one of 1, 2, 3, 4"


def test_malformed_json_is_refused_with_line_and_column():
    with pytest.raises(DocumentError) as caught:
        parse_document(b'{\n  "format": "safecity-profile",\n  "city": ,\n}')
    assert "not valid JSON" in str(caught.value)
    assert "line 3, column 11" in str(caught.value)


def test_a_json_array_is_not_a_profile():
    with pytest.raises(DocumentError, match="JSON object was expected"):
        parse_document(b"[1, 2]")


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(DocumentError, match="not UTF-8"):
        parse_document(b'{"a": "\xff"}')


def test_an_oversized_file_is_refused_before_it_is_read():
    with pytest.raises(DocumentError, match="too large"):
        parse_document(b" " * (MAX_DOCUMENT_BYTES + 1))


def test_parse_accepts_a_byte_order_mark(doc):
    assert parse_document(b"\xef\xbb\xbf" + json.dumps(doc).encode())["city"]["id"] == "norrhavn-demo"
