"""``conflictmap map``: output where -o says, atomically; bad input exits 2; GeoJSON of the same features."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from geo.cli.main import cli
from maps.folium_map import render_html
from tests.browser.records import sample_analysis


def test_offline_html_has_no_remote_asset_and_online_uses_the_cdn() -> None:
    off, stats = render_html(sample_analysis(), offline=True)
    assert "<script src=" not in off and "<link rel=\"stylesheet\"" not in off and "url(http" not in off
    assert "tile.openstreetmap.org" not in off and stats.outline_source.startswith("gazetteer.boundaries")
    on, _ = render_html(sample_analysis())
    assert "cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in on and "server.arcgisonline.com" in on
    assert "bootstrap.min" not in on and "awesome-markers" not in on  # folium's CDN defaults dropped


def test_hostile_text_cannot_close_the_script(tmp_path: Path) -> None:
    html, _ = render_html(sample_analysis(hostile=True), offline=False)
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html


def test_map_command_writes_map_and_geojson(tmp_path: Path, seed_path: Path) -> None:
    out = tmp_path / "new" / "seed.html"
    gj = tmp_path / "seed.geojson"
    res = CliRunner().invoke(cli, ["map", str(seed_path), "-o", str(out), "--geojson", str(gj), "--offline",
                                   "--mkdir"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    fc = json.loads(gj.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    assert [p.name for p in out.parent.iterdir()] == ["seed.html"]  # no temporary file left behind


def test_map_command_rejects_bad_input_with_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    res = CliRunner().invoke(cli, ["map", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert res.exit_code == 2 and "missing.txt" in res.output and not out.exists()
    res = CliRunner().invoke(cli, ["map", "-o", str(out), "--as-of", "yesterday"])
    assert res.exit_code == 2 and "--as-of" in res.output and not out.exists()
