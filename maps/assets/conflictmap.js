/* conflictmap's own Leaflet plugin: draws the payload built by maps/mapdata.py.
 *
 * Every string in the payload is HTML that Python already escaped (maps/escape.py); this file only
 * concatenates those strings with its own fixed markup and never inserts anything else, so article
 * text cannot become markup or script here.
 *
 * It carries the controls that no installed package provides, so the offline map behaves like the
 * online one: grouped layer control, time slider, place search (Arabic and Latin), minimap, distance
 * measure, fullscreen. Needs Leaflet 1.9 and Leaflet.markercluster 1.4.
 */
(function (global) {
  'use strict';

  var FOLD = { '\u0671': '\u0627', '\u0629': '\u0647', '\u0649': '\u064a', '\u0640': '' };
  // Must fold exactly like maps.escape.search_key.
  function searchKey(s) {
    s = String(s || '').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    s = s.replace(/[\u0671\u0629\u0649\u0640]/g, function (c) { return FOLD[c]; });
    return s.replace(/[\s\-'\u2019`\u02bf\u02be.,_()]+/g, '');
  }

  /* Layer control with group headings: each overlay carries its group in layer._cmGroup. */
  var GroupedLayers = L.Control.Layers.extend({
    _update: function () {
      this._cmLast = null;
      return L.Control.Layers.prototype._update.call(this);
    },
    _addItem: function (obj) {
      var g = obj.layer._cmGroup;
      if (obj.overlay && g && g !== this._cmLast) {
        var h = L.DomUtil.create('div', 'cm-lc-group', this._overlaysList);
        h.textContent = g;
        this._cmLast = g;
      }
      return L.Control.Layers.prototype._addItem.call(this, obj);
    }
  });

  function control(position, className, build) {
    var C = L.Control.extend({
      options: { position: position },
      onAdd: function (map) {
        var div = L.DomUtil.create('div', 'leaflet-bar cm-ctl ' + className);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        build(div, map);
        return div;
      }
    });
    return new C();
  }

  function button(parent, icon, title, onClick) {
    var a = L.DomUtil.create('a', 'cm-btn', parent);
    a.href = '#';
    a.title = title;
    a.setAttribute('role', 'button');
    a.setAttribute('aria-label', title);
    a.innerHTML = '<i class="fa-solid fa-' + icon + '"></i>';
    L.DomEvent.on(a, 'click', function (ev) { L.DomEvent.preventDefault(ev); onClick(a); });
    return a;
  }

  function addPatterns(svgRenderer, D) {
    var svg = svgRenderer._container;
    var NS = 'http://www.w3.org/2000/svg';
    var defs = document.createElementNS(NS, 'defs');
    function el(name, attrs, parent) {
      var e = document.createElementNS(NS, name);
      for (var k in attrs) { e.setAttribute(k, attrs[k]); }
      parent.appendChild(e);
      return e;
    }
    // Contested: stripes of the two main sides; a side's own hatch for imprecise areas.
    var lna = D.hatch[0], gna = D.hatch[1];
    var p = el('pattern', { id: 'cm-hatch-contested', patternUnits: 'userSpaceOnUse', width: 12, height: 12,
      patternTransform: 'rotate(45)' }, defs);
    el('rect', { width: 12, height: 12, fill: '#ffffff', 'fill-opacity': 0.15 }, p);
    el('line', { x1: 2, y1: 0, x2: 2, y2: 12, stroke: lna, 'stroke-width': 3, 'stroke-opacity': 0.55 }, p);
    el('line', { x1: 8, y1: 0, x2: 8, y2: 12, stroke: gna, 'stroke-width': 3, 'stroke-opacity': 0.55 }, p);
    svg.insertBefore(defs, svg.firstChild);
  }

  /* Precision halos of every shown event on one canvas: one pass of arcs per redraw, no Leaflet object per
   * halo (thousands of L.circle objects were most of a large map's start-up). Redrawn after each move or
   * zoom, hidden during the zoom animation; the pointer passes through. Items: [lat, lon, radius m, colour,
   * precision]. */
  var HaloLayer = L.Layer.extend({
    options: { pane: 'cmPoints', padding: 0.3 },
    initialize: function (options) { L.setOptions(this, options); this._items = []; },
    setItems: function (items) { this._items = items; if (this._map) { this._redraw(); } return this; },
    count: function () { return this._items.length; },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create('canvas', 'cm-halos leaflet-zoom-hide', this.getPane());
      this._canvas.style.pointerEvents = 'none';
      map.on('moveend viewreset resize', this._redraw, this);
      this._redraw();
    },
    onRemove: function (map) {
      map.off('moveend viewreset resize', this._redraw, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
    },
    _redraw: function () {
      var map = this._map, c = this._canvas;
      if (!map || !c) { return; }
      var size = map.getSize(), pad = size.multiplyBy(this.options.padding).round();
      var origin = map.containerPointToLayerPoint([0, 0]).subtract(pad), full = size.add(pad.multiplyBy(2));
      var dpr = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(c, origin);
      c.width = full.x * dpr; c.height = full.y * dpr;
      c.style.width = full.x + 'px'; c.style.height = full.y + 'px';
      var ctx = c.getContext('2d'), zoom = map.getZoom(), scale = 256 * Math.pow(2, zoom);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.lineWidth = 1;
      for (var i = 0; i < this._items.length; i++) {
        var h = this._items[i], lat = h[0];
        var p = map.latLngToLayerPoint([lat, h[1]]).subtract(origin);
        // metres to pixels at this latitude (Web Mercator), as L.circle does
        var r = h[2] / (40075016.686 * Math.cos(lat * Math.PI / 180) / scale);
        if (p.x + r < 0 || p.y + r < 0 || p.x - r > full.x || p.y - r > full.y) { continue; }
        ctx.beginPath();
        ctx.arc(p.x, p.y, Math.max(r, 1), 0, 2 * Math.PI);
        ctx.setLineDash(h[4] >= 3 ? [4, 4] : []);
        ctx.globalAlpha = h[4] >= 3 ? 0.05 : 0.1;
        ctx.fillStyle = h[3];
        ctx.fill();
        ctx.globalAlpha = 0.7;
        ctx.strokeStyle = h[3];
        ctx.stroke();
      }
    }
  });

  // Below this size the panels start folded, so the country stays in view (1366x768 laptops).
  function smallScreen() { return window.innerWidth < 1600 || window.innerHeight < 950; }

  // Marks for bench/map.py: the page's own phases (parse, init, clustering done).
  function mark(name) { if (global.performance && performance.mark) { performance.mark(name); } }

  function init(map, bases, D) {
    mark('cm-init');
    var api = { map: map, data: D, markers: [], layers: {}, ready: false };
    global.conflictmap.current = api;
    if (D.offline) { L.DomUtil.addClass(map.getContainer(), 'cm-offline'); }
    // Clustering needs a maximum zoom, which only tile layers would otherwise give.
    if (map.options.maxZoom === undefined) { map.options.maxZoom = 18; }
    // The land lies below every drawn layer (overlayPane is at z-index 400).
    map.createPane('cmLand').style.zIndex = 300;
    // Every name (towns, control areas, front lines) above the areas and halos, below the markers and clusters
    map.createPane('cmLabels').style.zIndex = 460;
    map.getPane('cmLabels').style.pointerEvents = 'none';
    // Points (places, halos) lie above the control areas: Leaflet puts a pane's svg above its canvas, so the
    // points get a pane of their own. It lets events through except on the places themselves.
    map.createPane('cmPoints').style.zIndex = 450;
    map.getPane('cmPoints').style.pointerEvents = 'none';
    var landR = L.svg({ padding: 0.3, pane: 'cmLand' });
    var svgR = L.svg({ padding: 0.3 });
    map.addLayer(svgR);
    addPatterns(svgR, D);
    var pointsR = L.svg({ padding: 0.3, pane: 'cmPoints' });
    api.renderers = { land: landR, svg: svgR, points: pointsR };

    // ---------- events
    var iconCache = {};
    function icon(t, s, p, nw, o) {
      var k = t + '_' + s + '_' + p + '_' + (nw || 0) + '_' + (o || 0);
      if (!iconCache[k]) {
        iconCache[k] = L.divIcon({
          className: 'cm-mk cm-p' + p + (nw ? ' cm-new' + nw : '') + (o ? ' cm-acled' : ''),
          html: '<span style="background:' + D.sides[s].color + '"><i class="fa-solid fa-' +
            D.types[t].icon + '"></i></span>',
          iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12], tooltipAnchor: [12, 0]
        });
      }
      return iconCache[k];
    }

    function pieIcon(cluster) {
      var ms = cluster.getAllChildMarkers(), n = ms.length, counts = {}, i;
      for (i = 0; i < n; i++) { counts[ms[i].cm.s] = (counts[ms[i].cm.s] || 0) + 1; }
      var stops = [], acc = 0;
      Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; }).forEach(function (s) {
        var from = acc; acc += counts[s] / n * 360;
        stops.push(D.sides[s].color + ' ' + from.toFixed(1) + 'deg ' + acc.toFixed(1) + 'deg');
      });
      var size = n < 10 ? 32 : n < 100 ? 38 : n < 1000 ? 44 : 50;
      return L.divIcon({
        html: '<div style="background:conic-gradient(' + stops.join(',') + ')"><span>' + n + '</span></div>',
        className: 'marker-cluster cm-cluster', iconSize: L.point(size, size)
      });
    }

    var cluster = L.markerClusterGroup({
      chunkedLoading: true, maxClusterRadius: 42, showCoverageOnHover: false,
      spiderfyOnMaxZoom: true, iconCreateFunction: pieIcon
    });
    api.cluster = cluster;

    D.events.forEach(function (e, i) {
      var m = L.marker([e.la, e.lo], { icon: icon(e.t, e.s, e.p, e.nw, e.o), keyboard: false, riseOnHover: true });
      m.cm = e;
      m.cmIndex = i;
      api.markers.push(m);
    });

    function row(k, v) { return v ? '<tr><th>' + k + '</th><td>' + v + '</td></tr>' : ''; }
    function placeHtml(latin, arabic) {
      var parts = [];
      if (arabic) { parts.push('<span dir="rtl" lang="ar">' + arabic + '</span>'); }
      if (latin) { parts.push('<span dir="ltr">' + latin + '</span>'); }
      return parts.join(' · ');
    }
    function quoteHtml(qi) {
      if (qi === undefined || qi < 0) { return ''; }
      var q = D.quotes[qi];
      return '<blockquote class="cm-quote"' + (q[1] ? ' dir="rtl" lang="ar"' : ' dir="auto"') + '>' + q[0] +
        '</blockquote>';
    }
    function sourceHtml(ai) {
      if (ai === undefined || ai < 0) { return ''; }
      var a = D.docs[ai], label = a.t || a.s || a.d;
      var dirA = /[\u0600-\u06ff]/.test(label) ? ' dir="rtl" lang="ar"' : '';
      var link = a.u ? '<a href="' + a.u + '" target="_blank" rel="noopener noreferrer nofollow"' + dirA + '>' +
        label + '</a>' : '<span' + dirA + '>' + label + '</span>';
      return '<div class="cm-src"><i class="fa-solid fa-newspaper"></i> ' + link +
        (a.s && a.t ? ' <span class="cm-muted">(' + a.s + ')</span>' : '') +
        (a.d && a.d !== label ? ' <span class="cm-muted">doc ' + a.d + '</span>' : '') + '</div>';
    }
    function precisionHtml(p, r) {
      var t = p + ' — ' + (D.precision[String(p)] || '');
      return r ? t + ' (±' + Math.round(r / 1000) + ' km)' : t;
    }
    function sideBadge(s) {
      return '<span class="cm-badge" style="background:' + D.sides[s].color + '">' + D.sides[s].key + '</span>';
    }

    // Every supporting sentence, each with its article; past the first three they fold away.
    function reportsHtml(qs) {
      if (!qs || !qs.length) { return ''; }
      var items = qs.map(function (q) { return '<div class="cm-report">' + quoteHtml(q[0]) + sourceHtml(q[1]) + '</div>'; });
      var html = items.slice(0, 3).join('');
      if (items.length > 3) {
        html += '<details class="cm-more"><summary>' + (items.length - 3) + ' more report' +
          (items.length > 4 ? 's' : '') + '</summary>' + items.slice(3).join('') + '</details>';
      }
      return '<div class="cm-reports">' + html + '</div>';
    }

    function eventPopup(e) {
      var T = D.types[e.t];
      var a1 = e.a1 !== undefined ? D.actors[e.a1][0] : '', a2 = e.a2 !== undefined ? D.actors[e.a2][0] : '';
      var actors = (a1 ? sideBadge(e.s) + ' ' + a1 : '') +
        (a2 ? ' <span class="cm-muted">vs</span> ' + (e.s2 !== undefined ? sideBadge(e.s2) + ' ' : '') + a2 : '');
      return '<div class="cm-pop"><div class="cm-pop-h" style="border-color:' + D.sides[e.s].color + '">' +
        '<i class="fa-solid fa-' + T.icon + '"></i> <b>' + T.label + '</b>' +
        (e.st !== undefined ? ' <span class="cm-muted">· ' + D.subs[e.st][0] + '</span>' : '') +
        (e.nw ? ' <span class="cm-new-badge">' + (e.nw === 1 ? 'new event' : 'new report') + '</span>' : '') + '</div>' +
        '<table class="cm-kv">' + row('Date', e.dt) + row('Actors', actors) + row('Place', placeHtml(e.pl, e.pa)) +
        row('Precision', precisionHtml(e.p, e.r)) +
        row('Confidence', e.c !== undefined ? Math.round(e.c * 100) + '%' : '') +
        row('Fatalities', e.f) + row('Reports', e.q && e.q.length > 1 ? String(e.q.length) : '') +
        row('Coded by', e.o ? 'ACLED' : '') + row('Same event in ACLED', e.ac) +
        row('Reported in the text as', e.dup && e.dup.length ? e.dup.join(', ') : '') + '</table>' +
        '<div class="cm-explain cm-muted">' + EXPLAIN + '</div>' +
        (e.nt ? '<blockquote class="cm-quote" dir="auto">' + e.nt + '</blockquote>' : '') +
        reportsHtml(e.q) + (e.lq ? '<div class="cm-located"><div class="cm-muted">The place is not named in the ' +
        'reported sentence; the article places it here:</div>' + quoteHtml(e.lq[0]) + '</div>' : '') +
        (e.id ? '<div class="cm-id">' + e.id + '</div>' : '') + '</div>';
    }
    // One sentence each, the same as in the legend.
    var EXPLAIN = 'Precision: 1 the named place itself, 2 near it (the halo shows how far), 3 somewhere in a ' +
      'district or region. Confidence: how likely the coding is right, calibrated on hand-coded articles ' +
      '(events under 50% are left out unless asked for).';
    function eventTip(e) {
      return '<b>' + D.types[e.t].short + '</b> · ' + placeHtml(e.pl, e.pa) + (e.dt ? ' · ' + e.dt : '');
    }

    var popup = L.popup({ maxWidth: 400, minWidth: 260, autoPanPaddingTopLeft: [270, 40], autoPanPaddingBottomRight: [40, 70] });
    // A fused event can carry many reports: the popup scrolls rather than outgrow the map.
    function fitPopup(p) { p.options.maxHeight = Math.max(220, map.getSize().y - 150); }
    cluster.on('click', function (ev) {
      var m = ev.layer;
      fitPopup(popup);
      popup.setLatLng(m.getLatLng()).setContent(eventPopup(m.cm)).openOn(map);
    });
    cluster.on('mouseover', function (ev) {
      var m = ev.layer;
      if (!m.getTooltip()) { m.bindTooltip(eventTip(m.cm), { direction: 'right', opacity: 0.95 }); m.openTooltip(); }
    });
    map.addLayer(cluster);

    // ---------- precision halos (recomputed with the filters)
    var halos = new HaloLayer();
    halos._cmGroup = 'Events';
    api.layers.halos = halos;

    // ---------- filters: sides (proxy layers in the control) and time
    var sideOn = {}, acledOn = true, timeIdx = D.dates.length ? D.dates.length - 1 : -1, dayOnly = false;
    // The filters combine (and with the sides of the layer control and the time slider).
    // types, subs: null (all) or {index: shown}; actors: null (all) or {index: true}, an event naming any of them.
    var F = { types: null, subs: null, actors: null, from: '', to: '', minConf: 0, fatal: false };
    api.filters = F;
    function passes(e, anySide) {
      if (!anySide && !sideOn[e.s]) { return false; }
      if (e.o && !acledOn) { return false; }
      if (F.types && !F.types[e.t]) { return false; }
      if (F.subs && e.st !== undefined && !F.subs[e.st]) { return false; }
      if (F.actors && !(e.a1 !== undefined && F.actors[e.a1]) && !(e.a2 !== undefined && F.actors[e.a2])) { return false; }
      var day = e.d >= 0 ? D.dates[e.d] : '';
      if (F.from && (!day || day < F.from)) { return false; }
      if (F.to && (!day || day > F.to)) { return false; }
      if (F.minConf && (e.c === undefined || e.c < F.minConf)) { return false; }
      if (F.fatal && !e.fn) { return false; }
      return true;
    }
    function inTime(e) {
      if (timeIdx >= 0 && e.d >= 0) { return dayOnly ? e.d === timeIdx : e.d <= timeIdx; }
      return true;
    }
    function visible(e) { return passes(e) && inTime(e); }
    api.passes = passes;

    // The timeline's bars, redrawn from the events that pass the filters (the time slider aside: the bars
    // are how one moves it). Same bins and geometry as maps/timeline.py drew first.
    function drawTimeline() {
      var T = D.timeline, svg = document.querySelector('.cm-timeline svg');
      if (!T || !svg) { return; }
      var W = T.box[0], H = T.box[1], LEFT = T.box[2], RIGHT = T.box[3], TOP = T.box[4], BOTTOM = T.box[5];
      var n = T.bins.length, counts = T.bins.map(function () { return {}; }), i;
      api.markers.forEach(function (m) {
        var e = m.cm;
        if (e.d < 0 || !passes(e)) { return; }
        var day = D.dates[e.d], lo = 0, hi = n - 1, k = -1;
        while (lo <= hi) { var mid = (lo + hi) >> 1; if (T.bins[mid][0] <= day) { k = mid; lo = mid + 1; } else { hi = mid - 1; } }
        if (k >= 0 && day <= T.bins[k][1]) { counts[k][e.t] = (counts[k][e.t] || 0) + 1; }
      });
      var top = 1, total = 0;
      counts.forEach(function (c) { var s = 0; for (var t in c) { s += c[t]; } total += s; if (s > top) { top = s; } });
      var plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM, bw = plotW / (n + (T.earlier ? 1 : 0));
      var gap = Math.min(2, bw * 0.15), out = [];
      var step = top <= 4 ? 1 : Math.max(1, Math.round(top / 4));
      for (var tk = 0; tk <= top; tk += step) {
        var ty = TOP + plotH - tk / top * plotH;
        out.push('<line x1="' + LEFT + '" x2="' + (W - RIGHT) + '" y1="' + ty.toFixed(1) + '" y2="' + ty.toFixed(1) +
          '" stroke="#e5e7e9"/><text x="' + (LEFT - 4) + '" y="' + (ty + 3).toFixed(1) +
          '" font-size="9" text-anchor="end" fill="#566573">' + tk + '</text>');
      }
      var every = Math.max(1, Math.round(n / 10));
      for (i = 0; i < n; i++) {
        var x = LEFT + (i + (T.earlier && i ? 1 : 0)) * bw, y = TOP + plotH;
        D.types.forEach(function (ty, t) {
          var c = counts[i][t];
          if (!c) { return; }
          var h = c / top * plotH;
          y -= h;
          out.push('<rect x="' + (x + gap / 2).toFixed(1) + '" y="' + y.toFixed(1) + '" width="' +
            Math.max(bw - gap, 0.5).toFixed(1) + '" height="' + h.toFixed(1) + '" fill="' + ty.color +
            '" data-date="' + T.bins[i][1] + '" data-type="' + t + '"><title>' + T.bins[i][0] +
            (T.bins[i][0] !== T.bins[i][1] ? ' – ' + T.bins[i][1] : '') + ': ' + c + ' × ' + ty.label +
            '</title></rect>');
        });
        if (T.earlier && i === 0) {
          out.push('<text x="' + (x + bw / 2).toFixed(1) + '" y="' + (H - 6) + '" font-size="9" text-anchor="middle" fill="#566573">earlier</text>');
        } else if ((i - (T.earlier ? 1 : 0)) % every === 0) {
          var d0 = new Date(T.bins[i][0] + 'T00:00:00Z');
          var lab = T.unit === 'month' ? d0.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })
            : d0.toLocaleDateString('en-GB', { day: '2-digit', month: 'short', timeZone: 'UTC' });
          out.push('<text x="' + (x + bw / 2).toFixed(1) + '" y="' + (H - 6) + '" font-size="9" text-anchor="middle" fill="#566573">' + lab + '</text>');
        }
      }
      svg.innerHTML = out.join('');
      api.timelineTotal = total;
      var head = document.querySelector('.cm-timeline-t');
      if (head) {
        if (api.timelineHead === undefined) { api.timelineHead = head.textContent; api.timelineAll = total; }
        head.textContent = total === api.timelineAll ? api.timelineHead :
          'Events per ' + T.unit + ' (' + total + ' of ' + api.timelineAll + ' with the filters)';
      }
      Array.prototype.forEach.call(svg.querySelectorAll('[data-date]'), function (bar) {
        bar.addEventListener('click', function () {
          var d = bar.getAttribute('data-date'), j = -1;
          D.dates.forEach(function (x2, k2) { if (x2 <= d) { j = k2; } });
          if (j >= 0 && api.setDate) { api.setDate(j); }
        });
      });
    }
    api.drawTimeline = drawTimeline;

    var shownCount = null;
    function filterKey() { return JSON.stringify([F, sideOn, acledOn]); }
    function refresh() {
      var want = [], hl = [], bySide = {};
      api.markers.forEach(function (m) {
        // counted by side whatever the side toggles say, so the layer control shows what each would add
        var ok = passes(m.cm, true) && inTime(m.cm);
        if (ok) { bySide[m.cm.s] = (bySide[m.cm.s] || 0) + 1; }
        if (ok && sideOn[m.cm.s]) {
          want.push(m);
          if (m.cm.r) { hl.push([m.cm.la, m.cm.lo, m.cm.r, D.sides[m.cm.s].color, m.cm.p]); }
        }
      });
      cluster.clearLayers();
      api.ready = false;
      cluster.addLayers(want, true);
      halos.setItems(hl);
      if (heat) { heat.setLatLngs(want.map(function (m) { return m.getLatLng(); })); }
      api.shown = want.length;
      if (api.control_layer) { api.control_layer.setTime(timeIdx >= 0 ? D.dates[timeIdx] : null, timeIdx === D.dates.length - 1); }
      if (shownCount) { shownCount.textContent = want.length + ' / ' + D.events.length; }
      if (api.filterCount) { api.filterCount.textContent = '(' + want.length + ' shown)'; }
      // the counts beside each side in the layer control follow the other filters too
      if (control_._map) {
        Array.prototype.forEach.call(control_.getContainer().querySelectorAll('.cm-side-n'), function (el) {
          el.textContent = '(' + (bySide[el.getAttribute('data-side')] || 0) + ')';
        });
      }
      var key = filterKey();
      if (api.timelineKey === undefined && D.timeline) {
        // Python drew the bars of the unfiltered map already (maps/timeline.py): nothing to redraw at start.
        var head = document.querySelector('.cm-timeline-t');
        api.timelineKey = key;
        api.timelineTotal = api.timelineAll = D.timeline.total;
        if (head) { api.timelineHead = head.textContent; }
      } else if (api.timelineKey !== key) {
        api.timelineKey = key;
        drawTimeline();
      }
      // addLayers with chunkedLoading may finish later; mark ready when the cluster has them all.
      (function waitReady() {
        if (cluster.getLayers().length >= want.length) {
          api.ready = true;
          if (!document.documentElement.hasAttribute('data-cm-ready')) { mark('cm-ready'); }
          document.documentElement.setAttribute('data-cm-ready', '1');
          // the names make way for the markers now shown, once this frame is drawn
          if (api.placeLabelsSoon) { setTimeout(api.placeLabelsSoon, 0); }
        } else { setTimeout(waitReady, 20); }
      })();
    }
    api.refresh = refresh;

    var control_ = new GroupedLayers(bases, {}, { collapsed: smallScreen(), position: 'topright' });
    if (!smallScreen()) { L.DomUtil.addClass(map.getContainer(), 'cm-lc-open'); }
    api.control = control_;
    var sideProxies = [];
    D.sides.forEach(function (s, i) {
      var n = D.counts.sides[String(i)];
      if (!n) { return; }
      var proxy = L.layerGroup();
      proxy._cmGroup = 'Events by side of actor 1';
      proxy._cmSide = i;
      sideOn[i] = true;
      map.addLayer(proxy);
      control_.addOverlay(proxy, '<span class="cm-swatch" style="background:' + s.color + '"></span>' +
        s.label + ' <span class="cm-muted cm-side-n" data-side="' + i + '">(' + n + ')</span>');
      sideProxies.push(proxy);
    });
    sideProxies.forEach(function (proxy) {
      proxy.on('add', function () { sideOn[proxy._cmSide] = true; refresh(); });
      proxy.on('remove', function () { sideOn[proxy._cmSide] = false; refresh(); });
    });
    if (D.counts.acled) {  // ACLED's own events (an ACLED export given as input): a layer of their own
      var acledProxy = L.layerGroup();
      acledProxy._cmGroup = 'Event sources';
      map.addLayer(acledProxy);
      control_.addOverlay(acledProxy, '<span class="cm-swatch cm-swatch-acled"></span>ACLED events ' +
        '<span class="cm-muted">(' + D.counts.acled + ')</span>');
      acledProxy.on('add', function () { acledOn = true; refresh(); });
      acledProxy.on('remove', function () { acledOn = false; refresh(); });
      api.layers.acled = acledProxy;
    }
    if (D.events.length) {
      map.addLayer(halos);
      control_.addOverlay(halos, '<span class="cm-swatch cm-swatch-halo"></span>Precision halos');
    }

    // ---------- density: Leaflet.heat (folium's HeatMap plugin's script) over the events that pass the filters
    var heat = null;
    if (D.events.length && L.heatLayer) {
      heat = L.heatLayer([], { radius: 22, blur: 18, maxZoom: 10, minOpacity: 0.25 });
      heat._cmGroup = 'Events';
      control_.addOverlay(heat, '<span class="cm-swatch cm-swatch-heat"></span>Density (heat)');
      api.layers.heat = heat;
    }

    // ---------- places without an event
    if (D.places.length) {
      var places = L.layerGroup();
      places._cmGroup = 'Places';
      D.places.forEach(function (p) {
        var c = L.circleMarker([p.la, p.lo], {
          renderer: pointsR, pane: 'cmPoints', radius: 5, color: '#5d6d7e', weight: 2, fillColor: '#ffffff', fillOpacity: 0.95
        });
        c.bindTooltip(placeHtml(p.n, p.na), { direction: 'right' });
        c.bindPopup(function () {
          var qs = (p.q || []).map(function (q) { return quoteHtml(q[0]) + sourceHtml(q[1]); }).join('');
          return '<div class="cm-pop"><div class="cm-pop-h"><i class="fa-solid fa-location-dot"></i> <b>' +
            placeHtml(p.n, p.na) + '</b></div><table class="cm-kv">' +
            row('Kind', p.k + (p.an ? ' (from ' + p.an + ')' : '')) + row('Where', p.rl || '') +
            row('As written', (p.sf || []).map(function (s) { return '<span dir="auto">' + s + '</span>'; }).join(', ')) +
            row('Precision', precisionHtml(p.p, p.r)) + row('Confidence', Math.round((p.c || 0) * 100) + '%') +
            row('Mentions', String(p.m)) + '</table>' + qs +
            '<div class="cm-muted">Mentioned without a coded event.</div></div>';
        }, { maxWidth: 400, minWidth: 240 });
        places.addLayer(c);
      });
      api.layers.places = places;
      map.addLayer(places);
      control_.addOverlay(places, '<span class="cm-swatch cm-swatch-place"></span>Places without events ' +
        '<span class="cm-muted">(' + D.places.length + ')</span>');
    }

    // ---------- control areas and front lines (maps/assets/conflictmap-control.js)
    if (global.conflictmapControl && (D.areas.length || D.lines.length)) {
      api.control_layer = global.conflictmapControl.draw(api, D, { row: row, svgR: svgR, control: control_ });
    }

    // ---------- reference: Libya outline and districts
    var outline = null;
    if (D.outline) {
      outline = L.geoJSON(D.outline, {
        renderer: landR, pane: 'cmLand', interactive: false,
        style: { color: '#34495e', weight: 1.6, opacity: 0.9, fill: !!D.offline, fillColor: '#fbf8ef',
          fillOpacity: 1 }
      });
      outline._cmGroup = 'Reference';
      map.addLayer(outline);
      control_.addOverlay(outline, 'Libya outline');
      api.layers.outline = outline;
    }
    if (D.districts && D.districts.features.length) {
      var districts = L.geoJSON(D.districts, {
        renderer: landR, pane: 'cmLand',
        style: { color: '#7f8c8d', weight: 0.8, opacity: 0.8, dashArray: '3 3', fill: true, fillOpacity: 0 },
        onEachFeature: function (f, l) {
          l.bindTooltip(placeHtml(f.properties.n, f.properties.na), { sticky: true, className: 'cm-district' });
        }
      });
      districts._cmGroup = 'Reference';
      if (D.offline) { map.addLayer(districts); }
      control_.addOverlay(districts, 'Districts (shabiyat)');
      api.layers.districts = districts;
      if (outline) { outline.bringToBack(); }
    }

    // ---------- names on the map: the offline base's town and district names (from the gazetteer, by zoom)
    // and the control layer's area and front-line labels. All lie in the cmLabels pane, under the markers
    // and clusters, and one placer gives them their room.
    var towns = null, townMarks = [];
    // [name, Arabic name, lat, lon, rank], most important first (maps/mapdata.py): rank 0 from zoom 5, 1 from 7,
    // 2 from 9, 3 from 11; 9 = district (6-8)
    var FROM = { 0: 5, 1: 7, 2: 9, 3: 11 };
    if (D.towns && D.towns.length) {
      towns = L.layerGroup();
      towns._cmGroup = 'Reference';
      D.towns.forEach(function (t) {
        // Arabic, a gap, Latin: a separating dot would vanish in the halo of the letters beside it
        var label = t[4] === 9 ? (t[0] || t[1]).replace(/ District$/, '') : [t[1] ? '<span dir="rtl" lang="ar">' + t[1] +
          '</span>' : '', t[0] ? '<span dir="ltr">' + t[0] + '</span>' : ''].filter(Boolean).join('<i class="cm-town-gap"></i>');
        var mk = L.marker([t[2], t[3]], {
          pane: 'cmLabels', interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'cm-town cm-town-r' + t[4], html: '<span>' + label + '</span>', iconSize: null })
        });
        mk.cmRank = t[4];
        townMarks.push(mk);
      });
    }
    // The order in which names claim their room: the big cities, the front lines, the control areas (the larger
    // first), then the other names by rank (cities, towns, villages, districts).
    var CLAIM = { town0: 0, line: 1, area: 2, town1: 3, town2: 4, town3: 5, town9: 6 };
    // A control label is shown only when what it names is about as big on screen as the label: an area at least
    // FIT of the label's width across and FIT of its height tall at the label's point (the inscribed circle's
    // diameter), a front line FIT of the label's width long. Zoomed in, the label comes back.
    var FIT = 0.8;
    var boxOf = function (el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    var hits = function (b, list, pad) {
      return list.some(function (k) { return b[0] - pad < k[2] && k[0] < b[2] + pad && b[1] - pad < k[3] && k[1] < b[3] + pad; });
    };
    var real = function (b) { return b[2] > b[0] && b[3] > b[1]; };
    // The event markers and clusters shown, each where it stands in this view: from its point, not from the page,
    // where markercluster may still be sliding it from its old cluster (a transition that runs late under load).
    var markerBoxes = function () {
      if (!cluster._featureGroup) {
        return Array.prototype.map.call(map.getContainer().querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon'),
          boxOf).filter(real);
      }
      var at = map.getContainer().getBoundingClientRect(), out = [];
      cluster._featureGroup.eachLayer(function (l) {
        if (!l._icon) { return; }
        var p = map.latLngToContainerPoint(l.getLatLng()), w = l._icon.offsetWidth / 2, h = l._icon.offsetHeight / 2;
        out.push([at.left + p.x - w, at.top + p.y - h, at.left + p.x + w, at.top + p.y + h]);
      });
      return out.filter(real);
    };
    // A moved area label stays recognisably in its area: its centre and the points a quarter of its width to
    // either side are inside the area.
    var within = function (l, x, y, w) {
      return [0, -w / 4, w / 4].every(function (d) { return l.inside(map.containerPointToLatLng([x + d, y])); });
    };
    // Whether a label of w x h centred on container point (x, y) is wholly in the map's view.
    var inView = function (x, y, w, h) {
      var size = map.getSize();
      return x - w / 2 >= 0 && y - h / 2 >= 0 && x + w / 2 <= size.x && y + h / 2 <= size.y;
    };
    // Container points over the view where a w x h label is wholly in view, nearest to p first.
    var grid = function (p, w, h) {
      var size = map.getSize(), out = [], sx = Math.max(w, 60), sy = Math.max(h * 3, 48);
      for (var y = h / 2 + 8; y <= size.y - h / 2 - 8; y += sy) {
        for (var x = w / 2 + 8; x <= size.x - w / 2 - 8; x += sx) { out.push([x, y]); }
      }
      return out.sort(function (a, b) { return (a[0] - p.x) * (a[0] - p.x) + (a[1] - p.y) * (a[1] - p.y) -
        (b[0] - p.x) * (b[0] - p.x) - (b[1] - p.y) * (b[1] - p.y); });
    };
    var panelBoxes = function () {
      return Array.prototype.map.call(map.getContainer().querySelectorAll('.leaflet-control'), boxOf).filter(real);
    };
    var mPerPx = function (lat) { return 40075016.686 * Math.cos(lat * Math.PI / 180) / (256 * Math.pow(2, map.getZoom())); };
    // The names at this zoom and in view, placed greedily in the order they claim room: each takes the first
    // position (on its point, then beside, above or below it; an area's label stays inside its area) that touches
    // neither a name placed before it nor an event marker or cluster; a city with no such room takes the free
    // position that covers the fewest markers; any other name with no room stays hidden (Tripoli's and
    // Benghazi's suburbs, and the areas around them, would otherwise pile up).
    var placeLater = null;
    var gone = false;  // the map was removed (the review page draws a new one when the store changes)
    map.on('unload', function () { gone = true; clearTimeout(placeLater); });
    var placeLabels = function () {
      if (!map._loaded || gone) { return; }
      var z = map.getZoom(), view = map.getBounds().pad(0.25), cands = [];
      if (towns && towns._map) {
        townMarks.forEach(function (mk, i) {
          var on = (mk.cmRank === 9 ? z >= 6 && z <= 8 : z >= FROM[mk.cmRank]) && view.contains(mk.getLatLng());
          if (on) {
            if (!towns.hasLayer(mk)) { towns.addLayer(mk); }
            cands.push({ mk: mk, hide: 'cm-town-hidden', claim: CLAIM['town' + mk.cmRank], i: i, size: 0,
              keep: mk.cmRank === 0 || mk.cmRank === 1 });
          } else if (towns.hasLayer(mk)) { towns.removeLayer(mk); }
        });
      }
      if (api.control_layer) {
        var seen = map.getBounds();
        api.control_layer.labels().forEach(function (l, i) {
          // a line by its label's point; an area while any of it is in view (its label may go to the part in view)
          if (l.kind === 'area' ? !seen.intersects(l.bounds) : !view.contains(l.mk.getLatLng())) {
            L.DomUtil.addClass(l.mk._icon, 'cm-label-hidden');
            return;
          }
          cands.push({ mk: l.mk, hide: 'cm-label-hidden', claim: CLAIM[l.kind], i: i, size: l.p.lr || l.p.lw, label: l });
        });
      }
      api.labelsPlaced = (api.labelsPlaced || 0) + 1;
      api.townsPlaced = api.labelsPlaced;
      if (!cands.length) { api.labelsShown = { town: 0, area: 0, line: 0 }; api.townsShown = 0; return; }
      cands.forEach(function (c) { L.DomUtil.removeClass(c.mk._icon, c.hide); c.mk._icon.firstChild.style.transform = ''; });
      // Each name's box from its point's position and its laid-out size, not from the page: an icon that
      // Leaflet has not moved yet to the new view would otherwise be measured where it was.
      var at = map.getContainer().getBoundingClientRect();
      cands.forEach(function (c) {
        var span = c.mk._icon.firstChild, p = map.latLngToContainerPoint(c.mk.getLatLng());
        var w = span.offsetWidth, h = span.offsetHeight, x = at.left + p.x, y = at.top + p.y;
        c.pt = p;
        c.box = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
      });
      cands.sort(function (a, b) { return a.claim - b.claim || b.size - a.size || a.i - b.i; });
      // the panels over the map (layer control, legend, filters, slider ...) count as names placed already: a
      // name under one could not be read, and an area's label finds the part of its area that shows
      var kept = cands.length ? panelBoxes() : [], avoid = cands.length ? markerBoxes() : [];
      var shown = { town: 0, area: 0, line: 0 };
      var covered = function (b) {
        var n = 0;
        avoid.forEach(function (k) { if (b[0] < k[2] && k[0] < b[2] && b[1] < k[3] && k[1] < b[3]) { n++; } });
        return n;
      };
      cands.forEach(function (c) {
        var b = c.box, w = b[2] - b[0], h = b[3] - b[1], best = null, bestN = Infinity, l = c.label;
        if (l) {
          var mpp = mPerPx(c.mk.getLatLng().lat);
          var fits = l.p.lw / mpp >= FIT * w && (l.kind !== 'area' || 2 * l.p.lr / mpp >= FIT * h);
          c.mk._icon.setAttribute('data-cm-fit', fits ? '1' : '0');
          if (!fits) { L.DomUtil.addClass(c.mk._icon, c.hide); return; }
        }
        var moves = [[0, 0], [w / 2 + 11, 0], [-w / 2 - 11, 0], [0, -h / 2 - 9], [0, h / 2 + 9],
          [w / 2 + 26, 0], [-w / 2 - 26, 0], [0, -h / 2 - 22], [0, h / 2 + 22]];
        var area = l && l.kind === 'area', offs = [];
        // An area's label tries its own point when the label is wholly in view there, then the points of a grid
        // over the view inside the area, nearest first: zoomed in on a town, the area around it is still named.
        if (!area || inView(c.pt.x, c.pt.y, w, h)) { moves.forEach(function (m) { offs.push(m); }); }
        if (area) { grid(c.pt, w, h).forEach(function (g) { offs.push([g[0] - c.pt.x, g[1] - c.pt.y]); }); }
        var dx = 0, dy = 0;
        for (var j = 0; j < offs.length; j++) {
          var m = [b[0] + offs[j][0], b[1] + offs[j][1], b[2] + offs[j][0], b[3] + offs[j][1]];
          if (hits(m, kept, 2)) { continue; }
          if (area && (offs[j][0] || offs[j][1]) && !within(l, c.pt.x + offs[j][0], c.pt.y + offs[j][1], w)) { continue; }
          var n = covered(m);
          if (n < bestN) { best = j; bestN = n; dx = offs[j][0]; dy = offs[j][1]; }
          if (!n) { break; }
        }
        if (best === null || (bestN > 0 && !c.keep)) {
          L.DomUtil.addClass(c.mk._icon, c.hide);
          return;
        }
        if (dx || dy) { c.mk._icon.firstChild.style.transform = 'translate(calc(-50% + ' + dx.toFixed(1) + 'px), calc(-50% + ' + dy.toFixed(1) + 'px))'; }
        kept.push([b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy]);
        shown[l ? l.kind : 'town'] += 1;
      });
      api.labelsShown = shown;
      api.townsShown = shown.town;
    };
    // again once the clusters (their zoom animation: a marker lands at its place only at its end, later under
    // load) and the layers have settled in the new view
    var settled = function () {
      if (cluster._inZoomAnimation) { placeLater = setTimeout(settled, 100); return; }
      placeLabels();
    };
    var placeSoon = function () { placeLabels(); clearTimeout(placeLater); placeLater = setTimeout(settled, 450); };
    map.on('moveend overlayadd overlayremove', placeSoon);
    // a panel folded or unfolded frees or covers room
    map.getContainer().addEventListener('click', function (ev) {
      if (ev.target.closest && ev.target.closest('.cm-legend-h, .cm-minimap-fold, .cm-filters-btn, .cm-f-close')) {
        setTimeout(placeSoon, 0);
      }
    }, true);
    api.placeLabels = placeLabels;
    api.placeLabelsSoon = placeSoon;
    api.placeTowns = placeLabels;
    if (towns) {
      towns.on('add', function () { setTimeout(placeSoon, 0); });
      map.addLayer(towns);
      control_.addOverlay(towns, 'Town names (gazetteer)');
      api.layers.towns = towns;
    }

    // ---------- title and counts
    control('topright', 'cm-title', function (div) {
      div.innerHTML = '<div class="cm-title-h" dir="auto">' + D.title + '</div><div class="cm-muted">' +
        '<span class="cm-shown"></span> events' + (D.dates.length ? ' · ' + D.dates[0] +
        (D.dates.length > 1 ? ' → ' + D.dates[D.dates.length - 1] : '') : '') + ' · ' + D.places.length + ' other places</div>';
      shownCount = div.querySelector('.cm-shown');
    }).addTo(map);
    control_.addTo(map);

    // ---------- fullscreen, search, measure
    control('topleft', 'cm-tools', function (div) {
      button(div, 'expand', 'Full screen', function () {
        var c = map.getContainer();
        if (document.fullscreenElement) { document.exitFullscreen(); return; }
        if (c.requestFullscreen) {
          c.requestFullscreen().catch(function () { L.DomUtil.addClass(c, 'cm-pseudo-full'); });
        } else if (L.DomUtil.hasClass(c, 'cm-pseudo-full')) {
          L.DomUtil.removeClass(c, 'cm-pseudo-full');
        } else { L.DomUtil.addClass(c, 'cm-pseudo-full'); }
        setTimeout(function () { map.invalidateSize(); }, 200);
      });
      button(div, 'ruler', 'Measure distance (click points; double-click or Esc to finish)', function (a) {
        measure.toggle(a);
      });
    }).addTo(map);
    document.addEventListener('fullscreenchange', function () { setTimeout(function () { map.invalidateSize(); }, 100); });

    var measure = (function () {
      var on = false, pts = [], line = null, tip = null, btn = null, group = L.layerGroup().addTo(map);
      function fmt(m) { return m > 10000 ? (m / 1000).toFixed(0) + ' km' : m > 1000 ? (m / 1000).toFixed(1) + ' km' : Math.round(m) + ' m'; }
      function total() { var d = 0; for (var i = 1; i < pts.length; i++) { d += map.distance(pts[i - 1], pts[i]); } return d; }
      function click(ev) {
        pts.push(ev.latlng);
        L.circleMarker(ev.latlng, { radius: 3, color: '#000', weight: 1, fillOpacity: 1 }).addTo(group);
        if (!line) { line = L.polyline(pts, { color: '#000', weight: 2, dashArray: '5 5' }).addTo(group); } else { line.setLatLngs(pts); }
        if (tip) { group.removeLayer(tip); }
        tip = L.tooltip({ permanent: true, direction: 'right', className: 'cm-measure' }).setLatLng(ev.latlng)
          .setContent(fmt(total())).addTo(group);
      }
      function stop() {
        on = false; map.off('click', click); map.doubleClickZoom.enable();
        L.DomUtil.removeClass(map.getContainer(), 'cm-measuring');
        if (btn) { L.DomUtil.removeClass(btn, 'cm-active'); }
      }
      function start() {
        group.clearLayers(); pts = []; line = null; tip = null; on = true;
        map.on('click', click); map.doubleClickZoom.disable();
        L.DomUtil.addClass(map.getContainer(), 'cm-measuring');
        if (btn) { L.DomUtil.addClass(btn, 'cm-active'); }
      }
      map.on('dblclick', function () { if (on) { stop(); } });
      document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && on) { stop(); group.clearLayers(); } });
      return { toggle: function (a) { btn = a; if (on) { stop(); } else { start(); } }, distance: total };
    })();
    api.measure = measure;

    control('topleft', 'cm-search', function (div) {
      div.innerHTML = '<i class="fa-solid fa-magnifying-glass"></i>' +
        '<input type="search" dir="auto" placeholder="Place · ابحث عن مكان" aria-label="Search a place">' +
        '<div class="cm-results"></div>';
      var input = div.querySelector('input'), results = div.querySelector('.cm-results');
      var mark = null;
      function go(entry) {
        map.setView([entry[2], entry[3]], Math.max(map.getZoom(), 11));
        if (mark) { map.removeLayer(mark); }
        mark = L.circleMarker([entry[2], entry[3]], { radius: 18, color: '#f1c40f', weight: 4, fill: false,
          interactive: false }).addTo(map);
        setTimeout(function () { if (mark) { map.removeLayer(mark); mark = null; } }, 4000);
        results.innerHTML = '';
      }
      function find(q) {
        var k = searchKey(q);
        if (!k) { return []; }
        var starts = [], inside = [];
        D.search.forEach(function (e) {
          var keys = e[0].split('|'), hit = 0;
          keys.forEach(function (x) { if (x.indexOf(k) === 0) { hit = 2; } else if (!hit && x.indexOf(k) > 0) { hit = 1; } });
          if (hit === 2) { starts.push(e); } else if (hit === 1) { inside.push(e); }
        });
        return starts.concat(inside).slice(0, 8);
      }
      api.search = find;
      L.DomEvent.on(input, 'input', function () {
        var found = find(input.value);
        results.innerHTML = '';
        found.forEach(function (e) {
          var b = L.DomUtil.create('button', 'cm-result', results);
          b.type = 'button';
          b.innerHTML = '<span dir="auto">' + e[1] + '</span> <span class="cm-muted">(' +
            (e[4] ? e[4] : 'no event') + ')</span>';
          L.DomEvent.on(b, 'click', function () { go(e); });
        });
      });
      L.DomEvent.on(input, 'keydown', function (ev) {
        if (ev.key === 'Enter') { var f = find(input.value); if (f.length) { go(f[0]); } }
      });
    }).addTo(map);

    // ---------- filters: types and sub-types, actors, date range, minimum confidence, fatalities
    // Every list is multi-choice; the lists come from the payload (maps/mapdata.py), labels pre-escaped HTML.
    if (D.events.length) {
      control('topleft', 'cm-filters', function (div) {
        var html = '<a href="#" class="cm-btn cm-filters-btn" role="button" title="Filters" aria-label="Filters">' +
          '<i class="fa-solid fa-filter"></i></a><div class="cm-filters-b"><div class="cm-f-h">Filters ' +
          '<span class="cm-muted cm-f-n"></span> <a href="#" class="cm-f-reset">reset</a> ' +
          '<a href="#" class="cm-f-close" title="Fold the filters">×</a></div>' +
          '<div class="cm-f-sec">Event type and sub-type</div><div class="cm-f-types cm-f-list">';
        D.types.forEach(function (t, i) {
          if (!D.counts.types[String(i)]) { return; }
          html += '<label class="cm-f-type"><input type="checkbox" data-type="' + i + '" checked> <span class="cm-swatch ' +
            'cm-swatch-type" style="background:' + t.color + '"><i class="fa-solid fa-' + t.icon + '"></i></span>' +
            t.short + ' <span class="cm-muted">(' + D.counts.types[String(i)] + ')</span></label>';
          (D.subs || []).forEach(function (st, j) {
            if (st[1] !== i) { return; }
            html += '<label class="cm-f-subl"><input type="checkbox" data-sub="' + j + '" data-of="' + i + '" checked> ' +
              st[0] + ' <span class="cm-muted">(' + st[2] + ')</span></label>';
          });
        });
        html += '</div>';
        if ((D.actors || []).length) {
          html += '<div class="cm-f-sec">Actors <span class="cm-muted">(any ticked; none: all)</span></div>' +
            '<input type="search" class="cm-f-afind" dir="auto" placeholder="find an actor" aria-label="Find an actor">' +
            '<div class="cm-f-actors cm-f-list">' + D.actors.map(function (a, j) {
              return '<label><input type="checkbox" data-actor="' + j + '"> <span dir="auto">' + a[0] + '</span> ' +
                '<span class="cm-muted">(' + a[1] + ')</span></label>';
            }).join('') + '</div>';
        }
        html += '<label>From <input type="date" class="cm-f-from"' + (D.dates.length ? ' min="' + D.dates[0] + '" max="' +
          D.dates[D.dates.length - 1] + '"' : '') + '></label><label>To <input type="date" class="cm-f-to"' +
          (D.dates.length ? ' min="' + D.dates[0] + '" max="' + D.dates[D.dates.length - 1] + '"' : '') + '></label>' +
          '<label>Confidence ≥ <input type="range" class="cm-f-conf" min="0" max="1" step="0.05" value="0">' +
          '<span class="cm-f-conf-v">0%</span></label>' +
          '<label><input type="checkbox" class="cm-f-fatal"> with fatalities only</label></div>';
        div.innerHTML = html;
        L.DomUtil.addClass(div, 'cm-folded');  // a button until asked for; it lights up while a filter is set
        var q = function (sel) { return div.querySelector(sel); };
        var all = function (sel) { return Array.prototype.slice.call(div.querySelectorAll(sel)); };
        L.DomEvent.on(q('.cm-f-close'), 'click', function (ev) { L.DomEvent.preventDefault(ev); L.DomUtil.addClass(div, 'cm-folded'); });
        // The open panel ends above the bottom-left controls (time slider, minimap, scale); it scrolls.
        function fitPanel() {
          var body = q('.cm-filters-b'), c = map.getContainer(), floor = c.getBoundingClientRect().bottom;
          if (L.DomUtil.hasClass(div, 'cm-folded')) { return; }
          var bl = c.querySelector('.leaflet-bottom.leaflet-left');
          if (bl && bl.offsetHeight) { floor = Math.min(floor, bl.getBoundingClientRect().top); }
          body.style.maxHeight = Math.max(160, floor - body.getBoundingClientRect().top - 8) + 'px';
        }
        map.on('resize', fitPanel);
        L.DomEvent.on(q('.cm-filters-btn'), 'click', function (ev) {
          L.DomEvent.preventDefault(ev);
          if (L.DomUtil.hasClass(div, 'cm-folded')) { L.DomUtil.removeClass(div, 'cm-folded'); fitPanel(); } else { L.DomUtil.addClass(div, 'cm-folded'); }
        });
        // A type's box ticks or clears all its sub-types; its sub-types' boxes make it ticked, mixed or clear.
        function syncTypes() {
          all('[data-type]').forEach(function (c) {
            var mine = all('[data-of="' + c.getAttribute('data-type') + '"]'), on = mine.filter(function (x) { return x.checked; });
            if (!mine.length) { c.indeterminate = false; return; }
            c.checked = on.length === mine.length;
            c.indeterminate = on.length > 0 && on.length < mine.length;
          });
        }
        function read() {
          var types = {}, allTypes = true, subs = {}, allSubs = true, actors = {}, anyActor = false;
          all('[data-type]').forEach(function (c) {
            var on = c.checked || c.indeterminate;
            types[c.getAttribute('data-type')] = on; if (!on) { allTypes = false; }
          });
          all('[data-sub]').forEach(function (c) { subs[c.getAttribute('data-sub')] = c.checked; if (!c.checked) { allSubs = false; } });
          all('[data-actor]').forEach(function (c) { if (c.checked) { actors[c.getAttribute('data-actor')] = true; anyActor = true; } });
          F.types = allTypes ? null : types;
          F.subs = allSubs ? null : subs;
          F.actors = anyActor ? actors : null;
          F.from = q('.cm-f-from').value || '';
          F.to = q('.cm-f-to').value || '';
          F.minConf = parseFloat(q('.cm-f-conf').value) || 0;
          q('.cm-f-conf-v').textContent = Math.round(F.minConf * 100) + '%';
          F.fatal = q('.cm-f-fatal').checked;
          var active = F.types || F.subs || F.actors || F.from || F.to || F.minConf || F.fatal;
          if (active) { L.DomUtil.addClass(q('.cm-filters-btn'), 'cm-active'); } else { L.DomUtil.removeClass(q('.cm-filters-btn'), 'cm-active'); }
          refresh();
        }
        api.readFilters = read;
        all('[data-type]').forEach(function (c) {
          L.DomEvent.on(c, 'change', function () {
            all('[data-of="' + c.getAttribute('data-type') + '"]').forEach(function (x) { x.checked = c.checked; });
            syncTypes(); read();
          });
        });
        all('[data-sub]').forEach(function (c) { L.DomEvent.on(c, 'change', function () { syncTypes(); read(); }); });
        all('[data-actor], .cm-f-from, .cm-f-to, .cm-f-conf, .cm-f-fatal').forEach(function (el) {
          L.DomEvent.on(el, el.type === 'range' ? 'input' : 'change', read);
        });
        // the actor list narrows to what is typed (the ticks stay)
        var afind = q('.cm-f-afind');
        if (afind) {
          L.DomEvent.on(afind, 'input', function () {
            var k = searchKey(afind.value);
            all('.cm-f-actors label').forEach(function (l) {
              l.style.display = !k || searchKey(l.textContent).indexOf(k) >= 0 ? '' : 'none';
            });
          });
        }
        L.DomEvent.on(q('.cm-f-reset'), 'click', function (ev) {
          L.DomEvent.preventDefault(ev);
          all('[data-type], [data-sub]').forEach(function (c) { c.checked = true; c.indeterminate = false; });
          all('[data-actor]').forEach(function (c) { c.checked = false; });
          if (afind) { afind.value = ''; all('.cm-f-actors label').forEach(function (l) { l.style.display = ''; }); }
          q('.cm-f-from').value = ''; q('.cm-f-to').value = '';
          q('.cm-f-conf').value = 0; q('.cm-f-fatal').checked = false;
          read();
        });
        api.filterCount = q('.cm-f-n');
      }).addTo(map);
    }

    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);

    // ---------- time slider (only when events span several dates)
    if (D.dates.length > 1) {
      control('bottomleft', 'cm-time', function (div) {
        div.innerHTML = '<button type="button" class="cm-play" title="Play"><i class="fa-solid fa-play"></i></button>' +
          '<input type="range" min="0" max="' + (D.dates.length - 1) + '" value="' + (D.dates.length - 1) +
          '" aria-label="Date"><span class="cm-date"></span>' +
          '<label class="cm-day"><input type="checkbox"> that day only</label>';
        var range = div.querySelector('input[type=range]'), label = div.querySelector('.cm-date');
        var day = div.querySelector('.cm-day input'), play = div.querySelector('.cm-play'), timer = null;
        function show() {
          label.textContent = (dayOnly ? '' : 'up to ') + D.dates[timeIdx];
        }
        api.setDate = function (i) { timeIdx = Math.max(0, Math.min(D.dates.length - 1, i)); range.value = timeIdx; show(); refresh(); };
        L.DomEvent.on(range, 'input', function () { api.setDate(parseInt(range.value, 10)); });
        L.DomEvent.on(day, 'change', function () { dayOnly = day.checked; show(); refresh(); });
        L.DomEvent.on(play, 'click', function () {
          if (timer) { clearInterval(timer); timer = null; play.innerHTML = '<i class="fa-solid fa-play"></i>'; return; }
          if (timeIdx >= D.dates.length - 1) { api.setDate(0); }
          play.innerHTML = '<i class="fa-solid fa-pause"></i>';
          timer = setInterval(function () {
            if (timeIdx >= D.dates.length - 1) { clearInterval(timer); timer = null; play.innerHTML = '<i class="fa-solid fa-play"></i>'; return; }
            api.setDate(timeIdx + 1);
          }, 700);
        });
        show();
      }).addTo(map);
      // The timeline panel folds to its header line; folded from the start on short screens.
      var tl = document.querySelector('.cm-timeline');
      if (tl) {
        var tb = document.createElement('button');
        tb.type = 'button'; tb.className = 'cm-timeline-fold'; tb.title = 'Fold or unfold the timeline';
        tb.setAttribute('aria-label', 'Fold or unfold the timeline');
        tb.innerHTML = '<i class="fa-solid fa-chevron-down"></i>';
        tl.querySelector('.cm-timeline-h').insertBefore(tb, tl.querySelector('.cm-timeline-h').firstChild);
        tb.addEventListener('click', function () {
          tl.classList.toggle('cm-folded');
          setTimeout(function () { map.invalidateSize(); }, 50);
        });
        if (window.innerHeight < 700) { tl.classList.add('cm-folded'); setTimeout(function () { map.invalidateSize(); }, 0); }
      }
      // The timeline panel's bars set the slider to their last day.
      Array.prototype.forEach.call(document.querySelectorAll('.cm-timeline [data-date]'), function (bar) {
        bar.addEventListener('click', function () {
          var d = bar.getAttribute('data-date'), i = -1;
          D.dates.forEach(function (x, j) { if (x <= d) { i = j; } });
          if (i >= 0 && api.setDate) { api.setDate(i); }
        });
      });
    }

    // ---------- legend (built and escaped in Python) and minimap
    if (D.legend) {
      control('bottomright', 'cm-legend', function (div) {
        div.innerHTML = '<div class="cm-legend-h"><i class="fa-solid fa-list"></i> Legend</div>' +
          '<div class="cm-legend-b">' + D.legend + '</div>';
        var h = div.querySelector('.cm-legend-h'), foldedForPopup = false;
        L.DomEvent.on(h, 'click', function () { foldedForPopup = false; L.DomUtil.hasClass(div, 'cm-folded') ? L.DomUtil.removeClass(div, 'cm-folded') : L.DomUtil.addClass(div, 'cm-folded'); });
        if (smallScreen()) { L.DomUtil.addClass(div, 'cm-folded'); }
        // Controls sit above popups: the open legend would hide the quotes, so it folds while one is open.
        map.on('popupopen', function () {
          if (!L.DomUtil.hasClass(div, 'cm-folded')) { L.DomUtil.addClass(div, 'cm-folded'); foldedForPopup = true; }
        });
        map.on('popupclose', function () {
          if (foldedForPopup) { L.DomUtil.removeClass(div, 'cm-folded'); foldedForPopup = false; }
        });
      }).addTo(map);
    }
    control('bottomleft', 'cm-minimap', function (div) {
      var fold = L.DomUtil.create('a', 'cm-btn cm-minimap-fold', div);
      fold.href = '#'; fold.title = 'Overview map'; fold.setAttribute('role', 'button');
      fold.setAttribute('aria-label', 'Overview map');
      fold.innerHTML = '<i class="fa-solid fa-map"></i>';
      L.DomEvent.on(fold, 'click', function (ev) {
        L.DomEvent.preventDefault(ev);
        if (L.DomUtil.hasClass(div, 'cm-folded')) { L.DomUtil.removeClass(div, 'cm-folded'); } else { L.DomUtil.addClass(div, 'cm-folded'); }
        if (api.minimap) { api.minimap.invalidateSize(); }
      });
      if (smallScreen()) { L.DomUtil.addClass(div, 'cm-folded'); }
      var inner = L.DomUtil.create('div', 'cm-minimap-map', div);
      setTimeout(function () {
        var mini = L.map(inner, { attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false,
          doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, inertia: false });
        // A view first: paths added to a map without one cannot compute their clip bounds.
        mini.setView(map.getCenter(), Math.max(map.getZoom() - 5, 2), { animate: false });
        if (D.minimapTiles && !D.offline) {
          L.tileLayer(D.minimapTiles, { subdomains: 'abcd', maxZoom: 10 }).addTo(mini);
        }
        if (D.outline) { L.geoJSON(D.outline, { interactive: false, style: { color: '#34495e', weight: 1, fillColor: '#fbf8ef', fillOpacity: D.offline ? 1 : 0.1 } }).addTo(mini); }
        var box = L.rectangle(map.getBounds(), { color: '#c0392b', weight: 1.5, fillOpacity: 0.1, interactive: false }).addTo(mini);
        function sync() { mini.setView(map.getCenter(), Math.max(map.getZoom() - 5, 2), { animate: false }); box.setBounds(map.getBounds()); }
        map.on('moveend', sync);
        mini.on('click', function (ev) { map.panTo(ev.latlng); });
        sync();
        api.minimap = mini;
      }, 0);
    }).addTo(map);

    // ---------- view
    var pts = D.events.map(function (e) { return [e.la, e.lo]; }).concat(D.places.map(function (p) { return [p.la, p.lo]; }));
    // Not animated: a zoom animation still running when the page reports ready would carry the view back
    // to this frame after the reader (or a test) has already moved it.
    if (pts.length) {
      var b = L.latLngBounds(pts);
      map.fitBounds(b.pad(0.15), { maxZoom: 10, animate: false });
    } else {
      map.fitBounds([[19.5, 9.3], [33.2, 25.2]], { animate: false });
    }
    refresh();
    mark('cm-init-end');
    return api;
  }

  global.conflictmap = { init: init, searchKey: searchKey, current: null };
})(window);
