from backtesting import Strategy


class Oops(Strategy):
    def init(self)
        pass
