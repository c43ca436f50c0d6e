from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core.encrypted_columns import rotate_all


class Command(BaseCommand):
    help = _(
        "Re-encrypt every stored personal datum under the first key of "
        "WANGGE_DATA_KEYS; afterwards the older keys can be removed."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = rotate_all()
        self.stdout.write(
            _("%(rows)d rows re-encrypted under the newest key.") % {"rows": rows}
        )
