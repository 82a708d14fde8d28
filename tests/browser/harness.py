"""Driving Debian's chromium through Playwright with no network.

CDN requests are answered from the installed XStatic packages (``maps.assets.local_file_for_url``),
tile requests with a tiny PNG, and everything else is aborted; ``offline=True`` aborts everything but
the map file itself. Every request is recorded so tests can assert what the page asked for.
"""

from __future__ import annotations

import base64
import contextlib
import mimetypes
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maps.assets import local_file_for_url

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
# A 1x1 light grey PNG: enough for Leaflet to treat the tile as loaded.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)
TILE_HOSTS = ("basemaps.cartocdn.com", "tile.openstreetmap.org", "server.arcgisonline.com")


def chromium_path() -> str | None:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


@dataclass
class PageLog:
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)


def _router(map_url: str, offline: bool, log: PageLog):
    def handle(route: Any) -> None:
        url = route.request.url
        if url == map_url or url.startswith("data:"):
            route.continue_()
            return
        if not offline:
            local = local_file_for_url(url)
            if local is not None:
                ctype = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
                if local.suffix == ".woff2":
                    ctype = "font/woff2"
                log.served.append(url)
                route.fulfill(status=200, body=local.read_bytes(), headers={
                    "content-type": ctype, "access-control-allow-origin": "*"})
                return
            if any(h in url for h in TILE_HOSTS):
                log.served.append(url)
                route.fulfill(status=200, body=TILE_PNG, headers={"content-type": "image/png"})
                return
        log.aborted.append(url)
        route.abort()

    return handle


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextlib.contextmanager
def open_map(b: Any, html_path: Path, *, offline: bool = False, width: int = 1280, height: int = 800,
             wait: bool = True) -> Iterator[tuple[Any, PageLog]]:
    """A page showing the map, with network routing, error and dialog capture; waits until drawn."""
    log = PageLog()
    context = b.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    url = html_path.resolve().as_uri()
    page.on("pageerror", lambda exc: log.errors.append(f"pageerror: {exc} {getattr(exc, 'stack', '')}"))
    page.on("console", lambda msg: log.errors.append(f"console: {msg.text}") if msg.type == "error" else None)

    def on_dialog(d: Any) -> None:
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.route("**/*", _router(url, offline, log))
    try:
        page.goto(url, wait_until="load")
        if wait:
            page.wait_for_function("document.documentElement.getAttribute('data-cm-ready') === '1'", timeout=30000)
        yield page, log
    finally:
        context.close()


def show_marker(page: Any, i: int) -> Any:
    """The icon of event marker ``i``, brought out of its cluster: the map zooms in all the way onto it and
    the cluster holding it is spiderfied until the marker stands on its own (polled, never a fixed pause)."""
    page.evaluate(f"""() => {{ const a = conflictmap.current, m = a.markers[{i}];
        a.map.setView(m.getLatLng(), a.map.getMaxZoom(), {{animate: false}}); }}""")
    # An icon counts only once markercluster has no animation running: mid-(un)spiderfy an icon is still in
    # the page but about to move or go, and a click on it lands on whatever comes next (seen under load).
    page.wait_for_function(f"""() => {{ const a = conflictmap.current, m = a.markers[{i}];
        if (a.cluster._inZoomAnimation) return false;
        if (m._icon && m._icon.isConnected) return true;
        const p = a.cluster.getVisibleParent(m);
        if (p && p !== m && p.spiderfy) p.spiderfy();
        return false; }}""", polling=250)
    page.evaluate(f"conflictmap.current.markers[{i}]._icon.classList.add('cm-test-target-{i}')")
    return page.locator(f".cm-test-target-{i}")
