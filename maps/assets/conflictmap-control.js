/* conflictmap's control layer: areas of control and front lines that follow the time slider.
 *
 * The payload (maps/control_layer.py) holds the picture as of the map's control date (cur: true) and
 * earlier pictures, each valid from `from` to `to` (inclusive days). With the slider at its last day the
 * current picture shows; moved back to a day, the picture valid that day shows, so an area whose
 * `from` is later than the slider's day is hidden. Every string is HTML escaped in Python; this file
 * only joins them with its own fixed markup.
 */
(function (global) {
  'use strict';

  function draw(api, D, h) {
    var map = api.map, row = h.row, C = D.control || {}, Q = C.quotes || [];
    var items = [];  // { layer, group, p, kind }
    var groups = {}, order = [];

    function group(key, label, swatch) {
      if (!groups[key]) {
        var g = L.layerGroup();
        g._cmGroup = 'Control';
        groups[key] = { layer: g, label: label, swatch: swatch, n: 0 };
        order.push(key);
      }
      return groups[key];
    }

    function pct(c) { return c === null || c === undefined ? '' : Math.round(c * 100) + '%'; }

    function evidenceHtml(p) {
      var ev = p.ev || [];
      if (!ev.length) { return ''; }
      var html = ev.map(function (e) {
        var q = e.q !== undefined ? Q[e.q] : null;
        var head = '<b>' + (e.d || '') + '</b> · ' + (e.k === 'baseline' ? 'baseline fact' : e.k === 'event' ?
          'event' : e.k === 'analyst' ? 'analyst record' : 'article') + ' · ' + (e.pl || '') +
          (e.s ? ' <span class="cm-muted">(' + e.s + ')</span>' : '') +
          (e.w !== undefined && e.w < 0.5 ? ' <span class="cm-muted">low confidence, weighs ' + pct(e.w) + '</span>' : '');
        var links = [];
        if (e.id) { links.push('<a href="#" class="cm-ev-link" data-ev="' + e.id + '">event ' + e.id + '</a>'); }
        if (e.u) { links.push('<a href="' + e.u + '" target="_blank" rel="noopener noreferrer nofollow">article</a>'); }
        else if (e.doc && e.k !== 'baseline') { links.push('<span class="cm-muted">doc ' + e.doc + '</span>'); }
        return '<div class="cm-report"><div>' + head + '</div>' + (q ? '<blockquote class="cm-quote"' +
          (q[1] ? ' dir="rtl" lang="ar"' : ' dir="auto"') + '>' + q[0] + '</blockquote>' : '') +
          (links.length ? '<div class="cm-src">' + links.join(' · ') + '</div>' : '') + '</div>';
      }).join('');
      return '<div class="cm-reports"><div class="cm-muted">Evidence (' + ev.length + (p.n > ev.length ? ' of ' +
        p.n : '') + '):</div>' + html + '</div>';
    }

    function datesHtml(p) { return p.from === p.to ? p.from : p.from + ' → ' + p.to; }

    function areaPopup(p) {
      var how = howHeld(p);
      return '<div class="cm-pop"><div class="cm-pop-h" style="border-color:' + p.color + '"><b>' + p.label +
        '</b> <span class="cm-muted">· ' + how + '</span></div><table class="cm-kv">' +
        row('Valid', datesHtml(p)) + row('Confidence', pct(p.conf)) + row('Source', p.src) +
        row('Places', (p.pl || []).join(', ')) + row('Evidence', p.n ? String(p.n) + ' pieces' : '') +
        '</table>' + evidenceHtml(p) + '</div>';
    }

    function linePopup(p) {
      return '<div class="cm-pop"><div class="cm-pop-h"><b>Front line</b> · ' + datesHtml(p) + '</div>' +
        '<table class="cm-kv">' + row('Between', p.a + ' / ' + p.b) + row('Length', p.km ? p.km + ' km' : '') +
        row('Status', p.status) + row('Confidence', pct(p.conf)) + row('Places', (p.pl || []).join(', ')) +
        '</table>' + evidenceHtml(p) + '</div>';
    }

    // A link to an event in a popup: zoom onto its marker and open it.
    map.on('popupopen', function (ev) {
      var el = ev.popup.getElement();
      if (!el) { return; }
      Array.prototype.forEach.call(el.querySelectorAll('.cm-ev-link'), function (a) {
        a.addEventListener('click', function (e) {
          e.preventDefault();
          var id = a.getAttribute('data-ev'), m = null;
          api.markers.forEach(function (x) { if (x.cm.id === id) { m = x; } });
          if (!m) { return; }
          map.closePopup();
          if (api.cluster && api.cluster.zoomToShowLayer) {
            api.cluster.zoomToShowLayer(m, function () { m.fire('click', { latlng: m.getLatLng() }, true); });
          } else { map.setView(m.getLatLng(), 12); }
        });
      });
    });

    // A label is a marker in the layer it names (a permanent tooltip can outlive its layer's removal), at the
    // point Python chose inside the area or on the line, in the names' pane under the markers. It gives the
    // side's short name; the area's tooltip and popup give its full name, dates and evidence. It starts hidden:
    // the map's label placer (conflictmap.js) shows it where it fits and has room.
    function label(layer, p, cls) {
      if (!p.lp) { return; }
      var m = L.marker(p.lp, { pane: 'cmLabels', interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'cm-label cm-label-hidden ' + cls, iconSize: null,
          html: '<span' + (p.color ? ' style="border-left-color:' + p.color + '"' : '') + '>' + p.lb + '</span>' }) });
      layer.addLayer(m);
      layer._cmLabel = m;
    }

    // Whether [lat, lng] lies inside a Polygon or MultiPolygon (even-odd over every ring: holes are out).
    function inside(geom, ll) {
      var polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates, x = ll.lng, y = ll.lat, odd = false;
      polys.forEach(function (rings) {
        rings.forEach(function (r) {
          for (var i = 0, j = r.length - 1; i < r.length; j = i++) {
            if ((r[i][1] > y) !== (r[j][1] > y) && x < (r[j][0] - r[i][0]) * (y - r[i][1]) / (r[j][1] - r[i][1]) + r[i][0]) {
              odd = !odd;
            }
          }
        });
      });
      return odd;
    }

    function howHeld(p) {
      return p.status === 'claimed' ? 'claimed control' : p.status === 'baseline' ? 'baseline (documented facts)' :
        'assessed control';
    }

    D.areas.forEach(function (f) {
      var p = f.properties, contested = p.side === 'contested';
      var g = group('area_' + p.side, p.label, '<span class="cm-swatch' + (contested ? ' cm-swatch-contested' : '') +
        '" style="background-color:' + p.color + '"></span>');
      if (p.cur) { g.n += 1; }
      var layer = L.geoJSON(f, {
        renderer: h.svgR,
        style: function () {
          return {
            color: p.color, weight: 2, opacity: 0.9,
            dashArray: p.status === 'claimed' ? '7 5' : p.status === 'baseline' ? '2 4' : null,
            fillColor: contested ? 'url(#cm-hatch-contested)' : p.color,
            fillOpacity: contested ? 1 : (p.status === 'assessed' ? 0.22 : 0.12)
          };
        }
      });
      layer.bindPopup(function () { return areaPopup(p); }, { maxWidth: 420, minWidth: 260, maxHeight: 420 });
      layer.bindTooltip(p.tip + ' <span class="cm-muted">· ' + howHeld(p) + '</span>', { sticky: true, direction: 'top',
        className: 'cm-control-tip' });
      label(layer, p, 'cm-area-label' + (p.status === 'assessed' ? '' : ' cm-label-weak'));
      items.push({ layer: layer, group: g.layer, p: p, kind: 'area', geom: f.geometry });
    });
    var lineGroup = null;
    D.lines.forEach(function (f) {
      var p = f.properties;
      if (!lineGroup) { lineGroup = group('front_lines', 'Front lines', '<span class="cm-swatch cm-swatch-line"></span>'); }
      if (p.cur) { lineGroup.n += 1; }
      var layer = L.geoJSON(f, {
        renderer: h.svgR,
        style: function () {
          return { color: '#111111', weight: 3, opacity: 0.9, dashArray: /claim/i.test(p.status || '') ? '8 6' : null };
        }
      });
      layer.bindPopup(function () { return linePopup(p); }, { maxWidth: 420, minWidth: 260, maxHeight: 420 });
      layer.bindTooltip(p.tip, { sticky: true, direction: 'top', className: 'cm-control-tip' });
      label(layer, p, 'cm-front-label');
      items.push({ layer: layer, group: lineGroup.layer, p: p, kind: 'line', geom: f.geometry });
    });
    order.forEach(function (key) {
      var g = groups[key];
      map.addLayer(g.layer);
      h.control.addOverlay(g.layer, g.swatch + g.label + ' <span class="cm-muted">(' + g.n + ')</span>');
      api.layers[key] = g.layer;
    });

    // The labels of what is drawn now, for the map's label placer: a slider move or a side toggled in the
    // layer control asks it to place them again.
    function labels() {
      var out = [];
      items.forEach(function (it) {
        var mk = it.layer._cmLabel;
        if (!it.on || !mk || !mk._icon || !map.hasLayer(it.group)) { return; }
        if (!it.bounds) { it.bounds = it.layer.getBounds(); }
        out.push({ mk: mk, kind: it.kind, p: it.p, bounds: it.bounds,
          inside: it.kind === 'area' ? function (ll) { return inside(it.geom, ll); } : null });
      });
      return out;
    }
    function later() { if (api.placeLabelsSoon) { api.placeLabelsSoon(); } }

    function titleLine(text) {
      var title = map.getContainer().querySelector('.cm-title');
      if (!title) { return; }
      var el = title.querySelector('.cm-control-asof');
      if (!el) {
        el = document.createElement('div');
        el.className = 'cm-control-asof';
        title.appendChild(el);
      }
      el.textContent = text;
    }

    var api2 = {
      day: null,
      // day: the slider's day (null: no slider); atEnd: the slider is on its last day.
      setTime: function (day, atEnd) {
        api2.day = day;
        var shownDay = null;
        items.forEach(function (it) {
          var p = it.p;
          var on = (!day || atEnd) ? p.cur : (p.from <= day && day <= p.to);
          if (on && !it.on) { it.group.addLayer(it.layer); }
          if (!on && it.on) { it.group.removeLayer(it.layer); }
          it.on = on;
          if (on) { shownDay = (!day || atEnd) ? (C.asOf || p.to) : day; }
        });
        var asOf = (!day || atEnd) ? C.asOf : day;
        titleLine(asOf ? 'Control as of ' + asOf + (shownDay ? '' : ' (nothing known)') : '');
        document.documentElement.setAttribute('data-cm-control', asOf || '');
        later();
      },
      labels: labels,
      visible: function () { return items.filter(function (it) { return it.on; }).map(function (it) { return it.p; }); }
    };
    return api2;
  }

  global.conflictmapControl = { draw: draw };
})(window);
