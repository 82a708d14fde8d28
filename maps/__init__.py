"""Presentation and export (top layer): the folium map, its styles and offline assets, and the
GeoJSON / GeoPackage / CSV / GeoParquet writers."""
