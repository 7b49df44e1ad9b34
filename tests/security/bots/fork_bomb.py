"""Attack: fork fan-out, as fast as possible (a child would exit at once, if any were made)."""

import ctypes
import os

from backtesting import Strategy

libc = ctypes.CDLL(None, use_errno=True)


class ForkBomb(Strategy):
    def init(self):
        made = 0
        for _ in range(2000):
            for fork in (os.fork, libc.fork):
                try:
                    pid = fork()
                except OSError:
                    continue
                if pid == 0:
                    os._exit(0)
                if pid > 0:
                    made += 1
        print(f"forks succeeded: {made}")

    def next(self):
        pass
