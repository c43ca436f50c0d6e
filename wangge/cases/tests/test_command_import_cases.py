"""`manage.py import_cases FILE [--dry-run]`: prints the rejected rows and the counts."""

import io

from django.core.management import call_command
from django.utils import translation

from wangge.cases.models import Case, CaseImport
from wangge.cases.tests.test_services_history import closed_row, csv_bytes


def test_the_command_imports_a_file_and_prints_the_rejected_rows(
    people, tree, tmp_path
):
    path = tmp_path / "history.csv"
    path.write_bytes(csv_bytes(closed_row("A"), closed_row("B", category="NOPE")))
    out = io.StringIO()

    with translation.override("en"):
        call_command("import_cases", str(path), "--dry-run", stdout=out, verbosity=0)
        assert Case.objects.count() == 0
        call_command("import_cases", str(path), stdout=out, verbosity=0)

    assert "3\tcategory\t" in out.getvalue()
    assert "2 rows: 1 accepted, 1 rejected, 0 already imported." in out.getvalue()
    assert list(Case.objects.values_list("source_number", flat=True)) == ["A"]
    assert CaseImport.objects.count() == 2
