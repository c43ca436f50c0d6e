"""The working calendar: which days are worked and when the office is open.

`working` holds the pure `WorkingCalendar` (no ORM, no settings); `selectors` builds one from
the admin-edited tables and caches it per process; `checks` warns when next year's holidays
have not been entered.
"""
