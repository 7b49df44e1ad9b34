"""The ``botlab`` command (also ``python -m engine``).

Human output is a readable summary; ``--json`` prints exactly one JSON document on stdout, an
error too (an :class:`~engine.results.ErrorBody`: ``{"error": ..., "code": ...}``). Errors are
one specific line on stderr, never a traceback (set ``BOTLAB_DEBUG=1`` to see one).

Exit codes: 0 success; 1 a run that failed (the bot crashed or timed out, its data could not be
had...); 2 bad input (an option, a missing or unusable bot file, a ``--data`` file that is
missing, not a regular file or fails validation); 3 the environment (the database is read-only,
damaged or unreachable, the disk is full, the sandbox is unavailable).
"""

from __future__ import annotations

import errno
import functools
import json
import os
import sys
import warnings

import click

from engine import results
from engine.metrics import format_metric, format_summary
from engine.results import STATUS_WORDS, Refused, hints_of, said

EXIT_RUN_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 3
#: A run that failed for one of these reasons exits with the code given, not EXIT_RUN_FAILED.
RUN_FAILURE_EXITS = {"sandbox_unavailable": EXIT_ENVIRONMENT}

#: How the command line says each hint an error carries (see engine.results.HINTS): as flags,
#: variables and files (the API says the same hints as request fields, the dashboard as what
#: to click).
HINT_WORDS = {
    "yahoo_source": "to download it from Yahoo Finance use the Yahoo source (--source yahoo, or "
    "BOTLAB_DATA_SOURCE=yahoo)",
    "sample_source": "its bundled sample works offline (--source sample)",
    "gemini_engine": "Gemini reads more (--engine auto or gemini, with GEMINI_API_KEY set)",
    "gemini_key": "set GEMINI_API_KEY (or several, comma-separated, in GEMINI_API_KEYS), or put "
    "GEMINI_API_KEY in .streamlit/secrets.toml",
    "sample_grid": "sample it with --max-combinations N (and --seed S), or narrow it",
    "restore_database": "restore a backup (made with 'botlab backup FILE': copy it to {value}), "
    "or move the file aside (e.g. mv {value} {value}.damaged) and Botlab starts a new, empty one",
    "start_worker": "start one with `dask worker {value} --nworkers 1 --nthreads $(nproc) "
    "--resources SANDBOX=$(nproc)` (BOTLAB_CLUSTER_WORKER_WAIT sets how long to wait)",
}
#: A request field -> the option that gives it (see :func:`option_subject`).
OPTIONS = {
    "params": "--param",
    "constraints": "--constraint",
    "symbols": "--symbol",
    "best_n": "--best",
}


def option_subject(field: str, given: str | None) -> str:
    """An input named as the command line gives it: ``--param fast=5:20``,
    ``--constraint 'fast <'``, ``--max-combinations``."""
    if field.startswith("params."):
        name = field.removeprefix("params.")
        return f"--param {name}" + ("" if given is None else f"={given}")
    option = OPTIONS.get(field, "--" + field.replace("_", "-"))
    return option if given is None else f"{option} {given!r}"


def error_words(error: BaseException) -> str:
    """An error in the command line's words: its input as an option, its hints as flags."""
    if isinstance(error, Refused):
        return error.said(option_subject, HINT_WORDS)
    return said(str(error), hints_of(error), HINT_WORDS)


def _friendly_errors(command):
    """Turn expected failures into one line on stderr and a non-zero exit."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except click.ClickException:
            raise
        except Exception as exc:
            fault = _environment_fault(exc)
            if fault is not None:
                _fail(error_words(fault), EXIT_ENVIRONMENT, "store_unavailable", hints=fault.hints)
            if _expected(exc):
                code = getattr(exc, "code", None) or "invalid_request"
                _fail(error_words(exc), EXIT_BAD_INPUT, code, hints=hints_of(exc))
            if os.environ.get("BOTLAB_DEBUG"):
                raise
            _fail(
                f"internal error: {type(exc).__name__}: {exc} (BOTLAB_DEBUG=1 shows details)",
                EXIT_BAD_INPUT,
                "internal_error",
            )

    return wrapper


#: The errors that are a user's bad input, not Botlab's fault, by the module defining them.
EXPECTED_ERRORS = {
    "engine.config": ("ConfigError",),
    "engine.cluster": ("ClusterError",),
    "engine.execution.executor": ("BotFileNotFoundError",),
    "engine.execution.bot_source": ("BotTextError",),
    "engine.data": ("DataError",),
    "engine.generation.generator": ("GenerationRefused",),
    "engine.generation.gemini": ("GenerationError",),
}


def _expected(exc: Exception) -> bool:
    """Whether ``exc`` is one of :data:`EXPECTED_ERRORS`. Only modules already imported are
    looked at (an error can only come from a loaded module), so a command such as ``history``
    never pays for importing pandas or the Gemini SDK just to name the errors it might catch."""
    kinds = tuple(
        getattr(module, name)
        for module_name, names in EXPECTED_ERRORS.items()
        if (module := sys.modules.get(module_name)) is not None
        for name in names
    )
    return isinstance(exc, kinds)


def _environment_fault(exc: Exception):
    """The database or disk fault (exit 3) ``exc`` is, or ``None`` for anything else."""
    from engine.store.faults import StoreUnavailable, translate

    if isinstance(exc, StoreUnavailable):
        return exc
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
        from engine.config import load_settings

        return translate(exc, f"sqlite:///{load_settings().home / 'botlab.db'}")
    return None


def _fail(
    message: str, code: int = EXIT_BAD_INPUT, error_code: str = "invalid_request", **fields
) -> None:
    """Stop with exit ``code``: the one line on stderr and, under ``--json``, the error as one
    JSON document on stdout (``error_code`` its ``code``, the API's word for the same fault;
    ``fields`` its other keys, such as ``field``)."""
    if _json_wanted():
        _emit_json(results.error_body(message, error_code, **fields))
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _json_wanted() -> bool:
    """Whether the command being run was given ``--json``."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.params.get("as_json") or ctx.meta.get(_JSON_ASKED):
            return True
        ctx = ctx.parent
    return False


_JSON_ASKED = "botlab.json"


class _Commands(click.Group):
    """The ``botlab`` group: a command line click refuses (an unknown option, a value out of
    range, a missing argument) is, under ``--json``, one JSON error document as well."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_JSON_ASKED] = "--json" in args
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            if not ctx.meta.get(_JSON_ASKED):
                raise
            _emit_json(results.error_body(exc.format_message(), "invalid_request"))
            click.echo(f"Error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)


def _emit_json(document) -> None:
    click.echo(json.dumps(document, indent=2, default=str, allow_nan=False))


def _other_data(ctx, param, values) -> dict[str, str] | None:
    """``--other-data QQQ=qqq.csv`` (repeatable) as ``{"QQQ": "qqq.csv"}``."""
    out = {}
    for value in values:
        symbol, sep, path = value.partition("=")
        if not sep or not symbol.strip() or not path.strip():
            raise click.BadParameter(f"{value!r}: write SYMBOL=FILE, e.g. QQQ=qqq.csv")
        out[symbol.strip().upper()] = path.strip()
    return out or None


OTHER_DATA_OPTION = click.option(
    "--other-data",
    multiple=True,
    callback=_other_data,
    metavar="SYMBOL=FILE",
    help="Bars for another symbol the bot reads (a market filter such as QQQ), from a file.",
)


def _executor(timeout: float | None = None, verbose: bool = False):
    from engine.execution.executor import BotExecutor

    kwargs = {"verbose": verbose}
    if timeout:
        kwargs["timeout_seconds"] = timeout
    return BotExecutor(**kwargs)


@click.group(cls=_Commands)
@click.version_option(package_name="botlab")
def cli() -> None:
    """Botlab: turn a trading idea into a tested backtesting.py bot."""
    warnings.filterwarnings("ignore")  # library noise must not reach a --json stdout


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--name", help="Strategy name to store the run under (default: the file name).")
@click.option("--symbol", help="Symbol to test on, e.g. AAPL (default: AAPL).")
@click.option("--days", type=click.IntRange(min=1), help="Test on the last N days of data.")
@click.option("--start", help="First date, YYYY-MM-DD.")
@click.option("--end", help="Last date, YYYY-MM-DD.")
@click.option("--interval", help="Bar size: 1d, 1h, 5m... (default: the data's own).")
@click.option(
    "--source",
    type=click.Choice(["sample", "yahoo"]),
    help="Market data: bundled samples (offline) or Yahoo (online, cached).",
)
@click.option(
    "--data",
    "data_file",
    type=click.Path(dir_okay=False),
    help="Your own OHLCV file (CSV or Parquet) instead of a symbol.",
)
@click.option("--cash", type=click.FloatRange(min=0, min_open=True), help="Starting cash.")
@click.option("--commission", type=float, help="Commission per trade, as a fraction (0.001).")
@click.option(
    "--spread",
    type=click.FloatRange(min=0, max=0.1, max_open=True),
    help="Bid-ask spread (slippage) paid on each trade, as a fraction of the price (0.0002).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds before the run is stopped (default 300).",
)
@click.option("--class", "strategy_class", help="Which Strategy subclass to run, by name.")
@OTHER_DATA_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the run as one JSON document.")
@_friendly_errors
def run(
    file,
    name,
    symbol,
    days,
    start,
    end,
    interval,
    source,
    data_file,
    cash,
    commission,
    spread,
    timeout,
    strategy_class,
    other_data,
    as_json,
) -> None:
    """Run a bot FILE and store the result."""
    executor = _executor(timeout=timeout, verbose=not as_json)
    result = executor.execute_bot(
        file,
        strategy_name=name,
        test_symbol=symbol,
        test_period_days=days,
        data=data_file,
        cash=cash,
        commission=commission,
        spread=spread,
        timeout=timeout,
        start=start,
        end=end,
        interval=interval,
        source=source,
        strategy_class=strategy_class,
        other_data=other_data,
    )
    if as_json:
        _emit_json(_run_document(result))
    else:
        _echo_hints(result)
        if not result.success and result.output_log.strip():
            click.echo(f"Log: {result.files.get('log')}")
    sys.exit(_run_exit(result, data_file))


@cli.command()
@click.option("--name", required=True, help="The strategy's name.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of runs.")
@_friendly_errors
def history(name, as_json) -> None:
    """Every run of one strategy, newest first."""
    store = _store()
    records = store.strategy_history(name, full=True)
    if as_json:
        _emit_json([results.run_brief(r) for r in records])
        return
    if not records:
        click.echo(f"No runs of a strategy named {name!r}.")
        return
    _print_table(records)


class _SortKey(click.Choice):
    """The leaderboard's sort keys (:func:`engine.results.sort_keys`), read from the store only
    when asked for, so that the command line starts without importing SQLAlchemy."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        from engine.store import SORTABLE_COLUMNS

        return results.sort_keys(SORTABLE_COLUMNS)


@cli.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--status",
    type=click.Choice(["all", *STATUS_WORDS]),
    default="all",
    show_default=True,
)
@click.option("--symbol", help="Only runs on this symbol.")
@click.option(
    "--sort",
    default="created_at",
    show_default=True,
    type=_SortKey(),
    help="A metric's public name (max_drawdown; the store's max_drawdown_pct also works).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of runs.")
@_friendly_errors
def runs(limit, status, symbol, sort, as_json) -> None:
    """Recent runs (or the leaderboard, with --sort sharpe_ratio)."""
    page = _store().list_executions(
        status=None if status == "all" else status,
        symbol=symbol,
        sort=results.sort_column(sort),
        limit=limit,
    )
    if as_json:
        _emit_json([results.run_brief(r) for r in page.items])
        return
    if not page.items:
        click.echo("No runs yet. Try: botlab run examples/sma_cross.py")
        return
    _print_table(page.items)
    if page.total > len(page.items):
        click.echo(f"({len(page.items)} of {page.total} runs; --limit shows more)")


@cli.command()
@click.argument("run_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the run as one JSON document.")
@_friendly_errors
def show(run_id, as_json) -> None:
    """One stored run, in full."""
    from engine.execution.stored import result_from_record

    store = _store()
    record = store.get_execution(run_id)
    if record is None:
        _fail(f"no run with id {run_id}", EXIT_BAD_INPUT, "not_found")
    result = result_from_record(record, store)
    if as_json:
        _emit_json(_run_document(result))
    else:
        click.echo(format_summary(result), nl=False)
        _echo_hints(result)
        for kind, path in result.files.items():
            click.echo(f"{kind.capitalize() + ':':<10} {path}")


@cli.command()
@click.argument("run_id", type=int)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, writable=True),
    help="Where to write the report (default: botlab-run-RUN_ID.html here).",
)
@_friendly_errors
def report(run_id, output) -> None:
    """Write one stored run's report: a self-contained HTML page (charts, every trade, every
    statistic, the code), the same as the dashboard's "Report (HTML)" download."""
    from pathlib import Path

    from engine.report import report_for_run

    try:
        html = report_for_run(_store(), run_id)
    except LookupError as exc:
        _fail(str(exc), EXIT_BAD_INPUT, "not_found")
    path = Path(output or f"botlab-run-{run_id}.html")
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write the report to {path}: {exc.strerror or exc}")
    click.echo(f"Report of run {run_id} written to {path} ({len(html) / 1e6:.1f} MB)")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_friendly_errors
def summary(as_json) -> None:
    """How all runs went: counts, success rate, averages, best and worst."""
    data = _store().performance_summary()
    if as_json:
        _emit_json(data)
        return
    rate = data["success_rate"] * 100
    click.echo(f"Runs:            {data['total_executions']}")
    click.echo(f"Succeeded:       {data['successful_executions']} ({rate:.0f}%)")
    click.echo(f"Average return:  {format_metric('return_pct', data['avg_return_pct'])}")
    avg_sharpe = data["avg_sharpe_ratio"]
    click.echo(f"Average Sharpe:  {'n/a' if avg_sharpe is None else f'{avg_sharpe:.2f}'}")
    for label, key in (("Best run", "best_run"), ("Worst run", "worst_run")):
        best = data.get(key)
        if best:
            click.echo(
                f"{label + ':':<16} #{best['execution_id']} {best['strategy_name']} on "
                f"{best['symbol']}: {format_metric('return_pct', best['return_pct'])}"
            )


@cli.group()
def data() -> None:
    """Market data: bundled samples and the Yahoo cache."""


@data.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of series.")
@_friendly_errors
def data_list(as_json) -> None:
    """Bundled and cached series with their ranges."""
    from engine import data as market_data
    from engine.data._format import list_text

    series = market_data.list_series()
    if as_json:
        _emit_json([s.describe() for s in series])
    else:
        click.echo(list_text(series))


@data.command("fetch")
@click.argument("symbol")
@click.option("--days", type=click.IntRange(min=1), help="The last N calendar days.")
@click.option("--start", help="YYYY-MM-DD (default: 10 years ago).")
@click.option("--end", help="YYYY-MM-DD, inclusive (default: today).")
@click.option("--interval", default="1d", show_default=True, help="1d, 1h, 5m, 1wk, 1mo, ...")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_friendly_errors
def data_fetch(symbol, days, start, end, interval, as_json) -> None:
    """Download SYMBOL from Yahoo Finance into the cache."""
    from engine import data as market_data
    from engine.data._format import fetch_text

    market = market_data.fetch(symbol, start=start, end=end, days=days, interval=interval)
    if as_json:
        _emit_json(market.describe())
    else:
        click.echo(fetch_text(market))


@cli.command()
@click.argument("description")
@click.option(
    "--engine",
    type=click.Choice(["auto", "offline", "gemini"]),
    default="auto",
    show_default=True,
    help="offline: Botlab's compiler; gemini: Google Gemini; auto: offline when it "
    "understands everything, else Gemini when a key is set.",
)
@click.option("--execute", is_flag=True, help="Run the bot after generating it.")
@click.option("--name", help="Strategy name (default: from the rules).")
@click.option("--symbol", help="Symbol to test on (default: the description's, else AAPL).")
@click.option("--days", type=click.IntRange(min=1), help="Test on the last N days.")
@click.option(
    "--data", "data_file", type=click.Path(dir_okay=False), help="Your own OHLCV file to test on."
)
@OTHER_DATA_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@_friendly_errors
def generate(
    description, engine, execute, name, symbol, days, data_file, other_data, as_json
) -> None:
    """Turn a plain-English DESCRIPTION into a backtesting.py bot (and run it with --execute)."""
    from engine.generation.generator import StrategyGenerator

    generator = StrategyGenerator()
    result = None
    try:
        strategy = generator.generate(description, engine=engine, name=name)
        if execute:
            result = generator.run(
                strategy, symbol=symbol, days=days, data=data_file, other_data=other_data
            )
    except Exception as exc:
        if not _expected(exc):
            raise
        suggestions = getattr(exc, "suggestions", [])
        if as_json:  # one JSON document, also for a refusal: an ErrorBody, as the API's
            _emit_json(_refusal_document(exc))
            click.echo(f"Error: {error_words(exc)}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        words = error_words(exc).rstrip()
        if suggestions:  # a sentence of its own, after the hints (which end without a stop)
            stop = "" if words.endswith((".", "!", "?")) else "."
            words += f"{stop} Botlab does read, for example: '{suggestions[0]}'"
        _fail(words)
    if as_json:
        run = _run_document(result) if result else None
        _emit_json({"strategy": strategy.to_dict(), "run": run})
    else:
        click.echo(f"Botlab understood ({strategy.engine} engine):")
        for rule in strategy.rules:
            click.echo(f"  - {rule}")
        if strategy.assumptions:
            click.echo("Assumptions:")
            for assumption in strategy.assumptions:
                click.echo(f"  - {assumption}")
        if strategy.route_note:
            click.echo(strategy.route_note)
        click.echo(f"Saved {strategy.name} v{strategy.version}: {strategy.code_path}")
        if result is not None:
            click.echo("")
            click.echo(format_summary(result), nl=False)
            _echo_hints(result)
    sys.exit(0 if result is None else _run_exit(result, data_file))


@cli.command()
@click.option(
    "--concurrency", type=click.IntRange(min=1), help="Runs at once (default: the number of CPUs)."
)
@click.option(
    "--idle-exit",
    type=click.FloatRange(min=0),
    default=0,
    help="Exit after this many seconds without work (0: never).",
)
@_friendly_errors
def worker(concurrency, idle_exit) -> None:
    """Run the background worker that generates and runs queued bots (one per BOTLAB_HOME)."""
    from engine import jobs

    try:
        jobs.serve(concurrency=concurrency, idle_exit_s=idle_exit or None)
    except jobs.WorkerAlreadyRunning as exc:
        _fail(str(exc), EXIT_BAD_INPUT, "conflict")


@cli.group()
def stats() -> None:
    """Statistics about Botlab itself."""


@stats.command("generation")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_friendly_errors
def stats_generation(as_json) -> None:
    """How often Gemini's bots work first time and after repair, and per-key counts."""
    from engine.generation.gemini import format_generation_stats

    data = _store().generation_stats()
    if as_json:
        _emit_json(data)
    else:
        click.echo(format_generation_stats(data), nl=False)


@cli.command()
@click.option(
    "--reset",
    "reset_fp",
    metavar="FINGERPRINT",
    help="Clear one key's cooldown or disabled state (see the fingerprints listed).",
)
@click.option("--reset-all", is_flag=True, help="Clear every configured key's state.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@_friendly_errors
def keys(reset_fp, reset_all, as_json) -> None:
    """The configured Gemini keys, by fingerprint (never the key), with their state."""
    from engine.generation._gemini_client import resolve_model
    from engine.generation.keys import KeyPool, resolve_keys

    pool = KeyPool(resolve_keys(), store=_store(), model=resolve_model())
    if reset_fp or reset_all:
        changed = pool.reset(None if reset_all else reset_fp)
        if as_json:
            _emit_json({"reset": changed})
        else:
            click.echo(f"Reset {changed} key(s).")
        return
    statuses = pool.status()
    if as_json:
        _emit_json(
            [
                {
                    "fingerprint": s.fingerprint,
                    "position": s.position,
                    "state": s.state,
                    "until": s.until,
                    "reason": s.reason,
                }
                for s in statuses
            ]
        )
        return
    if not statuses:
        click.echo("No Gemini key configured: set GEMINI_API_KEY (or GEMINI_API_KEYS).")
    for s in statuses:
        until = f" until {s.until:%Y-%m-%d %H:%M} UTC" if s.until else ""
        reason = f" ({s.reason})" if s.reason else ""
        click.echo(f"{s.position}. {s.fingerprint}  {s.state}{until}{reason}")


@cli.command()
def mcp() -> None:
    """Serve Botlab's tools to an AI assistant over the Model Context Protocol (stdio)."""
    from engine.mcp_server import main as serve_mcp

    serve_mcp()


@cli.command("execute-script")
@click.option(
    "--request",
    "request_file",
    required=True,
    type=click.File("r"),
    help="The request as JSON: a file, or - for standard input.",
)
@click.option(
    "--data",
    "data_option",
    help="Bars for the first ticker (CSV/Parquet), or TICKER:FILE[,TICKER:FILE].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30,
    show_default=True,
    help="Seconds before the run is stopped.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the response object only.")
@_friendly_errors
def execute_script(request_file, data_option, timeout, as_json) -> None:
    """Run one of the seed's script templates (orb, momentum_breakout, mean_reversion,
    pairs_trading) from a request {"scriptTemplate": NAME, "parameters": {...}}."""
    from engine.templates.cli_command import run_request_cli

    text, code = run_request_cli(request_file.read(), data_option, as_json, timeout=timeout)
    click.echo(text)
    sys.exit(code)


@cli.command()
@click.option(
    "--probe", "probe_only", is_flag=True, help="Only ask the kernel what it supports; run nothing."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_friendly_errors
def doctor(probe_only, as_json) -> None:
    """Check the sandbox's isolation layers on this machine.

    Without --probe a sandboxed child tries network, files, programs, fork and signals with raw
    system calls; the exit status is 1 if anything was not contained.
    """
    from engine.execution.sandbox import format_self_test, probe, self_test

    if probe_only:
        report = probe()
        if as_json:
            _emit_json(report.to_dict())
        else:
            click.echo(report.one_line())
            for line in report.describe_limits() + report.explain():
                click.echo(f"  {line}")
        sys.exit(0 if report.strict else 1)
    result = self_test()
    if as_json:
        _emit_json(result)
    else:
        click.echo(format_self_test(result))
    contained = result["checks"] and all(v == "blocked" for v in result["checks"].values())
    sys.exit(0 if contained else 1)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@_friendly_errors
def backup(file, force) -> None:
    """Copy the store to FILE, consistently, while Botlab runs (SQLite's online backup).

    Restore by stopping Botlab and copying FILE over the database (botlab.db in BOTLAB_HOME).
    On PostgreSQL, prints the pg_dump command to use instead.
    """
    from engine.config import load_settings
    from engine.store.maintenance import BackupRefused, backup_store

    try:
        done = backup_store(load_settings().database_url, file, replace=force)
    except BackupRefused as exc:
        _fail(str(exc) + (", or add --force to replace it" if exc.replaceable else ""))
    click.echo(done)


@cli.command()
@click.argument("run_id", type=int)
@click.option("--runs", default=1000, show_default=True, type=click.IntRange(min=10, max=100_000))
@click.option(
    "--method",
    type=click.Choice(["bootstrap", "shuffle"]),
    default="bootstrap",
    show_default=True,
    help="bootstrap: draw trades with replacement; shuffle: the same trades in a new order.",
)
@click.option(
    "--slippage",
    "slippage_pct",
    default=0.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Take a random 0 to N percent off each simulated trade.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed, same answer.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_friendly_errors
def robustness(run_id, runs, method, slippage_pct, seed, as_json) -> None:
    """Was it luck? Monte Carlo of a run's trades and the probabilistic Sharpe ratio."""
    from engine.sweeps.run_check import RunNotAssessable, assess_stored_run

    try:
        report = assess_stored_run(
            _store(), run_id, runs=runs, method=method, slippage_pct=slippage_pct, seed=seed
        )
    except RunNotAssessable as exc:
        _fail(str(exc), EXIT_BAD_INPUT, exc.code)
    if as_json:
        _emit_json(report)
        return
    verdict = report["verdict"]
    click.echo(f"Run {run_id}: {verdict['headline']}")
    for finding in verdict["findings"]:
        click.echo(f"  - {finding['sentence']}")


def _add_sweep_command() -> None:
    from engine.sweeps.cli_command import sweep_command, walk_forward_command

    for command in (sweep_command, walk_forward_command):  # their faults in one line, too
        command.callback = _friendly_errors(command.callback)
        cli.add_command(command)


_add_sweep_command()


# -- helpers -----------------------------------------------------------------------------------


def _store():
    """The store, with runs orphaned by a crashed process closed first (so none look stuck;
    a read-only store is only read)."""
    from engine.execution.supervisor import runner_alive
    from engine.store import Store

    store = Store.open()
    if not store.read_only:
        store.close_interrupted(is_alive=runner_alive)
    return store


def _run_exit(result, data_file=None) -> int:
    """0 for a run that succeeded, else 1; 2 when the user's ``--data`` file could not be used
    (missing, not a regular file, failing validation), 3 when the environment failed it."""
    if result.success:
        return 0
    if data_file is not None and result.error_type == "data_unavailable":
        return EXIT_BAD_INPUT
    return RUN_FAILURE_EXITS.get(result.error_type, EXIT_RUN_FAILED)


def _echo_hints(result) -> None:
    """What to change to get past a run's error (its stored hints), in the command line's
    words, under its summary."""
    for hint in result.hints:
        if words := results.hint_words(hint, HINT_WORDS):
            click.echo(f"Try:       {words}")


def _refusal_document(exc: Exception) -> dict:
    """``generate --json``'s document for a refused description, or another expected failure
    (Gemini's, the data's): an :class:`~engine.results.ErrorBody`, as the API answers, with
    ``not_understood`` and ``suggestions`` always there."""
    refused = hasattr(exc, "not_understood")  # GenerationRefused
    code = "generation_failed" if hasattr(exc, "attempts") else getattr(exc, "code", None)
    return results.error_body(
        error_words(exc),
        "generation_refused" if refused else code or "invalid_request",
        field=getattr(exc, "field", None) if refused else None,
        hints=hints_of(exc),
        not_understood=getattr(exc, "not_understood", []),
        suggestions=getattr(exc, "suggestions", []),
    )


def _run_document(result) -> dict:
    """A run as ``run --json`` and ``show --json`` print it: a
    :class:`~engine.results.RunDocument`."""
    from engine.results import RunDocument, render

    return render(RunDocument, result.to_dict())


def _print_table(records) -> None:
    click.echo(
        f"{'ID':>6}  {'STRATEGY':<24} {'SYMBOL':<8} {'STATUS':<10} {'RETURN':>9} {'SHARPE':>7} "
        f"{'MAX DD':>8} {'TRADES':>6}  STARTED"
    )
    from engine.results import metrics_from_store

    for r in records:
        when = (r.started_at or r.created_at).strftime("%Y-%m-%d %H:%M")
        metrics = metrics_from_store(r.metrics)
        cell = {n: "" if v is None else format_metric(n, v) for n, v in metrics.items()}
        click.echo(
            f"{r.id:>6}  {r.strategy_name[:24]:<24} {(r.symbol or '')[:8]:<8} {r.status:<10} "
            f"{cell['return_pct']:>9} {cell['sharpe_ratio']:>7} "
            f"{cell['max_drawdown']:>8} {cell['trades']:>6}  {when}"
        )


def main() -> None:
    cli(prog_name="botlab")


if __name__ == "__main__":
    main()
