import sys

from backtesting import Strategy


class Chatty(Strategy):
    def init(self):
        line = "x" * 1023 + "\n"
        for _ in range(64 * 1024):  # 64 MiB if nothing stopped it
            sys.stdout.write(line)

    def next(self):
        pass
