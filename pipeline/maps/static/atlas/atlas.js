/* Ceasefire Atlas map layers: vector basemap, ceasefire zones, clustered events, controls.
 *
 * Called by the scripts pipeline/maps/layers.py writes. Every string in the data is escaped by
 * the Python side (pipeline.maps.escape.safe_text) before it is put into HTML here; this file
 * only adds its own fixed markup around it and never builds code from data.
 */
(function (global) {
  "use strict";

  var Atlas = {};

  function canvasOf(map) {
    if (!map._atlasCanvas) map._atlasCanvas = L.canvas({ padding: 0.5 });
    return map._atlasCanvas;
  }

  function pane(map, name, zIndex) {
    if (!map.getPane(name)) map.createPane(name).style.zIndex = zIndex;
    return name;
  }

  /* ---------- overlays and slots ----------
     The page keeps one map and swaps what the filters select: an overlay (a feature group the
     Streamlit component adds and removes as a whole) holds zones, events, legend and banner.
     Zones and events go into the map's slots, stable groups the layer switcher lists, for as
     long as their overlay is on the map; controls likewise. A layer function may also be called
     on the map itself (a snapshot), which then keeps what it draws. */
  function mapOf(owner) { return owner instanceof L.Map ? owner : owner._atlasMap; }

  function slot(map, name) {
    map._atlasSlots = map._atlasSlots || {};
    if (!map._atlasSlots[name]) map._atlasSlots[name] = L.featureGroup().addTo(map);
    return map._atlasSlots[name];
  }

  function hold(owner, name, layer) {
    var map = mapOf(owner), s = slot(map, name);
    s.addLayer(layer);
    if (owner !== map) owner.on("remove", function () { s.removeLayer(layer); });
    return layer;
  }

  function holdControl(owner, control) {
    var map = mapOf(owner);
    control.addTo(map);
    if (owner !== map) owner.on("remove", function () { control.remove(); });
    return control;
  }

  Atlas.overlay = function (map) {
    global.atlasOverlays = (global.atlasOverlays || 0) + 1;  // tests and benchmarks wait on it
    var group = L.featureGroup();
    group._atlasMap = map;
    return group.addTo(map);
  };

  /* ---------- icons ---------- */
  var S = ' fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"';
  var F = ' fill="#fff"';
  var GLYPHS = {
    talk: "<path" + F + ' d="M6 7h12v8h-6l-4 3v-3H6z"/>',
    check: "<path" + S + ' d="M6.5 12.5l3.5 3.5 7.5-8"/>',
    bolt: "<path" + F + ' d="M13 4l-6 9h5l-1 7 6-9h-5z"/>',
    pause: "<path" + F + ' d="M8 7h3v10H8zM13 7h3v10h-3z"/>',
    eye: "<path" + S + ' d="M4 12c3.5-5 12.5-5 16 0-3.5 5-12.5 5-16 0z"/><circle cx="12" cy="12" r="2"' + F + "/>",
    chute: "<path" + F + ' d="M5 11a7 7 0 0 1 14 0z"/><path' + S + ' d="M6 11l5 5M18 11l-5 5"/><path' + F + ' d="M10 15h4v4h-4z"/>',
    truck: "<path" + F + ' d="M3 8h11v7H3zM14 10h4l3 3v2h-7z"/><circle cx="7" cy="16.5" r="1.8"' + F + '/><circle cx="17" cy="16.5" r="1.8"' + F + "/>",
    box: "<path" + F + ' d="M6 9h12v9H6z"/><path' + F + ' d="M6 8l2-3h8l2 3z" opacity=".8"/>',
    ring: '<circle cx="12" cy="12" r="4.5"' + S + "/><path" + S + ' d="M12 3.5v4M12 16.5v4M3.5 12h4M16.5 12h4"/>',
    out: "<path" + S + ' d="M4 12h11M11 7.5l4.5 4.5-4.5 4.5M19 6v12"/>',
    cross: "<path" + S + ' stroke-width="2.6" d="M7 7l10 10M17 7L7 17"/>',
    down: "<path" + S + ' d="M12 4.5v12M7 12l5 5 5-5"/>',
    burst: "<path" + F + ' d="M12 3.5l2 5 5-1.5-3 4.5 3 4.5-5-1.5-2 5-2-5-5 1.5 3-4.5-3-4.5 5 1.5z"/>',
    flag: "<path" + S + ' d="M7 4.5v15"/><path' + F + ' d="M8 5h10l-2.5 3.5L18 12H8z"/>',
    dot: '<circle cx="12" cy="12" r="3.5"' + F + "/>"
  };

  /* An event icon: a coloured disc (a rounded square for a site, a dashed ring for an event
     located only to an area) with the type's glyph. */
  Atlas.iconSvg = function (type, size, site, approx) {
    var shape = site
      ? '<rect x="1.5" y="1.5" width="21" height="21" rx="4" fill="' + type[2] + '" stroke="#222" stroke-width="1.2"/>'
      : approx
        ? '<circle cx="12" cy="12" r="10.5" fill="' + type[2] + '" fill-opacity=".55" stroke="' + type[2] + '" stroke-width="1.6" stroke-dasharray="3 2"/>'
        : '<circle cx="12" cy="12" r="10.5" fill="' + type[2] + '" stroke="#fff" stroke-width="1.2"/>';
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="' + size +
      '" height="' + size + '">' + shape + (GLYPHS[type[3]] || GLYPHS.dot) + "</svg>";
  };

  /* ---------- basemap ---------- */
  Atlas.basemap = function (map, d) {
    var r = canvasOf(map);
    var base = pane(map, "atlas-base", 250);
    var labels = pane(map, "atlas-labels", 640);  // above the markers (clicks pass through), below tooltips
    labels && (map.getPane(labels).style.pointerEvents = "none");
    var group = L.layerGroup();
    function lines(geoms, style) {
      if (geoms && geoms.length) {
        group.addLayer(L.geoJSON(geoms, { renderer: r, pane: base, interactive: false, style: style }));
      }
    }
    lines(d.land, { stroke: false, fillColor: d.land_colour, fillOpacity: 1 });
    lines(d.lakes, { stroke: false, fillColor: d.sea_colour, fillOpacity: 1 });
    lines(d.governorates, { color: "#9a9a9a", weight: 0.7, fill: false, dashArray: "2 3" });
    lines(d.coast, { color: "#7f9fb6", weight: 0.9, fill: false });
    lines(d.borders, { color: "#6e6e6e", weight: 1.3, fill: false });
    var minor = null;  // labels of smaller places: built the first time the map zooms in
    function label(list, i, cls, target) {
      var icon = L.divIcon({ className: cls, html: "<span>" + list.name[i] + "</span>", iconSize: null });
      target.addLayer(L.marker([list.y[i], list.x[i]], { icon: icon, pane: labels, interactive: false, keyboard: false }));
    }
    function place(i, target) {
      target.addLayer(L.circleMarker([d.places.y[i], d.places.x[i]], {
        renderer: r, pane: base, radius: 2, weight: 0, fillColor: "#444", fillOpacity: 0.9, interactive: false
      }));
      label(d.places, i, "atlas-label", target);
    }
    if (d.countries) for (var c = 0; c < d.countries.y.length; c++) label(d.countries, c, "atlas-country-label", group);
    if (d.places) for (var i = 0; i < d.places.y.length; i++) if (d.places.rank[i] <= d.major_rank) place(i, group);
    function toggleMinor() {
      var want = d.places && map.hasLayer(group) && map.getZoom() >= d.minor_zoom;
      if (want && !minor) {
        minor = L.layerGroup();
        for (var i = 0; i < d.places.y.length; i++) if (d.places.rank[i] > d.major_rank) place(i, minor);
      }
      if (minor) { if (want) map.addLayer(minor); else map.removeLayer(minor); }
    }
    group.on("add remove", function () { setTimeout(toggleMinor, 0); });
    map.on("zoomend", toggleMinor);
    group.addTo(map);
    if (d.attribution && map.attributionControl) map.attributionControl.addAttribution(d.attribution);
    toggleMinor();
    return group;
  };

  /* ---------- zones ---------- */
  Atlas.zones = function (owner, d) {
    var map = mapOf(owner), r = canvasOf(map);
    var zp = pane(map, "atlas-zones", 300);
    var layer = L.geoJSON(d.features, {
      renderer: r, pane: zp,
      style: function (f) {
        var s = f.properties.state;
        return {
          color: "#555", weight: 0.8, fillColor: d.colours[s],
          fillOpacity: s === "none" ? 0 : d.opacity
        };
      },
      onEachFeature: function (f, l) { l.bindTooltip(f.properties.tip, { sticky: true }); }
    });
    if (d.nationwide) {
      d.nationwide.forEach(function (n) {
        layer.addLayer(L.geoJSON({ type: "Feature", geometry: n.geometry, properties: n.properties }, {
          renderer: r, pane: zp,
          style: { color: n.properties.colour, weight: 5, dashArray: "10 6", fill: false, opacity: 0.9 },
          onEachFeature: function (f, l) { l.bindTooltip(f.properties.tip, { sticky: true }); }
        }));
      });
    }
    return hold(owner, "zones", layer);
  };

  /* ---------- events ---------- */
  /* Unpack the compact columns payload.py sends: y as running differences, and type, size class
     and site flag packed as (t * sizes + s) * 2 + k; d1 as an offset from d0. */
  function decode(c, d) {
    var n = c.x.length, ns = d.sizes.length, acc = 0;
    var y = new Array(n), x = new Array(n), t = new Array(n), s = new Array(n), k = new Array(n), d1 = new Array(n);
    for (var i = 0; i < n; i++) {
      acc += c.y[i];
      y[i] = acc / d.scale;
      x[i] = c.x[i] / d.scale;
      var code = c.c[i];
      k[i] = code % 2;
      code = (code - k[i]) / 2;
      s[i] = code % ns;
      t[i] = (code - s[i]) / ns;
      d1[i] = c.d0[i] + c.d1[i];
    }
    return { y: y, x: x, t: t, s: s, k: k, d1: d1, d0: c.d0, p: c.p, n: c.n, q: c.q, id: c.id, r: c.r, o: c.o, w: c.w };
  }

  /* What a click reports: the event id, or (for very many markers) the marker's position and type,
     which pipeline.maps.event_id_from_click(text, events=...) resolves. */
  function clickKey(d, c, i) {
    if (c.id) return "[event " + c.id[i] + "]";
    return "[marker " + c.y[i].toFixed(d.decimals) + "," + c.x[i].toFixed(d.decimals) + " " + d.types[c.t[i]][0] + "]";
  }

  function dateRange(d, a, b) {
    var x = d.dates[a], y = d.dates[b];
    return x === y ? x : x + " to " + y;
  }

  function tooltip(d, c, i, approx) {
    var t = d.types[c.t[i]];
    var parts = [(approx ? "\u2248 " : "") + t[1], d.places[c.p[i]][0]];
    var range = dateRange(d, c.d0[i], c.d1[i]);
    if (range) parts.push(range);
    if (c.n[i] > 1) parts.push(c.n[i] + " events");
    if (c.q[i]) parts.push(d.strings[c.q[i]]);
    if (approx) parts.push(d.approx_note);
    return parts.join(" \u00b7 ") + " " + clickKey(d, c, i);
  }

  function popup(d, c, i, approx) {
    var t = d.types[c.t[i]];
    var rows = [["Place", d.places[c.p[i]][0] + (approx ? " (" + d.approx_note + ")" : "")]];
    var range = dateRange(d, c.d0[i], c.d1[i]);
    if (range) rows.push(["Date", range]);
    rows.push(["Events", String(c.n[i])]);
    if (c.q[i]) rows.push(["Quantities", d.strings[c.q[i]]]);
    if (c.r && c.r[i]) rows.push(["Latest report", d.strings[c.r[i]]]);
    if (c.id) rows.push(["Event id", c.id[i]]);
    var html = '<div class="atlas-popup"><b>' + t[1] + "</b><table>";
    for (var k = 0; k < rows.length; k++) html += "<tr><th>" + rows[k][0] + "</th><td>" + rows[k][1] + "</td></tr>";
    return html + "</table></div>";
  }

  function eventMarker(d, c, i, approx, dx, dy) {
    var t = d.types[c.t[i]];
    var size = d.sizes[c.s[i]];
    var site = !approx && c.k[i] === 1;
    var icon = L.divIcon({
      className: "atlas-ev" + (approx ? " atlas-approx" : ""),
      html: Atlas.iconSvg(t, size, site, approx),
      iconSize: [size, size],
      iconAnchor: [size / 2 - (dx || 0), size / 2 - (dy || 0)]
    });
    var m = L.marker([c.y[i], c.x[i]], { icon: icon, keyboard: false, riseOnHover: true });
    // toGeoJSON() of the clicked marker carries these (streamlit-folium: last_active_drawing).
    m.feature = {
      type: "Feature",
      properties: {
        event_id: c.id ? c.id[i] : null, marker: c.id ? null : clickKey(d, c, i), event_type: t[0], place_id: d.places[c.p[i]][1], n: c.n[i],
        approximate: !!approx
      }
    };
    m.bindTooltip(tooltip(d, c, i, approx), { direction: "top", offset: [0, -size / 2] });
    m.bindPopup(popup(d, c, i, approx), { maxWidth: 320 });
    return m;
  }

  /* Many types of events located only to one area: one dashed marker with their number, in the
     colour of the family most of them belong to; a click opens (or closes) a ring of markers,
     one per type, around it. */
  function areaCluster(d, a, j, layer) {
    var count = a.w[j], total = 0, byFamily = {}, best = null, ring = null;
    for (var q = j; q < j + count; q++) {
      total += a.n[q];
      var f = d.types[a.t[q]][4];
      byFamily[f] = (byFamily[f] || 0) + a.n[q];
      if (best === null || byFamily[f] > byFamily[best]) best = f;
    }
    var size = 34, colour = d.families[best][1];
    var icon = L.divIcon({
      className: "atlas-area-cluster",
      html: '<div style="width:' + size + "px;height:" + size + "px;line-height:" + size +
        "px;border-color:" + colour + ";color:" + colour + '">\u2248' + compact(total) + "</div>",
      iconSize: [size, size]
    });
    var m = L.marker([a.y[j], a.x[j]], { icon: icon, keyboard: false, zIndexOffset: -100 });
    m.bindTooltip("\u2248 " + compact(total) + " events of " + count + " types located only to " +
      d.places[a.p[j]][0] + "; click to show them", { direction: "top", offset: [0, -size / 2] });
    m.on("click", function () {
      if (ring) { layer.removeLayer(ring); ring = null; return; }
      ring = L.featureGroup();
      var radius = Math.max(44, count * 34 / (2 * Math.PI));
      for (var q = j; q < j + count; q++) {
        var angle = 2 * Math.PI * (q - j) / count - Math.PI / 2;
        ring.addLayer(eventMarker(d, a, q, true, radius * Math.cos(angle), radius * Math.sin(angle)));
      }
      layer.addLayer(ring);
    });
    return m;
  }

  function compact(n) {
    return n >= 1e6 ? (n / 1e6).toFixed(1) + "M" : n >= 1e4 ? Math.round(n / 1e3) + "k"
      : n >= 1e3 ? (n / 1e3).toFixed(1) + "k" : String(n);
  }

  Atlas.events = function (owner, d) {
    var map = mapOf(owner), group = L.featureGroup();
    var c = decode(d.points, d), n = c.y.length, fam = d.types.map(function (t) { return t[4]; });
    var nf = d.families.length;
    var feats = new Array(n);
    for (var i = 0; i < n; i++) {
      feats[i] = { type: "Feature", geometry: { type: "Point", coordinates: [c.x[i], c.y[i]] }, properties: { i: i } };
    }
    var index = new Supercluster({
      radius: d.radius, maxZoom: d.max_zoom,
      map: function (p) {
        var f = new Array(nf).fill(0);
        f[fam[c.t[p.i]]] = c.n[p.i];
        return { n: c.n[p.i], f: f };
      },
      reduce: function (a, b) {
        a.n += b.n;
        for (var k = 0; k < nf; k++) a.f[k] += b.f[k];
      }
    }).load(feats);

    function clusterMarker(cl) {
      var p = cl.properties, best = 0;
      for (var k = 1; k < nf; k++) if (p.f[k] > p.f[best]) best = k;
      var size = Math.round(26 + 6 * Math.min(4, Math.log10(p.n)));
      var icon = L.divIcon({
        className: "atlas-cluster",
        html: '<div style="width:' + size + "px;height:" + size + "px;line-height:" + size +
          "px;background:" + d.families[best][1] + '">' + compact(p.n) + "</div>",
        iconSize: [size, size]
      });
      var ll = [cl.geometry.coordinates[1], cl.geometry.coordinates[0]];
      var m = L.marker(ll, { icon: icon, keyboard: false });
      m.bindTooltip(compact(p.n) + " events: " + d.families[best][0] + " mostly; click to zoom in", { direction: "top" });
      m.on("click", function () {
        map.setView(ll, Math.min(index.getClusterExpansionZoom(cl.properties.cluster_id), d.max_zoom + 1));
      });
      return m;
    }

    // Markers on the map by key; a redraw keeps those still wanted, so a marker whose popup
    // is open (and was panned into view, which redraws) stays, and its popup with it.
    var lastKey = null, shown = {};
    function draw() {
      if (!map.hasLayer(group)) return;
      var b = map.getBounds(), z = Math.round(map.getZoom());
      var w = Math.max(-180, b.getWest()), e = Math.min(180, b.getEast());
      if (b.getEast() - b.getWest() >= 360) { w = -180; e = 180; }
      var s = Math.max(-85, b.getSouth()), nn = Math.min(85, b.getNorth());
      var key = [w, s, e, nn, z].join();
      if (key === lastKey) return;  // same view: keep the markers
      lastKey = key;
      var cls = index.getClusters([w, s, e, nn], z), next = {}, id;
      for (var k = 0; k < cls.length; k++) {
        var p = cls[k].properties;
        id = p.cluster ? "c" + p.cluster_id : "p" + p.i;
        next[id] = shown[id] || (p.cluster ? clusterMarker(cls[k]) : eventMarker(d, c, p.i, false, 0, 0));
      }
      for (id in shown) if (!next[id]) group.removeLayer(shown[id]);
      for (id in next) if (!shown[id]) group.addLayer(next[id]);
      shown = next;
      global.atlasDrawn = (global.atlasDrawn || 0) + 1;
    }

    // Events located only to an area: on that area's representative point, dashed. A few types
    // stand side by side; more are one numbered marker that opens into a ring of them on click.
    var a = decode(d.areas, d), areaLayer = L.featureGroup();
    for (var j = 0; j < a.y.length; j += a.w[j]) {
      if (a.w[j] <= d.area_row_max) {
        for (var q = j; q < j + a.w[j]; q++) {
          areaLayer.addLayer(eventMarker(d, a, q, true, (a.o[q] - (a.w[q] - 1) / 2) * (d.sizes[a.s[q]] + 3), 0));
        }
      } else {
        areaLayer.addLayer(areaCluster(d, a, j, areaLayer));
      }
    }
    if (d.area_shapes && d.area_shapes.length) {
      areaLayer.addLayer(L.geoJSON(d.area_shapes, {
        renderer: canvasOf(map), interactive: false,
        style: { color: "#222", weight: 2.2, dashArray: "6 4", fill: false }
      }));
    }
    group.on("add", function () { lastKey = null; setTimeout(draw, 0); });
    map.on("moveend", draw);
    var all = L.featureGroup([group, areaLayer]);
    if (owner !== map) owner.on("remove", function () { map.off("moveend", draw); });
    hold(owner, "events", all);
    global.atlasShown = d.total;
    draw();
    return all;
  };

  /* ---------- selection, controls ---------- */
  Atlas.selected = function (owner, d) {
    var map = mapOf(owner), r = canvasOf(map);
    var ring = d.geometry
      ? L.geoJSON(d.geometry, { renderer: r, interactive: false, style: { color: "#000", weight: 4, fill: false } })
      : L.circleMarker([d.y, d.x], { renderer: r, radius: 22, color: "#000", weight: 3, fill: false, interactive: false });
    return hold(owner, "events", ring);
  };

  Atlas.control = function (owner, position, className, html, first) {
    var map = mapOf(owner);
    var C = L.Control.extend({
      onAdd: function () {
        var div = L.DomUtil.create("div", "atlas-control " + className);
        div.innerHTML = html;
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    var c = holdControl(owner, new C({ position: position }));
    var box = c.getContainer(), corner = box.parentNode;
    if (first && corner.firstChild !== box) corner.insertBefore(box, corner.firstChild);
    return c;
  };

  /* The legend: a box that folds to a one-line button. Whether it is open is kept on the map,
     so a new overlay (a filter change) keeps the analyst's choice; `d.open` is the start. */
  Atlas.legend = function (owner, d) {
    var map = mapOf(owner);
    if (map._atlasLegendOpen === undefined) map._atlasLegendOpen = d.open !== false;
    var h = '<button type="button" class="atlas-legend-toggle" aria-expanded="' + map._atlasLegendOpen +
      '">Legend</button><div class="atlas-legend-body">';
    if (d.zones.length) {
      h += "<h4>Ceasefire zones (end of window)</h4>";
      d.zones.forEach(function (z) {
        h += '<div class="row"><span class="sw" style="background:' + z[1] + '"></span>' + z[0] + "</div>";
      });
      if (d.nationwide) h += '<div class="row"><span class="sw sw-nation"></span><span class="note">country-wide event (dashed border)</span></div>';
    }
    if (d.types.length) {
      h += "<h4>Events</h4>";
      d.types.forEach(function (t) {
        h += '<div class="row">' + Atlas.iconSvg(t, 16, false, false) + t[1] + "</div>";
      });
      var dot = d.types[0];
      h += '<div class="row">' + d.sizes.map(function (s) { return Atlas.iconSvg(dot, Math.round(s * 0.7), false, false); }).join("") +
        '<span class="note">size: tonnes, trucks, people</span></div>';
      if (d.sites) h += '<div class="row">' + Atlas.iconSvg(dot, 16, true, false) + '<span class="note">a site (base, crossing, camp)</span></div>';
      if (d.approx) h += '<div class="row">' + Atlas.iconSvg(dot, 16, false, true) + '<span class="note">located only to a governorate (dashed outline), not a precise point</span></div>';
      h += '<div class="row"><span class="note">numbered discs: clusters, click to zoom in</span></div>';
    }
    h += "</div>";
    var c = Atlas.control(owner, "bottomright", "atlas-legend", h);
    var box = c.getContainer(), button = box.querySelector(".atlas-legend-toggle");
    function show(open) {
      map._atlasLegendOpen = open;
      L.DomUtil[open ? "removeClass" : "addClass"](box, "atlas-folded");
      button.setAttribute("aria-expanded", String(open));
    }
    show(map._atlasLegendOpen);
    L.DomEvent.on(button, "click", function () { show(!map._atlasLegendOpen); });
    return c;
  };

  /* The first view: fit `bounds`, and fit them again whenever the map's box changes size (a page
     lays the map out after it is made, a scrollbar comes and goes) until the analyst moves the
     map: any move this code did not make (drag, wheel, buttons, keys, a popup panned into view).
     pipeline.maps.view tells this first view from the analyst's by redoing the fit. */
  Atlas.view = function (map, bounds) {
    var moved = false, fitting = false;
    var room = { paddingTopLeft: [8, 48], paddingBottomRight: [8, 36], animate: false };  // banner, footer lines
    function fit() {
      fitting = true;  // without animation the fit's movestart comes before this is reset
      try { map.fitBounds(bounds, room); } finally { fitting = false; }
    }
    map.on("movestart zoomstart", function () { if (!fitting) moved = true; });
    fit();
    map.on("resize", function () { if (!moved) fit(); });
    return bounds;
  };

  /* The layer switcher: the basemap, the zones and events slots, and optional online tiles. */
  Atlas.layers = function (map, overlays, tiles) {
    var over = {};
    overlays.forEach(function (o) { over[o[0]] = typeof o[1] === "string" ? slot(map, o[1]) : o[1]; });
    if (tiles) over[tiles.name] = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 });
    return L.control.layers(null, over, { collapsed: true, position: "topright" }).addTo(map);
  };

  global.Atlas = Atlas;
})(typeof window !== "undefined" ? window : this);
