"""Was that luck? Robustness statistics for a sweep, or for one run on demand.

Every function here is pure (NumPy in, numbers out) so that a sweep, the API and the dashboard
compute the same figures, and so that each can be checked against a hand computation or a
published worked example.

* :func:`probabilistic_sharpe_ratio` (PSR, Bailey and Lopez de Prado, 2012): the probability that
  the true Sharpe ratio is above a benchmark, given how many observations the estimate rests on
  and how skewed and fat-tailed the returns are.
* :func:`deflated_sharpe_ratio` (DSR, Bailey and Lopez de Prado, 2014): the PSR against the Sharpe
  ratio that the best of ``trials`` worthless strategies would reach by luck
  (:func:`expected_max_sharpe`). Deflated by the number of combinations actually tried.
* :func:`probability_of_backtest_overfitting` (PBO by combinatorially symmetric cross-validation,
  Bailey, Borwein, Lopez de Prado and Zhu, 2015): how often the combination that is best on one
  half of the data ranks at or below the median on the other half.
* :func:`monte_carlo_trades`: the trades resampled (with replacement, or reshuffled), optionally
  with a slippage jitter; the 5th-95th percentile band of final return and maximum drawdown.
* :func:`walk_forward_windows`, :func:`walk_forward`: rolling or anchored train/test windows,
  optimising on each train window and running the choice on the following test window; the
  out-of-sample equity is stitched, and walk-forward efficiency compares out-of-sample with
  in-sample returns (Pardo).
* :func:`parameter_stability`: how the objective falls off around the best point of a grid, and
  the stable region (cells whose neighbourhood scores close to the best neighbourhood).
* :func:`verdict`: the plain-English reading of all of the above, with the figures behind it.

Conventions: Sharpe ratios passed to PSR/DSR are *per observation* (not annualised), as in the
papers; kurtosis is Pearson's (3 for a normal distribution), not the excess kurtosis.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any, Literal, Protocol

import numpy as np

EULER_GAMMA = 0.5772156649015329
_NORMAL = NormalDist()

#: Fewer trades than this and a result may be chance (a common rule of thumb in the field).
MIN_TRADES = 30


# --- Sharpe ratios -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnMoments:
    """The moments of a return series that PSR and DSR need."""

    sharpe: float  #: mean / standard deviation (ddof=1), per observation
    observations: int
    skewness: float
    kurtosis: float  #: Pearson's: 3 for normal returns


def return_moments(returns: Sequence[float] | np.ndarray) -> ReturnMoments:
    """Sharpe ratio (per observation), skewness and Pearson kurtosis of ``returns``.

    Skewness and kurtosis are the plain moment estimators (``m3 / m2**1.5`` and ``m4 / m2**2``,
    as in the papers and ``scipy.stats.skew``/``kurtosis(fisher=False)`` with ``bias=True``).
    """
    values = np.asarray(returns, dtype=float)
    values = values[np.isfinite(values)]
    if values.size < 2:
        raise ValueError("need at least two returns")
    centred = values - values.mean()
    m2 = float(np.mean(centred**2))
    std = float(values.std(ddof=1))
    if m2 == 0.0 or std == 0.0:
        return ReturnMoments(0.0, int(values.size), 0.0, 3.0)
    return ReturnMoments(
        sharpe=float(values.mean()) / std,
        observations=int(values.size),
        skewness=float(np.mean(centred**3)) / m2**1.5,
        kurtosis=float(np.mean(centred**4)) / m2**2,
    )


def probabilistic_sharpe_ratio(
    sharpe: float,
    observations: int,
    skewness: float = 0.0,
    kurtosis: float = 3.0,
    benchmark: float = 0.0,
) -> float:
    """PSR: the probability that the true Sharpe ratio exceeds ``benchmark``.

    ``Phi((SR - SR*) * sqrt(T - 1) / sqrt(1 - skew * SR + (kurt - 1) / 4 * SR**2))``, with
    ``SR`` and ``SR*`` per observation and ``T`` observations.
    """
    if observations < 2:
        raise ValueError("PSR needs at least two observations")
    variance = 1.0 - skewness * sharpe + (kurtosis - 1.0) / 4.0 * sharpe**2
    if variance <= 0.0:
        # Moments this extreme make the estimate's standard error undefined: no evidence either way.
        return 0.5
    z = (sharpe - benchmark) * math.sqrt(observations - 1) / math.sqrt(variance)
    return _NORMAL.cdf(z)


def expected_max_sharpe(trials: int, sharpe_variance: float) -> float:
    """The Sharpe ratio the best of ``trials`` skill-less strategies reaches by luck (``SR0``).

    ``sqrt(V) * ((1 - gamma) * Z(1 - 1/N) + gamma * Z(1 - 1/(N e)))``, where ``V`` is the
    variance of the trials' Sharpe ratios and ``gamma`` the Euler-Mascheroni constant. One trial
    has nothing to be deflated for: 0.
    """
    if trials < 1:
        raise ValueError("trials must be at least 1")
    if trials == 1 or sharpe_variance <= 0.0:
        return 0.0
    z1 = _NORMAL.inv_cdf(1.0 - 1.0 / trials)
    z2 = _NORMAL.inv_cdf(1.0 - 1.0 / (trials * math.e))
    return math.sqrt(sharpe_variance) * ((1.0 - EULER_GAMMA) * z1 + EULER_GAMMA * z2)


def deflated_sharpe_ratio(
    sharpe: float,
    observations: int,
    trials: int,
    sharpe_variance: float,
    skewness: float = 0.0,
    kurtosis: float = 3.0,
) -> float:
    """DSR: the PSR of ``sharpe`` against :func:`expected_max_sharpe` of the trials tried.

    ``sharpe_variance`` is the variance of the Sharpe ratios (per observation) of all
    ``trials`` combinations. Above 0.95, the best result is unlikely to be luck alone.
    """
    benchmark = expected_max_sharpe(trials, sharpe_variance)
    return probabilistic_sharpe_ratio(sharpe, observations, skewness, kurtosis, benchmark)


# --- Probability of backtest overfitting -----------------------------------------------------


def _column_sharpe(returns: np.ndarray) -> np.ndarray:
    std = returns.std(axis=0, ddof=1)
    mean = returns.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sharpe = np.where(std > 0, mean / np.where(std > 0, std, 1.0), 0.0)
    return sharpe


def _average_rank(values: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Each row's rank (1..N) of its entry in ``column``, ties sharing their average rank (what
    ``scipy.stats.rankdata`` gives): the entries below it, plus the middle of its ties."""
    chosen = np.take_along_axis(values, column[:, None], axis=1)
    return (values < chosen).sum(axis=1) + ((values == chosen).sum(axis=1) + 1) / 2


#: Splits evaluated at once: their in- and out-of-sample figures take splits x combinations x 8
#: bytes each, so a chunk of this many elements keeps the memory near 100 MB.
_CHUNK_ELEMENTS = 4_000_000


@dataclass(frozen=True)
class OverfittingResult:
    """PBO and what goes with it (one entry per train/test split in the lists)."""

    pbo: float  #: share of splits whose in-sample best ranks at or below the median out of sample
    splits: int  #: how many train/test combinations were evaluated
    logits: list[float]
    #: share of splits in which the in-sample best lost money (objective < 0) out of sample
    probability_of_loss: float
    #: slope of out-of-sample on in-sample objective of the chosen combination: < 0 means
    #: the better it looked in sample, the worse it did out of sample
    degradation_slope: float


def probability_of_backtest_overfitting(
    returns: np.ndarray,
    partitions: int = 16,
    metric: Callable[[np.ndarray], np.ndarray] = _column_sharpe,
) -> OverfittingResult:
    """PBO by combinatorially symmetric cross-validation (CSCV).

    ``returns`` is a T x N matrix: one column of per-bar returns per combination. Its rows are
    cut into ``partitions`` (even) contiguous blocks (leading rows that do not fill a block are
    dropped); every choice of half the blocks is a train set and the rest its test set. In each
    split the combination with the best ``metric`` in train is ranked in test; its relative
    rank ``w = rank / (N + 1)`` gives the logit ``log(w / (1 - w))``, and PBO is the share of
    logits ``<= 0``. ``partitions`` is lowered to the largest even number the rows allow.
    """
    matrix = np.asarray(returns, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] < 2:
        raise ValueError("PBO needs a matrix with one column per combination (at least 2)")
    rows, columns = matrix.shape
    partitions = min(partitions, rows - rows % 2)
    partitions -= partitions % 2
    if partitions < 2:
        raise ValueError("PBO needs at least 2 rows of returns")
    block = rows // partitions
    matrix = np.nan_to_num(matrix[rows - block * partitions :])
    trains = np.array(list(itertools.combinations(range(partitions), partitions // 2)))
    in_train = np.zeros((len(trains), partitions), dtype=bool)
    in_train[np.arange(len(trains))[:, None], trains] = True

    chosen_rank, chosen_in, chosen_out = [], [], []
    step = max(1, _CHUNK_ELEMENTS // columns)
    for first in range(0, len(trains), step):
        masks = in_train[first : first + step]
        in_sample, out_sample = _split_metrics(matrix, partitions, masks, metric)
        best = in_sample.argmax(axis=1)  # the first on a tie, as a loop would choose
        chosen_rank.append(_average_rank(out_sample, best))
        chosen_in.append(np.take_along_axis(in_sample, best[:, None], axis=1)[:, 0])
        chosen_out.append(np.take_along_axis(out_sample, best[:, None], axis=1)[:, 0])

    relative_rank = np.concatenate(chosen_rank) / (columns + 1)
    logits = np.log(relative_rank / (1.0 - relative_rank))
    ins, outs = np.concatenate(chosen_in), np.concatenate(chosen_out)
    slope = float(np.polyfit(ins, outs, 1)[0]) if np.ptp(ins) > 0 else 0.0
    return OverfittingResult(
        pbo=float(np.mean(logits <= 0.0)),
        splits=len(logits),
        logits=logits.tolist(),
        probability_of_loss=float(np.mean(outs < 0.0)),
        degradation_slope=slope,
    )


def _split_metrics(
    matrix: np.ndarray, partitions: int, masks: np.ndarray, metric: Callable
) -> tuple[np.ndarray, np.ndarray]:
    """``metric`` of every combination on the train and on the test blocks of each split
    (``masks``: one row per split, True for its train blocks); splits x combinations each.

    The Sharpe ratio, the default, comes from each block's sums of returns and of their
    squares, so a split costs blocks x combinations, not rows x combinations (16 blocks of
    2,148 bars x 9 combinations: 0.1-0.5 s, not 15-50 s); any other metric sees the rows of the
    blocks.
    """
    blocks = matrix.reshape(partitions, -1, matrix.shape[1])
    if metric is not _column_sharpe:

        def on(chosen: np.ndarray) -> np.ndarray:
            return np.array([metric(np.concatenate(blocks[row])) for row in chosen])

        return on(masks), on(~masks)
    # centred on each column's mean: the sums stay small, so the variance does not cancel out
    centred = blocks - matrix.mean(axis=0)
    sums, squares = centred.sum(axis=1), (centred**2).sum(axis=1)  # blocks x combinations
    bars = blocks.shape[1] * (partitions // 2)

    def sharpe(chosen: np.ndarray) -> np.ndarray:
        weights = chosen.astype(float)
        mean = weights @ sums / bars
        variance = (weights @ squares - bars * mean**2) / (bars - 1)
        std = np.sqrt(np.maximum(variance, 0.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(std > 0, (mean + matrix.mean(axis=0)) / np.where(std > 0, std, 1), 0.0)

    return sharpe(masks), sharpe(~masks)


# --- Monte Carlo of trades ------------------------------------------------------------------


def max_drawdown_pct(equity: np.ndarray) -> np.ndarray:
    """The worst fall from a running peak, in percent (<= 0), of each row of ``equity``."""
    curves = np.atleast_2d(np.asarray(equity, dtype=float))
    peaks = np.maximum.accumulate(curves, axis=1)
    return ((curves / peaks - 1.0) * 100.0).min(axis=1)


@dataclass(frozen=True)
class Band:
    """Percentiles of a simulated figure."""

    p5: float
    p50: float
    p95: float


@dataclass(frozen=True)
class MonteCarloResult:
    runs: int
    method: Literal["bootstrap", "shuffle"]
    slippage_pct: float
    final_return_pct: Band
    max_drawdown_pct: Band
    probability_of_loss: float  #: share of runs that ended below the starting cash


def monte_carlo_trades(
    trade_returns_pct: Sequence[float] | np.ndarray,
    runs: int = 1000,
    method: Literal["bootstrap", "shuffle"] = "bootstrap",
    slippage_pct: float = 0.0,
    seed: int = 0,
) -> MonteCarloResult:
    """Resample a run's trades ``runs`` times; the 5th, 50th and 95th percentiles of the result.

    Each trade's return (in percent of the money in the trade) compounds on the equity before
    it, as when the whole account is in each trade (backtesting.py's default size). ``bootstrap``
    draws the trades with replacement (final return and drawdown both vary); ``shuffle`` keeps
    the same trades in a new order (the final return stays, the drawdown varies).
    ``slippage_pct`` takes a uniformly random 0..slippage_pct percent off each trade. The
    same ``seed`` gives the same answer.
    """
    trades = np.asarray(trade_returns_pct, dtype=float)
    trades = trades[np.isfinite(trades)]
    if trades.size == 0:
        raise ValueError("Monte Carlo needs at least one closed trade")
    if method not in ("bootstrap", "shuffle"):
        raise ValueError(f"unknown method {method!r}: use 'bootstrap' or 'shuffle'")
    rng = np.random.default_rng(seed)
    if method == "bootstrap":
        samples = rng.choice(trades, size=(runs, trades.size), replace=True)
    else:
        samples = rng.permuted(np.tile(trades, (runs, 1)), axis=1)
    if slippage_pct > 0:
        samples = samples - rng.uniform(0.0, slippage_pct, size=samples.shape)
    growth = np.cumprod(1.0 + samples / 100.0, axis=1)
    equity = np.hstack([np.ones((runs, 1)), growth])
    finals = (growth[:, -1] - 1.0) * 100.0
    drawdowns = max_drawdown_pct(equity)
    return MonteCarloResult(
        runs=runs,
        method=method,
        slippage_pct=slippage_pct,
        final_return_pct=_band(finals),
        max_drawdown_pct=_band(drawdowns),
        probability_of_loss=float(np.mean(finals < 0.0)),
    )


def _band(values: np.ndarray) -> Band:
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    return Band(float(p5), float(p50), float(p95))


# --- Walk-forward ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Bar positions of one walk-forward step; ends are exclusive (Python slices)."""

    train_start: int
    train_end: int
    test_start: int
    test_end: int

    @property
    def train_bars(self) -> int:
        return self.train_end - self.train_start

    @property
    def test_bars(self) -> int:
        return self.test_end - self.test_start


def walk_forward_windows(
    bars: int, train_bars: int, test_bars: int, anchored: bool = False
) -> list[Window]:
    """Consecutive train/test windows over ``bars`` bars.

    Each test window follows its train window and the next step moves on by ``test_bars``, so
    the test windows tile the data after the first train window without overlapping. Rolling
    windows keep ``train_bars``; anchored ones all start at bar 0 and grow. A last test window
    shorter than ``test_bars`` is kept when it has at least half of them.
    """
    if train_bars < 2 or test_bars < 1:
        raise ValueError("a walk-forward needs at least 2 train bars and 1 test bar")
    if train_bars + test_bars > bars:
        raise ValueError(
            f"{bars} bars are too few for a {train_bars}-bar train and {test_bars}-bar test window"
        )
    windows = []
    test_start = train_bars
    while test_start < bars:
        test_end = min(test_start + test_bars, bars)
        if test_end - test_start < max(1, test_bars // 2):
            break
        train_start = 0 if anchored else test_start - train_bars
        windows.append(Window(train_start, test_start, test_start, test_end))
        test_start = test_end
    return windows


@dataclass(frozen=True)
class Evaluation:
    """What one backtest on one slice of the data gives walk-forward."""

    score: float  #: the objective being maximised
    return_pct: float
    equity: Sequence[float]  #: the account value bar by bar over the slice


@dataclass(frozen=True)
class WalkForwardStep:
    window: Window
    params: dict[str, Any]
    in_sample: Evaluation
    out_of_sample: Evaluation


@dataclass(frozen=True)
class WalkForwardResult:
    steps: list[WalkForwardStep]
    equity: list[float]  #: out-of-sample equity, stitched, starting at the first step's cash
    out_of_sample_return_pct: float
    #: annualised out-of-sample return / annualised in-sample return (Pardo); above ~0.5 is
    #: usually read as robust. None when the in-sample return is not positive.
    efficiency: float | None


def stitch_equity(curves: Sequence[Sequence[float]]) -> list[float]:
    """Chain equity curves that each start afresh into one, scaled to start at the first's value."""
    stitched: list[float] = []
    for curve in curves:
        values = np.asarray(curve, dtype=float)
        if values.size == 0:
            continue
        if not stitched:
            stitched.extend(values.tolist())
            continue
        scale = stitched[-1] / values[0]
        stitched.extend((values[1:] * scale).tolist())
    return stitched


def _annualised(return_pct: float, bars: int, bars_per_year: float) -> float:
    years = bars / bars_per_year
    growth = 1.0 + return_pct / 100.0
    if years <= 0 or growth <= 0:
        return -100.0
    return (growth ** (1.0 / years) - 1.0) * 100.0


class Backtests(Protocol):
    """Walk-forward's backtests, many at a time (so that a sandbox can run them in parallel)."""

    def train(self, trials: Sequence[tuple[Mapping[str, Any], Window]]) -> list[Evaluation]:
        """Each ``(params, window)`` on its window's train bars."""

    def test(self, trials: Sequence[tuple[Mapping[str, Any], Window]]) -> list[Evaluation]:
        """Each chosen ``(params, window)`` on its window's test bars."""


@dataclass(frozen=True)
class OneAtATime:
    """:class:`Backtests` from ``evaluate(params, start, end)``, one backtest on bars
    ``[start, end)`` per call (a window's train bars, or its test bars)."""

    evaluate: Callable[[Mapping[str, Any], int, int], Evaluation]

    def train(self, trials):
        return [self.evaluate(p, w.train_start, w.train_end) for p, w in trials]

    def test(self, trials):
        return [self.evaluate(p, w.test_start, w.test_end) for p, w in trials]


def walk_forward(
    windows: Sequence[Window],
    candidates: Sequence[Mapping[str, Any]],
    evaluate: Callable[[Mapping[str, Any], int, int], Evaluation] | Backtests,
    bars_per_year: float = 252.0,
) -> WalkForwardResult:
    """Optimise on each train window, then run the chosen parameters on its test window.

    ``evaluate`` is ``evaluate(params, start, end)``, one backtest on bars ``[start, end)``, or
    :class:`Backtests` that run every train window's trials in one batch and every choice in
    one more. On each train window the candidate with the highest ``score`` wins (the first on
    a tie); its test run is the out-of-sample result. Efficiency compares the mean annualised
    returns.
    """
    if not windows or not candidates:
        raise ValueError("walk-forward needs at least one window and one candidate")
    backtests = evaluate if hasattr(evaluate, "train") else OneAtATime(evaluate)
    trained = backtests.train([(p, w) for w in windows for p in candidates])
    chosen = []
    for number, window in enumerate(windows):
        trials = trained[number * len(candidates) : (number + 1) * len(candidates)]
        best = max(range(len(candidates)), key=lambda i: trials[i].score)
        chosen.append((dict(candidates[best]), window, trials[best]))
    tested = backtests.test([(params, window) for params, window, _ in chosen])
    steps = [
        WalkForwardStep(window, params, in_sample, out_of_sample)
        for (params, window, in_sample), out_of_sample in zip(chosen, tested, strict=True)
    ]

    equity = stitch_equity([step.out_of_sample.equity for step in steps])
    total = (equity[-1] / equity[0] - 1.0) * 100.0 if equity else 0.0
    in_sample = np.mean(
        [_annualised(s.in_sample.return_pct, s.window.train_bars, bars_per_year) for s in steps]
    )
    out_sample = np.mean(
        [_annualised(s.out_of_sample.return_pct, s.window.test_bars, bars_per_year) for s in steps]
    )
    efficiency = float(out_sample / in_sample) if in_sample > 0 else None
    return WalkForwardResult(steps, equity, float(total), efficiency)


# --- Parameter stability --------------------------------------------------------------------


@dataclass(frozen=True)
class StabilityResult:
    best: tuple  #: grid position (one index per parameter) of the best cell
    best_score: float
    neighbour_mean: float | None  #: mean score of the cells next to the best (None: no neighbours)
    neighbours_positive: float | None  #: share of those neighbours with a score above 0
    #: neighbour_mean / best_score: 1 is a plateau, 0 or below a cliff
    plateau_ratio: float | None
    island: bool  #: the best is positive but most of its neighbours are not
    stable: list[tuple] = field(default_factory=list)  #: positions of the stable region
    robust_best: tuple | None = None  #: the centre of the best-scoring neighbourhood


def _neighbourhood(position: tuple, shape: tuple) -> list[tuple]:
    """Grid positions one step away in any direction (diagonals included), not ``position``."""
    ranges = [range(max(0, i - 1), min(n, i + 2)) for i, n in zip(position, shape, strict=True)]
    return [p for p in itertools.product(*ranges) if p != position]


def _neighbourhood_means(grid: np.ndarray) -> np.ndarray:
    """Each cell's mean over itself and its neighbours (NaNs left out; NaN where the cell is).

    Vectorised: the grid, padded with NaN, is shifted by every offset in {-1, 0, 1} per axis
    and the valid values summed, so a 50 x 50 grid takes microseconds, not a Python loop.
    """
    padded = np.pad(grid, 1, constant_values=np.nan)
    total = np.zeros(grid.shape)
    count = np.zeros(grid.shape)
    for offset in itertools.product((0, 1, 2), repeat=grid.ndim):
        window = padded[tuple(slice(o, o + n) for o, n in zip(offset, grid.shape, strict=True))]
        valid = ~np.isnan(window)
        total += np.where(valid, window, 0.0)
        count += valid
    with np.errstate(invalid="ignore", divide="ignore"):
        means = total / count
    means[np.isnan(grid)] = np.nan
    return means


def parameter_stability(scores: np.ndarray, stable_share: float = 0.8) -> StabilityResult:
    """How the objective falls off around the best point of a grid.

    ``scores`` has one axis per parameter, in grid order; NaN marks a combination that was not
    run or failed (constraints leave holes). A cell's neighbourhood is itself and the cells one
    step away (diagonals included). The stable region is every cell whose neighbourhood mean is
    at least ``stable_share`` of the best neighbourhood mean (only when that is positive).
    """
    grid = np.asarray(scores, dtype=float)
    if grid.size == 0 or np.all(np.isnan(grid)):
        raise ValueError("no scores to judge")
    best = tuple(int(i) for i in np.unravel_index(np.nanargmax(grid), grid.shape))
    best_score = float(grid[best])
    neighbours = [grid[p] for p in _neighbourhood(best, grid.shape) if not np.isnan(grid[p])]
    neighbour_mean = float(np.mean(neighbours)) if neighbours else None
    positive = float(np.mean(np.array(neighbours) > 0)) if neighbours else None
    ratio = neighbour_mean / best_score if neighbours and best_score > 0 else None

    smoothed = _neighbourhood_means(grid)
    top = float(np.nanmax(smoothed))
    robust_best = tuple(int(i) for i in np.unravel_index(np.nanargmax(smoothed), grid.shape))
    stable = []
    if top > 0:
        stable = [
            tuple(int(i) for i in p)
            for p in zip(*np.nonzero(smoothed >= stable_share * top), strict=True)
        ]
    island = best_score > 0 and positive is not None and positive < 0.5
    return StabilityResult(
        best, best_score, neighbour_mean, positive, ratio, island, stable, robust_best
    )


# --- Verdict --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One reason behind a verdict: a sentence for people, the figures for the curious."""

    code: str
    worrying: bool
    sentence: str
    figures: dict[str, float | int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    level: Literal["robust", "mixed", "likely overfit", "too little evidence"]
    headline: str
    findings: list[Finding]


def _pct(value: float) -> str:
    return f"{value:+.1f}%"


_MONTE_CARLO_VERBS = {"bootstrap": "Resampling", "shuffle": "Reshuffling"}


def _chance(probability: float) -> str:
    """A probability in percent, without rounding 0.999 up to a certain 100%."""
    if 0.99 < probability < 1.0 or 0.0 < probability < 0.01:
        return f"{probability:.1%}"
    return f"{probability:.0%}"


def verdict(
    *,
    trades: int | None = None,
    trials: int | None = None,
    deflated_sharpe: float | None = None,
    overfitting: OverfittingResult | None = None,
    stability: StabilityResult | None = None,
    monte_carlo: MonteCarloResult | None = None,
    walk_forward_efficiency: float | None = None,
) -> Verdict:
    """A plain-English reading of whatever robustness figures are at hand.

    Each figure that is given adds one finding; a finding is worrying when the figure is on
    the wrong side of the usual line (fewer than 30 trades, DSR below 0.95, PBO above 0.5, an
    island, a 5th-percentile Monte Carlo return below zero, walk-forward efficiency below 0.5).
    """
    findings: list[Finding] = []
    if trades is not None:
        few = trades < MIN_TRADES
        findings.append(
            Finding(
                "few_trades" if few else "enough_trades",
                few,
                f"Only {trades} trades: too few to tell skill from chance "
                f"({MIN_TRADES} or more is the usual bar)."
                if few
                else f"{trades} trades: enough to read the statistics with some confidence.",
                {"trades": trades},
            )
        )
    if deflated_sharpe is not None:
        tried = f" after allowing for the {trials} settings tried" if trials else ""
        luck = deflated_sharpe < 0.95
        findings.append(
            Finding(
                "sharpe_may_be_luck" if luck else "sharpe_beats_luck",
                luck,
                f"The best Sharpe ratio could be luck{tried}: there is a "
                f"{_chance(deflated_sharpe)} chance that its true Sharpe ratio is above what "
                "luck alone would give (95% is the usual bar)."
                if luck
                else f"The best Sharpe ratio is unlikely to be luck{tried} "
                f"({_chance(deflated_sharpe)} confidence).",
                {"deflated_sharpe_ratio": deflated_sharpe, "trials": trials},
            )
        )
    if overfitting is not None:
        over = overfitting.pbo > 0.5
        findings.append(
            Finding(
                "overfit" if over else "not_overfit",
                over,
                f"In {overfitting.pbo:.0%} of {overfitting.splits} splits of the history, the "
                "setting that was best on one half did no better than the middle of the pack on "
                "the other half: "
                + ("likely overfit." if over else "the choice of setting carries over."),
                {"pbo": overfitting.pbo, "splits": overfitting.splits},
            )
        )
    if stability is not None:
        if stability.island:
            sentence = (
                "The best setting is an island: most of its neighbours lose money; likely overfit."
            )
        elif stability.plateau_ratio is not None and stability.plateau_ratio >= 0.5:
            sentence = (
                "The best setting sits on a plateau: its neighbours score "
                f"{stability.plateau_ratio:.0%} as well on average."
            )
        else:
            sentence = "The score falls off quickly around the best setting: small changes matter."
        findings.append(
            Finding(
                "island" if stability.island else "stability",
                stability.island
                or (stability.plateau_ratio is not None and stability.plateau_ratio < 0.5),
                sentence,
                {
                    "best_score": stability.best_score,
                    "neighbour_mean": stability.neighbour_mean,
                    "neighbours_positive": stability.neighbours_positive,
                },
            )
        )
    if monte_carlo is not None:
        band = monte_carlo.final_return_pct
        loses = band.p5 < 0
        findings.append(
            Finding(
                "monte_carlo_loss" if loses else "monte_carlo_gain",
                loses,
                f"{_MONTE_CARLO_VERBS[monte_carlo.method]} the trades {monte_carlo.runs} times, "
                "the final return ranged from "
                f"{_pct(band.p5)} to {_pct(band.p95)} (5th to 95th percentile) and the worst drop "
                f"from {_pct(monte_carlo.max_drawdown_pct.p5)} to "
                f"{_pct(monte_carlo.max_drawdown_pct.p95)}"
                + (
                    f"; {monte_carlo.probability_of_loss:.0%} of them lost money." if loses else "."
                ),
                {
                    "final_return_p5": band.p5,
                    "final_return_p95": band.p95,
                    "probability_of_loss": monte_carlo.probability_of_loss,
                },
            )
        )
    if walk_forward_efficiency is not None:
        weak = walk_forward_efficiency < 0.5
        findings.append(
            Finding(
                "walk_forward_weak" if weak else "walk_forward_holds",
                weak,
                f"On data it was not tuned on, it earned {walk_forward_efficiency:.0%} of what it "
                "earned on the data it was tuned on"
                + (" (below 50% usually means overfit)." if weak else "."),
                {"walk_forward_efficiency": walk_forward_efficiency},
            )
        )
    return _overall(findings)


_SEVERE = {"island", "overfit", "walk_forward_weak"}


def _overall(findings: list[Finding]) -> Verdict:
    """Overfit when a check that compares in- with out-of-sample says so; too little evidence
    when there are too few trades to read anything else; mixed when some other check worries."""
    # The most serious worry leads the headline.
    worrying = sorted((f for f in findings if f.worrying), key=lambda f: f.code not in _SEVERE)
    if worrying and worrying[0].code in _SEVERE:
        return Verdict(
            "likely overfit", "Likely overfit: " + _lower(worrying[0].sentence), findings
        )
    if not findings or any(f.code == "few_trades" for f in worrying):
        reason = next((f.sentence for f in worrying if f.code == "few_trades"), "")
        return Verdict(
            "too little evidence",
            ("Too little evidence to judge. " + reason).strip(),
            findings,
        )
    if worrying:
        return Verdict("mixed", "Mixed evidence: " + _lower(worrying[0].sentence), findings)
    return Verdict(
        "robust", "Robust so far: every check that was run points away from luck.", findings
    )


def _lower(sentence: str) -> str:
    return sentence[0].lower() + sentence[1:]


# --- One run, on demand ---------------------------------------------------------------------


@dataclass(frozen=True)
class RunAssessment:
    """What can be said about one run without re-running it."""

    trades: int
    #: probability that the run's true Sharpe ratio is above zero, from its bar-by-bar returns
    probabilistic_sharpe: float | None
    sharpe_per_bar: float | None
    bars: int
    monte_carlo: MonteCarloResult | None  #: None when the run closed no trade
    verdict: Verdict


def assess_run(
    trade_returns_pct: Sequence[float],
    equity: Sequence[float],
    *,
    runs: int = 1000,
    method: Literal["bootstrap", "shuffle"] = "bootstrap",
    slippage_pct: float = 0.0,
    seed: int = 0,
) -> RunAssessment:
    """PSR of the run's bar-by-bar returns, Monte Carlo of its trades, and the verdict.

    ``equity`` is the account value at every bar (the full-resolution curve: returns between
    the points of a downsampled curve are not bar returns).
    """
    values = np.asarray(equity, dtype=float)
    values = values[np.isfinite(values)]
    psr = sharpe = None
    if values.size >= 3 and np.all(values > 0):
        moments = return_moments(np.diff(values) / values[:-1])
        sharpe = moments.sharpe
        psr = probabilistic_sharpe_ratio(
            moments.sharpe, moments.observations, moments.skewness, moments.kurtosis
        )
    trades = [t for t in trade_returns_pct if t is not None and math.isfinite(t)]
    carlo = monte_carlo_trades(trades, runs, method, slippage_pct, seed) if trades else None
    findings = verdict(trades=len(trades), monte_carlo=carlo).findings
    if psr is not None:
        findings.append(_psr_finding(psr))
    return RunAssessment(len(trades), psr, sharpe, int(values.size), carlo, _overall(findings))


def _psr_finding(psr: float) -> Finding:
    doubtful = psr < 0.95
    return Finding(
        "sharpe_uncertain" if doubtful else "sharpe_positive",
        doubtful,
        f"There is a {_chance(psr)} chance that the bot's true Sharpe ratio is above zero, "
        "given how long the test ran and how its daily returns were spread"
        + (" (95% is the usual bar)." if doubtful else "."),
        {"probabilistic_sharpe_ratio": psr},
    )
