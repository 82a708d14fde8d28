"""The analyst map: a folium (Leaflet) page drawn from an analysis.

folium gives the page, the map and the tile layers; the project's plugin (``maps/assets/conflictmap.js``)
draws the events, places, control areas and controls from one pre-escaped payload
(``maps.mapdata.build_payload``), which is what keeps a 10,000-event map small and quick.

``offline=True`` inlines every script, style and font (from the installed XStatic packages) and
replaces the remote tiles by a vector outline of Libya and its districts, so the file works with no
network at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import folium

from maps.assets import head_html
from maps.elements import InitScript, Raw, data_element, title_element
from maps.layers import as_layers
from maps.legend import legend_html
from maps.mapdata import DEFAULT_TITLE, build_payload, coord, event_is_libyan, map_day
from maps.timeline import axis, bins, timeline_html

LIBYA_CENTER = (27.0, 17.5)
BASE_LAYERS: tuple[tuple[str, str, str], ...] = (
    # (label, tiles, attribution); the first is shown by default.
    (
        "Light (CartoDB Positron)",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
        '&copy; <a href="https://carto.com/attributions">CARTO</a>',
    ),
    (
        "OpenStreetMap",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
    (
        "Satellite (Esri World Imagery)",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
    ),
)
MINIMAP_TILES = "https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}.png"


@dataclass(frozen=True, slots=True)
class MapStats:
    events: int
    places: int
    control_areas: int
    front_lines: int
    skipped_foreign: int
    bytes: int
    outline_source: str


def outline_layers(points: list[tuple[float, float]]) -> tuple[dict[str, Any] | None, dict[str, Any] | None, str]:
    """Libya's outline and districts from ``gazetteer.boundaries``; else the convex hull of the points."""
    try:
        from gazetteer.boundaries import libya_districts, libya_outline

        return libya_outline(), libya_districts(), "gazetteer.boundaries (Natural Earth)"
    except (ImportError, OSError, ValueError, KeyError):
        pass
    if len(points) < 3:
        return None, None, "none"
    from shapely.geometry import MultiPoint, mapping

    hull = MultiPoint([(lon, lat) for lat, lon in points]).convex_hull.buffer(0.3)
    return dict(mapping(hull)), None, "convex hull of the drawn points"


def build_map(analysis: Any, *, offline: bool = False, title: str | None = None,
              gazetteer: Any = None) -> tuple[folium.Map, MapStats]:
    """The map; ``gazetteer`` is the compiled index for the search and the offline town names (default:
    the user's index)."""
    from maps.basemap import libyan_places

    layers = as_layers(analysis)
    # The timeline counts the events the map draws (Libyan, with a position), as the browser recounts them.
    drawn = []
    points = []
    for e in layers.events:
        lat, lon = coord(e.get("latitude"), 90), coord(e.get("longitude"), 180)
        if lat is not None and lon is not None:
            points.append((lat, lon))
            if event_is_libyan(e):
                drawn.append(e)
    for p in layers.places:
        if p.get("in_libya"):
            lat, lon = coord(p.get("lat"), 90), coord(p.get("lon"), 180)
            if lat is not None and lon is not None:
                points.append((lat, lon))
    outline, districts, outline_source = outline_layers(points)
    payload = build_payload(layers, outline=outline, districts=districts, offline=offline, title=title,
                            gazetteer=libyan_places(gazetteer))
    payload["legend"] = legend_html(payload)
    payload["minimapTiles"] = None if offline else MINIMAP_TILES
    binned = bins(drawn, until=map_day(payload))
    payload["timeline"] = axis(drawn, binned)

    m = folium.Map(location=LIBYA_CENTER, zoom_start=6, tiles=None, control_scale=False, min_zoom=3, max_zoom=18)
    # folium's defaults pull Bootstrap, jQuery and awesome-markers from CDNs; the map needs none of them.
    m.default_js = []
    m.default_css = []
    fig = m.get_root()
    # Nothing from the analysis reaches a template compiler: see maps/elements.py.
    fig.header.add_child(title_element(title or DEFAULT_TITLE), name="cm_title")
    fig.header.add_child(Raw(head_html(offline)), name="cm_assets")
    payload_id = f"cm-payload-{m.get_name()}"
    fig.header.add_child(data_element(payload_id, payload), name="cm_payload")

    bases: dict[str, folium.TileLayer] = {}
    if not offline:
        for i, (label, url, attr) in enumerate(BASE_LAYERS):
            layer = folium.TileLayer(tiles=url, attr=attr, name=label, max_zoom=19, show=(i == 0),
                                     control=False, subdomains="abcd")
            layer.add_to(m)
            bases[label] = layer
    timeline = timeline_html(drawn, binned)
    if timeline:
        fig.html.add_child(Raw(timeline), name="cm_timeline")
    m.add_child(InitScript(bases, payload_id))
    counts = payload["counts"]
    stats = MapStats(
        events=counts["events"],
        places=counts["places"],
        control_areas=len(payload["areas"]),
        front_lines=len(payload["lines"]),
        skipped_foreign=counts["skipped_foreign"],
        bytes=0,
        outline_source=outline_source,
    )
    return m, stats


def render_html(analysis: Any, *, offline: bool = False, title: str | None = None,
                gazetteer: Any = None) -> tuple[str, MapStats]:
    m, stats = build_map(analysis, offline=offline, title=title, gazetteer=gazetteer)
    html = m.get_root().render()
    from maps.atomic import LONE_SURROGATE

    return html, _with_bytes(stats, len(html.encode("utf-8", errors=LONE_SURROGATE)))


def write_map(
    path: str | os.PathLike[str], analysis: Any, *, offline: bool = False, title: str | None = None,
    gazetteer: Any = None,
) -> MapStats:
    """Render and write atomically (temporary file beside ``path``, then rename)."""
    from maps.atomic import write_text

    html, stats = render_html(analysis, offline=offline, title=title, gazetteer=gazetteer)
    write_text(path, html)
    return stats


def _with_bytes(stats: MapStats, n: int) -> MapStats:
    return MapStats(**{**{f: getattr(stats, f) for f in stats.__dataclass_fields__}, "bytes": n})
