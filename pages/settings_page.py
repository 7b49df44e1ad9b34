"""Settings page (body in ``ui/settings_view.py``)."""

from ui import settings_view

settings_view.render()
