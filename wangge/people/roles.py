"""The roles a post can carry, and the region levels each may be posted at."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.regions.levels import Level


class Role(models.TextChoices):
    GRID_WORKER = "grid_worker", _("Grid worker")
    GRID_CHIEF = "grid_chief", _("Grid chief")
    COMMUNITY_SECRETARY = "community_secretary", _("Community secretary")
    FIRST_RESPONSIBLE = "first_responsible", _("First responsible person")
    DESK = "desk", _("Intake and dispatch desk")
    DEPARTMENT_HANDLER = "department_handler", _("Department handler")
    SUPERVISOR = "supervisor", _("Supervisor")
    LEADER = "leader", _("Leader")
    CITY_OFFICE = "city_office", _("City management office")
    ADMIN = "admin", _("System administrator")


class HelperKind(models.TextChoices):
    """Who a grid worker (网格员) is in the grid the grid chief leads: the helpers of the
    third grid level, by the part of the grid they answer for or the standing they have."""

    GROUP_LEADER = "group_leader", _("Villagers' group leader")
    BUILDING_HEAD = "building_head", _("Building head")
    BLOCK_HEAD = "block_head", _("Block head")
    UNIT_HEAD = "unit_head", _("Head of a public unit")
    RETIRED_CADRE = "retired_cadre", _("Retired cadre")
    HOUSEHOLD_REPRESENTATIVE = "household_representative", _("Household representative")


_PLATFORM = (Level.CITY, Level.DISTRICT, Level.TOWNSHIP, Level.COMMUNITY)

# Where each role may hold a post. A department's post sits at its department's region.
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.GRID_WORKER: (Level.CELL,),
    Role.GRID_CHIEF: (Level.CELL,),
    Role.COMMUNITY_SECRETARY: (Level.COMMUNITY,),
    Role.FIRST_RESPONSIBLE: (Level.TOWNSHIP,),
    Role.DESK: _PLATFORM,
    Role.DEPARTMENT_HANDLER: (Level.CITY, Level.DISTRICT),
    Role.SUPERVISOR: (Level.CITY, Level.DISTRICT, Level.TOWNSHIP),
    Role.LEADER: (Level.CITY, Level.DISTRICT, Level.TOWNSHIP),
    Role.CITY_OFFICE: (Level.CITY,),
    Role.ADMIN: (Level.CITY, Level.DISTRICT),
}

# Roles whose post belongs to a department rather than to a region's own staff.
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HANDLER})

# Roles that administer people and regions of their area in the admin site.
ADMIN_ROLES = frozenset({Role.ADMIN})
