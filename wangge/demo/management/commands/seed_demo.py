"""Load the Zhengzhou demo: real districts and townships, generated grids, people and accounts."""

import dataclasses
import json
import os
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.demo.assessment import seed_assessment
from wangge.demo.cases import seed_cases
from wangge.demo.desk import seed_desk_work
from wangge.demo.linkage import seed_linkage
from wangge.demo.open311 import seed_open311
from wangge.demo.patrols import seed_patrols
from wangge.demo.people import AccountPasswords, people_create
from wangge.demo.portal import seed_portal
from wangge.demo.regions import loading, sources, tree
from wangge.demo.reviews import seed_reviews
from wangge.demo.webhooks import seed_webhooks
from wangge.regions.levels import Level
from wangge.regions.models import Region
from wangge.regions.services import boundaries_changed

DEFAULT_SEED = 2012
DEFAULT_CASES = 1000
# Random streams of one seed: regions use the seed with region codes, people stream 1.
CASES_STREAM = 2
PATROLS_STREAM = 3


class Command(BaseCommand):
    help = "Load the Zhengzhou demo (regions, grids, people, demo accounts) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cells",
            type=int,
            default=tree.DEFAULT_CELLS,
            help=gettext_lazy(
                "Number of unit grids (default %(default)s, Zhengzhou's density of 2016)."
            ),
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=DEFAULT_CASES,
            help=gettext_lazy("Number of demo cases (default %(default)s)."),
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=gettext_lazy("Random seed.")
        )
        parser.add_argument(
            "--accounts-out",
            type=Path,
            help=gettext_lazy(
                "Write the demo accounts (username, password, role, region_code) to this JSON file."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=gettext_lazy(
                "Do nothing, successfully, when the database already has regions."
            ),
        )

    def handle(self, *args, cells, cases, seed, accounts_out, if_empty, **options):
        self.verbosity = options["verbosity"]
        # (stage, wall seconds, CPU seconds) of this run, for bench/seed_demo.py.
        self.timings: list[tuple[str, float, float]] = []
        # Every township needs a community, and every community a cell.
        floor = tree.ZHENGZHOU_TOWNSHIPS
        limit = tree.DEFAULT_COMMUNITIES * tree.MAX_CELLS_PER_COMMUNITY
        if not floor <= cells <= limit:
            raise CommandError(
                _("--cells must be between %(low)d and %(high)d.")
                % {"low": floor, "high": limit}
            )
        if cases < 0:
            raise CommandError(_("--cases must not be negative."))
        started = time.perf_counter()
        with transaction.atomic():
            if Region.objects.exists():
                if if_empty:
                    self.stdout.write(
                        _("The database already has regions: the demo was not loaded.")
                    )
                    return
                raise CommandError(
                    _(
                        "The database already has regions. seed_demo loads the demo into an "
                        "empty database only (--if-empty skips without an error)."
                    )
                )
            # Hashing the accounts' passwords takes seconds: it runs beside the next stages.
            passwords = AccountPasswords(seed)
            with self._stage(_("Reading the real districts and townships")):
                districts, townships = sources.districts(), sources.townships()
            self.stdout.write(
                "  "
                + _("%(districts)d districts, %(townships)d townships and subdistricts")
                % {"districts": len(districts), "townships": len(townships)}
            )
            with self._stage(_("Generating communities and grid cells")):
                city = tree.generate(
                    seed, cells, progress=self._district_done(len(districts))
                )
            with self._stage(_("Writing regions")):
                regions = loading.regions_create(city)
                # Before people and cases: the case generator locates its cases in cells.
                boundaries_changed()
            self._count_regions(regions.values())
            with self._stage(_("Creating departments, people and posts")):
                accounts = people_create(regions, seed, passwords)
            self._seed_cases(cases, seed)
            with self._stage(
                _("Contracting, contact points, work teams and accountability")
            ):
                seed_linkage(seed)
            with self._stage(_("Loading the campaign and the special reviews")):
                seed_reviews(np.random.default_rng([seed, 3]))
            with self._stage(_("Patrols of the last days")):
                seed_patrols(np.random.default_rng([seed, PATROLS_STREAM]))
            with self._stage(_("Public notice boards and resident reports to follow")):
                seed_portal(self.stdout.write)
                seed_open311(self.stdout.write)
            with self._stage(_("A department's webhook subscription and its log")):
                seed_webhooks()
            # Last: the snapshots count every case the stages above filed.
            with self._stage(_("Publishing the assessment of the last months")):
                seed_assessment(seed)
            if accounts_out:
                self._write_accounts(accounts_out, accounts)
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo loaded in %(seconds).1f s.")
                % {"seconds": time.perf_counter() - started}
            )
        )

    @contextmanager
    def _stage(self, label: str):
        self.stdout.write(f"{label} …")
        started, cpu_started = time.perf_counter(), time.process_time()
        yield
        seconds = time.perf_counter() - started
        self.timings.append((label, seconds, time.process_time() - cpu_started))
        self.stdout.write("  " + _("done in %(seconds).1f s") % {"seconds": seconds})

    def _district_done(self, total: int):
        done = 0

        def report(name: str) -> None:
            nonlocal done
            done += 1
            if self.verbosity >= 1:
                self.stdout.write(f"  {name} ({done}/{total})")

        return report

    def _count_regions(self, regions) -> None:
        counts = Counter(r.level for r in regions)
        self.stdout.write(
            "  "
            + _("%(communities)d communities and villages, %(cells)d grid cells")
            % {"communities": counts[Level.COMMUNITY], "cells": counts[Level.CELL]}
        )

    def _seed_cases(self, n: int, seed: int) -> None:
        """Tell the demo's cases through the case services, from their own random stream."""
        if n == 0:
            return
        with self._stage(_("Creating %(count)d demo cases") % {"count": n}):
            seed_cases(n, np.random.default_rng([seed, CASES_STREAM]))
            seed_desk_work()

    def _write_accounts(self, path: Path, accounts) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The file holds passwords in clear: readable by its owner only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(
                [dataclasses.asdict(a) for a in accounts],
                out,
                ensure_ascii=False,
                indent=2,
            )
            out.write("\n")
        self.stdout.write(_("Demo accounts written to %(path)s.") % {"path": path})
