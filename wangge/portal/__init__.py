"""Pages for residents and the public, no account needed: reporting, tracking, the public notice board (五公开)."""
