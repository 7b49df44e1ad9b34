"""Robustness statistics against published worked examples and hand computations."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest

from engine.sweeps import robustness as R

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# --- Sharpe ratios ----------------------------------------------------------------------------


def test_deflated_sharpe_ratio_reproduces_the_papers_worked_example():
    # Bailey and Lopez de Prado (2014), "The Deflated Sharpe Ratio", numerical example: the best
    # of N=100 trials has an annualised Sharpe ratio of 2.5 over T=1250 daily returns, skewness
    # -3, kurtosis 10, and the trials' annualised Sharpe ratios have variance 1/2. The paper
    # finds SR0 = 0.1132 (daily) and DSR = 0.9004.
    daily = math.sqrt(250)
    sr0 = R.expected_max_sharpe(100, 0.5 / 250)
    assert sr0 == pytest.approx(0.1132, abs=5e-5)
    dsr = R.deflated_sharpe_ratio(2.5 / daily, 1250, 100, 0.5 / 250, skewness=-3, kurtosis=10)
    assert dsr == pytest.approx(0.9004, abs=5e-4)


def test_psr_by_hand_for_normal_returns():
    # z = 0.1 * sqrt(100) / sqrt(1 + (3 - 1) / 4 * 0.01) = 1 / sqrt(1.005)
    assert R.probabilistic_sharpe_ratio(0.1, 101) == pytest.approx(
        NormalDist().cdf(1 / math.sqrt(1.005)), abs=1e-12
    )
    # A Sharpe ratio equal to the benchmark is a coin toss.
    assert R.probabilistic_sharpe_ratio(0.2, 50, -1, 6, benchmark=0.2) == pytest.approx(0.5)


def test_negative_skew_and_fat_tails_lower_the_psr():
    plain = R.probabilistic_sharpe_ratio(0.1, 500)
    assert R.probabilistic_sharpe_ratio(0.1, 500, skewness=-2, kurtosis=9) < plain


def test_one_trial_is_not_deflated():
    assert R.expected_max_sharpe(1, 0.3) == 0.0
    assert R.deflated_sharpe_ratio(0.1, 101, 1, 0.3) == R.probabilistic_sharpe_ratio(0.1, 101)


def test_expected_max_sharpe_grows_with_the_trials():
    figures = [R.expected_max_sharpe(n, 0.01) for n in (2, 10, 100, 1000)]
    assert figures == sorted(figures)


def test_return_moments_by_hand():
    returns = [0.01, -0.02, 0.03, 0.0]
    mean = 0.005
    deviations = [r - mean for r in returns]
    m2 = sum(d**2 for d in deviations) / 4
    std = math.sqrt(sum(d**2 for d in deviations) / 3)
    moments = R.return_moments(returns)
    assert moments.sharpe == pytest.approx(mean / std)
    assert moments.observations == 4
    assert moments.skewness == pytest.approx(sum(d**3 for d in deviations) / 4 / m2**1.5)
    assert moments.kurtosis == pytest.approx(sum(d**4 for d in deviations) / 4 / m2**2)


# --- PBO --------------------------------------------------------------------------------------


def _mean(block: np.ndarray) -> np.ndarray:
    return block.mean(axis=0)


def test_pbo_is_one_when_the_in_sample_best_is_always_the_out_of_sample_worst():
    # Two blocks of two rows; block 0 ranks the columns 3 > 2 > 1, block 1 the other way round.
    # Either way the train winner ranks 1st of 3 in test: w = 1/4, logit = ln(1/3) <= 0.
    matrix = np.array([[3, 2, 1], [3, 2, 1], [1, 2, 3], [1, 2, 3]], dtype=float)
    result = R.probability_of_backtest_overfitting(matrix, partitions=2, metric=_mean)
    assert result.splits == 2
    assert result.pbo == 1.0
    assert result.logits == pytest.approx([math.log(1 / 3)] * 2)
    assert result.probability_of_loss == 0.0


def test_pbo_is_zero_when_one_combination_wins_everywhere():
    matrix = np.array([[3, 2, 1], [3, 2, 1], [4, 1, 0], [4, 1, 0]], dtype=float)
    result = R.probability_of_backtest_overfitting(matrix, partitions=2, metric=_mean)
    assert result.pbo == 0.0
    assert result.logits == pytest.approx([math.log(3)] * 2)


def test_pbo_counts_every_symmetric_split_and_drops_leading_rows():
    rng = np.random.default_rng(7)
    matrix = rng.normal(size=(18, 4))
    # 18 rows into 4 blocks of 4: the first 2 rows are dropped, so changing them changes nothing.
    changed = matrix.copy()
    changed[:2] = 100.0
    first = R.probability_of_backtest_overfitting(matrix, partitions=4)
    second = R.probability_of_backtest_overfitting(changed, partitions=4)
    assert first.splits == math.comb(4, 2)
    assert first.logits == second.logits


def test_pbo_with_sharpe_separates_skill_from_noise():
    rng = np.random.default_rng(3)
    noise = rng.normal(0, 0.01, size=(400, 20))
    skilled = noise.copy()
    skilled[:, 0] += 0.01  # one combination with a real, steady edge
    assert R.probability_of_backtest_overfitting(skilled, partitions=8).pbo == 0.0
    # With no skill anywhere, the train winner's test rank is uniform: PBO is 0.5 on average
    # (any one history can land far from it, so average over twenty).
    pbos = [
        R.probability_of_backtest_overfitting(
            np.random.default_rng(seed).normal(0, 0.01, size=(400, 20)), partitions=8
        ).pbo
        for seed in range(20)
    ]
    assert 0.4 < np.mean(pbos) < 0.65


def test_pbo_over_sixteen_blocks_by_hand():
    # Bailey et al.'s usual 16 blocks: C(16, 8) = 12,870 splits, by the Sharpe ratio. Column A
    # averages +1 on the first 8 blocks and -1 on the last 8 (two rows a block, 1 +- 0.5), so
    # its test mean is minus its train mean; column B is flat (Sharpe 0).
    # - train mean > 0 (5 to 8 of the + blocks in train): A wins, then loses in test (rank 1);
    # - train mean < 0: B wins, and A's test mean is > 0 (B ranks 1);
    # - 4 + blocks in train (C(8,4)**2 = 4,900 splits): a tie at 0, the first column (A) wins,
    #   and ties B again in test (rank 1.5: w = 1/2, logit 0).
    # Every split is overfit; the chosen loses money only in the first case (3,985 splits).
    block_means = [1.0] * 8 + [-1.0] * 8
    a = np.array([m + d for m in block_means for d in (0.5, -0.5)])
    matrix = np.column_stack([a, np.zeros_like(a)])
    result = R.probability_of_backtest_overfitting(matrix, partitions=16)
    assert result.splits == math.comb(16, 8) == 12_870
    assert result.pbo == 1.0
    logits = np.array(result.logits)
    assert np.sum(logits == 0.0) == math.comb(8, 4) ** 2 == 4900
    assert logits[logits != 0.0] == pytest.approx([math.log(1 / 2)] * (12_870 - 4900))
    assert result.probability_of_loss == pytest.approx(3985 / 12_870)


def test_pbo_refuses_what_it_cannot_split():
    with pytest.raises(ValueError, match="one column per combination"):
        R.probability_of_backtest_overfitting(np.zeros((10, 1)))
    with pytest.raises(ValueError, match="at least 2 rows"):
        R.probability_of_backtest_overfitting(np.zeros((1, 3)))


# --- Monte Carlo ------------------------------------------------------------------------------


def test_max_drawdown_by_hand():
    assert R.max_drawdown_pct(np.array([100, 120, 90, 130, 65]))[0] == pytest.approx(-50.0)


def test_shuffling_keeps_the_final_return_and_moves_the_drawdown():
    # 1.1 * 0.95 * 0.95 * 1.2 = 1.19130: +19.13% whatever the order. The drawdown is -9.75%
    # when the two losses come back to back and -5% when they do not.
    result = R.monte_carlo_trades([10, -5, -5, 20], runs=2000, method="shuffle", seed=1)
    assert result.final_return_pct.p5 == pytest.approx(19.13)
    assert result.final_return_pct.p95 == pytest.approx(19.13)
    assert result.max_drawdown_pct.p5 == pytest.approx(-9.75)
    assert result.max_drawdown_pct.p95 == pytest.approx(-5.0)
    assert result.probability_of_loss == 0.0


def test_bootstrap_is_reproducible_with_a_seed_and_varies_without_it():
    trades = [4.0, -3.0, 2.5, -1.0, 6.0, -4.5, 1.0]
    one = R.monte_carlo_trades(trades, runs=500, seed=42)
    assert one == R.monte_carlo_trades(trades, runs=500, seed=42)
    assert one != R.monte_carlo_trades(trades, runs=500, seed=43)
    assert one.final_return_pct.p5 < one.final_return_pct.p50 < one.final_return_pct.p95
    assert 0.0 < one.probability_of_loss < 1.0


def test_slippage_jitter_costs_money():
    trades = [2.0] * 20
    clean = R.monte_carlo_trades(trades, runs=300, seed=5)
    slipped = R.monte_carlo_trades(trades, runs=300, seed=5, slippage_pct=0.5)
    assert clean.final_return_pct.p50 == pytest.approx((1.02**20 - 1) * 100)
    assert slipped.final_return_pct.p95 < clean.final_return_pct.p5


def test_monte_carlo_needs_trades():
    with pytest.raises(ValueError, match="at least one closed trade"):
        R.monte_carlo_trades([])


# --- Walk-forward -----------------------------------------------------------------------------


def test_rolling_and_anchored_windows():
    rolling = R.walk_forward_windows(100, 40, 20)
    assert [(w.train_start, w.train_end, w.test_start, w.test_end) for w in rolling] == [
        (0, 40, 40, 60),
        (20, 60, 60, 80),
        (40, 80, 80, 100),
    ]
    anchored = R.walk_forward_windows(100, 40, 20, anchored=True)
    assert [(w.train_start, w.train_end) for w in anchored] == [(0, 40), (0, 60), (0, 80)]


def test_a_short_last_test_window_is_kept_only_when_it_has_half_the_bars():
    assert R.walk_forward_windows(95, 40, 20)[-1].test_end == 95
    assert R.walk_forward_windows(88, 40, 20)[-1].test_end == 80


def test_windows_need_room():
    with pytest.raises(ValueError, match="too few"):
        R.walk_forward_windows(50, 40, 20)


def test_stitching_chains_the_relative_moves():
    assert R.stitch_equity([[100, 110], [50, 45, 90]]) == pytest.approx([100, 110, 99, 198])


def _trending_evaluate(params, start, end):
    # k=1 makes money before bar 30 and loses after; k=2 the opposite.
    good = 1 if start < 30 else 2
    rate = 0.01 if params["k"] == good else -0.01
    equity = 100 * (1 + rate) ** np.arange(end - start)
    ret = (equity[-1] / equity[0] - 1) * 100
    return R.Evaluation(score=ret, return_pct=ret, equity=equity.tolist())


def test_walk_forward_chooses_on_train_and_reports_out_of_sample():
    windows = R.walk_forward_windows(100, 40, 20)
    result = R.walk_forward(windows, [{"k": 1}, {"k": 2}], _trending_evaluate)
    assert [step.params for step in result.steps] == [{"k": 1}, {"k": 1}, {"k": 2}]
    # Out of sample: two 20-bar windows losing 1% a bar, then one gaining 1% a bar.
    expected_total = (0.99**19 * 0.99**19 * 1.01**19 - 1) * 100
    assert result.out_of_sample_return_pct == pytest.approx(expected_total)
    assert len(result.equity) == 20 + 19 + 19

    def annualised(growth, bars):
        return (growth ** (252 / bars) - 1) * 100

    in_sample = annualised(1.01**39, 40)  # every train window picked its winner
    out_sample = (2 * annualised(0.99**19, 20) + annualised(1.01**19, 20)) / 3
    assert result.efficiency == pytest.approx(out_sample / in_sample)


# --- Parameter stability ----------------------------------------------------------------------


def test_a_lone_peak_among_losers_is_an_island():
    grid = np.full((5, 5), -1.0)
    grid[2, 2] = 2.0
    result = R.parameter_stability(grid)
    assert result.best == (2, 2)
    assert result.island
    assert result.neighbours_positive == 0.0
    assert result.neighbour_mean == -1.0


def test_a_plateau_is_stable_and_its_region_marked():
    grid = np.full((5, 5), 1.0)
    grid[2, 2] = 1.25
    grid[:, 4] = -2.0  # a losing edge, outside the stable region
    result = R.parameter_stability(grid)
    assert not result.island
    assert result.plateau_ratio == pytest.approx((8 * 1.0 - 3 * 0.0) / 8 / 1.25)
    assert (2, 2) in result.stable
    assert all(column < 4 for _, column in result.stable)


def test_the_robust_best_prefers_a_plateau_to_a_spike():
    grid = np.zeros((6, 6))
    grid[0, 0] = 5.0  # a spike in a corner
    grid[3:6, 3:6] = 2.0  # a broad plateau
    result = R.parameter_stability(grid)
    assert result.best == (0, 0)
    assert result.robust_best == (4, 4)


def test_holes_in_the_grid_are_ignored():
    grid = np.array([[1.0, np.nan], [np.nan, 2.0]])
    result = R.parameter_stability(grid)
    assert result.best == (1, 1)
    assert result.neighbour_mean == 1.0


# --- Verdict ----------------------------------------------------------------------------------


def test_verdict_on_an_island_with_a_lucky_sharpe():
    grid = np.full((3, 3), -1.0)
    grid[1, 1] = 2.0
    v = R.verdict(
        trades=64,
        trials=9,
        deflated_sharpe=0.62,
        stability=R.parameter_stability(grid),
    )
    assert v.level == "likely overfit"
    assert "island" in v.headline
    assert "neighbours lose money" in v.headline
    luck = next(f for f in v.findings if f.code == "sharpe_may_be_luck")
    assert "62%" in luck.sentence and "9 settings tried" in luck.sentence
    assert luck.figures["deflated_sharpe_ratio"] == 0.62


def test_verdict_when_everything_holds():
    v = R.verdict(
        trades=120,
        deflated_sharpe=0.99,
        walk_forward_efficiency=0.8,
        monte_carlo=R.monte_carlo_trades([2.0, 1.5, -0.5] * 20, runs=200, seed=0),
    )
    assert v.level == "robust"
    assert not any(f.worrying for f in v.findings)


def test_verdict_with_few_trades_only():
    v = R.verdict(trades=12, deflated_sharpe=0.5)
    assert v.level == "too little evidence"
    assert R.verdict().level == "too little evidence"
    assert "Only 12 trades" in v.findings[0].sentence


def test_an_island_outweighs_few_trades():
    grid = np.full((3, 3), -1.0)
    grid[1, 1] = 2.0
    v = R.verdict(trades=10, stability=R.parameter_stability(grid))
    assert v.level == "likely overfit"


def test_one_mild_worry_is_mixed():
    v = R.verdict(trades=200, deflated_sharpe=0.9, walk_forward_efficiency=0.7)
    assert v.level == "mixed"
    assert v.headline.startswith("Mixed evidence: the best Sharpe ratio could be luck")


# --- One run ----------------------------------------------------------------------------------


def test_assessing_a_steady_winner():
    rng = np.random.default_rng(11)
    equity = 100_000 * np.cumprod(1 + rng.normal(0.002, 0.01, size=1000))
    trades = rng.normal(1.5, 2.0, size=60).tolist()
    result = R.assess_run(trades, equity.tolist(), runs=400, seed=2)
    assert result.trades == 60 and result.bars == 1000
    assert result.probabilistic_sharpe > 0.99
    assert result.monte_carlo.runs == 400
    assert result.verdict.level == "robust"
    assert {f.code for f in result.verdict.findings} == {
        "enough_trades",
        "monte_carlo_gain",
        "sharpe_positive",
    }


def test_assessing_a_run_with_no_trades():
    result = R.assess_run([], [100_000.0] * 50)
    assert result.monte_carlo is None
    assert result.trades == 0
    assert (
        result.verdict.level == "likely overfit" or result.verdict.findings[0].code == "few_trades"
    )


def test_probabilities_are_not_rounded_to_certainty():
    finding = R.verdict(deflated_sharpe=0.9991).findings[0]
    assert "99.9% confidence" in finding.sentence


# --- botlab robustness RUN_ID ------------------------------------------------------------------


def _botlab(home, *args):
    env = {**os.environ, "BOTLAB_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "engine", *args], env=env, capture_output=True, text=True
    )


def test_botlab_robustness_reads_a_stored_runs_trades_and_full_curve(tmp_path):
    ran = _botlab(tmp_path, "run", str(EXAMPLES / "sma_cross.py"), "--symbol", "GOOG", "--json")
    assert ran.returncode == 0, ran.stderr
    run = json.loads(ran.stdout)

    answer = _botlab(tmp_path, "robustness", str(run["execution_id"]), "--runs", "300", "--json")
    assert answer.returncode == 0, answer.stderr
    report = json.loads(answer.stdout)
    assert report["run_id"] == run["execution_id"]
    assert report["equity_source"] == "results file"
    assert report["bars"] == run["data"]["bars"]
    assert report["trades"] == run["metrics"]["trades"]
    assert report["monte_carlo"]["runs"] == 300
    band = report["monte_carlo"]["final_return_pct"]
    assert band["p5"] <= band["p50"] <= band["p95"]
    assert report["verdict"]["level"] in {"robust", "mixed", "too little evidence"}
    # The same seed gives the same answer.
    again = _botlab(tmp_path, "robustness", str(run["execution_id"]), "--runs", "300", "--json")
    assert json.loads(again.stdout) == report

    readable = _botlab(tmp_path, "robustness", str(run["execution_id"]), "--runs", "300")
    assert readable.stdout.startswith(f"Run {run['execution_id']}: ")
    assert "trades" in readable.stdout


def test_botlab_robustness_names_a_missing_run(tmp_path):
    answer = _botlab(tmp_path, "robustness", "42")
    assert answer.returncode == 2
    assert answer.stderr.strip() == "Error: no run with id 42"
