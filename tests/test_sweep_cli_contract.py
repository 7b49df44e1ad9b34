"""``botlab sweep``'s contract flags that the shape test does not use, run as a user runs them:
``--data FILE`` named by ``--symbol``, ``--objective return_dd`` (return / max drawdown), and a
random subset of a larger grid (``--max-combinations`` with ``--seed``)."""

from __future__ import annotations

import json

from backtesting import Backtest

from engine.data import load_ohlcv
from engine.metrics import metrics_from_stats

from .conftest import EXAMPLES
from .test_cli import botlab

SMA = EXAMPLES / "sma_cross.py"


def test_a_random_subset_of_a_grid_over_a_data_file_ranked_by_return_over_drawdown(tmp_path):
    data = tmp_path / "mine.csv"
    load_ohlcv("GOOG").frame.iloc[:900].to_csv(data, index_label="Date")
    proc = botlab(
        "sweep", str(SMA), "--param", "fast=5:30:1", "--param", "slow=40,60",
        "--constraint", "fast < slow", "--objective", "return_dd", "--max-combinations", "12",
        "--seed", "3", "--data", str(data), "--symbol", "MINE", "--cash", "50000",
        "--commission", "0.001", "--no-robustness", "--best", "0", "--json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    combos = document["combinations"]

    # 12 distinct combinations drawn from the 26 x 2 grid; the same seed draws the same ones
    chosen = [(c["params"]["fast"], c["params"]["slow"]) for c in combos]
    assert len(set(chosen)) == 12 == document["total"]
    assert set(chosen) < {(f, s) for f in range(5, 31) for s in (40, 60)}
    again = json.loads(
        botlab("sweep", str(SMA), "--param", "fast=5:30:1", "--param", "slow=40,60",
               "--constraint", "fast < slow", "--max-combinations", "12", "--seed", "3",
               "--data", str(data), "--symbol", "MINE", "--no-robustness", "--best", "0",
               "--json").stdout
    )  # fmt: skip
    assert {(c["params"]["fast"], c["params"]["slow"]) for c in again["combinations"]} == set(
        chosen
    )

    # every combination as backtesting.py computes it on the file, with that cash and commission
    namespace: dict = {}
    exec(compile(SMA.read_text(), str(SMA), "exec"), namespace)
    frame = load_ohlcv(path=data).frame
    backtest = Backtest(
        frame, namespace["SmaCross"], cash=50_000, commission=0.001, finalize_trades=True
    )
    for combo in combos:
        assert combo["symbol"] == "MINE" and combo["status"] == "succeeded"
        expected = metrics_from_stats(dict(backtest.run(**combo["params"])))
        assert combo["metrics"]["return_pct"] == expected["return_pct"]
        assert combo["metrics"]["max_drawdown"] == expected["max_drawdown"]

    # the best is the highest return / |max drawdown|, by hand
    def by_hand(combo) -> float:
        return combo["metrics"]["return_pct"] / abs(combo["metrics"]["max_drawdown"])

    best = max(combos, key=by_hand)
    assert document["objective"] == "return_dd"
    assert document["best"]["params"] == best["params"]
    assert document["best"]["score"] == by_hand(best)
