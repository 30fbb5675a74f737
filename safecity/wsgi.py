import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecity.settings")
application = get_wsgi_application()

from safecity.core.crypto import verify_keys_at_startup  # noqa: E402 - needs the apps loaded

verify_keys_at_startup()
