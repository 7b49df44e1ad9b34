"""New bot page (body in ``ui/new_bot.py``)."""

from ui import new_bot

new_bot.render()
