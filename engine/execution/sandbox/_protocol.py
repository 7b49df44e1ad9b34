"""Messages between the owner and its zygote: one JSON object per SOCK_SEQPACKET datagram.

SEQPACKET keeps message boundaries (no framing code) and carries file descriptors (SCM_RIGHTS)
alongside a message. Two kinds of channel use it:

* the *control* socket, owner -> zygote: ``{"op": "run", ...}`` with four descriptors (the
  run socket, the write end of the output pipe, the write end of the status pipe, the read end
  of the go pipe); zygote -> owner: one ``{"event": "ready", ...}`` after preloading;
* one *run* socket per run: zygote -> owner ``{"event": "started", "pid": N}`` then
  ``{"event": "exit", "status": ..., "cpu_s": ..., "maxrss_kb": ...}``; owner -> zygote
  ``{"op": "kill"}``. Closing it from the owner's side also kills the run.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Sequence

MAX_MESSAGE = 1 << 16
MAX_FDS = 4


def socketpair() -> tuple[socket.socket, socket.socket]:
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)


def send(sock: socket.socket, message: dict, fds: Sequence[int] = ()) -> None:
    data = json.dumps(message).encode()
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.send(data)


def recv(sock: socket.socket) -> tuple[dict | None, list[int]]:
    """One message and the descriptors that came with it; ``(None, [])`` at end of stream."""
    data, fds, _flags, _addr = socket.recv_fds(sock, MAX_MESSAGE, MAX_FDS)
    if not data:
        for fd in fds:
            os.close(fd)
        return None, []
    try:
        message = json.loads(data)
    except ValueError:
        message = {"event": "garbled"}
    return (message if isinstance(message, dict) else {"event": "garbled"}), fds
