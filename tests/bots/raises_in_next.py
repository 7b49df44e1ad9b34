from backtesting import Strategy


class Broken(Strategy):
    def init(self):
        pass

    def next(self):
        if len(self.data) > 50:
            raise ZeroDivisionError("boom at bar 50")
