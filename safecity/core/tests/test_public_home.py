import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_emergency_numbers_and_districts_to_anonymous_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="tel:112"' in body
    assert 'href="tel:11414"' in body
    assert "Järva" in body
    assert "Rinkeby-Kista" not in body  # merged into Järva on 2023-07-01, not a district today
