"""Import a city's Safe City profile into the network hub from a file or an address."""

from django.core.management.base import BaseCommand, CommandError

from safecity.network import hub
from safecity.network.schema import DocumentError


class Command(BaseCommand):
    help = "Import a profile document (safecity-profile 1.x) from a file or an http(s) address into the hub."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file path or an http(s):// address of profil.json")
        parser.add_argument("--demo", action="store_true", help="mark the city as a fictional demo city")

    def handle(self, source, demo=False, **options):
        try:
            if source.startswith(("http://", "https://")):
                profile, created = hub.import_url(None, source, is_demo=demo)
            else:
                try:
                    with open(source, "rb") as handle:
                        data = handle.read(hub.MAX_DOCUMENT_BYTES + 1)
                except OSError as exc:
                    raise CommandError(f"{source}: {exc.strerror}") from None
                profile, created = hub.import_bytes(
                    None, data, source_filename=source.rsplit("/", 1)[-1], is_demo=demo
                )
        except DocumentError as error:
            raise CommandError(f"{source}: {error}") from None
        verb = "imported" if created else "updated"
        self.stdout.write(f"{profile.city_name} ({profile.city_id}): {verb}, format {profile.schema_version}")
