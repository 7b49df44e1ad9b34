"""Parameter sweeps: one strategy x a parameter grid x symbols x a period, run in slices of
sandboxed children, every result stored once as a run linked to its sweep, and judged.

Modules: :mod:`~engine.sweeps.grid` (ranges, lists, constraints, expansion),
:mod:`~engine.sweeps.objectives`, :mod:`~engine.sweeps.slices` (one slice in one child),
:mod:`~engine.sweeps._child` (what runs inside it), :mod:`~engine.sweeps.engines` (the engine
interface and the embedded engine) and :mod:`~engine.sweeps.dask_engine`,
:mod:`~engine.sweeps.runner` (the orchestration), :mod:`~engine.sweeps.report` (the JSON
document), :mod:`~engine.sweeps.robustness` (the statistics), :mod:`~engine.sweeps.assessment`
(the statistics applied to a sweep, and its scores on the grid), :mod:`~engine.sweeps.walk_forward`
(every walk-forward: a sweep's, ``botlab walk-forward``'s and the Run page's),
:mod:`~engine.sweeps.run_check` (one run on demand), :mod:`~engine.sweeps.service` (API and
MCP), :mod:`~engine.sweeps.cli_command` (``botlab sweep``). This package's ``__init__`` imports
nothing: the sandboxed child imports ``engine.sweeps._child`` and must stay light.
"""
