"""`manage.py create_api_key --name NAME [--user USERNAME]`: a key for a machine client, printed once."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.api.services import api_key_create


class Command(BaseCommand):
    help = (
        "Create an API key for a machine client (Open311, REST) and print it once. "
        "Without --user the key acts as a new service user api-NAME with no password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name",
            required=True,
            help="unique name of the client (letters, digits, - and _)",
        )
        parser.add_argument(
            "--user", help="username the key acts as (default: service user api-NAME)"
        )

    def handle(self, *args, name, user, **options):
        acting = None
        if user:
            acting = get_user_model().objects.filter(username=user).first()
            if acting is None:
                raise CommandError(
                    _("No user named %(username)s.") % {"username": user}
                )
        try:
            secret, key = api_key_create(name=name, user=acting)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(
            _(
                "API key %(name)s acts as user %(username)s. Copy it now: it is not shown again."
            )
            % {"name": key.name, "username": key.user.get_username()}
        )
        self.stdout.write(secret)
