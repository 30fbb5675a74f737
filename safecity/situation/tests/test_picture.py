"""The lägesbild builder: versions, filled and written sections, the city-wide picture, exports, access."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.organisation.models import AreaAssignment
from safecity.situation import builder
from safecity.situation.models import Category, Dataset, Observation, PictureSection, SituationPicture

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture
def figures(jarva, sodermalm):
    category = Category.objects.create(code="test-threats", name="Hot (test)", name_en="Threats (test)")
    dataset = Dataset.objects.create(code="bra-picture", name="Brå (test)", kind=Dataset.Kind.REPORTED_CRIME)
    for unit, value in ((jarva, 12), (sodermalm, 3)):
        area = AreaAssignment.objects.valid_on().filter(unit=unit).first().area
        for month in (1, 2):
            Observation.objects.create(
                dataset=dataset,
                source_category="Olaga hot",
                category=category,
                area=area,
                place_key=Observation.place_key_for(area_id=area.pk),
                granularity=Observation.Granularity.MONTH,
                period_start=dt.date(2025, month, 1),
                period_end=dt.date(2025, month, 28),
                value=value,
                value_unit=Observation.ValueUnit.COUNT,
            )
    return dataset


def _statistics(picture) -> dict:
    return picture.sections.get(kind="statistics").figures


def test_it_fills_the_statistics_from_the_data(jarva_coordinator, jarva, figures):
    picture = builder.do_create_picture(jarva_coordinator, jarva, START, END)
    assert picture.version == 1 and picture.state == "draft"
    assert picture.sections.count() == 7
    sources = {s["source"]: s for s in _statistics(picture)["sources"]}
    assert sources["Brå (test)"]["categories"] == [{"category": "Hot (test)", "count": 24.0, "previous": 0.0}]
    section = picture.sections.get(kind="statistics")
    assert "Brå (test)" in section.sources and section.sources_as_of is not None
    assert AccessLogEntry.objects.filter(user=jarva_coordinator, action="create").exists()


def test_it_keeps_the_figures_until_refreshed(jarva_coordinator, jarva, figures):
    picture = builder.do_create_picture(jarva_coordinator, jarva, START, END)
    Observation.objects.filter(dataset=figures).update(value=100)
    assert _statistics(picture)["sources"][-1]["categories"][0]["count"] == 24.0
    builder.do_refresh_picture(jarva_coordinator, picture)
    counts = [
        s["categories"][0]["count"] for s in _statistics(picture)["sources"] if s["source"] == "Brå (test)"
    ]
    assert counts == [200.0]


def test_a_final_picture_is_not_changed_and_a_new_version_starts_from_it(jarva_coordinator, jarva):
    picture = builder.do_create_picture(jarva_coordinator, jarva, START, END)
    section = picture.sections.get(kind="assessment")
    builder.do_save_section(
        jarva_coordinator, section, text="**Calm** year.", sources="Own", sources_as_of=END
    )
    with pytest.raises(ValidationError):
        builder.do_create_picture(jarva_coordinator, jarva, START, END)
    builder.do_finalise_picture(jarva_coordinator, picture)
    with pytest.raises(ValidationError):
        builder.do_save_section(jarva_coordinator, section, text="changed", sources="", sources_as_of=None)
    second = builder.do_create_picture(jarva_coordinator, jarva, START, END)
    assert second.version == 2
    assert second.sections.get(kind="assessment").text == "**Calm** year."
    assert builder.latest_final_picture(jarva) == picture
    builder.do_finalise_picture(jarva_coordinator, second)
    assert builder.latest_final_picture(jarva) == second


def test_it_assembles_the_city_picture_from_the_units_final_pictures(
    central_coordinator, jarva_coordinator, sodermalm_coordinator, jarva, sodermalm, figures
):
    for user, unit, text in (
        (jarva_coordinator, jarva, "Järva text"),
        (sodermalm_coordinator, sodermalm, "Söder text"),
    ):
        picture = builder.do_create_picture(user, unit, START, END)
        builder.do_save_section(
            user, picture.sections.get(kind="partners"), text=text, sources="", sources_as_of=None
        )
        builder.do_finalise_picture(user, picture)
    draft = builder.do_create_picture(jarva_coordinator, jarva, START, END)  # drafts do not count
    builder.do_save_section(
        jarva_coordinator, draft.sections.get(kind="partners"), text="draft", sources="", sources_as_of=None
    )
    city = builder.do_create_picture(central_coordinator, None, START, END)
    partners = city.sections.get(kind="partners").text
    assert "## Järva" in partners and "Järva text" in partners and "Söder text" in partners
    assert "draft" not in partners
    sources = {s["source"]: s for s in _statistics(city)["sources"]}
    assert sources["Brå (test)"]["categories"][0]["count"] == 30.0


def test_it_exports_pdf_and_xlsx_with_small_numbers_hidden(sodermalm_coordinator, sodermalm, figures):
    Observation.objects.filter(dataset=figures, value=3).filter(period_start__month=2).delete()
    picture = builder.do_create_picture(sodermalm_coordinator, sodermalm, START, END)
    client = logged_in(sodermalm_coordinator)
    pdf = client.get(reverse("situation:picture_pdf", args=[picture.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("situation:picture_xlsx", args=[picture.pk]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "<5" in values and 3 not in values
    assert AccessLogEntry.objects.filter(user=sodermalm_coordinator, action="export").count() == 2


def test_the_coordinator_builds_a_picture_through_the_pages(
    jarva_coordinator, jarva, django_assert_max_num_queries
):
    client = logged_in(jarva_coordinator)
    response = client.post(
        reverse("situation:pictures"),
        {"place": jarva.pk, "period_start": "2025-01-01", "period_end": "2025-06-30"},
    )
    picture = SituationPicture.objects.get(unit=jarva)
    assert response.url == reverse("situation:picture", args=[picture.pk])
    response = client.post(
        reverse("situation:picture_section", args=[picture.pk, "assessment"]),
        {
            "assessment-text": "<script>x</script> **Rising** worry",
            "assessment-sources": "Meeting 3 June",
            "assessment-sources_as_of": "2025-06-03",
        },
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(20):
        page = client.get(reverse("situation:picture", args=[picture.pk]))
    html = page.content.decode()
    assert "<strong>Rising</strong>" in html and "<script>x" not in html
    client.post(reverse("situation:picture_finalise", args=[picture.pk]))
    picture.refresh_from_db()
    assert picture.is_final


def test_the_central_coordinator_reads_unit_pictures_but_does_not_write_them(
    central_coordinator, jarva_coordinator, jarva
):
    picture = builder.do_create_picture(jarva_coordinator, jarva, START, END)
    client = logged_in(central_coordinator)
    assert client.get(reverse("situation:picture", args=[picture.pk])).status_code == 200
    assert client.post(reverse("situation:picture_finalise", args=[picture.pk])).status_code == 403
    response = client.post(
        reverse("situation:pictures"),
        {"place": jarva.pk, "period_start": "2025-01-01", "period_end": "2025-06-30"},
    )
    assert response.status_code == 200 and not SituationPicture.objects.filter(version=2).exists()


def test_a_unit_coordinator_cannot_write_the_city_picture(jarva_coordinator):
    response = logged_in(jarva_coordinator).post(
        reverse("situation:pictures"),
        {"place": "city", "period_start": "2025-01-01", "period_end": "2025-06-30"},
    )
    assert response.status_code == 200  # "city" is not among their choices
    assert not SituationPicture.objects.exists()


@pytest.mark.parametrize(
    "who",
    [
        "sodermalm_coordinator",
        "jarva_manager",
        "employee",
        "intake_officer",
        "partner",
        "dpo",
        "administrator",
        "no_role_user",
    ],
)
@pytest.mark.parametrize(
    "page", ["picture", "picture_pdf", "picture_xlsx", "picture_finalise", "picture_refresh"]
)
def test_it_refuses_and_logs_everyone_else(request, who, page, jarva_coordinator, jarva):
    picture = builder.do_create_picture(jarva_coordinator, jarva, START, END)
    user = request.getfixturevalue(who)
    client = logged_in(user)
    url = reverse(f"situation:{page}", args=[picture.pk])
    response = client.post(url) if page in {"picture_finalise", "picture_refresh"} else client.get(url)
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


@pytest.mark.parametrize(
    "who", ["jarva_manager", "employee", "partner", "dpo", "administrator", "no_role_user"]
)
def test_it_refuses_the_list_to_everyone_else(request, who):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse("situation:pictures")).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def test_a_section_of_another_unit_cannot_be_written(sodermalm_coordinator, jarva_coordinator, jarva):
    picture = builder.do_create_picture(jarva_coordinator, jarva, START, END)
    response = logged_in(sodermalm_coordinator).post(
        reverse("situation:picture_section", args=[picture.pk, "assessment"]), {"assessment-text": "x"}
    )
    assert response.status_code == 403
    assert PictureSection.objects.get(picture=picture, kind="assessment").text == ""


def test_latest_final_picture_is_per_unit_and_for_the_city(central_coordinator, jarva_coordinator, jarva):
    assert builder.latest_final_picture(jarva) is None
    unit_picture = builder.do_create_picture(jarva_coordinator, jarva, START, END)
    builder.do_finalise_picture(jarva_coordinator, unit_picture)
    assert builder.latest_final_picture(None) is None
    city = builder.do_create_picture(central_coordinator, None, START, END)
    builder.do_finalise_picture(central_coordinator, city)
    assert builder.latest_final_picture(None) == city
    assert builder.latest_final_picture(jarva) == unit_picture
    assert builder.latest_final_picture(jarva, period_end=dt.date(2025, 6, 30)) is None


def test_the_pages_link_each_other(jarva_coordinator, jarva):
    client = logged_in(jarva_coordinator)
    assert (
        reverse("situation:pictures")
        in client.get(reverse("situation:dashboard", args=[jarva.pk])).content.decode()
    )
    assert reverse("situation:dashboard_home") in client.get(reverse("situation:pictures")).content.decode()
