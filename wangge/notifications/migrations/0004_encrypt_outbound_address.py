from django.db import migrations

from wangge.core.encrypted_columns import encrypt_columns

forwards, backwards = encrypt_columns("notifications", "OutboundMessage", ["address"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_reporter_contact_encrypted")]

    operations = [migrations.RunPython(forwards, backwards)]
