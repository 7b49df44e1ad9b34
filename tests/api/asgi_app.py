"""The test server's entry point: the real dashboard (app.py) with the API's routes, on
Streamlit's own server. Started by tests/api/conftest.py as ``streamlit run`` of this file."""

from pathlib import Path

import streamlit as st

from engine.api import routes

app = st.App(str(Path(__file__).resolve().parents[2] / "app.py"), routes=routes())
