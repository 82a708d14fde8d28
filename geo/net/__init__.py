"""The project's only way onto the network: a bounded, polite HTTP client (``geo.net.http``)."""
