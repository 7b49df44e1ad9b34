"""Attack: start ``P["threads"]`` waiting threads (a few such runs could use up the PIDs)."""

import json
import threading

from backtesting import Strategy

P = json.loads("""__PARAMS__""")


class ThreadBomb(Strategy):
    def init(self):
        release = threading.Event()
        started = []
        try:
            for _ in range(P["threads"]):
                thread = threading.Thread(target=release.wait, daemon=True)
                thread.start()
                started.append(thread)
        finally:
            print(f"threads started: {len(started)}")
            release.set()
            for thread in started:
                thread.join()

    def next(self):
        pass
