"""Attack at import time: read the app's secrets and data, and print whatever comes back."""

import json
import os
import sqlite3

from backtesting import Strategy

P = json.loads("""__PARAMS__""")


def attempt(name, action):
    try:
        value = action()
    except BaseException as exc:
        print(f"attempt {name}: blocked ({type(exc).__name__}: {exc})")
    else:
        print(f"attempt {name}: SUCCEEDED {value!r}"[:2000])


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


def query(db):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("select * from sqlite_master").fetchall()


def listing(directory):
    return os.listdir(directory)


def environ_leak():
    leaked = {k: v for k, v in os.environ.items() if "KEY" in k or "canary" in v}
    if leaked:
        return leaked
    raise PermissionError(f"nothing secret in {sorted(os.environ)}")


def proc_environs():
    got = []
    for pid in [1, os.getppid(), P["owner_pid"], *range(os.getppid() - 40, os.getppid() + 40)]:
        try:
            got.append(read(f"/proc/{pid}/environ"))
        except OSError:
            continue
    if not got:
        raise PermissionError("no /proc/<pid>/environ was readable")
    return got


attempt("read .env", lambda: read(P["env_file"]))
attempt("read secrets.toml", lambda: read(P["secrets_toml"]))
attempt("query app database", lambda: query(P["app_db"]))
attempt("read app database bytes", lambda: read(P["app_db"]))
attempt("query botlab database", lambda: query(P["botlab_db"]))
attempt("list other runs' results", lambda: listing(os.path.join(P["botlab_home"], "results")))
attempt("list other runs' scratch", lambda: listing(os.path.dirname(os.getcwd())))
attempt("read /proc/<pid>/environ", proc_environs)
attempt("read /proc/self/environ", lambda: read("/proc/self/environ"))
attempt("own environment", environ_leak)
attempt("read /etc/shadow", lambda: read("/etc/shadow"))


class Quiet(Strategy):
    def init(self):
        pass

    def next(self):
        pass
