"""Sweep page (body in ``ui/sweep.py``)."""

from ui import sweep

sweep.render()
