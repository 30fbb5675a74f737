from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print a new encryption key for ENCRYPTION_KEYS (keep a copy: data cannot be read without it)."

    def handle(self, *args, **options):
        self.stdout.write(Fernet.generate_key().decode())
