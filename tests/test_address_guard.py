"""The address guard checks the peer the socket actually connected to, not only what the
name resolved to when it was checked: a name that answers a public address to the check
and a private one to the connection (DNS rebinding) is refused before a byte is sent.

Everything here talks to 127.0.0.1 only. A rebinding name cannot be served on loopback
without changing the machine's resolver, so the name's first, public answer is played by
an Http whose check before the request lets everything through: what is left is the
check on the connected socket, which is what is tested."""

import socket
import threading

import pytest

from archiver.http import AddressRefused, Http


class FirstAnswerPublic(Http):
    """An Http whose check of the name before the request passed, as it does when a
    rebinding name's first answer is a public address."""

    def _refusal(self, url):
        return None


@pytest.fixture
def listener():
    """A TCP server on 127.0.0.1 recording the bytes each connection sends, and
    answering a minimal HTTP response."""
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    data = conn.recv(65536)
                except OSError:
                    data = b""
                received.append(data)
                if data:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                 b"Connection: close\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    server.close()


def test_a_name_that_passed_the_check_but_connects_to_loopback_is_refused(listener):
    port, received = listener
    result = FirstAnswerPublic(host_delay=0, retries=2).get(f"http://127.0.0.1:{port}/x")
    assert result.error == "refused_address"
    assert result.detail == (f"GET http://127.0.0.1:{port}/x: refused, connected to 127.0.0.1: "
                             "a non-public address (allow with --allow-private)")
    assert all(data == b"" for data in received)  # connected, then closed: nothing sent
    assert len(received) <= 1  # a refusal is not retried


def test_the_check_comes_before_tls(listener):
    port, received = listener
    result = FirstAnswerPublic(host_delay=0, retries=0).get(f"https://127.0.0.1:{port}/x")
    assert result.error == "refused_address"  # not a TLS failure: no ClientHello was sent
    assert all(data == b"" for data in received)


def test_the_session_itself_refuses_whoever_uses_it(listener):
    port, received = listener
    with pytest.raises(AddressRefused, match="connected to 127.0.0.1"):
        Http(host_delay=0).session.get(f"http://127.0.0.1:{port}/x", timeout=5)
    assert all(data == b"" for data in received)


def test_allowed_networks_and_allow_private_still_connect(listener):
    port, received = listener
    url = f"http://127.0.0.1:{port}/x"
    allowed = FirstAnswerPublic(host_delay=0, retries=0, allowed_networks=("127.0.0.1/32",))
    assert allowed.get(url).body == b"ok"
    assert Http(host_delay=0, retries=0, allow_private=True).get(url).body == b"ok"
    assert [data.split(b"\r\n")[0] for data in received] == [b"GET /x HTTP/1.1"] * 2


def test_a_redirect_hop_is_checked_on_its_connection_too(httpserver):
    """The first hop is allowed (127.0.0.1 only); the redirect leads to 127.0.0.2, which
    the name check lets through here: the connection to it is refused."""
    server = socket.create_server(("127.0.0.2", 0))
    try:
        target = f"http://127.0.0.2:{server.getsockname()[1]}/next"
        httpserver.expect_request("/start").respond_with_data(
            "", status=302, headers={"Location": target})
        http = FirstAnswerPublic(host_delay=0, retries=0, allowed_networks=("127.0.0.1/32",))
        result = http.get(httpserver.url_for("/start"))
        assert result.error == "refused_address" and "connected to 127.0.0.2" in result.detail
        assert result.final_url == target
    finally:
        server.close()
