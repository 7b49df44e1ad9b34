"""Attack: print 1 GiB."""

import sys

from backtesting import Strategy


class Flood(Strategy):
    def init(self):
        chunk = "spam" * 256 * 1024 + "\n"
        for _ in range(1024):
            sys.stdout.write(chunk)

    def next(self):
        pass
