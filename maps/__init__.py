"""Presentation and export: folium map, styles, offline assets, GeoJSON / GeoPackage / CSV writers (top layer)."""
