"""Strategies page (body in ``ui/strategies.py``)."""

from ui import strategies

strategies.render()
