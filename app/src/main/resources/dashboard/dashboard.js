/*
 * Orrery dashboard: hand-written, no framework, no bundler. Routes live in the URL hash; every view
 * is rendered from the JSON API under /api/v1/dashboard, and re-rendered when the server pushes a
 * "changed" event over server-sent events (the server reads its informer caches, never the browser).
 */
(function () {
  "use strict";
  const API = "/api/v1/dashboard";
  const ROW_HEIGHT = 36;
  const OVERSCAN = 8;
  const main = document.getElementById("main");
  const crumbs = document.getElementById("crumbs");
  const live = document.getElementById("live");
  const state = { fleet: null, filter: "", activeRow: 0, activeCol: 0, actions: null, renderMs: 0 };
  // Measurements the browser tests read.
  window.orreryDashboard = { renders: 0, lastRenderMs: 0, version: 0 };

  /** h("a", {href: "#"}, "text", child): builds an element; strings become text nodes (never HTML). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "style") el.style.cssText = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  /** Replaces the page's content; like h(), arrays are flattened and null/false left out. */
  function setMain(...parts) {
    main.replaceChildren(h("div", { class: "view" }, ...parts));
  }
  const short = (rev) => (!rev ? "" : rev === "mixed" ? "mixed" : rev.slice(0, 7));
  const pill = (text, cls) => h("span", { class: "pill " + (cls || text) }, text);
  const enc = encodeURIComponent;

  async function getJson(path) {
    const r = await fetch(API + path, { headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.message || "HTTP " + r.status);
    return body;
  }

  function setCrumbs(...parts) {
    crumbs.replaceChildren(...parts.map((p) => h("span", {}, p)));
  }

  // ---- routing ------------------------------------------------------------------------------
  function route() {
    const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] === "gitsource" && parts.length === 3) return { view: "gitsource", ns: parts[1], name: parts[2] };
    if (parts[0] === "policy" && parts.length === 2) return { view: "policy", name: parts[1] };
    if (parts[0] === "cluster" && parts.length === 2) return { view: "cluster", name: parts[1] };
    if (parts[0] === "rollouts" && parts.length === 2) return { view: "rollout", name: parts[1] };
    if (parts[0] === "rollouts") return { view: "rollouts" };
    return { view: "fleet" };
  }
  const routeKey = () => location.hash || "#/";
  let shown = null;

  async function show(refresh) {
    const r = route();
    const key = routeKey();
    const fresh = shown !== key;
    shown = key;
    try {
      if (r.view === "fleet") await showFleet(fresh);
      else if (r.view === "gitsource") renderSource(await getJson(`/gitsources/${enc(r.ns)}/${enc(r.name)}`));
      else if (r.view === "policy") renderPolicy(await getJson(`/bindingpolicies/${enc(r.name)}`));
      else if (r.view === "cluster") renderCluster(await getJson(`/clusters/${enc(r.name)}`));
      else if (r.view === "rollout") renderRollout(await getJson(`/rollouts/${enc(r.name)}`));
      else renderRollouts(await getJson("/rollouts"));
    } catch (e) {
      if (!refresh || fresh) setMain(h("div", { class: "banner", role: "alert" }, e.message));
    }
    if (fresh && r.view !== "fleet") {
      main.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
  }
  window.addEventListener("hashchange", () => show(false));

  // ---- fleet map ----------------------------------------------------------------------------
  async function showFleet(fresh) {
    const body = await getJson("/fleet");
    state.fleet = body.fleet;
    window.orreryDashboard.version = body.version;
    if (fresh || !document.getElementById("map-scroll")) buildFleetFrame();
    renderFleet();
  }

  /** Label filter: "k=v,k2!=v2,k3" (selector) or any text matched against the cluster name. */
  function matcher(text) {
    const t = text.trim();
    if (!t) return () => true;
    if (!/[=!]/.test(t)) return (c) => c.name.includes(t) || Object.values(c.labels).some((v) => v.includes(t));
    const terms = t.split(",").map((s) => s.trim()).filter(Boolean).map((s) => {
      const m = s.match(/^([^!=]+)(!=|==|=)(.*)$/);
      return m ? { k: m[1].trim(), op: m[2], v: m[3].trim() } : { k: s, op: "exists" };
    });
    return (c) => terms.every((x) =>
      x.op === "exists" ? x.k in c.labels : x.op === "!=" ? c.labels[x.k] !== x.v : c.labels[x.k] === x.v);
  }

  function visibleRows() {
    const m = matcher(state.filter);
    return state.fleet.clusters.filter(m);
  }

  function buildFleetFrame() {
    setCrumbs("Fleet");
    const input = h("input", {
      id: "filter", type: "search", placeholder: "Filter clusters: location-group=edge, or a name  ( / )",
      "aria-label": "Filter clusters by label selector or name", value: state.filter,
      oninput: (e) => { state.filter = e.target.value; state.activeRow = 0; renderFleet(); },
      onkeydown: (e) => { if (e.key === "Enter" || e.key === "ArrowDown") { e.preventDefault(); scroller().focus(); } },
    });
    const scroll = h("div", {
      id: "map-scroll", class: "map-scroll", tabindex: "0", role: "grid", "aria-label": "Fleet map",
      onscroll: () => renderRows(), onkeydown: onMapKey,
    });
    setMain(
      h("div", { class: "toolbar" }, input, h("span", { class: "count", id: "count" }),
        h("span", { class: "legend" },
          h("span", {}, h("i", { class: "dot Healthy" }), "healthy"),
          h("span", {}, h("i", { class: "dot Progressing" }), "progressing"),
          h("span", {}, h("i", { class: "dot Degraded" }), "degraded"),
          h("span", {}, h("i", { class: "dot Unknown" }), "unknown"),
          h("span", { class: "kbd" }, "↑↓←→ move · Enter open · / filter"))),
      h("div", { class: "map" }, scroll,
        h("div", { class: "map-note" },
          "Each cell: the Git revision that cluster runs of a GitSource or BindingPolicy, its health (the workloads' readiness from the status the WEC returns) and ready/placed objects. ",
          // Rollouts (RolloutPolicy, BindingRevision) will add their waves here: see #/rollouts.
          h("a", { href: "#/rollouts" }, "Rollouts"))));
  }
  const scroller = () => document.getElementById("map-scroll");

  function renderFleet() {
    const started = performance.now();
    const scroll = scroller();
    const cols = state.fleet.columns;
    scroll.style.setProperty("--cols", String(cols.length));
    const head = h("div", { class: "map-head", role: "row" },
      h("div", { role: "columnheader" }, h("span", { class: "kind" }, "Cluster"),
        h("span", { class: "name" }, `${state.fleet.clusters.length} clusters`)),
      cols.map((c) => h("div", { role: "columnheader", title: c.name },
        h("span", { class: "kind" }, c.kind === "GitSource" ? "GitSource" : "BindingPolicy"),
        h("a", { class: "name", href: columnHref(c), tabindex: "-1" }, c.name),
        h("span", { class: "meta" },
          c.kind === "GitSource" && c.revision ? h("code", {}, short(c.revision)) : null,
          c.state ? pill(c.state) : null,
          c.errors ? pill(`${c.errors} error${c.errors > 1 ? "s" : ""}`, "error") : null))));
    const rows = visibleRows();
    const body = h("div", { class: "map-body", id: "map-body", style: `height:${rows.length * ROW_HEIGHT}px` });
    scroll.replaceChildren(head, body);
    document.getElementById("count").textContent =
      rows.length === state.fleet.clusters.length ? `${rows.length} clusters` : `${rows.length} of ${state.fleet.clusters.length} clusters`;
    state.rows = rows;
    state.activeRow = Math.min(state.activeRow, Math.max(0, rows.length - 1));
    state.activeCol = Math.min(state.activeCol, cols.length);
    renderRows();
    const ms = performance.now() - started;
    window.orreryDashboard.renders++;
    window.orreryDashboard.lastRenderMs = ms;
  }

  /** Renders only the rows in view (plus a few): 1,000 clusters cost what 30 do. */
  function renderRows() {
    const scroll = scroller();
    const body = document.getElementById("map-body");
    if (!scroll || !body || !state.rows) return;
    const headHeight = scroll.firstChild.offsetHeight;
    const top = Math.max(0, scroll.scrollTop - headHeight);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(state.rows.length, Math.ceil((top + scroll.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const out = [];
    for (let i = first; i < last; i++) out.push(row(state.rows[i], i));
    body.replaceChildren(...out);
  }

  function row(cluster, i) {
    const cols = state.fleet.columns;
    const active = (c) => (i === state.activeRow && c === state.activeCol ? " active" : "");
    const labels = Object.entries(cluster.labels).filter(([k]) => !k.startsWith("feature.open-cluster-management.io"))
      .map(([k, v]) => `${k}=${v}`).join(" ");
    return h("div", { class: "map-row", role: "row", style: `top:${i * ROW_HEIGHT}px`, "data-cluster": cluster.name },
      h("div", { class: "cluster" + active(0), role: "rowheader" },
        h("a", { href: `#/cluster/${enc(cluster.name)}`, tabindex: "-1" }, cluster.name),
        h("span", { class: "labels", title: labels }, labels)),
      cluster.cells.map((cell, c) => {
        const col = cols[c];
        if (!cell) return h("div", { class: "cell none" + active(c + 1), role: "gridcell", "data-col": col.name }, "—");
        return h("div", {
          class: "cell" + active(c + 1), role: "gridcell", "data-col": col.name, "data-revision": cell.revision || "",
          "data-health": cell.health,
          title: `${col.name} on ${cluster.name}: ${cell.health}, ${cell.ready}/${cell.objects} ready, ${cell.available} on the WEC` +
            (cell.revision ? `, revision ${cell.revision}` : "") + (cell.reason ? ` — ${cell.reason}` : ""),
          onclick: () => { location.hash = columnHref(col); },
        }, h("i", { class: "dot " + cell.health }), h("span", { class: "rev" }, short(cell.revision) || "no revision"),
          h("span", { class: "n" }, `${cell.ready}/${cell.objects}`),
          cell.wave ? h("span", { class: "wave-badge", title: `rollout wave ${cell.wave}` }, `w${cell.wave}`) : null);
      }));
  }

  function columnHref(c) {
    if (c.kind === "GitSource") {
      const [ns, name] = c.name.split("/");
      return `#/gitsource/${enc(ns)}/${enc(name)}`;
    }
    return `#/policy/${enc(c.name)}`;
  }

  function onMapKey(e) {
    if (!state.rows || !state.rows.length) return;
    const cols = state.fleet.columns.length;
    let { activeRow: r, activeCol: c } = state;
    const page = Math.max(1, Math.floor(scroller().clientHeight / ROW_HEIGHT) - 2);
    switch (e.key) {
      case "ArrowDown": r++; break;
      case "ArrowUp": r--; break;
      case "ArrowRight": c++; break;
      case "ArrowLeft": c--; break;
      case "PageDown": r += page; break;
      case "PageUp": r -= page; break;
      case "Home": r = 0; break;
      case "End": r = state.rows.length - 1; break;
      case "Enter": {
        e.preventDefault();
        location.hash = c === 0 ? `#/cluster/${enc(state.rows[r].name)}` : columnHref(state.fleet.columns[c - 1]);
        return;
      }
      default: return;
    }
    e.preventDefault();
    state.activeRow = Math.max(0, Math.min(state.rows.length - 1, r));
    state.activeCol = Math.max(0, Math.min(cols, c));
    const scroll = scroller();
    const headHeight = scroll.firstChild.offsetHeight;
    const y = state.activeRow * ROW_HEIGHT;
    if (y < scroll.scrollTop) scroll.scrollTop = y;
    else if (y + ROW_HEIGHT + headHeight > scroll.scrollTop + scroll.clientHeight)
      scroll.scrollTop = y + ROW_HEIGHT + headHeight - scroll.clientHeight;
    renderRows();
    const cluster = state.rows[state.activeRow];
    scroll.setAttribute("aria-activedescendant", "");
    live.dataset.active = `${cluster.name} · ${state.activeCol === 0 ? "cluster" : state.fleet.columns[state.activeCol - 1].name}`;
  }

  document.addEventListener("keydown", (e) => {
    const typing = /INPUT|TEXTAREA/.test(document.activeElement.tagName);
    if (e.key === "/" && !typing && route().view === "fleet") {
      e.preventDefault();
      document.getElementById("filter").focus();
    } else if (e.key === "Escape" && !typing && route().view !== "fleet" && !document.getElementById("confirm").open) {
      location.hash = "#/";
    }
  });

  // ---- detail pages -------------------------------------------------------------------------
  const facts = (pairs) => h("dl", { class: "facts" }, pairs.filter(Boolean).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
  const table = (headers, rows, empty) => rows.length
    ? h("table", { class: "list" }, h("thead", {}, h("tr", {}, headers.map((x) => h("th", {}, x)))),
        h("tbody", {}, rows.map((r) => h("tr", {}, r.map((x) => h("td", {}, x))))))
    : h("p", { class: "empty" }, empty);
  const bool = (v) => (v === true ? pill("True") : v === false ? pill("False") : pill("Unknown"));
  const when = (t) => (t ? new Date(t).toLocaleString() : "—");
  const eventsTable = (events) => table(["Type", "Reason", "Message", "Count", "Last seen"],
    events.map((e) => [pill(e.type, e.type === "Warning" ? "Warning" : "muted"), e.reason, e.message, String(e.count), when(e.last)]),
    "No Events.");
  const conditionsTable = (conds) => table(["Type", "Status", "Reason", "Message"],
    (conds || []).map((c) => [c.type, pill(c.status), c.reason || "", c.message || ""]), "No conditions reported.");

  function renderSource(s) {
    setCrumbs(h("a", { href: "#/" }, "Fleet"), "GitSource", `${s.namespace}/${s.name}`);
    const ref = Object.entries(s.ref || {}).map(([k, v]) => `${k}: ${v}`).join(", ") || "default branch";
    const parts = [
      h("h1", {}, `${s.namespace}/${s.name} `, pill(s.state || "Unknown")),
      h("p", { class: "sub" }, s.message || ""),
    ];
    if (s.hold) parts.push(holdPanel(s));
    if (s.rejectedRevision || s.errors.length) {
      parts.push(h("div", { class: "reject", id: "errors" },
        h("strong", {}, s.rejectedRevision ? `Revision ${short(s.rejectedRevision)} rejected` : "Errors"),
        s.rejectedRevision ? h("span", {}, ` — revision ${short(s.lastAppliedRevision)} stays applied.`) : null,
        h("ul", { class: "errors" }, s.errors.map((e) => h("li", { class: "error-line" },
          e.path ? h("span", { class: "where" }, `${e.path}:${e.line}`) : null, e.path ? ": " : "", e.message)))));
    }
    parts.push(h("div", { class: "grid2" },
      h("div", { class: "panel" }, facts([
        ["Repository", h("code", {}, s.url)], ["Ref", ref],
        ["Paths", (s.paths || []).join(", ") || "/"], ["Interval", s.interval || "—"]])),
      h("div", { class: "panel" }, facts([
        ["Applied", h("code", { id: "applied-revision" }, s.lastAppliedRevision || "—")],
        ["Applied at", when(s.lastAppliedTime)],
        ["Last fetched", h("span", {}, h("code", { id: "fetched-revision" }, s.lastFetchedRevision || "—"),
          " at ", h("span", { id: "fetch-time", "data-time": s.lastFetchTime || "" }, when(s.lastFetchTime)))],
        ["Last webhook", h("span", { id: "webhook-time", "data-time": s.lastWebhookTime || "" },
          s.lastWebhookTime ? when(s.lastWebhookTime) : "none received")],
        ["Drift checked", when(s.lastDriftCheckTime)]]))));
    parts.push(h("h2", {}, "Clusters"), table(["Cluster", "Health", "Revision", "Ready", "Why"],
      Object.entries(s.clusters).map(([c, cell]) => [h("a", { href: `#/cluster/${enc(c)}` }, c),
        pill(cell.health), h("code", {}, short(cell.revision)), `${cell.ready}/${cell.objects}`, cell.reason || ""]),
      "Nothing of this source is placed on a cluster."));
    parts.push(h("h2", {}, "BindingPolicies"), s.policies.length
      ? h("p", {}, s.policies.map((p, i) => [i ? ", " : "", h("a", { href: `#/policy/${enc(p)}` }, p)]))
      : h("p", { class: "empty" }, "This source holds no BindingPolicy."));
    parts.push(h("h2", {}, `Inventory (${s.inventory.length})`), table(["Kind", "Namespace", "Name", "API version"],
      s.inventory.map((o) => [o.kind, o.namespace || "—", o.name, h("code", {}, o.apiVersion)]), "Nothing applied yet."));
    parts.push(h("h2", {}, "Events"), eventsTable(s.events));
    setMain(...parts);
  }

  function holdPanel(s) {
    const hold = s.hold;
    const canWrite = state.actions && state.actions.enabled;
    return h("div", { class: "hold", id: "hold" },
      h("strong", {}, `Deletions held for revision ${short(hold.revision)}`),
      h("p", {}, hold.message),
      hold.confirmed ? h("p", {}, "Confirmed; Orrery applies it on its next reconcile.") : [
        h("p", {}, "Review what would be deleted, then confirm with:"),
        h("pre", { class: "cmd" }, hold.command),
        canWrite ? h("button", { class: "danger", onclick: () => confirmHold(s) }, "Confirm deletions…")
          : h("p", { class: "kbd" }, "The dashboard is read-only (orrery.dashboard.actions-enabled)."),
      ]);
  }

  function renderPolicy(p) {
    setCrumbs(h("a", { href: "#/" }, "Fleet"), "BindingPolicy", p.name);
    const clusters = p.clusters;
    setMain(
      h("h1", {}, `${p.name} `, pill(p.errors.length ? "Invalid" : "Placed")),
      h("p", { class: "sub" }, `${clusters.length} cluster${clusters.length === 1 ? "" : "s"}, ${p.objects.length} object${p.objects.length === 1 ? "" : "s"}` +
        (p.bound ? "" : " (no Binding yet: clusters as the selectors match now)")),
      p.errors.length ? h("div", { class: "reject" }, h("ul", { class: "errors" }, p.errors.map((e) => h("li", {}, e)))) : null,
      h("div", { class: "grid2" },
        h("div", {}, h("h2", {}, "Selected clusters"), clusters.length
          ? h("p", {}, clusters.map((c, i) => [i ? ", " : "", h("a", { href: `#/cluster/${enc(c)}` }, c)]))
          : h("p", { class: "empty" }, "No cluster selected.")),
        h("div", {}, h("h2", {}, "Conditions"), conditionsTable(p.conditions))),
      h("h2", {}, "Objects"), table(["Object", ...clusters],
        p.objects.map((o) => [h("span", {}, h("code", {}, o.object)), ...clusters.map((c) => {
          const s = o.clusters[c];
          return s ? h("span", { title: `applied ${s.applied}, available ${s.available}` + (s.reason ? ` — ${s.reason}` : "") },
            pill(s.health), " ", h("code", {}, short(s.revision))) : "—";
        })]), "This policy selects no object."),
      h("h2", {}, "CombinedStatus"), p.combinedStatuses.length
        ? p.combinedStatuses.map((c) => h("div", { class: "panel", style: "margin-bottom:10px" },
            h("strong", {}, c.object), (c.results || []).map((r) => [h("p", { class: "sub" }, r.name),
              table(r.columnNames || [], (r.rows || []).map((row) => (row.columns || []).map(columnValue)), "No rows.")])))
        : h("p", { class: "empty" }, "No StatusCollector applies to this policy's objects."),
      h("h2", {}, "PlacementDecisions"), p.placementDecisions.namespace
        ? h("p", {}, `Published in ITS namespace ${p.placementDecisions.namespace}: ${p.placementDecisions.clusters.join(", ") || "no cluster"}.`)
        : h("p", { class: "empty" }, "Not published (orrery.argocd.placement-decisions-enabled is false)."),
      h("h2", {}, "Events"), eventsTable(p.events));
  }

  function columnValue(v) {
    if (!v || typeof v !== "object") return String(v ?? "");
    for (const k of ["string", "number", "bool", "object"]) if (k in v) return typeof v[k] === "object" ? JSON.stringify(v[k]) : String(v[k]);
    return JSON.stringify(v);
  }

  function renderCluster(c) {
    setCrumbs(h("a", { href: "#/" }, "Fleet"), "Cluster", c.name);
    setMain(
      h("h1", {}, `${c.name} `, pill(c.availability === "True" ? "Available" : c.availability === "False" ? "Unavailable" : "Availability unknown",
        c.availability)),
      h("div", { class: "grid2" },
        h("div", { class: "panel" }, h("h2", { style: "margin-top:0" }, "Labels"),
          facts(Object.entries(c.labels).map(([k, v]) => [k, v]))),
        h("div", {}, h("h2", { style: "margin-top:0" }, "Conditions"), conditionsTable(c.conditions))),
      h("h2", {}, "Objects by BindingPolicy"),
      c.policies.length ? c.policies.map((p) => [
        h("h2", { style: "font-size:14px" }, h("a", { href: `#/policy/${enc(p.policy)}` }, p.policy)),
        table(["Object", "Health", "Applied", "Available", "Revision", "Status from the WEC"], p.objects.map((o) => [
          h("code", {}, o.object), h("span", { title: o.reason || "" }, pill(o.health)), bool(o.applied), bool(o.available),
          h("code", {}, short(o.revision)), statusSummary(o.status || o.feedback)]), "")])
        : h("p", { class: "empty" }, "No object is placed on this cluster."));
  }

  /** What a WEC returned for an object: its scalar fields and conditions, the whole JSON folded. */
  function statusSummary(status) {
    if (!status) return h("span", { class: "empty" }, "not returned");
    const scalars = Object.entries(status).filter(([, v]) => v === null || typeof v !== "object")
      .map(([k, v]) => `${k}: ${v}`);
    const conditions = Array.isArray(status.conditions)
      ? status.conditions.map((c) => pill(`${c.type}=${c.status}`, c.status === "True" ? "True" : c.status === "False" ? "False" : "Unknown"))
      : [];
    if (!scalars.length && !conditions.length) return h("code", {}, JSON.stringify(status));
    return h("div", { class: "status" }, h("span", {}, scalars.join(" · ")), " ", conditions,
      h("details", {}, h("summary", {}, "JSON"), h("pre", { class: "json" }, JSON.stringify(status, null, 2))));
  }

  // ---- rollouts (BindingRevisions of governed BindingPolicies) -------------------------------
  const phaseClass = (p) => (p === "Succeeded" ? "Healthy" : p === "Halted" || p === "RolledBack" ? "Degraded"
    : p === "Progressing" || p === "Paused" ? "Progressing" : "muted");

  function renderRollouts(body) {
    setCrumbs(h("a", { href: "#/" }, "Fleet"), "Rollouts");
    setMain(h("h1", {}, "Rollouts"),
      table(["BindingPolicy", "Revision", "Phase", "Wave", "Updated", "Message"],
        body.rollouts.map((r) => [h("a", { href: `#/rollouts/${enc(r.bindingPolicy)}` }, r.bindingPolicy),
          String(r.revision), pill(r.phase, phaseClass(r.phase)), r.wave, r.updated, r.message]),
        "No BindingPolicy is governed by a RolloutPolicy."));
  }

  function renderRollout(r) {
    setCrumbs(h("a", { href: "#/" }, "Fleet"), h("a", { href: "#/rollouts" }, "Rollouts"), r.bindingPolicy);
    const canWrite = state.actions && state.actions.enabled;
    const t = r.timings;
    setMain(
      h("h1", {}, `${r.bindingPolicy} `, pill(r.phase, phaseClass(r.phase))),
      h("p", { class: "sub" }, r.message),
      facts([["Revision", `${r.revision} (${short(r.contentHash)})`], r.sourceRevision && ["Source", h("code", {}, short(r.sourceRevision))],
        ["RolloutPolicy", r.rolloutPolicy || "—"], ["Wave", r.wave], ["Updated", r.updated],
        ["Started", when(t.startedAt)], ["Wave started", when(t.waveStartedAt)],
        ["Wave healthy since", when(t.waveHealthySince)], ["Completed", when(t.completedAt)]]),
      r.actions.length && canWrite ? h("div", { class: "toolbar", id: "rollout-actions" }, r.actions.map((a) =>
        h("button", { type: "button", id: `rollout-${a}`, onclick: () => confirmRollout(r, a) }, a))) : null,
      r.actions.length && !canWrite ? h("div", { id: "rollout-commands" },
        h("p", { class: "kbd" }, "The dashboard is read-only (orrery.dashboard.actions-enabled); from a shell:"),
        h("pre", { class: "cmd" }, r.actions.map((a) => `orrery rollout ${a} ${r.bindingPolicy}`).join("\n"))) : null,
      h("h2", {}, "Waves"), r.waves.map((w) => h("div", { class: "panel wave " + w.state, style: "margin-bottom:10px" },
        h("h3", {}, `Wave ${w.number}${w.name ? " (" + w.name + ")" : ""} `, pill(w.state, w.state === "passed" ? "Healthy" : w.state === "current" ? "Progressing" : "muted")),
        table(["Cluster", "Revision", "Health", "Reason"], w.clusters.map((c) => [
          h("a", { href: `#/cluster/${enc(c.name)}` }, c.name),
          h("code", {}, c.revision ? short(c.revision) + (c.current ? "" : " (old)") : "—"),
          pill(c.health, c.health === "Healthy" ? "Healthy" : c.health === "Failed" ? "Degraded" : c.health === "Progressing" ? "Progressing" : "muted"),
          c.reason || ""]), "No cluster."))),
      h("h2", {}, "Failures"), table(["Cluster", "Reason"], r.failures.map((f) => [f.cluster, f.reason]), "No failure."));
  }

  function confirmRollout(r, a) {
    confirmAction({
      title: `${a[0].toUpperCase() + a.slice(1)} the rollout of ${r.bindingPolicy}`,
      text: `Orrery will ${a} revision ${r.revision} of ${r.bindingPolicy} (wave ${r.wave}), as orrery rollout ${a} does.`,
      expect: r.bindingPolicy,
      action: `rollout-${a}`,
      parameters: { name: r.bindingPolicy },
    });
  }

  // ---- actions (writes) ---------------------------------------------------------------------
  function confirmHold(s) {
    confirmAction({
      title: `Confirm deletions of ${s.namespace}/${s.name}`,
      text: `Orrery will apply revision ${s.hold.revision} and delete what it holds. This cannot be undone from here.`,
      expect: short(s.hold.revision),
      action: "confirm-deletions",
      parameters: { namespace: s.namespace, name: s.name, revision: s.hold.revision },
    });
  }

  /** The confirmation step every write goes through: type the target, give the token, confirm. */
  function confirmAction(spec) {
    const dialog = document.getElementById("confirm");
    const typed = document.getElementById("confirm-typed");
    const token = document.getElementById("confirm-token");
    const error = document.getElementById("confirm-error");
    document.getElementById("confirm-title").textContent = spec.title;
    document.getElementById("confirm-text").textContent = spec.text;
    document.getElementById("confirm-expect").textContent = spec.expect;
    typed.value = "";
    token.value = sessionStorage.getItem("orrery-token") || "";
    error.textContent = "";
    const form = document.getElementById("confirm-form");
    form.onsubmit = async (e) => {
      if (e.submitter && e.submitter.value === "cancel") return;
      e.preventDefault();
      if (typed.value.trim() !== spec.expect) { error.textContent = `Type ${spec.expect} to confirm.`; return; }
      const r = await fetch(`${API}/actions/${enc(spec.action)}`, {
        method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token.value.trim()}` },
        body: JSON.stringify(spec.parameters),
      });
      const body = await r.json().catch(() => ({}));
      if (!r.ok) { error.textContent = body.message || `HTTP ${r.status}`; return; }
      sessionStorage.setItem("orrery-token", token.value.trim());
      dialog.close();
      show(true);
    };
    dialog.showModal();
    typed.focus();
  }

  // ---- live updates -------------------------------------------------------------------------
  let pending = false;
  function connect() {
    const source = new EventSource(`${API}/events`);
    source.addEventListener("changed", () => {
      live.className = "live on";
      live.textContent = "live · updated " + new Date().toLocaleTimeString();
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; show(true); });
    });
    source.onopen = () => { live.className = "live on"; live.textContent = "live"; };
    source.onerror = () => { live.className = "live off"; live.textContent = "reconnecting…"; };
  }

  getJson("/actions").then((a) => { state.actions = a; }).catch(() => {});
  show(false);
  connect();
})();
