"""Who may call the API: tokens off and on from this machine, and the rules for other addresses at
unit level (tests send traffic to loopback only: this workplace's network rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.api.access import check_access, is_local_host, is_loopback, token_valid
from engine.api.config import load_api_config
from engine.config import ConfigError

from .conftest import OTHER_TOKEN, REPO, RSI, TOKEN, running

# -- tokens off (the default) ------------------------------------------------------------------


def test_without_tokens_this_machine_reads(open_server):
    with open_server.client(token=None) as client:
        assert client.get("/api/summary").status_code == 200
        assert client.get("/api/runs").status_code == 200
        assert client.get("/api/openapi.json").status_code == 200


def test_without_tokens_writes_are_off_even_locally(open_server):
    with open_server.client(token=None) as client:
        for path, body in [
            ("/api/strategies/generate", {"description": RSI}),
            ("/api/runs", {"strategy_id": 1}),
            ("/api/backtests/execute-script", {"scriptTemplate": "orb"}),
            ("/api/runs/1/cancel", None),
        ]:
            response = client.post(path, json=body)
            assert response.status_code == 403, (path, response.text)
            assert "BOTLAB_API_TOKENS" in response.json()["error"]
        # a token changes nothing while none is configured
        response = client.post("/api/runs", json={}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 403


def test_a_proxy_or_a_foreign_host_name_is_not_localhost(open_server):
    with open_server.client(token=None) as client:
        proxied = client.get("/api/summary", headers={"X-Forwarded-For": "203.0.113.9"})
        assert proxied.status_code == 403
        rebound = client.get("/api/summary", headers={"Host": "evil.example"})
        assert rebound.status_code == 403
        assert client.get("/api/summary", headers={"Host": "localhost"}).status_code == 200


# -- tokens on -----------------------------------------------------------------------------------


def test_with_tokens_writes_need_a_valid_token(token_server):
    with token_server.client(token=None) as anonymous:
        response = anonymous.post("/api/runs", json={"strategy_id": 1})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        # once tokens exist, reads need one too, from this machine as well: behind a reverse
        # proxy that adds no forwarding header, every request would look local
        for path in ("/api/summary", "/api/runs", "/api/runs/1", "/api/openapi.json"):
            read = anonymous.get(path)
            assert read.status_code == 401, (path, read.text)
            assert read.headers["WWW-Authenticate"].startswith("Bearer")
        proxied = anonymous.get("/api/summary", headers={"Host": "localhost"})
        assert proxied.status_code == 401
    with token_server.client() as holder:
        assert holder.get("/api/summary").status_code == 200
    with token_server.client(token="not-the-token-at-all") as wrong:
        assert wrong.post("/api/runs", json={"strategy_id": 1}).status_code == 401
        response = wrong.get("/api/summary")  # a bad token is refused even where none is needed
        assert (
            response.status_code == 401
            and 'error="invalid_token"' in response.headers["WWW-Authenticate"]
        )
    with token_server.client(token=OTHER_TOKEN) as second:  # every listed token works
        assert second.post("/api/runs", json={"strategy_id": 987654}).status_code == 404


# -- the rules, at unit level --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("192.0.2.2", False),
        ("10.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("testclient", False),
        ("", False),
        (None, False),
    ],
)
def test_loopback_addresses(address, loopback):
    assert is_loopback(address) is loopback


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("localhost:8501", True),
        ("127.0.0.1:8501", True),
        ("[::1]:8501", True),
        ("app.localhost", True),
        ("LOCALHOST.", True),
        (None, True),
        ("example.com", False),
        ("192.0.2.2:8501", False),
        ("localhost.example.com", False),
    ],
)
def test_local_host_names(host, local):
    assert is_local_host(host) is local


@pytest.mark.parametrize(
    ("method", "client", "headers", "tokens", "status"),
    [
        ("GET", "127.0.0.1", {"host": "localhost"}, (), None),
        ("GET", "10.1.2.3", {"host": "botlab.example"}, (), 403),
        ("GET", "10.1.2.3", {}, (TOKEN,), 401),
        ("GET", "127.0.0.1", {"host": "localhost"}, (TOKEN,), 401),
        ("HEAD", "127.0.0.1", {}, (TOKEN,), 401),
        ("GET", "127.0.0.1", {"authorization": f"Bearer {TOKEN}"}, (TOKEN,), None),
        ("GET", "10.1.2.3", {"authorization": f"Bearer {TOKEN}"}, (TOKEN,), None),
        ("GET", "10.1.2.3", {"authorization": f"bearer {TOKEN}"}, (TOKEN,), None),
        ("GET", "10.1.2.3", {"authorization": f"Basic {TOKEN}"}, (TOKEN,), 401),
        ("POST", "127.0.0.1", {}, (), 403),
        ("POST", "127.0.0.1", {}, (TOKEN,), 401),
        ("POST", "10.1.2.3", {"authorization": f"Bearer {TOKEN}"}, (TOKEN,), None),
        ("POST", "10.1.2.3", {"authorization": f"Bearer {TOKEN}x"}, (TOKEN,), 401),
        ("DELETE", "10.1.2.3", {}, (), None),  # left to the router: 405
    ],
)
def test_access_rules(method, client, headers, tokens, status):
    error = check_access(method, client, headers, tokens)
    assert (error.status if error else None) == status


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.0.2.7", None, ""])
def test_a_server_listening_beyond_loopback_answers_no_anonymous_read(address):
    from engine.exposure import is_loopback_address

    assert not is_loopback_address(address)
    local = {"host": "localhost"}
    error = check_access("GET", "127.0.0.1", local, (), server_loopback=False)
    assert error.status == 403 and "BOTLAB_API_TOKENS" in error.message
    assert check_access("GET", "127.0.0.1", local, (), server_loopback=True) is None


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_listening_addresses(address):
    from engine.exposure import is_loopback_address

    assert is_loopback_address(address)
    assert load_api_config({}, listen_address=address).server_loopback


def test_the_loopback_check_is_injectable():
    headers = {"host": "botlab.internal"}
    assert check_access("GET", "10.0.0.5", headers, ()).status == 403
    trusted = check_access("GET", "10.0.0.5", headers, (), is_local=lambda _: True)
    assert trusted is not None  # a foreign Host name still is not this machine
    assert check_access("GET", "10.0.0.5", {}, (), is_local=lambda _: True) is None


def test_tokens_are_checked_and_configured_safely():
    assert token_valid(TOKEN, (OTHER_TOKEN, TOKEN))
    assert not token_valid(TOKEN[:-1], (TOKEN,))
    assert not token_valid("", (TOKEN,)) and not token_valid(TOKEN, ())
    config = load_api_config({"BOTLAB_API_TOKENS": f" {TOKEN} , {OTHER_TOKEN},"})
    assert config.tokens == (TOKEN, OTHER_TOKEN)
    assert TOKEN not in repr(config)
    with pytest.raises(ConfigError, match="shorter than 16"):
        load_api_config({"BOTLAB_API_TOKENS": "short"})
    with pytest.raises(ConfigError, match="BOTLAB_API_MAX_QUEUE"):
        load_api_config({"BOTLAB_API_MAX_QUEUE": "lots"})


# -- a server listening beyond loopback ----------------------------------------------------------

#: Run inside a private network namespace (only its own loopback exists), so a server listening
#: on every interface is reachable from nowhere but this probe.
EXPOSED_PROBE = """
import json, subprocess, sys
from pathlib import Path
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
from tests.api.conftest import running
with running(Path(sys.argv[1]), address="0.0.0.0", env=json.loads(sys.argv[2])) as server:
    answers = {}
    for name, token in (("anonymous", None), ("token", "default")):
        with server.client(token=token) as client:
            response = client.get("/api/summary", headers={"Host": "localhost"})
            answers[name] = [response.status_code, response.json().get("error")]
print(json.dumps(answers))
"""


def probe_exposed_server(tmp_path, env: dict[str, str]) -> dict:
    import json
    import shutil
    import subprocess
    import sys

    if shutil.which("unshare") is None or shutil.which("ip") is None:
        pytest.skip("needs unshare and ip (util-linux, iproute2) for a private network")
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs permission to create a network namespace (root)")
    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", EXPOSED_PROBE, str(tmp_path), json.dumps(env)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_listening_on_every_interface_no_request_is_anonymous(tmp_path):
    answers = probe_exposed_server(tmp_path / "open", {})
    status, error = answers["anonymous"]
    assert status == 403 and "non-loopback" in error and "BOTLAB_API_TOKENS" in error

    answers = probe_exposed_server(tmp_path / "tokens", {"BOTLAB_API_TOKENS": TOKEN})
    assert answers["anonymous"][0] == 401
    assert answers["token"][0] == 200


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on ``port`` (from /proc/net/tcp*)."""
    import ipaddress

    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                raw = bytes.fromhex(address)
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(str(ipaddress.ip_address(words if width == 32 else raw[::-1])))
    return found


def test_streamlit_run_listens_on_loopback_by_default(tmp_path):
    from urllib.parse import urlsplit

    with running(tmp_path / "home", address=None) as server:
        port = urlsplit(server.url).port
        assert listening_addresses(port) == {"127.0.0.1"}
        with server.client(token=None) as client:  # and the API knows it: local reads work
            assert client.get("/api/summary").status_code == 200
