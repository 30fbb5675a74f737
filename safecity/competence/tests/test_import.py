"""Importing headcounts and sessions: errors by row and column, nothing saved when any row is wrong."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import logged_in
from safecity.competence.models import Headcount, Session


def upload(client, kind, text, name="fil.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("competence:import"), {"kind": kind, "file": file})


def test_it_imports_headcounts(jarva_coordinator, jarva, preschool):
    response = upload(
        logged_in(jarva_coordinator), "headcounts", "enhet;funktion;år;antal\njarva;Förskola;2026;40\n"
    )
    assert response.status_code == 302
    assert Headcount.objects.get(unit=jarva, function=preschool, year=2026).number == 40


def test_it_imports_sessions(central_coordinator, guidance_programme, jarva):
    text = (
        "datum;program;enhet;funktion;form;deltagare\n2026-02-03;vagledningen;Järva;preschool;klassrum;12\n"
    )
    response = upload(logged_in(central_coordinator), "sessions", text)
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.unit, session.participants, session.format) == (jarva, 12, "classroom")


def test_it_names_every_error_by_row_and_column_and_saves_nothing(jarva_coordinator):
    text = (
        "enhet;funktion;år;antal\njarva;Förskola;2026;40\nsodermalm;Förskola;2026;10\njarva;Bagare;2026;-3\n"
    )
    response = upload(logged_in(jarva_coordinator), "headcounts", text)
    assert response.status_code == 200
    errors = {(e.row, e.column) for e in response.context["errors"]}
    # Södermalm is not this coordinator's unit; Bagare is no function; -3 is below zero.
    assert errors == {(3, "enhet"), (4, "funktion"), (4, "antal")}
    assert not Headcount.objects.exists()
    assert "Nothing was imported." in response.text or "Ingenting importerades." in response.text


def test_it_reports_a_file_it_cannot_read(jarva_coordinator):
    response = upload(logged_in(jarva_coordinator), "headcounts", "x", name="fil.pdf")
    assert response.status_code == 200
    assert response.context["errors"]
    assert not Headcount.objects.exists()
