"""The duties of those named on a notice board, as the 2012 grid model sets them out."""

from django.utils.translation import gettext_lazy as _

from wangge.people.roles import Role

DUTIES = {
    Role.FIRST_RESPONSIBLE: _(
        "First responsible for the township's grids: leads the grid work, solves what the "
        "communities cannot, and answers for the whole township's problems being found and "
        "dealt with."
    ),
    Role.COMMUNITY_SECRETARY: _(
        "Directly responsible for the community's grids: organises the grid chiefs and "
        "helpers, receives the residents' problems, and sees that each is handled or "
        "reported upward in time."
    ),
    Role.GRID_CHIEF: _(
        "Answers for the grid: patrols it, knows its households and units, finds problems "
        "early, solves them inside the grid where possible and reports the rest."
    ),
    Role.GRID_WORKER: _(
        "Helps the grid chief: keeps in touch with the households of a group, building or "
        "block, passes on their problems and checks on site that they were solved."
    ),
}
