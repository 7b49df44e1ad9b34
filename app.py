"""Botlab's dashboard entry point: ``streamlit run app.py``.

For now a single page listing stored runs; the full dashboard (describe a strategy, run it in the
background, compare and rank runs) grows here. All logic lives in ``engine``.
"""

import streamlit as st

from engine.store import Store

st.set_page_config(page_title="Botlab", page_icon="📈", layout="wide")
st.title("Botlab")
st.caption("Runs stored by `botlab run`. Try: `botlab run examples/sma_cross.py --symbol GOOG`")

store = Store.open()
summary = store.performance_summary()
left, middle, right = st.columns(3)
left.metric("Runs", summary["total_executions"], help="Every bot run Botlab has recorded.")
middle.metric(
    "Succeeded",
    f"{summary['success_rate']:.0%}",
    help="The share of runs that finished without an error.",
)
average = summary["avg_return_pct"]
right.metric(
    "Average return",
    "n/a" if average is None else f"{average:+.1f}%",
    help="The mean of all successful runs' total return.",
)

page = store.list_executions(status=None, limit=50)
if not page.items:
    st.info("No runs yet. Run a bot from the command line and reload this page.")
else:
    st.dataframe(
        [
            {
                "Run": r.id,
                "Strategy": r.strategy_name,
                "Symbol": r.symbol,
                "Status": r.status,
                "Return %": r.return_pct,
                "Sharpe": r.sharpe_ratio,
                "Max drawdown %": r.max_drawdown_pct,
                "Trades": r.trades,
                "Started": r.started_at or r.created_at,
            }
            for r in page.items
        ],
        hide_index=True,
        use_container_width=True,
    )
