"""The closed address space, on strings and resolved addresses only: nothing connects."""

from __future__ import annotations

import ipaddress

import pytest

from spiders.addresses import address_refusal, classify, host_ip, hostname, scheme_refusal
from spiders.sources import parse_sources


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("172.31.255.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),  # carrier-grade NAT
        ("127.0.0.1", "loopback"),
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link_local"),  # cloud metadata service
        ("fe80::1", "link_local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped IPv6
        ("::ffff:169.254.169.254", "link_local"),
        ("2002:a00:1::", "private"),  # 6to4 wrapping 10.0.0.1
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "reserved"),
        ("240.0.0.1", "reserved"),
        ("::", "reserved"),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
        ("172.32.0.1", None),  # just outside 172.16/12
    ],
)
def test_addresses_classify(address, reason):
    assert classify(address) == reason


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),  # decimal
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("0x7f.0.0.1", "127.0.0.1"),  # hex
        ("127.1", "127.0.0.1"),  # short form
        ("012.0.0.1", "10.0.0.1"),  # octal 012 is 10
        ("3232235777", "192.168.1.1"),
        ("0xa9fea9fe", "169.254.169.254"),
        ("[::ffff:10.0.0.1]", "::ffff:10.0.0.1"),
        ("10.0.0.1.", "10.0.0.1"),  # trailing dot
        ("example.com", None),
        ("0day.example", None),
        ("deadbeef", None),  # a name, not a number
    ],
)
def test_addresses_host_ip_reads_every_spelling(host, address):
    assert host_ip(host) == (ipaddress.ip_address(address) if address else None)


def test_addresses_odd_spellings_are_classified_as_what_they_reach():
    assert classify(host_ip("2130706433")) == "loopback"
    assert classify(host_ip("0xa9fea9fe")) == "link_local"
    assert classify(host_ip("012.0.0.1")) == "private"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://127.0.0.1/x", "scheme"),
        ("data:text/plain,hi", "scheme"),
        ("gopher://127.0.0.1:70/x", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("http:///nohost", "bad_url"),
        ("http://[::1", "bad_url"),
        ("https://example.com/a", None),
        ("HTTP://Example.com/a", None),
    ],
)
def test_addresses_scheme_refusal(url, reason):
    assert scheme_refusal(url) == reason


def test_addresses_one_internal_answer_refuses_the_host():
    assert address_refusal(["93.184.215.14", "10.0.0.1"]) == "private"
    assert address_refusal(["93.184.215.14"]) is None


def test_addresses_own_hosts_are_names_not_addresses():
    (source,) = parse_sources(
        {
            "sources": [
                {"name": "a", "feeds": ["http://127.0.0.1:8000/rss"], "sitemaps": ["http://Intra.Local./s"]}
            ]
        }
    )
    assert source.own_hosts() == {"127.0.0.1", "intra.local"}
    assert hostname("http://localhost:8000/x") not in source.own_hosts()  # same machine, other name
    assert hostname("http://[::1]:8000/x") == "::1"
