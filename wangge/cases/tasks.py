"""Background tasks of the cases app, run by the django-q2 worker."""

from wangge.cases.escalation import sweep_deadlines


def sweep() -> str:
    """The periodic deadline sweep (scheduled every minute by a data migration)."""
    return str(sweep_deadlines())


def case_import_run(pk: int) -> str:
    """Run a queued historical import (`services.imports.case_import_start` queues it)."""
    from wangge.cases.models import CaseImport, ImportState
    from wangge.cases.services.imports import case_import_run as run

    found = CaseImport.objects.filter(pk=pk, state=ImportState.QUEUED).first()
    if found is None:
        return "nothing to run"
    return str(run(found).state)
