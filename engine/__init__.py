"""Botlab's engine: market data, the run store, the bot executor and the CLI.

The engine never imports Streamlit; the dashboard (``app.py``, ``pages/``, ``ui/``) calls into it.
"""

__version__ = "0.1.0"
