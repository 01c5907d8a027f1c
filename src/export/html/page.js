// annals: the interactive timeline page. Reads the events from the JSON element,
// builds the list, the filters and the detail panel, and adds zoom and pan to the
// drawing. Every text from the knowledge base is set with textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("annals-data").textContent);
  var byId = {};
  data.events.forEach(function (e) { byId[e.id] = e; });
  var $ = function (id) { return document.getElementById(id); };
  var viewport = $("viewport");
  var svg = viewport.querySelector("svg");
  var details = $("details");
  var selected = null;

  // Makes an element; `text` (KB text) goes in as text only, isolated for bidi.
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) {
      var bdi = document.createElement("bdi");
      bdi.textContent = text;
      node.appendChild(bdi);
    }
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Search covers every text the detail panel shows.
  data.events.forEach(function (e) {
    var parts = [e.title, e.kind, e.date, e.written, e.place, e.note, e.status];
    e.actors.forEach(function (a) { parts.push(a.name, a.role); });
    e.sources.forEach(function (s) { parts.push(s.title, s.publisher); });
    e.claims.forEach(function (c) {
      c.positions.forEach(function (p) { parts.push(p.note); parts.push.apply(parts, p.by); });
    });
    e.attrs.forEach(function (kv) { parts.push(kv[0], kv[1]); });
    parts.push.apply(parts, e.tags);
    e.haystack = fold(parts.filter(function (p) { return p; }).join("\n"));
  });

  // Filters: one select each, filled with text only.
  function fill(select, choices) {
    choices.forEach(function (c) {
      var option = document.createElement("option");
      option.value = typeof c === "string" ? c : c.id;
      option.textContent = typeof c === "string" ? c.replace(/_/g, " ") : c.name;
      select.appendChild(option);
    });
    if (choices.length === 0) { select.parentNode.hidden = true; }
  }
  fill($("filter-actor"), data.actors);
  fill($("filter-kind"), data.kinds);
  fill($("filter-tag"), data.tags);
  fill($("filter-status"), data.statuses);

  // The list: one button per event, in timeline order.
  var items = {};
  var list = $("events");
  data.events.forEach(function (e) {
    var li = add(list, el("li"));
    li.dataset.event = e.id;
    var button = add(li, el("button"));
    button.type = "button";
    add(button, el("span", "when", e.date));
    add(button, el("span", "what", e.title));
    var who = e.actors.map(function (a) { return a.name; }).join(", ");
    if (who) { add(button, el("span", "who", who)); }
    if (e.status) { add(button, el("span", "claim", e.status)); }
    button.addEventListener("click", function () { select(e.id, true); });
    items[e.id] = li;
  });

  // The drawing's marks: each event's marks open its details; the first is tabbable.
  var marks = {};
  Array.prototype.forEach.call(svg ? svg.querySelectorAll("[data-id]") : [], function (m) {
    var id = m.getAttribute("data-id");
    var e = byId[id];
    if (!e) { return; }
    (marks[id] = marks[id] || []).push(m);
    m.setAttribute("role", "button");
    m.setAttribute("tabindex", marks[id].length === 1 ? "0" : "-1");
    m.setAttribute("aria-label", e.title + ", " + e.date);
    m.addEventListener("click", function () { if (!dragged) { select(id, true); } });
    m.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(id, true); }
    });
  });

  function matches(e, q, actor, kind, tag, status) {
    return (!q || e.haystack.indexOf(q) >= 0) &&
      (!actor || e.involves.indexOf(actor) >= 0) &&
      (!kind || e.kind === kind) &&
      (!tag || e.tags.indexOf(tag) >= 0) &&
      (!status || e.statuses.indexOf(status) >= 0);
  }

  function apply() {
    var q = fold($("search").value.trim());
    var actor = $("filter-actor").value, kind = $("filter-kind").value;
    var tag = $("filter-tag").value, status = $("filter-status").value;
    var shown = 0;
    data.events.forEach(function (e) {
      var on = matches(e, q, actor, kind, tag, status);
      if (on) { shown += 1; }
      items[e.id].hidden = !on;
      (marks[e.id] || []).forEach(function (m, i) {
        m.classList.toggle("is-out", !on);
        m.setAttribute("tabindex", on && i === 0 ? "0" : "-1");
        m.setAttribute("aria-hidden", on ? "false" : "true");
      });
    });
    var total = data.events.length;
    var noun = total === 1 ? " event" : " events";
    $("count").textContent = shown === total ? total + noun : shown + " of " + total + noun;
    $("empty").hidden = shown > 0;
  }
  ["search", "filter-actor", "filter-kind", "filter-tag", "filter-status"].forEach(function (id) {
    $(id).addEventListener("input", apply);
    $(id).addEventListener("change", apply);
  });
  $("reset").addEventListener("click", function () {
    $("search").value = "";
    ["filter-actor", "filter-kind", "filter-tag", "filter-status"].forEach(function (id) { $(id).value = ""; });
    apply();
  });

  // The detail panel.
  function section(title) {
    add(details, el("h3", null, title));
  }
  function bullet(ul, text, status) {
    var li = add(ul, el("li", null, text));
    if (status) { add(li, document.createTextNode(" — ")); add(li, el("span", "status", status)); }
    return li;
  }
  function show(e) {
    details.textContent = "";
    var close = add(details, el("button", "close", "Close"));
    close.type = "button";
    close.addEventListener("click", function () { select(null, false); });
    add(details, el("p", "kicker", e.kind.replace(/_/g, " ")));
    var h = add(details, el("h2", null, e.title));
    h.id = "details-title";
    h.tabIndex = -1;
    add(details, el("p", "date", e.date));
    if (e.status) { add(details, el("p", "status", e.status)); }

    section("When");
    var dl = add(details, el("dl"));
    function row(term, value) { add(dl, el("dt", null, term)); add(dl, el("dd", null, value)); }
    row("Starts", e.starts);
    row("Ends", e.ends);
    if (e.duration) { row("Lasts", e.duration); }
    if (e.written) { row("Written", e.written); }
    if (e.inferred) { row("Inferred", "narrowed by relations and sources"); }

    if (e.actors.length) {
      section("Actors");
      var ua = add(details, el("ul"));
      e.actors.forEach(function (a) {
        var li = bullet(ua, a.name, a.status);
        li.insertBefore(el("span", "aside", a.role + ": "), li.firstChild);
      });
    }
    if (e.place) { section("Place"); add(details, el("p", null, e.place)); }
    if (e.claims.length) {
      section("Claims");
      var uc = add(details, el("ul", "claims"));
      e.claims.forEach(function (c) {
        var li = add(uc, el("li", "about", c.about));
        var up = add(li, el("ul"));
        c.positions.forEach(function (p) {
          var pl = add(up, el("li", "status", p.status));
          p.by.forEach(function (name, i) {
            add(pl, document.createTextNode(i === 0 ? " by " : ", "));
            add(pl, el("span", null, name));
          });
          if (p.sources.length) { add(pl, el("span", "aside", " (" + p.sources.join("; ") + ")")); }
          if (p.note) { add(pl, el("p", "note", p.note)); }
        });
      });
    }
    if (e.relations.length) {
      section("Relations");
      var ur = add(details, el("ul"));
      e.relations.forEach(function (r) {
        var li = add(ur, el("li"));
        var other = el(r.event && byId[r.event] ? "a" : "span", null, r.other);
        if (r.event && byId[r.event]) {
          other.href = "#" + encodeURIComponent(r.event);
          other.addEventListener("click", function (ev) { ev.preventDefault(); select(r.event, true); });
        }
        if (r.outgoing) {
          add(li, el("span", "aside", "This event " + r.kind + " "));
          add(li, other);
        } else {
          add(li, other);
          add(li, el("span", "aside", " " + r.kind + " this event"));
        }
        if (r.status) { add(li, document.createTextNode(" — ")); add(li, el("span", "status", r.status)); }
        r.notes.forEach(function (n) { add(li, el("p", "note", n)); });
      });
    }
    if (e.sources.length) {
      section("Sources");
      var us = add(details, el("ul", "sources"));
      e.sources.forEach(function (s) {
        var li = add(us, el("li"));
        if (s.link) {
          var a = add(li, el("a", null, s.title));
          a.href = s.link;
          a.rel = "noopener noreferrer";
          a.target = "_blank";
        } else {
          add(li, el("span", null, s.title));
        }
        var meta = [s.publisher, s.date].filter(function (x) { return x; }).join(", ");
        if (meta) { add(li, el("span", "aside", " — " + meta)); }
        if (s.address) { add(li, el("span", "aside", " (" + s.address + ")")); }
        if (s.status) { add(li, document.createTextNode(" — ")); add(li, el("span", "status", s.status)); }
      });
    }
    if (e.tags.length) { section("Tags"); add(details, el("p", null, e.tags.join(", "))); }
    if (e.note) { section("Note"); add(details, el("p", "note", e.note)); }
    if (e.attrs.length) {
      section("Attributes");
      var da = add(details, el("dl"));
      e.attrs.forEach(function (kv) { add(da, el("dt", null, kv[0])); add(da, el("dd", null, kv[1])); });
    }
  }

  function select(id, focus) {
    if (selected) {
      items[selected].classList.remove("is-selected");
      (marks[selected] || []).forEach(function (m) { m.classList.remove("is-selected"); });
    }
    selected = id && byId[id] ? id : null;
    if (!selected) {
      details.textContent = "";
      add(details, el("p", "placeholder", "Choose an event in the drawing or the list to read its dates, actors, claims and sources."));
      return;
    }
    items[selected].classList.add("is-selected");
    (marks[selected] || []).forEach(function (m) { m.classList.add("is-selected"); });
    show(byId[selected]);
    details.scrollTop = 0;
    if (focus) {
      var title = $("details-title");
      if (title) { title.focus({ preventScroll: true }); }
      details.scrollIntoView({ block: "nearest" });
    }
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && selected) { select(null, false); }
  });

  // Zoom and pan: the drawing's width is a multiple of the viewport's; the viewport
  // scrolls, and dragging scrolls it.
  var zoom = 1, ZOOMS = [1, 1.5, 2, 3, 4, 6, 8];
  function setZoom(z, cx, cy) {
    z = Math.max(ZOOMS[0], Math.min(ZOOMS[ZOOMS.length - 1], z));
    var r = viewport.getBoundingClientRect();
    var px = cx === undefined ? viewport.clientWidth / 2 : cx - r.left;
    var py = cy === undefined ? viewport.clientHeight / 2 : cy - r.top;
    var fx = (viewport.scrollLeft + px) / viewport.scrollWidth;
    var fy = (viewport.scrollTop + py) / viewport.scrollHeight;
    zoom = z;
    viewport.classList.toggle("zoomed", z > 1);
    if (svg) { svg.style.width = z * 100 + "%"; }
    viewport.scrollLeft = fx * viewport.scrollWidth - px;
    viewport.scrollTop = fy * viewport.scrollHeight - py;
    $("zoom-level").textContent = Math.round(z * 100) + "%";
  }
  function step(dir) {
    var i = ZOOMS.indexOf(zoom);
    if (i < 0) { i = 0; }
    setZoom(ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, i + dir))]);
  }
  $("zoom-in").addEventListener("click", function () { step(1); });
  $("zoom-out").addEventListener("click", function () { step(-1); });
  $("zoom-fit").addEventListener("click", function () { setZoom(1); });
  viewport.addEventListener("wheel", function (ev) {
    if (!ev.ctrlKey && !ev.metaKey) { return; }
    ev.preventDefault();
    setZoom(zoom * (ev.deltaY < 0 ? 1.25 : 0.8), ev.clientX, ev.clientY);
  }, { passive: false });
  viewport.addEventListener("keydown", function (ev) {
    if (ev.target !== viewport) { return; }
    if (ev.key === "+" || ev.key === "=") { ev.preventDefault(); step(1); }
    if (ev.key === "-" || ev.key === "_") { ev.preventDefault(); step(-1); }
    if (ev.key === "0") { ev.preventDefault(); setZoom(1); }
  });
  var drag = null, dragged = false;
  viewport.addEventListener("pointerdown", function (ev) {
    if (ev.button !== 0) { return; }
    drag = { x: ev.clientX, y: ev.clientY, left: viewport.scrollLeft, top: viewport.scrollTop };
    dragged = false;
  });
  viewport.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    if (!dragged) { viewport.setPointerCapture(ev.pointerId); }
    dragged = true;
    viewport.classList.add("panning");
    viewport.scrollLeft = drag.left - dx;
    viewport.scrollTop = drag.top - dy;
  });
  function endDrag() {
    drag = null;
    viewport.classList.remove("panning");
    // A click that ends a drag does not open an event.
    setTimeout(function () { dragged = false; }, 0);
  }
  viewport.addEventListener("pointerup", endDrag);
  viewport.addEventListener("pointercancel", endDrag);

  document.querySelectorAll(".controls, .zoom, .browse").forEach(function (n) { n.hidden = false; });
  apply();
  // `page.html#EVENT-ID` opens with that event's details.
  function fromHash() {
    var wanted = decodeURIComponent(location.hash.slice(1));
    if (byId[wanted]) { select(wanted, false); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
