import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from safecity.core import crypto
from safecity.core.models import KeyCanary

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(settings):
    first = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [first]
    crypto._fernet_for.cache_clear()
    yield settings
    crypto._fernet_for.cache_clear()


def test_text_round_trips_and_is_not_readable_in_the_database(keys):
    stored = crypto.encrypt_text("Klistermärken vid Husby centrum")
    assert stored.startswith("enc1:")
    assert "Husby" not in stored
    assert crypto.decrypt_text(stored) == "Klistermärken vid Husby centrum"


def test_a_value_written_with_an_old_key_is_read_after_a_new_key_is_added(keys):
    stored = crypto.encrypt_text("gammal")
    keys.ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *keys.ENCRYPTION_KEYS]
    assert crypto.decrypt_text(stored) == "gammal"
    rotated = crypto.rotate_text(stored)
    keys.ENCRYPTION_KEYS = keys.ENCRYPTION_KEYS[:1]  # the old key removed
    assert crypto.decrypt_text(rotated) == "gammal"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(stored)


def test_the_service_refuses_keys_that_cannot_read_the_data(keys):
    crypto.verify_keys()  # writes the canary with the current key
    assert KeyCanary.objects.count() == 1
    keys.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="cannot decrypt"):
        crypto.verify_keys()


def test_a_malformed_key_is_refused(keys):
    keys.ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt_text("x")


def test_rotate_keys_re_encrypts_the_canary_and_keeps_it_readable(keys):
    crypto.verify_keys()
    old_raw = KeyCanary.objects.get().value
    keys.ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *keys.ENCRYPTION_KEYS]
    call_command("rotate_keys")
    new_raw = KeyCanary.objects.get().value
    assert new_raw != old_raw
    keys.ENCRYPTION_KEYS = keys.ENCRYPTION_KEYS[:1]
    crypto.verify_keys()


def test_an_encrypted_field_stores_ciphertext(keys):
    from django.db import models

    field = crypto.EncryptedTextField()
    field.set_attributes_from_name("body")
    prepared = field.get_prep_value("hemligt")
    assert prepared.startswith("enc1:") and "hemligt" not in prepared
    assert field.from_db_value(prepared, None, connection) == "hemligt"
    assert isinstance(field, models.TextField)


def test_the_system_check_names_a_missing_key(keys):
    from safecity.core.checks import check_encryption_keys

    keys.ENCRYPTION_KEYS = []
    assert [e.id for e in check_encryption_keys(None)] == ["safecity.E001"]
    keys.ENCRYPTION_KEYS = ["nope"]
    assert [e.id for e in check_encryption_keys(None)] == ["safecity.E002"]
