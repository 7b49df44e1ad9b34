"""Compare page (body in ``ui/compare.py``)."""

from ui import compare

compare.render()
