"""Parameter sweeps: one strategy x a parameter grid x symbols x a period, run in slices of
sandboxed children, every result stored once as a run linked to its sweep.

Modules: :mod:`~engine.sweeps.grid` (ranges, lists, constraints, expansion),
:mod:`~engine.sweeps.objectives`, :mod:`~engine.sweeps.slices` (one slice in one child),
:mod:`~engine.sweeps._child` (what runs inside it), :mod:`~engine.sweeps.engines` (embedded or
Dask), :mod:`~engine.sweeps.runner` (the orchestration), :mod:`~engine.sweeps.report` (the JSON
document). This package's ``__init__`` imports nothing: the sandboxed child imports
``engine.sweeps._child`` and must stay light.
"""
