"""Attack: burn CPU forever, ignoring SIGXCPU."""

import signal

from backtesting import Strategy


class CpuLoop(Strategy):
    def init(self):
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)
        while True:
            pass

    def next(self):
        pass
