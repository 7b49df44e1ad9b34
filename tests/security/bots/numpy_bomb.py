"""Attack: one huge numpy allocation, touched."""

import numpy as np
from backtesting import Strategy


class NumpyBomb(Strategy):
    def init(self):
        self.big = np.ones(8 * 1024**3 // 8)

    def next(self):
        pass
