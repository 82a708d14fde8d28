"""Gazetteer sources: one small protocol, several back-ends (as geopy has for geocoders)."""

from gazetteer.sources.base import PlaceSource

__all__ = ["PlaceSource"]
