"""The crawler's closed address space: which URLs it may ask for at all (pure, no network).

Only http and https. A URL that a feed, sitemap, listing page or redirect names may not
lead to a loopback, private, link-local, multicast or reserved address (a metadata
service at 169.254.169.254, an intranet host) unless the source's own configured URL is
on that very host, or the source says `allow_private: true`. Hosts are compared by
name: `localhost` is not `127.0.0.1`, so a site on 127.0.0.1 cannot send the crawler to
a service listening on `localhost`.

Hosts are spelled many ways: 2130706433, 0177.0.0.1, 0x7f.1 and ::ffff:127.0.0.1 are all
127.0.0.1. `host_ip` reads every spelling that the C resolver accepts (inet_aton's), so
the classifier sees the address that a connection would reach.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

SCHEMES = ("http", "https")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def host_ip(host: str) -> IPAddress | None:
    """The address a host name spells literally (any inet_aton form, IPv6), else None."""
    host = host.strip().strip("[]").rstrip(".")
    if not host:
        return None
    try:
        return ipaddress.ip_address(host.split("%")[0])  # fe80::1%eth0: the zone is not the address
    except ValueError:
        pass
    if not all(c in "0123456789abcdefxABCDEFX." for c in host) or not host[0].isdigit():
        return None  # a name (example.com), not a number spelled oddly
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))  # 2130706433, 0177.1, 0x7f.0.0.1
    except OSError:
        return None


def classify(address: IPAddress | str) -> str | None:
    """Why an address is internal (loopback, private, link_local, multicast, reserved), or None."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:10.0.0.1 and 2002:0a00:0001:: reach the IPv4 address inside them.
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is not None:
            return classify(inner)
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"  # 169.254.169.254: cloud metadata services live here
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified or ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:
        # 10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10 (carrier NAT), documentation ranges
        return "private"
    return None


def scheme_refusal(url: str) -> str | None:
    """'scheme' for anything but http(s) with a host (file:, ftp:, data:, gopher:...), else None."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return "bad_url"
    if parts.scheme.lower() not in SCHEMES:
        return "scheme"
    return None if host else "bad_url"


def hostname(url: str) -> str:
    """The URL's host name, lowercased, without brackets or a trailing dot ('' when none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def address_refusal(addresses: list[str]) -> str | None:
    """The first reason any of a host's addresses is internal: one bad answer is enough,
    because the connection may use any of them."""
    for address in addresses:
        reason = classify(address)
        if reason:
            return reason
    return None
