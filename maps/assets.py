"""Where the map's JavaScript and CSS come from: CDN links online, inlined package files offline.

Vendor files are never copied into the repository: they are read at build time from the installed
XStatic packages (Leaflet, Leaflet.markercluster, Font Awesome). The project's own plugin
(``maps/assets/conflictmap.{js,css}``: layer groups, time slider, search, minimap, measure, fullscreen)
is inlined in both modes, so both modes behave the same.

Each vendor asset knows both its CDN URL and its local file, which is also how the browser tests serve
CDN requests without a network.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

OWN_DIR = Path(__file__).with_name("assets")
LEAFLET_VERSION = "1.9.3"
MARKERCLUSTER_VERSION = "1.4.1"
FONT_AWESOME_VERSION = "6.2.1"


@dataclass(frozen=True, slots=True)
class Asset:
    name: str
    kind: str  # "js" | "css"
    url: str
    package: str  # xstatic.pkg module
    relpath: str  # inside the package's BASE_DIR

    def path(self) -> Path:
        return _base_dir(self.package) / self.relpath


_JSD = "https://cdn.jsdelivr.net/npm"
VENDOR: tuple[Asset, ...] = (
    Asset("leaflet_css", "css", f"{_JSD}/leaflet@{LEAFLET_VERSION}/dist/leaflet.css", "leaflet", "leaflet.css"),
    Asset("leaflet", "js", f"{_JSD}/leaflet@{LEAFLET_VERSION}/dist/leaflet.js", "leaflet", "leaflet.js"),
    Asset("markercluster_css", "css", f"{_JSD}/leaflet.markercluster@{MARKERCLUSTER_VERSION}/dist/MarkerCluster.css",
          "leaflet_markercluster", "MarkerCluster.css"),
    Asset("markercluster", "js",
          f"{_JSD}/leaflet.markercluster@{MARKERCLUSTER_VERSION}/dist/leaflet.markercluster.js",
          "leaflet_markercluster", "leaflet.markercluster.js"),
    Asset("fontawesome_css", "css",
          f"{_JSD}/@fortawesome/fontawesome-free@{FONT_AWESOME_VERSION}/css/fontawesome.min.css",
          "font_awesome", "css/fontawesome.min.css"),
    Asset("fontawesome_solid_css", "css",
          f"{_JSD}/@fortawesome/fontawesome-free@{FONT_AWESOME_VERSION}/css/solid.min.css",
          "font_awesome", "css/solid.min.css"),
)


class AssetError(RuntimeError):
    """A vendor package is missing: the offline map cannot be built (one line)."""


@cache
def _base_dir(package: str) -> Path:
    import importlib

    try:
        mod = importlib.import_module(f"xstatic.pkg.{package}")
    except ImportError:
        raise AssetError(
            f"package XStatic-{package.replace('_', '-')} is not installed (needed for --offline)"
        ) from None
    return Path(mod.BASE_DIR)


def local_file_for_url(url: str) -> Path | None:
    """The installed file behind a CDN URL (vendor assets and the fonts their CSS refers to)."""
    for asset in VENDOR:
        if url.split("?")[0] == asset.url:
            return asset.path()
    m = re.match(rf"{re.escape(_JSD)}/@fortawesome/fontawesome-free@[\d.]+/webfonts/([\w.-]+)$", url.split("?")[0])
    if m:
        p = _base_dir("font_awesome") / "webfonts" / m.group(1)
        return p if p.is_file() else None
    m = re.match(rf"{re.escape(_JSD)}/leaflet@[\d.]+/dist/images/([\w.-]+)$", url.split("?")[0])
    if m:
        p = _base_dir("leaflet") / "images" / m.group(1)
        return p if p.is_file() else None
    return None


def _data_uri(path: Path, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(asset: Asset) -> str:
    css = asset.path().read_text(encoding="utf-8")
    base = asset.path().parent
    if asset.name == "fontawesome_solid_css":
        # woff2 only: every browser that runs Leaflet 1.9 reads it, and the ttf would double the size.
        css = re.sub(
            r"src:url\(\.\./webfonts/fa-solid-900\.woff2\) format\(\"woff2\"\),url\([^)]*\) format\(\"truetype\"\)",
            lambda _: f'src:url({_data_uri(base.parent / "webfonts" / "fa-solid-900.woff2", "font/woff2")}) '
            'format("woff2")',
            css,
        )
    if asset.name == "leaflet_css":
        css = re.sub(
            r"url\((images/[\w.-]+\.png)\)",
            lambda m: f"url({_data_uri(base / m.group(1), 'image/png')})",
            css,
        )
    if "url(../" in css or re.search(r"url\((?!data:|#)", css):
        raise AssetError(f"{asset.path()}: still refers to an external file after inlining")
    return css


def _script_safe(text: str) -> str:
    # A vendor file containing "</script" (in a string or comment) would end the element early.
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


OWN_SCRIPTS = ("conflictmap-control.js", "conflictmap.js")  # the control layer first: the plugin calls it


def own_js() -> str:
    return _script_safe("\n".join((OWN_DIR / name).read_text(encoding="utf-8") for name in OWN_SCRIPTS))


def own_css() -> str:
    return (OWN_DIR / "conflictmap.css").read_text(encoding="utf-8")


def head_html(offline: bool) -> str:
    """The ``<head>`` elements that load Leaflet, markercluster, Font Awesome and the project's plugin."""
    parts: list[str] = []
    for asset in VENDOR:
        if offline:
            if asset.kind == "css":
                parts.append(f"<style data-asset=\"{asset.name}\">{_inline_css(asset)}</style>")
            else:
                text = _script_safe(asset.path().read_text(encoding="utf-8"))
                parts.append(f"<script data-asset=\"{asset.name}\">{text}</script>")
        elif asset.kind == "css":
            parts.append(f'<link rel="stylesheet" href="{asset.url}"/>')
        else:
            parts.append(f'<script src="{asset.url}"></script>')
    parts.append(f"<style data-asset=\"conflictmap_css\">{own_css()}</style>")
    parts.append(f"<script data-asset=\"conflictmap_js\">{own_js()}</script>")
    return "\n".join(parts)
