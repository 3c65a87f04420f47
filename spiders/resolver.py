"""One name lookup per host and crawl; the connection goes to the address that was checked.

The address guard (spiders.middlewares.AddressGuardMiddleware) resolves a host with
`pin()` and classifies the answers; `PinnedResolver`, installed as DNS_RESOLVER, gives
Twisted those same answers when it connects. A name whose DNS answer changes between the
check and the connection (DNS rebinding) therefore cannot reach an address that was not
checked: the second answer is never asked for.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from typing import Any

from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IHostResolution, IResolutionReceiver
from zope.interface import implementer

from spiders.addresses import host_ip

# host -> addresses, for the life of the crawl process (one crawl per process).
PINNED: dict[str, list[str]] = {}


def pin(host: str) -> list[str]:
    """The host's addresses, resolved once per crawl (an IP literal is its own address).

    Raises:
        OSError: the name does not resolve.
    """
    host = host.lower().strip("[]")
    if host not in PINNED:
        literal = host_ip(host)
        if literal is not None:
            PINNED[host] = [str(literal)]
        else:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
            PINNED[host] = list(dict.fromkeys(str(info[4][0]) for info in infos))
    return PINNED[host]


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:  # pragma: no cover - answers are synchronous
        pass


@implementer(IHostnameResolver)
class PinnedResolver:
    """Answers from PINNED; a host the guard has not pinned is resolved (and pinned) here."""

    def __init__(self, reactor: Any) -> None:
        self.reactor = reactor

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PinnedResolver:
        return cls(reactor)

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type] | None = None,
        transportSemantics: str = "TCP",
    ) -> IResolutionReceiver:
        resolutionReceiver.resolutionBegan(_Resolution(hostName))
        try:
            addresses = pin(hostName)
        except OSError:
            addresses = []  # the receiver sees no address: Twisted reports a DNS lookup failure
        for address in addresses:
            kind = IPv6Address if ":" in address else IPv4Address
            resolutionReceiver.addressResolved(kind("TCP", address, portNumber))
        resolutionReceiver.resolutionComplete()
        return resolutionReceiver
