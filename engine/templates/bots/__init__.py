"""The bot modules behind the templates: one self-contained backtesting.py strategy each.

Each module is real, importable Python (so it is linted and tested in-process), and it is also
the text :func:`engine.templates.render` starts from: the block between the ``# -- parameters``
and ``# -- end of parameters --`` markers is replaced by the request's values. A bot imports only
numpy, pandas and backtesting.py; Botlab loads its market data and the executor runs it.
"""
