from django.db import migrations

from wangge.core.encrypted_columns import encrypt_columns

forwards, backwards = encrypt_columns(
    "cases", "Case", ["reporter_phone", "reporter_email"]
)


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_reporter_contact_encrypted")]

    operations = [migrations.RunPython(forwards, backwards)]
