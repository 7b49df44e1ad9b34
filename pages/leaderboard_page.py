"""Leaderboard page (body in ``ui/leaderboard.py``)."""

from ui import leaderboard

leaderboard.render()
