"""The Starlette application: the review page, the live map, the JSON API, static assets.

Article text reaches the browser only as JSON (the review page builds its DOM with ``textContent``)
or inside the map payload that ``maps.mapdata`` has already escaped.
"""

from __future__ import annotations

import json
import logging
import mimetypes
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from maps.review.model import ACLED_TYPES, FIELDS, REJECT_REASONS, BadCorrection, parse_review
from maps.review.workspace import Filters, NotFound, Workspace
from maps.serve.security import Guard, Policy

log = logging.getLogger(__name__)

ASSETS = Path(__file__).with_name("assets")
OWN_MAP_ASSETS = Path(__file__).parent.parent / "assets"
VENDOR_PACKAGES = ("leaflet", "leaflet_markercluster", "font_awesome")
_SUFFIXES = {".js", ".css", ".png", ".svg", ".woff2", ".woff", ".ttf", ".html"}
MAX_BODY = 64 * 1024
PAGE_CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'")
# The map page is folium's: its scripts are inline (and its data pre-escaped by maps.mapdata).
MAP_CSP = ("default-src 'self' data:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline' data:; "
           "script-src 'self' 'unsafe-inline'; connect-src 'self'; font-src 'self' data:; "
           "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


def _headers(csp: str) -> dict[str, str]:
    return {"content-security-policy": csp, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
            "cache-control": "no-store"}


def _json(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, allow_nan=False, default=str)
    return Response(body, status_code=status, media_type="application/json",
                    headers={"x-content-type-options": "nosniff", "cache-control": "no-store"})


def _error(message: str, status: int) -> Response:
    return _json({"error": message}, status)


def _filters(request: Request) -> Filters:
    q = request.query_params

    def flag(name: str) -> bool:
        return q.get(name, "").lower() in ("1", "true", "yes", "on")

    mc = q.get("min_confidence")
    try:
        min_conf = float(mc) if mc not in (None, "") else None
    except ValueError:
        raise BadCorrection("min_confidence must be a number") from None
    for k in ("from", "to"):
        v = q.get(k)
        if v and not (len(v) == 10 and v[4] == "-" and v[7] == "-" and v.replace("-", "").isdigit()):
            raise BadCorrection(f"{k} must be a date YYYY-MM-DD")
    return Filters(date_from=q.get("from") or None, date_to=q.get("to") or None,
                   event_type=q.get("type") or q.get("event_type") or None, side=q.get("side") or None,
                   status=q.get("status") or None, min_confidence=min_conf,
                   include_rejected=flag("include_rejected"), doc=q.get("doc") or None, text=q.get("q") or None)


def _feature(ev: dict[str, Any]) -> dict[str, Any] | None:
    from maps.geojson import event_feature

    return event_feature(ev)


def create_app(store: str, *, host: str = "127.0.0.1", port: int = 8765, token: str | None = None,
               reviewer: str | None = None, gazetteer_path: str | None = None) -> Starlette:
    ws = Workspace(store, reviewer=reviewer, gazetteer_path=gazetteer_path)

    def reviewer_of(request: Request) -> str:
        name = (request.headers.get("x-reviewer") or "").strip()[:80]
        return name or reviewer or "anonymous"

    def guarded(fn: Any) -> Any:
        def endpoint(request: Request) -> Response:
            try:
                return fn(request)
            except BadCorrection as exc:
                return _error(str(exc), 400)
            except NotFound as exc:
                return _error(f"no event {exc.args[0]}", 404)
        endpoint.__name__ = fn.__name__
        return endpoint

    def page(request: Request) -> Response:
        html = (ASSETS / "review.html").read_text(encoding="utf-8")
        return HTMLResponse(html, headers=_headers(PAGE_CSP))

    def map_page(request: Request) -> Response:
        from maps.folium_map import render_html

        f = _filters(request)
        layers = ws.layers()
        kept = [e for e in ws.events(f)]
        view = type(layers)(places=layers.places, events=kept, control_areas=layers.control_areas,
                            front_lines=layers.front_lines)
        html, _ = render_html(view, offline=True, title="conflictmap — store")
        html = html.replace("</body>", '<script src="/static/refresh.js"></script></body>', 1)
        return HTMLResponse(html, headers=_headers(MAP_CSP))

    def mapdata(request: Request) -> Response:
        """The map plugin's payload (``maps.mapdata.build_payload``) for the events the filters select."""
        from maps.folium_map import outline_layers
        from maps.legend import legend_html
        from maps.mapdata import build_payload

        f = _filters(request)

        def make() -> Response:
            layers = ws.layers()
            view = type(layers)(places=layers.places, events=ws.events(f))
            outline, districts, _ = outline_layers([])
            payload = build_payload(view, outline=outline, districts=districts, offline=True)
            payload["legend"] = legend_html(payload)
            payload["minimapTiles"] = None
            return _json(payload)

        return cached("mapdata", request, make)

    def version(request: Request) -> Response:
        return _json({"version": ws.version()})

    def meta(request: Request) -> Response:
        from geo.periods import BLOCS

        return _json({"event_types": {k: sorted(v) for k, v in ACLED_TYPES.items()},
                      "reasons": REJECT_REASONS, "sides": list(BLOCS), "fields": list(FIELDS),
                      "reviewer": reviewer, "store": Path(store).name if "://" not in store else "database"})

    answers: dict[tuple[str, str, str], bytes] = {}

    def cached(kind: str, request: Request, make: Any) -> Response:
        """The same question about the same store version gets the same answer (tabs poll together)."""
        key = (kind, ws.version(), str(request.query_params))
        body = answers.get(key)
        if body is None:
            resp = make()
            body = bytes(resp.body)
            if len(answers) >= 32:
                answers.clear()
            answers[key] = body
        return Response(body, media_type="application/json",
                        headers={"x-content-type-options": "nosniff", "cache-control": "no-store"})

    def events(request: Request) -> Response:
        f = _filters(request)

        def make() -> Response:
            feats = [ft for ft in (_feature(e) for e in ws.events(f)) if ft is not None]
            return _json({"type": "FeatureCollection", "features": feats})

        return cached("events", request, make)

    def queue(request: Request) -> Response:
        f = _filters(request)
        try:
            limit = max(1, min(1000, int(request.query_params.get("limit", "200"))))
        except ValueError:
            raise BadCorrection("limit must be a whole number") from None
        items = ws.queue(f)
        keep = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "location", "x_location_ar",
                "fatalities", "geo_precision", "x_confidence", "x_n_evidence", "x_doubt", "x_actor1_bloc",
                "x_actor2_bloc", "latitude", "longitude", "x_quote")
        return _json({"total": len(items), "events": [{k: e.get(k) for k in keep} for e in items[:limit]]})

    def event(request: Request) -> Response:
        return _json(ws.detail(request.path_params["event_id"]))

    async def review(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return _error("send the correction as application/json", 415)
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return _error("request body too large", 413)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _error("the body is not JSON", 400)
        event_id = request.path_params["event_id"]

        def work() -> Response:
            try:
                req = parse_review(body, reviewer_of(request), event_types=ACLED_TYPES)
                result = ws.apply(event_id, req)
            except BadCorrection as exc:
                return _error(str(exc), 400)
            except (NotFound, KeyError) as exc:
                return _error(f"no event {exc.args[0]}", 404)
            return _json({"review": result, "event": ws.event(event_id) if result else None})

        return await run_in_threadpool(work)

    def audit(request: Request) -> Response:
        return _json({"audit": ws.audit(request.query_params.get("event_id") or None)})

    def places(request: Request) -> Response:
        q = (request.query_params.get("q") or "").strip()
        if not q:
            return _json({"places": []})
        return _json({"places": ws.places(q[:100])})

    def static(request: Request) -> Response:
        parts = request.path_params["path"].split("/")
        if parts[0] == "vendor" and len(parts) > 2 and parts[1] in VENDOR_PACKAGES:
            from maps.assets import _base_dir

            base = _base_dir(parts[1])
            rel = "/".join(parts[2:])
        elif parts[0] == "map" and len(parts) == 2:
            base, rel = OWN_MAP_ASSETS, parts[1]
        else:
            base, rel = ASSETS, "/".join(parts)
        target = (base / rel).resolve()
        if not target.is_relative_to(base.resolve()) or not target.is_file() or target.suffix not in _SUFFIXES:
            return _error("not found", 404)
        ctype = "font/woff2" if target.suffix == ".woff2" else (mimetypes.guess_type(target.name)[0] or
                                                                 "application/octet-stream")
        return Response(target.read_bytes(), media_type=ctype,
                        headers={"x-content-type-options": "nosniff", "cache-control": "no-cache"})

    routes = [
        Route("/", guarded(page)),
        Route("/map", guarded(map_page)),
        Route("/static/{path:path}", static),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/api/version", guarded(version)),
        Route("/api/meta", guarded(meta)),
        Route("/api/mapdata", guarded(mapdata)),
        Route("/api/events", guarded(events)),
        Route("/api/queue", guarded(queue)),
        Route("/api/events/{event_id}", guarded(event)),
        Route("/api/events/{event_id}/review", review, methods=["POST"]),
        Route("/api/audit", guarded(audit)),
        Route("/api/places", guarded(places)),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": "not found"}, status_code=404)

    app = Starlette(routes=routes, exception_handlers={404: not_found})
    app.state.workspace = ws
    app.add_middleware(Guard, policy=Policy(host=host, port=port, token=token))
    return app
