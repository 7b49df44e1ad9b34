import time

from backtesting import Strategy


class Sleeper(Strategy):
    def init(self):
        time.sleep(600)

    def next(self):
        pass
