"""Text for ``botlab data list`` and ``botlab data fetch SYMBOL`` (the commands live in
:mod:`engine.cli`)."""

from __future__ import annotations

from engine.data import MarketData, SeriesInfo


def list_text(series: list[SeriesInfo]) -> str:
    """A table of the available series: symbol, interval, source, first and last bar, bars."""
    rows = [("SYMBOL", "INTERVAL", "SOURCE", "START", "END", "BARS")]
    for s in series:
        d = s.describe()
        rows.append((d["symbol"], d["interval"], d["source"], d["start"], d["end"], str(d["bars"])))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            c.rjust(w) if i == 5 else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    )


def fetch_text(data: MarketData) -> str:
    d = data.describe()
    lines = [
        f"{d['symbol']} {d['interval']}: {d['bars']} bars {d['start']}..{d['end']} "
        f"(source: {d['source']})"
    ]
    lines += [f"warning: {w}" for w in data.warnings]
    return "\n".join(lines)
