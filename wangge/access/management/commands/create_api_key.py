"""`manage.py create_api_key --name NAME [--scope submit|read ...] [--region CODE]
[--per-minute N] [--user USERNAME]`: a key for a machine client, printed once."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.access.api_keys import KeyScope, api_key_create
from wangge.regions.models import Region


class Command(BaseCommand):
    help = _(
        "Create an API key for a machine client (Open311, REST) and print it once. "
        "Without --user the key acts as a new service user api-NAME with no password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name",
            required=True,
            help=_("unique name of the client (letters, digits, - and _)"),
        )
        parser.add_argument(
            "--scope",
            action="append",
            choices=KeyScope.values,
            help=_("what the key may do; repeat for both (default: submit and read)"),
        )
        parser.add_argument(
            "--region",
            help=_("code of the region the key reaches (default: the whole city)"),
        )
        parser.add_argument(
            "--per-minute",
            type=int,
            dest="per_minute",
            help=_("requests per minute the key may make (default: 120)"),
        )
        parser.add_argument(
            "--user",
            help=_("username the key acts as (default: service user api-NAME)"),
        )

    def handle(self, *args, name, scope, region, per_minute, user, **options):
        acting = None
        if user:
            acting = get_user_model().objects.filter(username=user).first()
            if acting is None:
                raise CommandError(
                    _("No user named %(username)s.") % {"username": user}
                )
        reached = None
        if region:
            reached = Region.objects.filter(code=region).first()
            if reached is None:
                raise CommandError(
                    _("No region has the code %(code)s.") % {"code": region}
                )
        try:
            secret, key = api_key_create(
                name=name,
                user=acting,
                region=reached,
                scopes=scope,
                hits_per_minute=per_minute,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(
            _(
                "API key %(name)s acts as user %(username)s in %(region)s (%(scopes)s, "
                "%(rate)d requests a minute). Copy it now: it is not shown again."
            )
            % {
                "name": key.name,
                "username": key.user.get_username(),
                "region": key.region.name,
                "scopes": ", ".join(key.scopes),
                "rate": key.hits_per_minute,
            }
        )
        self.stdout.write(secret)
