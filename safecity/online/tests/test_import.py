import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry, Job
from safecity.online import importing
from safecity.online.models import ContentImport, OnlineItem

from .online_core_helpers import install_fake_classifier, make_item, no_classifier, upload

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

CSV = (
    "platform,url,time,text,author\n"
    "facebook,https://fb.example/p/1,2025-06-07T07:32:06+02:00,Tack för en fin fest i parken,@anna\n"
    "facebook,https://fb.example/p/2,2025-06-07 7:32:06 +02:00,Ni är idioter allihop,@bertil\n"
    "instagram,,2025-06-08,Vilken dag!,\n"
)


def _import(client, data, name="posts.csv", unit=None, capture=None):
    with capture(execute=True):
        return client.post(
            reverse("online:import"), {"file": upload(data, name), "unit": unit.pk, "source": "Test page"}
        )


# --------------------------------------------------------------------------------------------------
# Parsers


def test_it_reads_a_comma_separated_utf8_file():
    checked = importing.check(CSV.encode(), "posts.csv")
    assert checked.problems == []
    assert [r["platform"] for r in checked.rows] == ["facebook", "facebook", "instagram"]
    assert checked.rows[1]["time"] == dt.datetime(2025, 6, 7, 5, 32, 6, tzinfo=dt.UTC)
    assert checked.rows[2]["url"] == ""
    assert checked.rows[0]["author"] == importing.author_hash("@anna")


def test_it_reads_semicolons_cp1252_and_swedish_headers():
    data = "plattform;länk;tid;inlägg;författare\nfacebook;https://fb.example/p/9;2025-05-01 12:00;Hej på er, åäö!;Örjan\n"
    checked = importing.check(data.encode("cp1252"), "export.csv")
    assert checked.problems == []
    assert checked.rows[0]["text"] == "Hej på er, åäö!"
    assert checked.rows[0]["time"].hour == 12


def test_it_reads_utf8_with_bom():
    checked = importing.check(b"\xef\xbb\xbf" + CSV.encode(), "posts.csv")
    assert checked.problems == []
    assert len(checked.rows) == 3


@pytest.mark.parametrize(
    "payload",
    [
        json.dumps(
            [{"platform": "x", "url": "https://x.example/1", "time": "2025-01-02T10:00:00Z", "text": "Hej"}]
        ),
        json.dumps({"items": [{"plattform": "x", "tid": "2025-01-02", "text": "Hej"}]}),
        '{"platform": "x", "time": "2025-01-02", "text": "Hej"}\n{"platform": "x", "time": "2025-01-03", "text": "Hå"}\n',
    ],
)
def test_it_reads_the_three_json_shapes(payload):
    checked = importing.check(payload.encode(), "posts.json")
    assert checked.problems == []
    assert checked.rows and checked.rows[0]["text"] == "Hej"


def test_malformed_json_is_refused_with_its_line():
    checked = importing.check(b'[{"platform": "x", "text": "a"},\n{oops}]', "posts.json")
    assert checked.rows == []
    assert "not valid JSON" in checked.problems[0].message
    assert "line 2" in checked.problems[0].message


def test_a_json_lines_file_with_one_broken_line_names_it():
    data = b'{"platform": "x", "time": "2025-01-02", "text": "a"}\n{"platform": "x", "time": "2025-01-02", "text": }\n'
    checked = importing.check(data, "posts.jsonl")
    assert "Line 2" in checked.problems[0].message


def test_json_items_must_be_objects():
    checked = importing.check(b'["just text"]', "posts.json")
    assert "Item 1" in checked.problems[0].message


def test_a_missing_column_is_named():
    checked = importing.check(b"platform,url,text\nfb,https://fb.example/1,Hej\n", "posts.csv")
    assert checked.rows == []
    assert any("time" in p.message for p in checked.problems)


def test_bad_rows_are_listed_by_row_and_field(settings):
    settings.ONLINE_MAX_TEXT_CHARS = 20
    data = (
        "platform,url,time,text\n"
        "fb,https://fb.example/1,2025-06-01,ok\n"
        "fb,https://fb.example/2,yesterday,ok\n"
        "fb,ftp://fb.example/3,2025-06-01,ok\n"
        "fb,https://fb.example/4,2025-06-01,\n"
        "fb,https://fb.example/5,2025-06-01,this text is far too long for the limit\n"
    )
    checked = importing.check(data.encode(), "posts.csv")
    assert checked.rows == []
    where = {(p.row, p.field) for p in checked.problems}
    assert where == {(3, "time"), (4, "url"), (5, "text"), (6, "text")}


def test_a_time_in_the_future_or_long_ago_is_refused():
    with pytest.raises(importing.CellError):
        importing.parse_time("2999-01-01")
    with pytest.raises(importing.CellError):
        importing.parse_time("1970-01-01")
    with pytest.raises(importing.CellError):
        importing.parse_time("2025-02-30")


def test_an_oversized_file_is_refused(settings):
    settings.ONLINE_IMPORT_MAX_BYTES = 100
    checked = importing.check(CSV.encode() * 3, "posts.csv")
    assert "larger than" in checked.problems[0].message


def test_too_many_rows_are_refused(settings):
    settings.ONLINE_IMPORT_MAX_ROWS = 2
    assert "more than" in importing.check(CSV.encode(), "posts.csv").problems[0].message
    lines = "\n".join(json.dumps({"platform": "x", "time": "2025-01-02", "text": str(n)}) for n in range(3))
    assert "more than" in importing.check(lines.encode(), "p.jsonl").problems[0].message


def test_an_empty_file_is_refused():
    assert importing.check(b"  \n", "posts.csv").problems[0].message == "The file is empty."


# --------------------------------------------------------------------------------------------------
# The import as a job, through the page


def test_an_import_saves_classified_items_and_counts_duplicates(
    jarva_coordinator, jarva, monkeypatch, django_capture_on_commit_callbacks
):
    install_fake_classifier(monkeypatch)
    client = logged_in(jarva_coordinator)
    doubled = CSV + "facebook,https://fb.example/p/2,2025-06-07 08:00,Same address again,\n"
    response = _import(client, doubled, unit=jarva, capture=django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    run = ContentImport.objects.get()
    assert (run.status, run.rows, run.created, run.duplicates) == ("done", 4, 3, 1)
    assert run.file is None
    assert job.state == "done" and job.result["url"] == reverse("online:import_detail", args=[run.pk])
    hateful = OnlineItem.objects.get(url="https://fb.example/p/2")
    assert (hateful.label, hateful.score, hateful.unit) == ("offensive", 0.9, jarva)
    assert hateful.explanation[0] == ["idiot", 2.5]
    assert hateful.classifier.version == 1

    # The same file again: everything is a duplicate, nothing new.
    _import(client, doubled, unit=jarva, capture=django_capture_on_commit_callbacks)
    second = ContentImport.objects.order_by("-pk").first()
    assert (second.created, second.duplicates) == (0, 4)
    assert OnlineItem.objects.count() == 3


def test_without_an_address_the_text_and_time_recognise_a_duplicate(jarva):
    make_item(
        jarva,
        platform="instagram",
        text="Vilken  DAG!",
        url="",
        posted_at=dt.datetime(2025, 6, 8, tzinfo=importing.STOCKHOLM),
    )
    OnlineItem.objects.update(
        fingerprint=importing.fingerprint(
            "instagram", "", dt.datetime(2025, 6, 8, tzinfo=importing.STOCKHOLM), "Vilken  DAG!"
        )
    )
    checked = importing.check(CSV.encode(), "posts.csv")
    fresh, duplicates = importing.split_duplicates(checked.rows)
    assert duplicates == 1
    assert [r["platform"] for r in fresh] == ["facebook", "facebook"]


def test_one_bad_row_saves_nothing(jarva_coordinator, jarva, monkeypatch, django_capture_on_commit_callbacks):
    install_fake_classifier(monkeypatch)
    client = logged_in(jarva_coordinator)
    bad = CSV + "facebook,https://fb.example/p/7,not a time,Hej\n"
    _import(client, bad, unit=jarva, capture=django_capture_on_commit_callbacks)
    run = ContentImport.objects.get()
    assert run.status == "failed" and run.created == 0
    assert run.errors == [{"row": 5, "field": "time", "message": run.errors[0]["message"]}]
    assert "not a date and time" in run.errors[0]["message"]
    assert OnlineItem.objects.count() == 0
    job = Job.objects.get()
    assert job.errors[0]["row"] == 5 and job.errors[0]["field"] == "time"
    page = client.get(reverse("online:import_detail", args=[run.pk]))
    assert "Nothing from this file was imported" in page.content.decode()


def test_without_an_active_classifier_items_are_saved_unclassified_and_classified_later(
    jarva_coordinator, jarva, monkeypatch, django_capture_on_commit_callbacks
):
    no_classifier(monkeypatch)
    client = logged_in(jarva_coordinator)
    _import(client, CSV, unit=jarva, capture=django_capture_on_commit_callbacks)
    assert OnlineItem.objects.filter(classified_at__isnull=True).count() == 3
    assert "No classifier version is active" in Job.objects.get().message
    install_fake_classifier(monkeypatch)
    page = client.get(reverse("online:index")).content.decode()
    assert "3 items have no label yet" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("online:classify_unclassified"))
    assert response.status_code == 302
    assert OnlineItem.objects.filter(classified_at__isnull=True).count() == 0
    assert OnlineItem.objects.get(url="https://fb.example/p/2").label == "offensive"


def test_an_oversized_upload_is_refused_on_the_form(jarva_coordinator, jarva, settings):
    settings.ONLINE_IMPORT_MAX_BYTES = 50
    response = logged_in(jarva_coordinator).post(
        reverse("online:import"), {"file": upload(CSV), "unit": jarva.pk}
    )
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert ContentImport.objects.count() == 0


def test_a_unit_coordinator_cannot_import_into_another_unit(jarva_coordinator, sodermalm):
    response = logged_in(jarva_coordinator).post(
        reverse("online:import"), {"file": upload(CSV), "unit": sodermalm.pk}
    )
    assert response.status_code == 200
    assert ContentImport.objects.count() == 0


def test_the_central_coordinator_may_import_into_any_unit(
    central_coordinator, sodermalm, monkeypatch, django_capture_on_commit_callbacks
):
    install_fake_classifier(monkeypatch)
    _import(logged_in(central_coordinator), CSV, unit=sodermalm, capture=django_capture_on_commit_callbacks)
    assert OnlineItem.objects.filter(unit=sodermalm).count() == 3


def test_author_handles_are_never_stored_in_clear(
    jarva_coordinator, jarva, monkeypatch, django_capture_on_commit_callbacks
):
    install_fake_classifier(monkeypatch)
    handle = "@secret_handle_4711"
    data = (
        f"platform,url,time,text,author\nfacebook,https://fb.example/p/1,2025-06-07,Ni är idioter,{handle}\n"
    )
    _import(logged_in(jarva_coordinator), data, unit=jarva, capture=django_capture_on_commit_callbacks)
    item = OnlineItem.objects.get()
    assert item.author_hash == importing.author_hash(handle)
    assert len(item.author_hash) == 64 and "secret" not in item.author_hash
    # The raw row, every column as stored.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM online_onlineitem")
        raw = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM online_contentimport")
        raw += repr(cursor.fetchall())
    assert "secret_handle" not in raw
    # The whole database as a dump (decrypted text fields included).
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    assert "Ni är idioter" in dump or "Ni \\u00e4r idioter" in dump  # the dump does hold the text ...
    assert "secret_handle" not in dump  # ... but never the handle
    assert not AccessLogEntry.objects.filter(detail__contains="secret").exists()


def test_the_same_handle_gives_the_same_hash_and_case_does_not_matter(settings):
    assert importing.author_hash("@Anna") == importing.author_hash("anna")
    assert importing.author_hash("anna") != importing.author_hash("bertil")
    settings.HASH_KEY = "another key"
    assert importing.author_hash("anna") != "" and len(importing.author_hash("anna")) == 64


def test_the_item_text_is_encrypted_at_rest(jarva):
    make_item(jarva, text="Klartext som inte får synas")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM online_onlineitem")
        stored = cursor.fetchone()[0]
    assert "Klartext" not in stored


def test_a_second_run_of_the_same_import_replaces_the_first(jarva, jarva_coordinator, monkeypatch):
    from safecity.online.tasks import run_import

    install_fake_classifier(monkeypatch)
    run = ContentImport.objects.create(
        unit=jarva, uploaded_by=jarva_coordinator, filename="a.csv", file=CSV.encode()
    )
    run_import(run.pk)
    first = set(OnlineItem.objects.values_list("pk", flat=True))
    ContentImport.objects.filter(pk=run.pk).update(file=CSV.encode())
    run = run_import(run.pk)
    assert (run.created, run.duplicates) == (3, 0)
    assert OnlineItem.objects.count() == 3
    assert set(OnlineItem.objects.values_list("pk", flat=True)).isdisjoint(first)


def test_an_import_with_the_real_classifier(
    jarva_coordinator, jarva, active_classifier, django_capture_on_commit_callbacks
):
    data = (
        "platform,url,time,text\n"
        "facebook,https://fb.example/r/1,2025-06-07 10:00,Tack för en fin fest i parken i lördags!\n"
        "facebook,https://fb.example/r/2,2025-06-07 10:05,Jag ska döda dig om du kommer tillbaka hit\n"
        "facebook,https://fb.example/r/3,2025-06-07 10:09,Thanks for fixing the playground so quickly\n"
    )
    _import(logged_in(jarva_coordinator), data, unit=jarva, capture=django_capture_on_commit_callbacks)
    items = {i.url[-1]: i for i in OnlineItem.objects.all()}
    assert len(items) == 3
    assert all(
        i.classifier_id == active_classifier.pk and i.label and i.score is not None for i in items.values()
    )
    assert items["2"].score > items["1"].score
    assert items["3"].language == "en" and items["1"].language == "sv"


def test_classifying_unclassified_items_stays_in_the_users_units(
    jarva_coordinator, jarva, sodermalm, monkeypatch, django_capture_on_commit_callbacks
):
    install_fake_classifier(monkeypatch)
    mine = make_item(jarva, text="Ni är idioter", label="", score=None)
    theirs = make_item(sodermalm, text="Ni är idioter", label="", score=None)
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(jarva_coordinator).post(reverse("online:classify_unclassified"))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.label == "offensive" and mine.classified_at is not None
    assert theirs.label == "" and theirs.classified_at is None


def test_the_import_page_lists_imports_in_a_fixed_number_of_queries(
    jarva_coordinator, jarva, django_assert_max_num_queries
):
    client = logged_in(jarva_coordinator)
    ContentImport.objects.create(unit=jarva, uploaded_by=jarva_coordinator, filename="a.csv", status="done")
    client.get(reverse("online:import"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("online:import"))
    for n in range(8):
        ContentImport.objects.create(
            unit=jarva, uploaded_by=jarva_coordinator, filename=f"{n}.csv", status="done"
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("online:import"))
    assert response.content.decode().count("/nathat/importer/") == 9
