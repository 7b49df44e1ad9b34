import definitely_not_a_module  # noqa: F401
from backtesting import Strategy


class Nope(Strategy):
    def init(self):
        pass

    def next(self):
        pass
