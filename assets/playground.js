// The page side of the playground: links that restore a view, presenter mode (its keys, the scene's figure brought
// into view), the language switch, and a toolbar on every plot (PNG, SVG, CSV, the numbers as a table). Loaded inline through launch(head=...);
// uses only what the page already has (Gradio's own modules and the Plotly it loads), nothing from a CDN.
(() => {
  "use strict";
  const LANG_COOKIE = "pg_lang";
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const $ = (sel) => document.querySelector(sel);

  function cookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }

  // Gradio keeps the page's language in its core module; importing that module again returns the same instance.
  async function changeLocale(lang) {
    const link = Array.from(document.querySelectorAll("link[href]")).find((l) => /\/core-[^/]*\.js$/.test(l.href));
    if (!link) return false;
    try {
      const core = await import(link.href);
      if (typeof core.changeLocale !== "function") return false;
      core.changeLocale(lang);
      return true;
    } catch (e) {
      console.warn("playground: could not switch the language", e);
      return false;
    }
  }

  // Gradio's upload areas take their words from the locale when they are drawn and keep them: after a switch the
  // ones already on the page are rewritten here (Gradio's own translations, from its zh-CN locale).
  const GRADIO_WORDS = [["Drop File Here", "将文件拖放到此处"], ["Drop Image Here", "将图像拖放到此处"],
    ["Click to Upload", "点击上传"], ["- or -", "- 或 -"], ["Paste from Clipboard", "从剪贴板粘贴"]];
  function relabelGradio(lang) {
    const to = new Map(GRADIO_WORDS.map(([en, zh]) => (lang === "en" ? [zh, en] : [en, zh])));
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const text = node.nodeValue.trim();
      if (to.has(text)) node.nodeValue = node.nodeValue.replace(text, to.get(text));
    }
  }

  function openPath() {
    // Selected tab buttons that are on screen, outermost first: ["concepts", "optimizers"].
    return Array.from(document.querySelectorAll("button[role=tab][aria-selected=true]"))
      .filter((b) => b.id.startsWith("pgtab-") && b.offsetParent !== null)
      .map((b) => b.id.slice(6, -7));
  }

  function relabel() {
    const button = document.getElementById("pg-relabel");
    if (button) button.click();
  }

  // Draw what a tab path shows: the deepest part along it with its own refresh button, else every part of the
  // top-level tab (a language switch always redraws every part, so no text stays in the old language).
  function refresh(path, everything) {
    const deepest = everything ? null : path.slice().reverse().map((id) => document.getElementById("pg-refresh-" + id))
      .find((b) => b);
    if (deepest) deepest.click();
    else if (path.length) document.querySelectorAll(".pg-refresh-of-" + path[0]).forEach((b) => b.click());
  }

  // A language switch redraws the open top-level tab at once; the others are stale until they are opened next
  // (then every part of them is redrawn), so no tab shows the server's text in the old language.
  const stale = new Set();
  function markStale(open) {
    document.querySelectorAll("[class*=pg-refresh-of-]").forEach((b) => {
      const top = Array.from(b.classList).find((c) => c.startsWith("pg-refresh-of-")).slice(14);
      if (top !== open) stale.add(top);
    });
  }
  document.addEventListener("click", (e) => {
    const button = e.target.closest && e.target.closest("button[role=tab][id^=pgtab-]");
    if (!button || !stale.size) return;
    setTimeout(() => {  // once the click has opened it: the tab's own path, outermost first
      const path = openPath();
      if (path.length && stale.delete(path[0])) refresh(path, true);
    }, 0);
  }, true);

  const pg = {
    languageChanged: false,

    // Called by the page's first event: applies lang= and present= at once, returns the query for the server.
    start() {
      const params = new URLSearchParams(window.location.search);
      const lang = params.get("lang") || cookie(LANG_COOKIE);
      if (lang === "en" || lang === "zh-CN") {
        document.cookie = LANG_COOKIE + "=" + lang + "; path=/; max-age=31536000; SameSite=Lax";
        const browser = (navigator.language || "en").startsWith("zh") ? "zh-CN" : "en";
        if (lang !== browser) {
          pg.languageChanged = true;
          changeLocale(lang).then(relabel);
        }
      }
      if (params.get("present") === "1") pg.present(true);
      return window.location.search;
    },

    // After a view's controls are set (and its tabs selected) on the server: draw the target tab, and at page
    // load the tabs that are drawn at once ("paint").
    navigate(nav) {
      let path = [], paint = [], figure = "";
      try { ({ path = [], paint = [], figure = "" } = JSON.parse(nav || "{}")); } catch (e) { path = []; }
      paint.forEach((tab) => refresh([tab], true));
      if (path.length) refresh(path, pg.languageChanged);
      else if (pg.languageChanged && !paint.length) refresh(openPath(), true);
      pg.languageChanged = false;
      if (figure) {
        pg.figure = figure;
        if (presenting()) showFigure(figure);
      }
    },

    openPath() { return JSON.stringify(openPath()); },

    share(query) {
      const url = window.location.origin + window.location.pathname + (query || "");
      window.history.replaceState(null, "", url);
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).catch(() => {});
      return url;
    },

    // Presenter mode on or off. The checkbox gives the focus back to the page, so that the keys work at once.
    present(on) {
      document.body.classList.toggle("pg-present", !!on);
      document.querySelectorAll(".js-plotly-plot").forEach(fitFonts);
      const active = document.activeElement;
      if (active && active.closest && active.closest("#pg-present")) active.blur();
      if (on && pg.figure) showFigure(pg.figure);
      else if (!on) { focusRun++; document.querySelectorAll(".js-plotly-plot").forEach(unfit); }
    },

    // Phones: the bar's menu button shows or hides presenter mode, the language and the link (see the CSS).
    toggleMenu() {
      const bar = $("#pg-bar");
      if (bar) bar.dataset.pgMenu = bar.dataset.pgMenu === "open" ? "" : "open";
    },

    async setLanguage(lang) {
      document.cookie = LANG_COOKIE + "=" + lang + "; path=/; max-age=31536000; SameSite=Lax";
      await changeLocale(lang);
      relabelGradio(lang);
      relabel();
      relabelTools();
      const open = openPath();
      markStale(open[0]);
      refresh(open, true);  // texts written by the server follow on the next draw
    },
  };
  window.pg = pg;

  // Presenter mode: arrow keys, Page Up / Page Down (what presentation clickers send) step through the scenes, and
  // Esc leaves presenter mode (through its checkbox, so that the page and the server agree). Keys typed into a text
  // box or a choice stay there.
  const presenting = () => document.body.classList.contains("pg-present");
  document.addEventListener("keydown", (e) => {
    if (!presenting() || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    const typing = t && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName)
      || (t.tagName === "INPUT" && t.type !== "checkbox"));
    if (typing) return;
    const id = { ArrowRight: "pg-next", PageDown: "pg-next", ArrowLeft: "pg-prev", PageUp: "pg-prev" }[e.key];
    if (id && $("#" + id)) {
      e.preventDefault();
      $("#" + id).click();
    } else if (e.key === "Escape" && $("#pg-present input")) {
      e.preventDefault();
      $("#pg-present input").click();
    } else {
      focusRun++;  // the lecturer scrolls by hand: leave the page where they put it
    }
  });

  // ------------------------------------------------------------------------------------------------------------
  // Presenter mode shows the scene's figure whole: scrolled into view below the pinned note and sized to the screen
  // (taller where there is room, shorter where it would not fit). Repeated while the scene's figures arrive, for a
  // few seconds, until the visitor scrolls, clicks or types.

  const FOCUS_MS = 12000, FOCUS_EVERY = 150, MARGIN = 8, MIN_HEIGHT = 240, MAX_GROWTH = 1.6;
  let focusRun = 0;
  ["wheel", "mousedown", "touchstart"].forEach((type) => window.addEventListener(type, (e) => {
    if (e.isTrusted) focusRun++;
  }, { passive: true, capture: true }));

  function noteHeight() {
    const note = $("#pg-scene-note");
    return note && getComputedStyle(note).position === "sticky" ? note.getBoundingClientRect().height : 0;
  }

  function fit(block, room) {
    const gd = block.querySelector(".js-plotly-plot");
    if (!gd || !gd._fullLayout || !gd.layout || !window.Plotly) return;
    const height = gd._fullLayout.height;
    if (gd._pgFitted === undefined || gd.layout.height !== gd._pgFitted) gd._pgHeight = gd.layout.height || height;
    const extra = block.getBoundingClientRect().height - gd.getBoundingClientRect().height;  // label, tools
    const want = Math.round(Math.max(MIN_HEIGHT, Math.min(room - extra, gd._pgHeight * MAX_GROWTH)));
    if (Math.abs(want - height) <= MARGIN && gd._pgFitted !== undefined) return;
    gd._pgFitted = want;
    window.Plotly.relayout(gd, { height: want }).catch(() => {});
  }

  function unfit(gd) {
    if (gd._pgFitted === undefined) return;
    if (gd.layout && gd.layout.height === gd._pgFitted && window.Plotly) {
      window.Plotly.relayout(gd, { height: gd._pgHeight }).catch(() => {});
    }
    gd._pgFitted = undefined;
  }

  function place(block) {
    const top = noteHeight(), room = window.innerHeight - top - 2 * MARGIN;
    if (presenting()) fit(block, room);
    const box = block.getBoundingClientRect();
    if (box.top >= top && box.bottom <= window.innerHeight) return;
    const centred = Math.max(0, (room - box.height) / 2);
    window.scrollTo({ top: window.scrollY + box.top - top - MARGIN - centred, behavior: "instant" });
  }

  function showFigure(id) {
    const run = ++focusRun, until = performance.now() + FOCUS_MS;
    const tick = () => {
      if (run !== focusRun) return;
      const block = document.getElementById(id);
      if (block && block.offsetParent !== null) place(block);
      if (performance.now() < until) setTimeout(tick, FOCUS_EVERY);
    };
    tick();
  }

  // A figure that names a minimum width (layout.meta.min_width, e.g. the block diagram, whose labels would overlap
  // on a phone) keeps it, and its block scrolls sideways.
  function keepWidth(gd) {
    const min = gd.layout && gd.layout.meta && gd.layout.meta.min_width;
    const parent = gd.parentElement;
    if (!min || !parent || gd.style.minWidth === min + "px") return;
    gd.style.minWidth = min + "px";
    parent.classList.add("pg-wide");
    if (window.Plotly) window.Plotly.Plots.resize(gd);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Plots: PNG / SVG through Plotly's own exporter (in the page, offline), CSV and a table of the numbers.

  const MAX_ROWS = 60, MAX_COLS = 40;
  const words = {
    en: { png: "Download PNG", svg: "Download SVG", csv: "Download the numbers (CSV)", table: "Table",
          tableTitle: "Show the numbers as a table", of: "of", all: "CSV has all" },
    "zh-CN": { png: "下载 PNG", svg: "下载 SVG", csv: "下载数据（CSV）", table: "数据表",
               tableTitle: "以表格显示数据", of: "/", all: "CSV 含全部数据" },
  };
  function language() {
    const chosen = cookie(LANG_COOKIE);
    if (chosen === "en" || chosen === "zh-CN") return chosen;
    return (navigator.language || "en").startsWith("zh") ? "zh-CN" : "en";
  }
  function relabelTools() {
    const say = words[language()] || words.en;
    document.querySelectorAll(".pg-tool[data-pg-word=table]").forEach((b) => { b.textContent = say.table; b.title = say.tableTitle; });
  }

  function blockOf(gd) { return gd.closest(".block") || gd.parentElement; }
  function nameOf(gd) {
    const block = blockOf(gd);
    return (block && block.id) || "figure";
  }
  function labelOf(gd) {
    const block = blockOf(gd);
    const label = block && block.querySelector("[data-testid=block-label], label, .label");
    return (label && label.textContent.trim()) || nameOf(gd);
  }

  const list = (a) => (a == null ? [] : Array.from(a));
  const cell = (v) => (v == null ? "" : typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(6)) : String(v));

  // Every trace as a little table: heatmaps as their matrix (rows = y), the rest as x / y columns.
  function tables(gd) {
    return (gd._fullData || []).filter((t) => t.visible !== false).map((t, i) => {
      const title = t.name || (t.type + " " + (i + 1));
      if (t.z && t.type !== "scatter3d") {
        const z = list(t.z).map(list);
        const xs = list(t.x).length ? list(t.x) : (z[0] || []).map((_, j) => j);
        const ys = list(t.y).length ? list(t.y) : z.map((_, j) => j);
        return { title, header: ["y \\ x", ...xs], rows: z.map((r, j) => [ys[j], ...r]) };
      }
      const x = list(t.x), y = list(t.y), text = list(t.text);
      const n = Math.max(x.length, y.length);
      const header = ["x", "y"].concat(text.length ? ["text"] : []);
      const rows = [];
      for (let j = 0; j < n; j++) rows.push([x[j], y[j]].concat(text.length ? [text[j]] : []));
      return { title, header, rows };
    }).filter((t) => t.rows.length);
  }

  function csv(gd) {
    const q = (v) => { const s = cell(v); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    return tables(gd).map((t) => [[t.title], t.header, ...t.rows].map((r) => r.map(q).join(",")).join("\n"))
      .join("\n\n") + "\n";
  }

  function download(name, text, type) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function renderTable(gd, box) {
    box.replaceChildren();
    for (const t of tables(gd)) {
      const caption = document.createElement("p");
      const shown = Math.min(t.rows.length, MAX_ROWS), cols = Math.min(t.header.length, MAX_COLS);
      const say = words[language()] || words.en;
      caption.textContent = t.title + (shown < t.rows.length || cols < t.header.length
        ? ` (${shown} × ${cols} ${say.of} ${t.rows.length} × ${t.header.length}; ${say.all})` : "");
      const table = document.createElement("table");
      const head = table.createTHead().insertRow();
      t.header.slice(0, cols).forEach((h) => { const th = document.createElement("th"); th.textContent = cell(h); head.appendChild(th); });
      const body = table.createTBody();
      t.rows.slice(0, shown).forEach((r) => {
        const tr = body.insertRow();
        r.slice(0, cols).forEach((v) => { tr.insertCell().textContent = cell(v); });
      });
      box.append(caption, table);
    }
  }

  // Presenter mode enlarges the figures' text too, and lets the axes take the room their labels need.
  const PRESENT_FONT = 15;
  function fitFonts(gd) {
    if (!window.Plotly || !gd.layout || !gd._fullLayout) return;
    const presenting = document.body.classList.contains("pg-present");
    const size = gd.layout.font && gd.layout.font.size;
    if (presenting && size !== PRESENT_FONT) {
      if (gd._pgFont === undefined) gd._pgFont = size || 12;
      const update = { "font.size": PRESENT_FONT };
      Object.keys(gd._fullLayout).filter((k) => /^[xy]axis\d*$/.test(k)).forEach((k) => { update[k + ".automargin"] = true; });
      window.Plotly.relayout(gd, update).catch(() => {});
    } else if (!presenting && gd._pgFont !== undefined && size === PRESENT_FONT) {
      window.Plotly.relayout(gd, { "font.size": gd._pgFont }).catch(() => {});
      gd._pgFont = undefined;
    }
  }

  function decorate(gd) {
    if (gd._pgDecorated) return;
    gd._pgDecorated = true;
    gd.setAttribute("role", "img");
    gd.setAttribute("aria-label", labelOf(gd));
    const bar = document.createElement("div");
    bar.className = "pg-plot-tools";
    const box = document.createElement("div");
    box.className = "pg-plot-table";
    box.hidden = true;
    const button = (text, title, action) => {
      const b = document.createElement("button");
      b.type = "button"; b.textContent = text; b.title = title; b.className = "pg-tool";
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    };
    const say = words[language()] || words.en;
    button("PNG", say.png, () => window.Plotly.downloadImage(gd, { format: "png", filename: nameOf(gd), scale: 2 }));
    button("SVG", say.svg, () => window.Plotly.downloadImage(gd, { format: "svg", filename: nameOf(gd) }));
    button("CSV", say.csv, () => download(nameOf(gd) + ".csv", csv(gd), "text/csv"));
    const toggle = button(say.table, say.tableTitle, () => {
      box.hidden = !box.hidden;
      toggle.setAttribute("aria-expanded", String(!box.hidden));
      if (!box.hidden) renderTable(gd, box);
    });
    toggle.setAttribute("aria-expanded", "false");
    toggle.dataset.pgWord = "table";
    gd.after(bar, box);  // below the plot, clear of the label in its top-left corner
    if (gd.on) gd.on("plotly_afterplot", () => {
      gd.setAttribute("aria-label", labelOf(gd));
      if (!box.hidden) renderTable(gd, box);
      fitFonts(gd);
      keepWidth(gd);
    });
    fitFonts(gd);
    keepWidth(gd);
  }

  new MutationObserver(() => {
    document.querySelectorAll(".js-plotly-plot").forEach((gd) => { if (!gd._pgDecorated && gd._fullData) decorate(gd); });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
