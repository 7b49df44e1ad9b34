"""Run page (body in ``ui/run_view.py``)."""

from ui import run_view

run_view.render()
