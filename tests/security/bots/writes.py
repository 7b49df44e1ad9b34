"""Attack: write, link or corrupt anything outside the run's own scratch directory."""

import json
import os
import sqlite3

from backtesting import Strategy

P = json.loads("""__PARAMS__""")


def attempt(name, action):
    try:
        action()
    except BaseException as exc:
        print(f"attempt {name}: blocked ({type(exc).__name__}: {exc})")
    else:
        print(f"attempt {name}: SUCCEEDED")


def write(path, text="pwned"):
    with open(path, "a") as fh:
        fh.write(text)


def corrupt_database():
    with sqlite3.connect(P["botlab_db"]) as conn:
        conn.execute("create table pwned (x)")


class WritesAttack(Strategy):
    def init(self):
        scratch_root = os.path.dirname(os.getcwd())
        attempt("write app dir", lambda: write(os.path.join(P["app_dir"], "pwned")))
        attempt("append .env", lambda: write(P["env_file"], "\nEXTRA=1\n"))
        attempt("write botlab home", lambda: write(os.path.join(P["botlab_home"], "pwned")))
        attempt("write results dir", lambda: write(os.path.join(P["botlab_home"], "results", "x")))
        attempt("write scratch root", lambda: write(os.path.join(scratch_root, "pwned")))
        attempt("write /tmp", lambda: write(P["tmp_marker"]))
        attempt("write marker dir", lambda: write(os.path.join(P["marker_dir"], "pwned")))
        attempt("corrupt botlab database", corrupt_database)
        attempt("symlink to .env", lambda: os.symlink(P["env_file"], "result.json.link"))
        attempt("hard link .env", lambda: os.link(P["env_file"], "env-copy"))
        attempt("mkfifo", lambda: os.mkfifo("fifo"))
        attempt("mknod", lambda: os.mknod("disk", 0o600 | 0o060000, os.makedev(8, 0)))

    def next(self):
        pass
