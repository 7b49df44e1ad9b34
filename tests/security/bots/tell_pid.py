"""Prints its pid and sleeps: for the lifecycle tests (cancel, zygote/owner death)."""

import json
import os
import time

from backtesting import Strategy

P = json.loads("""__PARAMS__""")


class TellPid(Strategy):
    def init(self):
        print(f"pid {os.getpid()} token {P['token']}", flush=True)
        open("began", "w").close()  # in its job directory: the test knows the bot is running
        began = time.time()
        time.sleep(P["sleep"])
        print(f"slept from {began} to {time.time()}", flush=True)

    def next(self):
        pass
