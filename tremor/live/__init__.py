"""Live analysis from a band or a phone: the session, its display, sources and the loopback transport."""
