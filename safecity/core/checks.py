from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def check_encryption_keys(app_configs, **kwargs):
    from cryptography.fernet import Fernet

    keys = settings.ENCRYPTION_KEYS
    if not keys:
        return [
            Error(
                "ENCRYPTION_KEYS is not set.",
                hint="Generate a key with `manage.py generate_key` and keep a copy in a safe place (docs/keys.md).",
                id="safecity.E001",
            )
        ]
    for index, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            return [Error(f"ENCRYPTION_KEYS: key number {index} is not a Fernet key.", id="safecity.E002")]
    return []
