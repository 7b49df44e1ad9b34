"""Streamlit helpers for Botlab's dashboard: one module per page body, plus shared pieces.

Pages in ``pages/`` stay thin (they call ``render()`` here); all numbers, charts and checks come
from ``engine``, which never imports Streamlit.
"""
