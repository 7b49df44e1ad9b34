"""A script bot that downloads its own data: it needs the network, which bots do not get."""

import json

import pandas as pd
from backtesting import Backtest, Strategy

P = json.loads("""__PARAMS__""")
prices = pd.read_csv(
    f"http://{P['host']}:{P['tcp_port']}/prices.csv", index_col=0, parse_dates=True
)


class Hold(Strategy):
    def init(self):
        pass

    def next(self):
        if not self.position:
            self.buy()


print(Backtest(prices, Hold).run())
