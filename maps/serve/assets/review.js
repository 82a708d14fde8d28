/* The review page. Every value from the store arrives as JSON and enters the page through
 * textContent, element properties or Leaflet options: never through innerHTML, so article text stays
 * text. The map itself is drawn by the project's map plugin (conflictmap.js) from the payload that
 * maps/mapdata.py builds and escapes for the HTML map. */
(function () {
  'use strict';
  var S = { meta: null, version: null, queue: [], selected: null, detail: null, map: null, edit: null,
            pendingMove: null, busy: false };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function status(msg) { $('status-line').textContent = msg; }
  function isArabic(s) { return /[\u0600-\u06FF]/.test(String(s || '')); }

  function api(path, opts) {
    opts = opts || {};
    var headers = { 'Accept': 'application/json' };
    var name = $('reviewer').value.trim();
    if (name) { headers['X-Reviewer'] = name; }
    if (opts.body !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, { method: opts.method || 'GET', headers: headers, credentials: 'same-origin',
                         body: opts.body === undefined ? undefined : JSON.stringify(opts.body) })
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) { throw new Error(j.error || ('HTTP ' + r.status)); }
          return j;
        });
      });
  }

  // ---------- the map (the HTML map's plugin, redrawn when the store changes)
  function drawMap() {
    var f = $('status-filter').value;
    var q = f === 'rejected' ? '?status=rejected' : (f === '' ? '' : '?include_rejected=0');
    return api('/api/mapdata' + q).then(function (payload) {
      var center = null, zoom = null;
      if (S.map) { center = S.map.getCenter(); zoom = S.map.getZoom(); S.map.remove(); }
      var pane = $('map-pane');
      clear(pane);
      var div = el('div'); div.id = 'map'; pane.appendChild(div);
      var map = L.map(div, { center: center || [27.0, 17.5], zoom: zoom || 6, minZoom: 3, maxZoom: 18 });
      S.map = map;
      conflictmap.init(map, {}, payload);
      var cur = conflictmap.current;
      cur.markers.forEach(function (m) {
        m.on('click', function () { if (m.cm && m.cm.id) { select(m.cm.id); } });
      });
      if (S.detail) {
        showEditMarker(S.detail.event);
        // a point dragged but not saved yet stays where the reviewer put it
        if (S.edit && S.pendingMove && S.pendingMove.lat !== undefined) {
          S.edit.setLatLng([S.pendingMove.lat, S.pendingMove.lon]);
        }
      }
    });
  }

  function showEditMarker(ev) {
    if (S.edit) { S.edit.remove(); S.edit = null; }
    if (!S.map || ev.latitude === null || ev.longitude === null) { return; }
    var icon = L.divIcon({ className: 'cm-mk cm-edit-marker', iconSize: [26, 26], iconAnchor: [13, 13],
                           html: '<span><i class="fa-solid fa-location-crosshairs"></i></span>' });
    S.edit = L.marker([ev.latitude, ev.longitude], { draggable: true, icon: icon, zIndexOffset: 1000,
                                                    title: 'drag to move this event' }).addTo(S.map);
    S.edit.on('dragend', function () {
      var p = S.edit.getLatLng();
      setPending({ lat: Math.round(p.lat * 1e6) / 1e6, lon: Math.round(p.lng * 1e6) / 1e6 },
                 p.lat.toFixed(5) + ', ' + p.lng.toFixed(5) + ' (dragged)');
    });
  }

  function setPending(move, label) {
    S.pendingMove = move;
    $('move-pending').textContent = move ? 'New point: ' + label : '';
    ['btn-move', 'btn-move-article', 'btn-move-global'].forEach(function (b) { $(b).disabled = !move; });
  }

  // ---------- the queue
  function why(e) {
    var r = [];
    if (e.x_confidence !== null && e.x_confidence < 0.6) { r.push('low confidence ' + e.x_confidence); }
    if (e.fatalities) { r.push(e.fatalities + ' killed'); }
    if (e.geo_precision >= 2) { r.push(e.geo_precision === 3 ? 'region only' : 'near a place'); }
    if ((e.x_n_evidence || 1) <= 1) { r.push('one source'); }
    return r.join(' · ');
  }

  function loadQueue() {
    var f = $('status-filter').value;
    var path = f === 'unreviewed' ? '/api/queue' : '/api/events?' + (f ? 'status=' + encodeURIComponent(f) : '');
    return api(path).then(function (j) {
      var items = j.events || (j.features || []).map(function (ft) {
        var p = ft.properties; return p;
      });
      S.queue = items;
      var ol = $('queue'); clear(ol);
      $('queue-title').textContent = (f === 'unreviewed' ? 'Queue: ' : 'Events: ') + (j.total !== undefined ? j.total : items.length);
      items.forEach(function (e) {
        var li = el('li'); li.dataset.id = e.event_id_cnty;
        if (S.selected === e.event_id_cnty) { li.classList.add('sel'); }
        var top = el('div', 'q-top');
        var loc = el('span', 'q-loc', e.location || e.x_location_ar || '?');
        if (e.x_location_ar) { loc.title = e.x_location_ar; }
        top.appendChild(loc);
        top.appendChild(el('span', 'q-date', e.event_date));
        li.appendChild(top);
        li.appendChild(el('div', 'q-meta', (e.sub_event_type || e.event_type || '') +
          (e.x_review ? ' · ' + e.x_review : '')));
        var w = why(e);
        if (w) { li.appendChild(el('div', 'q-why', w)); }
        li.addEventListener('click', function () { select(e.event_id_cnty); });
        ol.appendChild(li);
      });
    });
  }

  // ---------- one event
  function field(tbody, k, v) {
    if (v === null || v === undefined || v === '') { return; }
    var tr = el('tr'); tr.appendChild(el('th', null, k));
    var td = el('td', null, v);
    if (isArabic(v)) { td.dir = 'rtl'; }
    tr.appendChild(td); tbody.appendChild(tr);
  }

  function articleNode(art) {
    // Quote spans and the place name marked in the article's own text, by offsets, as text nodes.
    var text = art.text || '', marks = [];
    (art.quotes || []).forEach(function (q) { marks.push({ s: q[0], e: q[1], c: 'cm-quote' }); });
    var div = el('div', 'article');
    div.dir = isArabic(text) ? 'rtl' : 'ltr';
    var sf = art.surface, pos = 0, first = null;
    marks.sort(function (a, b) { return a.s - b.s; });
    marks.forEach(function (m) {
      if (m.s < pos) { return; }
      div.appendChild(document.createTextNode(text.slice(pos, m.s)));
      var mk = el('mark', m.c);
      if (sf && sf[0] >= m.s && sf[1] <= m.e) {
        mk.appendChild(document.createTextNode(text.slice(m.s, sf[0])));
        mk.appendChild(el('mark', 'cm-surface', text.slice(sf[0], sf[1])));
        mk.appendChild(document.createTextNode(text.slice(sf[1], m.e)));
      } else {
        mk.textContent = text.slice(m.s, m.e);
      }
      div.appendChild(mk);
      if (!first) { first = mk; }
      pos = m.e;
    });
    div.appendChild(document.createTextNode(text.slice(pos)));
    return { node: div, first: first };
  }

  function fillSelect(sel, values, current, blank) {
    clear(sel);
    if (blank) { sel.appendChild(el('option', null, '')); }
    values.forEach(function (v) {
      var o = el('option', null, v); o.value = v; if (v === current) { o.selected = true; } sel.appendChild(o);
    });
    if (current && values.indexOf(current) < 0) {
      var o = el('option', null, current); o.value = current; o.selected = true; sel.appendChild(o);
    }
  }

  function subTypes() {
    var t = $('f-event_type').value, cur = S.detail ? S.detail.event.sub_event_type : null;
    fillSelect($('f-sub_event_type'), S.meta.event_types[t] || [], cur, false);
  }

  function splitSubTypes() {
    var t = $('s-event_type').value, cur = S.detail ? S.detail.event.sub_event_type : null;
    fillSelect($('s-sub_event_type'), S.meta.event_types[t] || [], cur, false);
  }

  function placeSearch(input, list, onPick) {
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      timer = setTimeout(function () {
        if (!q) { clear(list); onPick(null); return; }
        api('/api/places?q=' + encodeURIComponent(q)).then(function (j) {
          clear(list);
          j.places.forEach(function (p) {
            var li = el('li', null, p.name + (p.name_ar ? ' · ' + p.name_ar : '') + ' (' + p.kind +
              (p.admin1 ? ', ' + p.admin1 : '') + ', ' + p.country + ')');
            li.dataset.placeId = p.place_id;
            li.addEventListener('click', function () {
              Array.prototype.forEach.call(list.children, function (c) { c.classList.remove('sel'); });
              li.classList.add('sel');
              onPick(p);
            });
            list.appendChild(li);
          });
        });
      }, 200);
    });
  }

  function select(id) {
    S.selected = id;
    Array.prototype.forEach.call(document.querySelectorAll('#queue li'), function (li) {
      li.classList.toggle('sel', li.dataset.id === id);
    });
    return api('/api/events/' + encodeURIComponent(id)).then(showDetail, function (err) { status(err.message); });
  }

  function showDetail(d) {
    S.detail = d;
    var ev = d.event;
    $('detail-empty').hidden = true; $('detail').hidden = false;
    $('ev-title').textContent = [ev.event_date, ev.sub_event_type || ev.event_type, ev.location].filter(Boolean).join(' · ');
    $('ev-id').textContent = ev.event_id_cnty;
    var st = ev.x_review || 'unreviewed';
    $('ev-state').textContent = st + (ev.x_reviewed_by ? ' by ' + ev.x_reviewed_by : '') +
      (ev.x_review_reason ? ' (' + ev.x_review_reason + ')' : '') + (ev.x_merged_into ? ' → ' + ev.x_merged_into : '');
    $('ev-state').className = 'badge ' + st;
    var tb = $('ev-fields'); clear(tb);
    field(tb, 'type', ev.event_type); field(tb, 'sub-type', ev.sub_event_type);
    field(tb, 'actor 1', ev.actor1 + (ev.x_actor1_bloc ? ' [' + ev.x_actor1_bloc + ']' : ''));
    field(tb, 'actor 2', (ev.actor2 || '') + (ev.x_actor2_bloc ? ' [' + ev.x_actor2_bloc + ']' : ''));
    field(tb, 'place', ev.location); field(tb, 'as written', ev.x_surface || ev.x_location_ar);
    field(tb, 'point', ev.latitude + ', ' + ev.longitude + ' (precision ' + ev.geo_precision + ')');
    field(tb, 'date', ev.event_date + ' (precision ' + ev.time_precision + ')');
    field(tb, 'fatalities', ev.fatalities); field(tb, 'confidence', ev.x_confidence);
    field(tb, 'trigger', ev.x_trigger); field(tb, 'sources', ev.x_n_evidence);
    fillSelect($('f-event_type'), Object.keys(S.meta.event_types), ev.event_type, false);
    subTypes();
    $('f-actor1').value = ev.actor1 || ''; $('f-actor2').value = ev.actor2 || '';
    fillSelect($('f-x_actor1_bloc'), S.meta.sides, ev.x_actor1_bloc, true);
    fillSelect($('f-x_actor2_bloc'), S.meta.sides, ev.x_actor2_bloc, true);
    $('f-event_date').value = (ev.event_date || '').slice(0, 10);
    $('f-time_precision').value = String(ev.time_precision || 1);
    $('f-fatalities').value = ev.fatalities === null || ev.fatalities === undefined ? '' : ev.fatalities;
    fillSelect($('s-event_type'), Object.keys(S.meta.event_types), ev.event_type, false);
    splitSubTypes();
    $('s-fatalities').value = ''; $('s-place-q').value = ''; clear($('s-place-results')); S.splitPlace = null;
    var mt = $('merge-target'); clear(mt);
    S.queue.concat([]).forEach(function (o) {
      if (o.event_id_cnty === ev.event_id_cnty) { return; }
      var op = el('option', null, o.event_id_cnty + ' · ' + (o.event_date || '') + ' · ' + (o.location || ''));
      op.value = o.event_id_cnty; mt.appendChild(op);
    });
    var arts = $('articles'); clear(arts);
    var firstMark = null;
    d.articles.forEach(function (a) {
      var meta = el('div', 'art-meta');
      meta.appendChild(el('strong', null, a.title || a.doc)); meta.appendChild(document.createTextNode(' '));
      if (a.url && /^https?:\/\//i.test(a.url)) {
        var link = el('a', null, a.url); link.href = a.url; link.target = '_blank'; link.rel = 'noopener noreferrer';
        meta.appendChild(link);
      } else {
        meta.appendChild(el('span', null, a.doc + (a.date ? ' · ' + a.date : '')));
      }
      arts.appendChild(meta);
      var r = articleNode(a); arts.appendChild(r.node);
      if (!firstMark) { firstMark = r.first; }
    });
    if (firstMark) {  // the quote in view inside its article box, without scrolling the whole pane
      var box = firstMark.closest('.article');
      box.scrollTop = Math.max(0, firstMark.offsetTop - 40);
    }
    var ab = document.querySelector('#audit tbody'); clear(ab);
    d.audit.slice().reverse().forEach(function (r) {
      var tr = el('tr');
      [r.at, r.reviewer, r.field, r.old_value, r.new_value, r.reason].forEach(function (v) { tr.appendChild(el('td', null, v)); });
      ab.appendChild(tr);
    });
    setPending(null, '');
    clear($('place-results')); $('place-q').value = '';
    showEditMarker(ev);
    if (S.map && ev.latitude !== null) { S.map.setView([ev.latitude, ev.longitude], Math.max(S.map.getZoom(), 8), { animate: false }); }
  }

  function send(body, what) {
    if (!S.detail || S.busy) { return Promise.resolve(); }
    S.busy = true;
    var id = S.detail.event.event_id_cnty;
    status('saving…');
    return api('/api/events/' + encodeURIComponent(id) + '/review', { method: 'POST', body: body })
      .then(function () {
        status(what + ' ' + id);
        return refresh(true).then(function () { return select(id); });
      }, function (err) { status('not saved: ' + err.message); })
      .then(function () { S.busy = false; }, function () { S.busy = false; });
  }

  function bind() {
    fillSelect($('reject-reason'), Object.keys(S.meta.reasons), 'not_an_event', false);
    Array.prototype.forEach.call($('reject-reason').options, function (o) { o.textContent = S.meta.reasons[o.value]; });
    $('btn-accept').addEventListener('click', function () { send({ status: 'accepted' }, 'accepted'); });
    $('btn-reject').addEventListener('click', function () {
      send({ status: 'rejected', reason: $('reject-reason').value }, 'rejected');
    });
    $('f-event_type').addEventListener('change', subTypes);
    $('btn-save').addEventListener('click', function () {
      var ev = S.detail.event, body = {};
      ['event_type', 'sub_event_type', 'actor1', 'actor2', 'x_actor1_bloc', 'x_actor2_bloc', 'event_date'].forEach(function (k) {
        var v = $('f-' + k).value.trim();
        if (v && v !== (ev[k] || '')) { body[k] = v; }
      });
      if (body.event_type && !body.sub_event_type) { body.sub_event_type = $('f-sub_event_type').value; }
      var tp = parseInt($('f-time_precision').value, 10);
      if (tp !== ev.time_precision) { body.time_precision = tp; }
      var fa = $('f-fatalities').value;
      if (fa !== '' && parseInt(fa, 10) !== ev.fatalities) { body.fatalities = parseInt(fa, 10); }
      if (!Object.keys(body).length) { status('nothing changed'); return; }
      send(body, 'corrected');
    });
    $('btn-merge').addEventListener('click', function () {
      var t = $('merge-target').value; if (t) { send({ merge_with: t }, 'merged'); }
    });
    function move(learn) {
      if (!S.pendingMove) { return; }
      var body = {}, k;
      for (k in S.pendingMove) { body[k] = S.pendingMove[k]; }
      if (learn) { body.learn = learn; }
      send(body, learn ? 'moved and learnt (' + learn + ')' : 'moved');
    }
    $('btn-move').addEventListener('click', function () { move(null); });
    $('btn-move-article').addEventListener('click', function () { move('article'); });
    $('btn-move-global').addEventListener('click', function () { move('global'); });
    placeSearch($('place-q'), $('place-results'), function (p) {
      if (!p) { return; }
      setPending({ place_id: p.place_id }, p.name + ' (' + p.lat.toFixed(4) + ', ' + p.lon.toFixed(4) + ')');
      if (S.edit) { S.edit.setLatLng([p.lat, p.lon]); }
    });
    placeSearch($('s-place-q'), $('s-place-results'), function (p) { S.splitPlace = p; });
    $('s-event_type').addEventListener('change', splitSubTypes);
    $('btn-split').addEventListener('click', function () {
      var ev = S.detail.event, part = {};
      if ($('s-event_type').value !== ev.event_type) { part.event_type = $('s-event_type').value; }
      if ($('s-sub_event_type').value !== ev.sub_event_type || part.event_type) {
        part.sub_event_type = $('s-sub_event_type').value;
      }
      if (S.splitPlace) { part.place_id = S.splitPlace.place_id; }
      var fa = $('s-fatalities').value;
      if (fa !== '') { part.fatalities = parseInt(fa, 10); }
      if (!part.place_id && !part.event_type && part.sub_event_type === ev.sub_event_type) {
        status('a split part differs from the event: another place or another type'); return;
      }
      send({ split: [part] }, 'split');
    });
    $('status-filter').addEventListener('change', function () { refresh(true); });
    $('reviewer').addEventListener('change', function () {
      try { localStorage.setItem('cmReviewer', $('reviewer').value.trim()); } catch (e) { /* private mode */ }
    });
  }

  function refresh(force) {
    return api('/api/version').then(function (v) {
      if (!force && v.version === S.version) { return; }
      S.version = v.version;
      return Promise.all([loadQueue(), drawMap()]).then(function () {
        document.documentElement.setAttribute('data-review-version', S.version);
      });
    });
  }

  function start() {
    api('/api/meta').then(function (m) {
      S.meta = m;
      $('store-name').textContent = m.store;
      var saved = null;
      try { saved = localStorage.getItem('cmReviewer'); } catch (e) { saved = null; }
      $('reviewer').value = saved || m.reviewer || '';
      bind();
      return refresh(true);
    }).then(function () {
      document.documentElement.setAttribute('data-review-ready', '1');
      setInterval(function () { if (!S.busy) { refresh(false).catch(function (e) { status(e.message); }); } }, 2000);
    }).catch(function (e) { status('cannot load: ' + e.message); });
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
