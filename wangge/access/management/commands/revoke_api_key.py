"""`manage.py revoke_api_key NAME`: the key opens nothing from now on."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.access.api_keys import ApiKey, api_key_revoke


class Command(BaseCommand):
    help = _("Revoke a machine client's API key by its name.")

    def add_arguments(self, parser):
        parser.add_argument("name", help=_("the key's name"))

    def handle(self, *args, name, **options):
        key = ApiKey.objects.filter(name=name).first()
        if key is None:
            raise CommandError(_("No API key is named %(name)s.") % {"name": name})
        if key.is_revoked:
            self.stdout.write(
                _("API key %(name)s was already revoked.") % {"name": name}
            )
            return
        api_key_revoke(key=key)
        self.stdout.write(_("API key %(name)s revoked.") % {"name": name})
