"""A stand-alone owner process, for tests that need a fresh exec-time environment or an owner
that dies. ``python -m tests.security.owner run BOT`` runs one bot through the executor and
prints the result as JSON; ``... hang BOT`` starts a run, prints the zygote's and the child's
pids, and waits to be killed."""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import numpy as np
import pandas as pd

from engine.execution.executor import BotExecutor
from engine.execution.sandbox import Sandbox


def frame() -> pd.DataFrame:
    close = 100 * np.exp(np.cumsum(np.random.default_rng(5).normal(0, 0.01, 300)))
    index = pd.date_range("2020-01-01", periods=300, freq="D")
    return pd.DataFrame(
        {"Open": close, "High": close * 1.01, "Low": close * 0.99, "Close": close, "Volume": 1e6},
        index=index,
    )


def children_of(pid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    if int(fh.read().rsplit(b")", 1)[1].split()[1]) == pid:
                        found.append(int(name))
            except OSError:
                continue
    return found


def main(mode: str, bot: str) -> None:
    sandbox = Sandbox("strict")
    executor = BotExecutor(timeout_seconds=60, verbose=False, runner=sandbox)
    if mode == "run":
        result = executor.execute_bot(bot, data=frame())
        print(json.dumps({"result": result.to_dict(), "log": result.output_log}, default=str))
        sandbox.close()
        return
    threading.Thread(target=executor.execute_bot, args=(bot,), kwargs={"data": frame()}).start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        zygote = sandbox._zygote
        kids = children_of(zygote.pid) if zygote else []
        if kids:
            print(json.dumps({"zygote": zygote.pid, "child": kids[0]}), flush=True)
            break
        time.sleep(0.05)
    time.sleep(600)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
