"""Use Botlab from Python: run bots, then read a strategy's history and the overall summary.

Run it from the repository root:  python examples/workflow.py
"""

from pathlib import Path

from engine.execution.executor import get_bot_executor

HERE = Path(__file__).parent


def main() -> None:
    executor = get_bot_executor(verbose=False)
    for symbol in ("AAPL", "MSFT", "GOOG"):
        result = executor.execute_bot(HERE / "sma_cross.py", test_symbol=symbol)
        print(
            f"{symbol}: {result.status}, return {result.return_pct:+.1f}% "
            f"(buy & hold {result.buy_hold_return_pct:+.1f}%), {result.trades} trades"
        )

    print("\nHistory of SmaCross (sma_cross):")
    for run in executor.get_strategy_history("sma_cross")[:5]:
        print(f"  run {run['id']} on {run['symbol']}: {run['return_pct']:+.1f}%")

    summary = executor.get_performance_summary()
    print(
        f"\n{summary['total_executions']} runs, "
        f"{summary['success_rate']:.0%} succeeded, "
        f"average return {summary['avg_return_pct']:+.1f}%"
    )


if __name__ == "__main__":
    main()
