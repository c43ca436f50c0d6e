import importlib

import pytest
from django.apps import apps as django_apps
from django.db.models.signals import post_migrate
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# The browser tests' Chromium (wangge/core/tests/browser.py), for the tests of every app.
from wangge.core.tests.browser import chromium  # noqa: F401

# The machine that runs the suite is shared: a slow example is load, not a failure. Each
# property still runs its examples and asserts on every one.
hypothesis_settings.register_profile(
    "wangge", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("wangge")


@pytest.fixture
def tree(db):
    """The small square region tree of regions/tests/factories.py, by code."""
    from wangge.regions.tests.factories import build_tree

    return build_tree()


@pytest.fixture(autouse=True)
def _fresh_locate_index():
    """Each test locates against its own cells, not an index left by an earlier test."""
    from wangge.regions.locate import reset_index

    reset_index()
    yield
    reset_index()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language (Chinese): a test that activates
    another one, or a request that did, leaves nothing for the next test to read."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# The rows the data migrations write (the case catalogue, the working calendar, the stage
# limits), written again after a transactional test's flush emptied every table: the tests
# that run after it in the same worker find the database as migrations left it.
_SEEDS = {
    "core": ("wangge.core.migrations.0002_seed_working_calendar", "core.CalendarDay"),
    "catalogue": (
        "wangge.catalogue.migrations.0002_default_catalogue",
        "catalogue.Category",
    ),
    "cases": ("wangge.cases.migrations.0005_seed_stage_limits", "cases.StageLimit"),
}


def _reseed_after_flush(sender, using="default", **kwargs):
    seed = _SEEDS.get(sender.label)
    if seed is None:
        return
    module, model = seed
    if django_apps.get_model(model).objects.using(using).exists():
        return
    migration = importlib.import_module(module)
    forwards = getattr(migration, "seed", None) or migration.load_defaults
    forwards(django_apps, None)


post_migrate.connect(_reseed_after_flush, dispatch_uid="wangge_tests_reseed")
