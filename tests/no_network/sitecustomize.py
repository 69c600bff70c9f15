"""Loaded by every Python process the tests start (via PYTHONPATH): no network at all.

Creating an internet socket raises, so any attempt to reach a model hub or any
other host fails loudly instead of passing unnoticed. Local (AF_UNIX) sockets,
which asyncio uses internally, stay allowed.
"""

import socket

_real_socket = socket.socket
_BLOCKED = {socket.AF_INET, socket.AF_INET6}


class _NoNetworkSocket(_real_socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):  # socket's own parameter names
        if fileno is None and (family in _BLOCKED or family == -1):
            raise OSError("network access is disabled in Evidens tests")
        super().__init__(family, type, proto, fileno)


def _refuse(*_args, **_kwargs):
    raise OSError("network access is disabled in Evidens tests")


socket.socket = _NoNetworkSocket
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
