"""Attack: fill the scratch directory in ``P["how"]`` ways, ``P["files"]`` x ``P["mb_each"]`` MB."""

import json
import mmap
import os

from backtesting import Strategy

P = json.loads("""__PARAMS__""")
MB = 1024 * 1024


def files():
    chunk = b"x" * MB
    for n in range(P["files"]):
        with open(f"fill{n}.bin", "wb") as fh:
            for _ in range(P["mb_each"]):
                fh.write(chunk)
        print(f"file {n}: {P['mb_each']} MB written")


def nested():
    chunk = b"x" * MB
    path = "."
    for n in range(P["files"]):
        path = os.path.join(path, f"d{n}")
        os.mkdir(path)
        with open(os.path.join(path, "fill.bin"), "wb") as fh:
            for _ in range(P["mb_each"]):
                fh.write(chunk)
        print(f"dir {n}: {P['mb_each']} MB written")


def mapped():
    for n in range(P["files"]):
        size = P["mb_each"] * MB
        fd = os.open(f"map{n}.bin", os.O_CREAT | os.O_RDWR, 0o600)
        os.ftruncate(fd, size)
        with mmap.mmap(fd, size, mmap.MAP_SHARED) as area:
            for offset in range(0, size, MB):
                area[offset : offset + MB] = b"x" * MB
        os.close(fd)
        print(f"mapped file {n}: {P['mb_each']} MB written")


def empty_files():
    for n in range(P["files"]):
        open(f"empty{n}", "w").close()
    print(f"{P['files']} empty files made")


class DiskFill(Strategy):
    def init(self):
        {"files": files, "nested": nested, "mapped": mapped, "empty": empty_files}[P["how"]]()

    def next(self):
        pass
