"""The one conftest: shared fixtures, headless plotting, and a no-network guard.

qualkit promises never to open a network connection (transcripts are sensitive
data). Every test runs with ``socket.connect`` patched so that anything but a
Unix socket or a loopback address fails the test.
"""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest

os.environ.setdefault("QUALKIT_PROGRESS", "0")
os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")


class NetworkAccessError(AssertionError):
    """Raised when code under test tries to reach the network."""


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(sock: socket.socket, address: object) -> bool:
    if sock.family == getattr(socket, "AF_UNIX", object()):
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(self, address):
        raise NetworkAccessError(f"qualkit tests must not open network connections; "
                                 f"tried to connect to {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_local(self, address):
        raise NetworkAccessError(f"qualkit tests must not open network connections; "
                                 f"tried to connect to {address!r}")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _close_figures() -> None:
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def tiny_corpus():
    """Two short transcripts in two groups, built by hand."""
    from qualkit.corpus import Corpus, Transcript, Turn

    t1 = Transcript.from_turns("fg1_session1", [
        Turn("Facilitator", "What could linked records be used for?", section="Benefits"),
        Turn("P01", "Um, saving time for GPs, I suppose. Fewer repeat tests."),
        Turn("P02", "I'd worry about hackers getting in though."),
    ], group="FG1", session=1)
    t2 = Transcript.from_turns("fg2_session1", [
        Turn("Facilitator", "Who should oversee it?", section="Governance"),
        Turn("P03", "Ordinary people, not just the NHS. And they should be paid."),
    ], group="FG2", session=1)
    return Corpus([t1, t2])


@pytest.fixture
def fork():
    """``fork(fn) -> pid``: run ``fn`` in a forked child process (a real process, cheap to start).

    The child exits with ``fn()``'s return value if it is an int, else 0, and 1 if it raises;
    it opens its own connections after the fork.
    """
    import warnings

    def run(fn) -> int:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded parent
            pid = os.fork()
        if pid == 0:
            code = 1
            try:
                out = fn()
                code = out if isinstance(out, int) else 0
            finally:
                os._exit(code)
        return pid

    return run
