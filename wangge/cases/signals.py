"""What cases announce to the mechanisms above them, inside the transaction of the change.

A receiver runs before the commit, so what it writes (an inbox item, a task) stands or
falls with the change itself. Cases never import their receivers: they connect from above.
"""

from django.dispatch import Signal

# A case was escalated (逐级上报) to `case.node`, by hand or by the sweep; `from_node`
# is the code of the node it came from. Sent by `case_transition`.
case_escalated = Signal()

# The sweep turned these cases red (overdue) at time `at`: `cases` is a list of cases
# with their nodes. Sent by `escalation.sweep_deadlines`, once per chunk.
cases_turned_red = Signal()

# An event was appended to a case's timeline (`services.events.event_record`), after the
# case itself was saved: `case` as the change left it, `event` the new `CaseEvent`.
# Every state change and every supervision step passes here, inside its transaction.
case_event_recorded = Signal()
