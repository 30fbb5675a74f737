"""The pages: who may use them, the upload → mapping → job flow, and the police events list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import logged_in
from safecity.core.models import AccessLogEntry, Job
from safecity.situation.models import ColumnMapping, Dataset, ImportRun, Observation, PoliceEvent

from .conftest import area

pytestmark = pytest.mark.django_db

INDEX = "/lagesbild/"
UPLOAD = "/lagesbild/ladda-upp/"
EVENTS = "/lagesbild/polishandelser/"
REFUSED_ROLES = [
    "jarva_manager",
    "employee",
    "intake_officer",
    "partner",
    "dpo",
    "administrator",
    "no_role_user",
]
CSV = "Område;Brottstyp;Period;Antal\nRinkeby;Misshandel;2024;12\nTensta;Olaga hot;2024;3\n".encode("cp1252")


@pytest.fixture
def bra(db):
    return Dataset.objects.create(code="bra", name="Brå, anmälda brott", kind=Dataset.Kind.REPORTED_CRIME)


@pytest.fixture
def failed_run(bra):
    return ImportRun.objects.create(
        kind=ImportRun.Kind.STATISTICS,
        dataset=bra,
        file_name="brott.csv",
        file_hash="0" * 64,
        state=ImportRun.State.FAILED,
        error_count=1,
        errors=[{"row": 3, "column": "Område", "message": "Row 3 …", "reason": "“Rinkebyy” is not an area"}],
    )


def pages(run, dataset):
    return [
        INDEX,
        UPLOAD,
        EVENTS,
        f"/lagesbild/kallor/{dataset.pk}/kolumner/",
        f"/lagesbild/importer/{run.pk}/",
    ]


@pytest.mark.parametrize("who", REFUSED_ROLES)
def test_it_refuses_every_page_to_those_who_do_not_import_and_logs_it(request, who, failed_run, bra):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    for url in pages(failed_run, bra):
        assert client.get(url).status_code == 403, url
    assert client.post(UPLOAD, {"target": f"dataset:{bra.pk}"}).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").count() == 6


def test_it_sends_an_anonymous_visitor_to_the_login(client, failed_run, bra):
    for url in pages(failed_run, bra):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


@pytest.mark.parametrize("who", ["central_coordinator", "jarva_coordinator", "sodermalm_coordinator"])
def test_coordinators_may_use_every_page(request, who, failed_run, bra):
    client = logged_in(request.getfixturevalue(who))
    for url in pages(failed_run, bra):
        assert client.get(url).status_code == 200, url


def test_a_coordinator_who_has_not_passed_the_second_factor_is_not_let_in(jarva_coordinator):
    response = logged_in(jarva_coordinator, verified=False).get(INDEX)
    assert response.status_code in {302, 403}


def test_the_index_lists_sources_and_their_imports(
    jarva_coordinator, failed_run, imported_sample, django_assert_max_num_queries
):
    client = logged_in(jarva_coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(INDEX)
    page = response.content.decode()
    assert "Brå, anmälda brott" in page and "brott.csv" in page
    assert response.context["events"]["total"] == 500
    assert response.context["city_events"] == 19


def test_upload_of_a_new_source_asks_for_the_mapping_then_imports(
    jarva_coordinator, area_names, django_capture_on_commit_callbacks
):
    client = logged_in(jarva_coordinator)
    response = client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile("brott.csv", CSV),
            "target": "new",
            "provisional": "1",
            "name": "Brå, anmälda brott per stadsdel",
            "kind": "reported_crime",
            "publisher": "Brå",
            "licence": "CC BY 4.0",
            "url": "https://statistik.bra.se/",
        },
    )
    run = ImportRun.objects.get(file_name="brott.csv")
    dataset = run.dataset
    assert response.status_code == 302
    assert response["Location"] == f"/lagesbild/kallor/{dataset.pk}/kolumner/?import={run.pk}"
    assert run.state == ImportRun.State.NEEDS_MAPPING
    assert (run.created_by, run.provisional, run.headers) == (
        jarva_coordinator,
        True,
        ["Område", "Brottstyp", "Period", "Antal"],
    )
    assert (dataset.publisher, dataset.licence) == ("Brå", "CC BY 4.0")
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="create", object_type="situation.importrun"
    ).exists()

    mapping_page = client.get(response["Location"])
    assert mapping_page.context["form"].initial["place_column"] == "Område"  # guessed from the headings
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            response["Location"],
            {
                "place_column": "Område",
                "place_level": "area",
                "category_column": "Brottstyp",
                "period_column": "Period",
                "value_column": "Antal",
                "value_unit": "count",
            },
        )
    run.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == f"/jobb/{run.job_id}/"
    assert run.state == ImportRun.State.DONE
    assert run.job.state == Job.State.DONE and run.job.result["url"] == f"/lagesbild/importer/{run.pk}/"
    assert Observation.objects.filter(dataset=dataset, provisional=True).count() == 2
    assert Observation.objects.get(area=area("Rinkeby")).value == 12

    detail = client.get(f"/lagesbild/importer/{run.pk}/").content.decode()
    assert "brott.csv" in detail and run.file_hash in detail


def test_the_next_upload_from_the_source_reuses_the_mapping(
    central_coordinator, bra, area_names, django_capture_on_commit_callbacks
):
    ColumnMapping.objects.create(
        dataset=bra,
        place_column="Område",
        category_column="Brottstyp",
        period_column="Period",
        value_column="Antal",
    )
    client = logged_in(central_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            UPLOAD,
            {
                "file": SimpleUploadedFile("brott-2025.csv", CSV),
                "target": f"dataset:{bra.pk}",
                "provisional": "0",
            },
        )
    run = ImportRun.objects.get(file_name="brott-2025.csv")
    assert response["Location"] == f"/jobb/{run.job_id}/"
    assert run.state == ImportRun.State.DONE
    assert run.mapping["place_column"] == "Område"
    assert Observation.objects.filter(dataset=bra).count() == 2


def test_a_file_with_a_bad_row_shows_every_problem_and_imports_nothing(
    jarva_coordinator, bra, area_names, django_capture_on_commit_callbacks
):
    ColumnMapping.objects.create(
        dataset=bra,
        place_column="Område",
        category_column="Brottstyp",
        period_column="Period",
        value_column="Antal",
    )
    client = logged_in(jarva_coordinator)
    bad = CSV + b"Rinkebyy;Misshandel;2024;1\n"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            UPLOAD,
            {"file": SimpleUploadedFile("fel.csv", bad), "target": f"dataset:{bra.pk}", "provisional": "0"},
        )
    run = ImportRun.objects.get(file_name="fel.csv")
    assert run.state == ImportRun.State.FAILED and not Observation.objects.exists()
    job_page = client.get(f"/jobb/{run.job_id}/").content.decode()
    assert "Rinkebyy" in job_page
    detail = client.get(f"/lagesbild/importer/{run.pk}/")
    assert "Rinkebyy" in detail.content.decode()
    assert detail.context["run"].errors[0]["row"] == 4


def test_the_upload_form_names_what_is_missing(jarva_coordinator):
    response = logged_in(jarva_coordinator).post(UPLOAD, {"target": "new", "provisional": "0"})
    assert response.status_code == 200
    form = response.context["form"]
    assert {"file", "name", "kind"} <= set(form.errors)
    assert not ImportRun.objects.exists()


def test_an_unreadable_file_is_refused_on_the_form(jarva_coordinator, bra):
    response = logged_in(jarva_coordinator).post(
        UPLOAD,
        {
            "file": SimpleUploadedFile("gammal.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1xx"),
            "target": f"dataset:{bra.pk}",
            "provisional": "0",
        },
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not ImportRun.objects.exists()


def test_the_police_feed_takes_no_uploads_and_no_mapping(jarva_coordinator):
    police = Dataset.objects.get(code="polisen-handelser")
    client = logged_in(jarva_coordinator)
    assert client.get(f"/lagesbild/kallor/{police.pk}/kolumner/").status_code == 403
    response = client.post(
        UPLOAD,
        {"file": SimpleUploadedFile("x.csv", CSV), "target": f"dataset:{police.pk}", "provisional": "0"},
    )
    assert response.status_code == 200 and "target" in response.context["form"].errors


def test_population_tables_are_uploaded_without_a_mapping(
    central_coordinator, django_capture_on_commit_callbacks
):
    data = "unit;year;population;source\nJärva;2025;90000;SCB\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(central_coordinator).post(
            UPLOAD, {"file": SimpleUploadedFile("pop.csv", data), "target": "population", "provisional": "0"}
        )
    run = ImportRun.objects.get(file_name="pop.csv")
    assert (run.kind, run.state, run.dataset) == ("population", "done", None)


def test_the_events_list_shows_the_citys_events_with_their_attribution(
    jarva_coordinator, imported_sample, django_assert_max_num_queries
):
    client = logged_in(jarva_coordinator)
    with django_assert_max_num_queries(15):
        response = client.get(EVENTS)
    assert response.context["page"].paginator.count == 19
    page = response.content.decode()
    assert "Bromsten" in page and "Vasastaden" in page
    assert "nämnd i texten" in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ("scope=all", 500),
        ("scope=county", 50),
        ("level=area", 13),
        ("level=municipality", 6),
        ("scope=all&level=county", 131),
        ("category=violence", None),
        ("date_from=2025-06-03&date_to=2025-06-03", None),
    ],
)
def test_the_events_list_filters(jarva_coordinator, imported_sample, query, expected):
    from safecity.situation.models import Category

    if query.startswith("category="):
        category = Category.objects.get(code="violence")
        query = f"category={category.pk}"
        expected = PoliceEvent.objects.filter(municipality_code="0180", category=category).count()
    if query.startswith("date_from"):
        expected = PoliceEvent.objects.filter(
            municipality_code="0180", occurred_at__date="2025-06-03"
        ).count()
    response = logged_in(jarva_coordinator).get(f"{EVENTS}?{query}")
    assert response.context["page"].paginator.count == expected


def test_the_events_list_filters_by_area(jarva_coordinator, imported_sample):
    response = logged_in(jarva_coordinator).get(f"{EVENTS}?area={area('Södermalm').pk}")
    assert response.context["page"].paginator.count == 4


def test_a_wrong_date_range_shows_no_events(jarva_coordinator, imported_sample):
    response = logged_in(jarva_coordinator).get(f"{EVENTS}?date_from=2025-06-05&date_to=2025-06-01")
    assert response.context["page"].paginator.count == 0
    assert "date_to" in response.context["form"].errors


def test_the_menu_shows_the_situational_picture_to_coordinators_only(jarva_coordinator, employee):
    assert INDEX in logged_in(jarva_coordinator).get("/start/").content.decode()
    assert INDEX not in logged_in(employee).get("/start/").content.decode()
