"""Attack: grab memory in 64 MiB steps until something gives."""

from backtesting import Strategy


class MemoryBomb(Strategy):
    def init(self):
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))

    def next(self):
        pass
