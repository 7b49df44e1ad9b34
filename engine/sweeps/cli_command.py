"""``botlab sweep``: run a parameter sweep, resume one, or cancel one.

::

    botlab sweep examples/sma_cross.py --param fast=5:20:5 --param slow=20:60:10 \\
        --constraint "fast < slow" --objective sharpe --symbol GOOG --json
    botlab sweep --resume 3
    botlab sweep --cancel 3
    botlab sweep --keep-details 41    # keep run 41's trades and equity curve too

Progress (done, failed, left, combinations per second) goes to stderr while it runs; ``--json``
prints exactly one document on stdout (see :mod:`engine.sweeps.report`). Exit codes: 0 the sweep
finished, 1 it failed or was cancelled (what finished is stored: ``--resume`` runs the rest),
2 bad input (nothing recorded).
"""

from __future__ import annotations

import json
import sys

import click

from engine.sweeps.objectives import DEFAULT_OBJECTIVE, OBJECTIVES

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _options(*options):
    """A decorator adding ``options`` to a command, in this order in its help."""

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


#: The data and money options a sweep and a walk-forward share.
_data_options = _options(
    click.option(
        "--data",
        "data_file",
        type=click.Path(dir_okay=False),
        help="Your own OHLCV file instead.",
    ),
    click.option("--days", type=click.IntRange(min=1), help="Use the last N days of data."),
    click.option("--start", help="First date, YYYY-MM-DD."),
    click.option("--end", help="Last date, YYYY-MM-DD."),
    click.option("--interval", help="Bar size: 1d, 1h, 5m... (default: the data's own)."),
    click.option("--source", type=click.Choice(["sample", "yahoo"]), help="Market data source."),
    click.option("--cash", type=click.FloatRange(min=0, min_open=True), help="Starting cash."),
    click.option("--commission", type=float, help="Commission per trade, as a fraction (0.001)."),
)


def _grid_options(*, required: bool):
    """The grid a sweep runs and a walk-forward chooses from: its values, constraints and
    objective."""
    return _options(
        click.option(
            "--param",
            "params",
            multiple=True,
            required=required,
            metavar="NAME=START:STOP:STEP",
            help="A parameter's values: START:STOP:STEP (STOP included) or a list a,b,c. "
            "Repeat it.",
        ),
        click.option(
            "--constraint",
            "constraints",
            multiple=True,
            help='A condition every combination must meet, e.g. "fast < slow". Repeatable.',
        ),
        click.option(
            "--objective",
            type=click.Choice(list(OBJECTIVES)),
            default=DEFAULT_OBJECTIVE,
            show_default=True,
            help="What 'best' means (return_dd = return / |max drawdown|).",
        ),
    )


@click.command("sweep")
@click.argument("bot", required=False, metavar="FILE_OR_STRATEGY")
@_grid_options(required=False)
@click.option("--symbol", "symbols", multiple=True, help="Symbol(s) to test on (repeatable).")
@_data_options
@click.option(
    "--max-combinations",
    type=click.IntRange(min=1),
    help="Run a random subset of this many combinations of a larger grid.",
)
@click.option("--seed", type=int, help="Seed of the random subset (same seed, same subset).")
@click.option(
    "--best",
    "best_n",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Keep the trades and equity curves of the best N parameter sets.",
)
@click.option(
    "--robustness/--no-robustness",
    default=True,
    show_default=True,
    help="End with walk-forward, overfitting statistics, stability, Monte Carlo and a verdict.",
)
@click.option("--class", "strategy_class", help="Which Strategy subclass to sweep, by name.")
@click.option("--name", help="Strategy name to store the runs under (default: the file name).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds one slice of combinations may run (default: BOTLAB_TIMEOUT, 300).",
)
@click.option(
    "--workers", type=click.IntRange(min=1), help="Slices at once (default: one per core)."
)
@click.option("--resume", "resume_id", type=int, help="Run what sweep ID has not finished.")
@click.option("--cancel", "cancel_id", type=int, help="Ask the process running sweep ID to stop.")
@click.option(
    "--keep-details",
    "detail_ids",
    type=int,
    multiple=True,
    metavar="RUN_ID",
    help="Keep the trades and equity curve of these runs of a sweep (run them again).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the sweep as one JSON document.")
def sweep_command(bot, resume_id, cancel_id, detail_ids, as_json, workers, **options) -> None:
    """Run FILE_OR_STRATEGY (a bot file or a stored strategy's name) over a parameter grid and
    store every combination as a run."""
    from engine.sweeps.grid import GridError
    from engine.sweeps.runner import SweepError

    try:
        if cancel_id is not None:
            _cancel(cancel_id, as_json)
            return
        if detail_ids:
            _keep_details(detail_ids, as_json)
            return
        sweep = _run(bot, resume_id, workers, options)
    except (GridError, SweepError) as exc:
        _fail(exc)
    except Exception as exc:
        if not _expected(exc):
            raise
        _fail(exc)
    _emit(sweep.id, as_json)
    sys.exit(EXIT_OK if sweep.status == "succeeded" else EXIT_FAILED)


def _run(bot, resume_id, workers, options):
    from engine.sweeps.runner import SweepRequest, SweepRunner

    runner = SweepRunner(workers=workers, progress=_progress)
    if resume_id is not None:
        if bot or options["params"]:
            _fail("--resume takes only the sweep's id: its bot and grid are stored")
        return runner.resume(resume_id)
    if not bot:
        _fail("give a bot file or a stored strategy's name (or --resume ID / --cancel ID)")
    timeout = options.pop("timeout")
    symbols = [s for item in options.pop("symbols") for s in item.split(",") if s.strip()]
    request = SweepRequest(bot=bot, symbols=symbols, slice_timeout=timeout, **options)
    sweep = runner.prepare(request)
    click.echo(f"sweep {sweep.id}: {sweep.combinations} combinations", err=True)
    return runner.run(sweep.id)


def _cancel(sweep_id: int, as_json: bool) -> None:
    from engine.store import NotFoundError, Store

    try:
        sweep = Store.open().request_sweep_cancel(sweep_id)
    except NotFoundError as exc:
        _fail(str(exc), "not_found")
    if as_json:
        click.echo(
            json.dumps(
                {
                    "sweep_id": sweep.id,
                    "status": sweep.status,
                    "cancel_requested": sweep.cancel_requested,
                }
            )
        )
    elif sweep.finished:
        click.echo(f"sweep {sweep.id} has already finished ({sweep.status})")
    else:
        click.echo(f"sweep {sweep.id}: cancel requested; it stops within a few seconds")


def _keep_details(run_ids, as_json: bool) -> None:
    from engine.sweeps.runner import SweepRunner

    runner = SweepRunner()
    sweeps = set()
    for run_id in run_ids:
        run = runner.store.get_execution(run_id)
        if run is None or run.sweep_id is None:
            _fail(f"run {run_id} is not a combination of a sweep", "not_found")
        sweeps.add(run.sweep_id)
    if len(sweeps) > 1:
        _fail("--keep-details takes runs of one sweep at a time")
    kept = runner.keep_details(sweeps.pop(), list(run_ids))
    if as_json:
        click.echo(json.dumps({"kept": kept}))
    else:
        click.echo(f"kept the trades and equity curves of runs {', '.join(map(str, kept))}")


def _progress(progress) -> None:
    click.echo(progress.line(), err=True)


def _emit(sweep_id: int, as_json: bool) -> None:
    from engine.store import Store
    from engine.sweeps.report import sweep_document

    document = sweep_document(Store.open(), sweep_id)
    if as_json:
        click.echo(json.dumps(document, indent=2, default=str, allow_nan=False))
        return
    click.echo(human_summary(document))


def human_summary(document: dict, top: int = 10) -> str:
    """The sweep's outcome and its best combinations, as lines for a terminal."""
    lines = [
        f"sweep {document['sweep_id']} ({document['strategy']}, objective "
        f"{document['objective']}): {document['status']}, {document['done']}/{document['total']} "
        f"done, {document['failed']} failed"
    ]
    if document.get("error"):  # with its hints as the command line says them (flags, commands)
        from engine.cli import HINT_WORDS
        from engine.results import said

        lines.append(f"  {said(document['error'], document.get('hints', []), HINT_WORDS)}")
    scored = [c for c in document.get("combinations", []) if c["score"] is not None]
    scored.sort(key=lambda c: -c["score"])
    for c in scored[:top]:
        params = " ".join(f"{k}={v}" for k, v in c["params"].items())
        m = c["metrics"]
        lines.append(
            f"  run {c['execution_id']:>6}  {c['symbol'] or '':<8} {params:<30} "
            f"score {c['score']:>8.3f}  return {_pct(m['return_pct'])}  "
            f"max dd {_pct(m['max_drawdown'])}  trades {m['trades']}"
        )
    best = document.get("best")
    if best:
        params = " ".join(f"{k}={v}" for k, v in best["params"].items())
        lines.append(
            f"best: {params} (score {best['score']:.3f}; botlab show {best['execution_id']})"
        )
    verdict = (document.get("robustness") or {}).get("verdict")
    if verdict:
        lines.append(f"robustness: {verdict['headline']}")
        lines += [f"  - {finding['sentence']}" for finding in verdict["findings"]]
    if document["status"] != "succeeded" and document["left"]:
        lines.append(f"resume with: botlab sweep --resume {document['sweep_id']}")
    return "\n".join(lines)


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.2f}%"


def _expected(exc: Exception) -> bool:
    from engine.cli import _expected as expected_by_cli
    from engine.execution.sandbox import SandboxUnavailable

    return isinstance(exc, SandboxUnavailable) or expected_by_cli(exc)


def _fail(message: str | BaseException, code: str = "invalid_request") -> None:
    """Stop with exit 2 (bad input), as every command does (:func:`engine.cli._fail`): an
    error is said in the command line's words, and under ``--json`` is one JSON document."""
    from engine.cli import _fail as fail
    from engine.cli import error_words
    from engine.results import hints_of

    if isinstance(message, BaseException):
        code = getattr(message, "code", None) or code
        fail(error_words(message), EXIT_BAD_INPUT, code, hints=hints_of(message))
    fail(message, EXIT_BAD_INPUT, code)


@click.command("walk-forward")
@click.argument("bot", metavar="FILE_OR_STRATEGY")
@_grid_options(required=True)
@click.option("--symbol", help="Symbol to test on.")
@_data_options
@click.option("--class", "strategy_class", help="Which Strategy subclass, by name.")
@click.option(
    "--train-bars",
    type=click.IntRange(min=2),
    default=504,
    show_default=True,
    help="Bars each setting is chosen on (504: about two years of daily bars).",
)
@click.option(
    "--test-bars",
    type=click.IntRange(min=1),
    default=126,
    show_default=True,
    help="Bars the chosen setting then trades (126: about six months).",
)
@click.option("--anchored", is_flag=True, help="Every train window starts at the first bar.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def walk_forward_command(bot, symbol, train_bars, test_bars, anchored, as_json, **options):
    """Choose the best setting of FILE_OR_STRATEGY on each train window, trade it on the next
    window, and report the stitched out-of-sample result (nothing is stored)."""
    from engine.sweeps.grid import GridError
    from engine.sweeps.runner import SweepError, SweepRequest
    from engine.sweeps.walk_forward import WalkForwardSettings, run_walk_forward

    request = SweepRequest(bot=bot, symbols=[symbol] if symbol else [], **options)
    try:
        document = run_walk_forward(
            request, WalkForwardSettings(train_bars, test_bars, anchored=anchored)
        )
    except (GridError, SweepError, ValueError) as exc:
        _fail(exc)
    except Exception as exc:
        if not _expected(exc):
            raise
        _fail(exc)
    if as_json:
        click.echo(json.dumps(document, indent=2, default=str, allow_nan=False))
        return
    click.echo(
        f"walk-forward of {document['strategy']} on {document['symbol']}: "
        f"{len(document['windows'])} windows, "
        f"out of sample {_pct(document['out_of_sample_return_pct'])}"
    )
    for window in document["windows"]:
        params = " ".join(f"{k}={v}" for k, v in window["params"].items())
        click.echo(
            f"  {window['test_start']}..{window['test_end']}  {params:<24} "
            f"in sample {_pct(window['in_sample_return_pct'])}, "
            f"out of sample {_pct(window['out_of_sample_return_pct'])}"
        )
    click.echo(document["verdict"]["headline"])
