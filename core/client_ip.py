"""The client address that login throttling (django-axes, AXES_CLIENT_IP_CALLABLE) keys on.

Only an address the client cannot choose may be used, or an attacker could escape a lockout by
sending a new X-Forwarded-For with each attempt, or lock another person out by sending theirs.

- Without settings.BEHIND_PROXY: REMOTE_ADDR, the peer of the TCP connection. X-Forwarded-For is
  ignored entirely: anyone can send it.
- With settings.BEHIND_PROXY: exactly one trusted reverse proxy is in front (nginx with
  `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`), and the app is reachable only
  through it. That proxy appends the address it saw to whatever X-Forwarded-For the client sent,
  so the right-most entry is the client's address and everything left of it is the client's own
  text, ignored. A request whose right-most entry is missing or not an IP address did not pass
  the proxy as configured; it gets REMOTE_ADDR (the proxy's address).

django-ipware (axes' optional helper) was not used: with proxy_count=1 it expects the proxy's own
address inside X-Forwarded-For (it answers None for the usual one-entry header), and without a
count it prefers a public address over a private one wherever it stands, which a client on a
private network can spoof.
"""

import ipaddress

from django.conf import settings


def client_ip_address(request) -> str | None:
    """The client's IP address as text (IPv6 in compressed form), or None without REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return remote
