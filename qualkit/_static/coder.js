// qualkit TranscriptCoder: draws a transcript page with coding stripes and reports
// what the person does. All decisions (offsets, snapping, writes) are made in Python.
// Offsets from Python are Unicode code points; the DOM counts UTF-16 units. Each run of
// drawn text (a "segment") carries the code point where it starts (data-cp); a point in
// it is reported as {start: that code point, u16: UTF-16 offset into the run}.

function u16Length(cps, k) {
  let u = 0;
  for (let i = 0; i < k && i < cps.length; i++) u += cps[i].length;
  return u;
}

const KEYMAP = [
  // [test(event), message or action]
  [(e) => (e.key === "j" || e.key === "ArrowDown") && !e.shiftKey, { key: "next_turn" }],
  [(e) => (e.key === "k" || e.key === "ArrowUp") && !e.shiftKey, { key: "prev_turn" }],
  [(e) => e.key === "J" || (e.key === "ArrowDown" && e.shiftKey), { key: "extend_turn" }],
  [(e) => e.key === "s", { key: "sentence" }],
  [(e) => e.key === "S", { key: "extend_sentence" }],
  [(e) => e.key === "n", { key: "next_uncoded" }],
  [(e) => e.key === "ArrowRight" && e.shiftKey && !e.altKey, { key: "end+" }],
  [(e) => e.key === "ArrowLeft" && e.shiftKey && !e.altKey, { key: "end-" }],
  [(e) => e.key === "ArrowRight" && e.shiftKey && e.altKey, { key: "start+" }],
  [(e) => e.key === "ArrowLeft" && e.shiftKey && e.altKey, { key: "start-" }],
  [(e) => e.key === "]", { key: "next_coding" }],
  [(e) => e.key === "[", { key: "prev_coding" }],
  [(e) => e.key === "PageDown", { key: "page+" }],
  [(e) => e.key === "PageUp", { key: "page-" }],
  [(e) => e.key === "Escape", { key: "clear" }],
];

function render({ model, el }) {
  setUp(el, "qk-coder");

  const top = h("div", "qk-top");
  const title = h("span", "qk-title");
  const prog = h("span", "qk-progress");
  const pager = h("span", "qk-pager");
  top.append(title, prog, pager);
  const filters = h("div", "qk-filters");
  const main = h("div", "qk-main");
  const scroll = h("div", "qk-scroll");
  const content = h("div", "qk-content");
  const textcol = h("div", "qk-textcol");
  const margin = h("div", "qk-margin");
  content.append(textcol, margin);
  scroll.append(content);
  const side = h("div", "qk-side");
  const search = h("input", "qk-search");
  search.type = "search";
  search.placeholder = "search codes ( / )";
  const mode = h("div", "qk-mode");
  const recent = h("div", "qk-recent");
  const tree = h("div", "qk-tree");
  const selbox = h("div", "qk-selbox");
  side.append(search, mode, recent, tree, selbox);
  main.append(scroll, side);
  const status = h("div", "qk-status");
  const help = h("details", "qk-help");
  el.append(top, filters, main, status, help);

  let segs = [];          // drawn text runs in text order: {cp, n, cps, node}
  let pageStart = 0, pageEnd = 0;
  let collapsed = null;   // code ids whose children are hidden
  let hi = 0;             // highlighted row of the code list (keyboard)
  let hiFresh = false;    // the query changed: highlight its best match
  let recodeMode = false;
  let drawnAt = null;     // transcript and first turn drawn
  let lastScroll = model.get("scroll");
  const hasHighlights = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight !== "undefined";
  // highlights are page-wide: each view names its own
  const uid = Math.random().toString(36).slice(2, 10);
  const SEL = "qk-sel-" + uid, HOVER = "qk-hover-" + uid;
  const hlStyle = h("style");
  hlStyle.textContent = `::highlight(${SEL}){background-color:rgba(255,196,0,.55)}` +
    `::highlight(${HOVER}){background-color:rgba(120,180,255,.45)}`;
  el.append(hlStyle);

  const send = (m) => model.send(m);

  // ------------------------------------------------------------ positions
  function find(cp, preferEnd) {
    // the [text node, UTF-16 offset] of code point cp on this page
    if (!segs.length) return null;
    let lo = 0, hiI = segs.length - 1;
    while (lo < hiI) {
      const mid = (lo + hiI + 1) >> 1;
      if (segs[mid].cp <= cp) lo = mid; else hiI = mid - 1;
    }
    let s = segs[lo];
    if (cp < s.cp) return [s.node, 0];
    if (preferEnd && cp === s.cp && lo > 0 && segs[lo - 1].cp + segs[lo - 1].n === cp) s = segs[lo - 1];
    const k = Math.min(cp - s.cp, s.n);
    if (cp - s.cp > s.n && lo + 1 < segs.length && !preferEnd) return [segs[lo + 1].node, 0];
    return [s.node, u16Length(s.cps, k)];
  }

  function rangeOf(a, b) {
    const x = find(Math.max(a, pageStart), false), y = find(Math.min(b, pageEnd), true);
    if (!x || !y) return null;
    const r = document.createRange();
    try {
      r.setStart(x[0], x[1]);
      r.setEnd(y[0], y[1]);
    } catch (err) {
      return null;
    }
    return r;
  }

  function rangesOf(a, b) {
    // one range per drawn turn, so that a highlight never covers the speaker labels
    const out = [];
    for (const t of model.get("turns")) {
      if (t.start < b && t.end > a) {
        const r = rangeOf(Math.max(a, t.start), Math.min(b, t.end));
        if (r) out.push(r);
      }
    }
    return out;
  }

  function pointToPos(node, offset) {
    const p = node && node.nodeType === 3 ? node.parentElement : null;
    if (p && p.classList.contains("qk-seg")) return { start: Number(p.dataset.cp), u16: offset };
    for (const s of segs) {
      const r = document.createRange();
      r.selectNodeContents(s.node);
      if (r.comparePoint(node, offset) <= 0) return { start: s.cp, u16: 0 };
    }
    const last = segs[segs.length - 1];
    return last ? { start: last.cp, u16: last.node.length } : null;
  }

  // ------------------------------------------------------------ the text
  function drawText() {
    const turns = model.get("turns");
    const stripes = model.get("stripes");
    textcol.innerHTML = "";
    // another transcript or page: start at its top
    const where = model.get("transcript") + ":" + (turns.length ? turns[0].i : 0);
    if (where !== drawnAt) { scroll.scrollTop = 0; drawnAt = where; }
    segs = [];
    pageStart = turns.length ? turns[0].start : 0;
    pageEnd = turns.length ? turns[turns.length - 1].end : 0;
    const frag = document.createDocumentFragment();
    for (const t of turns) {
      if (t.heading) frag.append(h("div", "qk-heading", t.heading));
      const row = h("div", "qk-row qk-" + t.kind + " qk-role-" + t.role);
      row.dataset.start = t.start;
      row.dataset.end = t.end;
      const who = h("div", "qk-who", t.kind === "note" ? "note" : t.speaker);
      const body = h("div", "qk-body");
      const cps = Array.from(t.text);
      const mine = stripes.filter((s) => s.start < t.end && s.end > t.start);
      const cuts = new Set([t.start, t.end]);
      for (const s of mine) {
        cuts.add(Math.max(s.start, t.start));
        cuts.add(Math.min(s.end, t.end));
      }
      const at = [...cuts].sort((a, b) => a - b);
      for (let i = 0; i + 1 < at.length; i++) {
        const a = at[i], b = at[i + 1];
        const part = cps.slice(a - t.start, b - t.start);
        const span = h("span", "qk-seg", part.join(""));
        span.dataset.cp = a;
        const on = mine.filter((s) => s.start <= a && s.end >= b);
        if (on.length) {
          span.classList.add("qk-coded");
          span.style.boxShadow = on.slice(0, 4)
            .map((s, k) => `inset 0 -${2 * (k + 1)}px 0 ${s.colour}`).join(", ");
          span.title = on.map((s) => `${s.name} (${s.coder})`).join("\n");
        }
        body.append(span);
        segs.push({ cp: a, n: part.length, cps: part, node: span.firstChild || span });
      }
      row.append(who, body);
      frag.append(row);
    }
    textcol.append(frag);
    layoutStripes();
    paintSelection(false);
  }

  function layoutStripes() {
    margin.innerHTML = "";
    const stripes = model.get("stripes");
    const chosen = (model.get("selected_coding") || {}).id;
    const base = content.getBoundingClientRect();
    const items = [];
    for (const s of stripes) {
      const rs = rangesOf(s.start, s.end);
      if (!rs.length) continue;
      const rects = rs.flatMap((r) => Array.from(r.getClientRects())).filter((q) => q.height > 0);
      const rect = rects.length ? {
        top: Math.min(...rects.map((q) => q.top)), bottom: Math.max(...rects.map((q) => q.bottom)),
      } : rs[0].getBoundingClientRect();
      items.push({ s, top: rect.top - base.top, bottom: Math.max(rect.bottom - base.top, rect.top - base.top + 6) });
    }
    items.sort((a, b) => a.top - b.top || b.bottom - a.bottom);
    const lanes = [];
    for (const it of items) {
      let k = lanes.findIndex((end) => end < it.top - 1);
      if (k < 0) { k = lanes.length; lanes.push(0); }
      lanes[k] = it.bottom;
      const bar = h("div", "qk-bar");
      bar.dataset.coding = it.s.id;
      bar.style.top = it.top + "px";
      bar.style.height = (it.bottom - it.top) + "px";
      bar.style.left = (4 + 9 * k) + "px";
      bar.style.background = it.s.colour;
      if (it.s.id === chosen) bar.classList.add("qk-chosen");
      if (!it.s.own) bar.classList.add("qk-other");
      bar.title = `${it.s.name} — ${it.s.coder}${it.s.memo ? "\nmemo: " + it.s.memo : ""}`;
      bar.onmouseenter = () => hover(it.s);
      bar.onmouseleave = () => hover(null);
      bar.onclick = () => send({ type: "select_coding", id: it.s.id });
      margin.append(bar);
    }
    margin.style.width = (10 + 9 * Math.max(lanes.length, 1)) + "px";
  }

  function hover(s) {
    if (!hasHighlights) return;
    if (!s) { CSS.highlights.delete(HOVER); return; }
    const rs = rangesOf(s.start, s.end);
    if (rs.length) CSS.highlights.set(HOVER, new Highlight(...rs));
  }

  function paintSelection(scrollTo) {
    const sel = model.get("selection");
    for (const row of textcol.querySelectorAll(".qk-row.qk-insel")) row.classList.remove("qk-insel");
    if (hasHighlights) CSS.highlights.delete(SEL);
    if (!sel || sel.length !== 2) return;
    for (const row of textcol.querySelectorAll(".qk-row")) {
      if (Number(row.dataset.start) < sel[1] && Number(row.dataset.end) > sel[0]) row.classList.add("qk-insel");
    }
    const rs = rangesOf(sel[0], sel[1]);
    if (!rs.length) return;
    if (hasHighlights) CSS.highlights.set(SEL, new Highlight(...rs));
    if (scrollTo) {
      const rect = rs[0].getBoundingClientRect(), box = scroll.getBoundingClientRect();
      if (rect.top < box.top + 8 || rect.bottom > box.bottom - 8) {
        scroll.scrollTop += rect.top - box.top - box.height / 3;
      }
    }
  }

  textcol.addEventListener("mouseup", () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    if (!textcol.contains(sel.anchorNode) && !textcol.contains(sel.focusNode)) return;
    const a = pointToPos(sel.anchorNode, sel.anchorOffset);
    const b = pointToPos(sel.focusNode, sel.focusOffset);
    if (a && b) send({ type: "select", a, b });
    sel.removeAllRanges();
    el.focus({ preventScroll: true });
  });

  // ------------------------------------------------------------ the top bars
  function drawTop() {
    title.innerHTML = "";
    const all = model.get("transcripts");
    if (all.length > 1) {
      const pickT = h("select", "qk-transcript");
      pickT.title = "the transcript shown";
      for (const t of all) pickT.append(new Option(t.label, t.id));
      pickT.value = model.get("transcript");
      pickT.onchange = () => send({ type: "transcript", id: pickT.value });
      title.append(pickT);
    } else {
      title.append(model.get("transcript"));
    }
    title.append(` · coding as ${model.get("coder")}`);
    prog.innerHTML = "";
    for (const p of model.get("progress")) {
      const item = h("span", "qk-prog");
      item.title = `${p.coder}: ${p.codings} codings; ${Math.round(100 * p.share)}% of participant turns coded`;
      const bar = h("span", "qk-progbar");
      const fill = h("span", "qk-progfill");
      fill.style.width = Math.round(100 * p.share) + "%";
      bar.append(fill);
      item.append(h("b", null, p.coder), ` ${p.codings} codings `, bar, ` ${Math.round(100 * p.share)}% of participant turns`);
      prog.append(item);
    }
    drawPager(pager, model, send);
    filters.innerHTML = "";
    filters.append(h("span", "qk-label", "Stripes of"));
    const shown = new Set(model.get("show_coders"));
    for (const c of model.get("coders")) {
      const lab = h("label", "qk-chip");
      const box = h("input");
      box.type = "checkbox";
      box.checked = shown.has(c);
      box.dataset.coder = c;
      box.onchange = () => send({
        type: "filter",
        coders: Array.from(filters.querySelectorAll("input[data-coder]")).filter((b) => b.checked).map((b) => b.dataset.coder),
      });
      lab.append(box, " " + c);
      filters.append(lab);
    }
    filters.append(h("span", "qk-label", "code"));
    const pick = h("select", "qk-codefilter");
    const names = Object.fromEntries(model.get("codes").map((c) => [c.id, c.name]));
    pick.append(new Option("all codes", ""));
    for (const c of model.get("used_codes")) pick.append(new Option(names[c] || c, c));
    pick.value = model.get("show_code");
    pick.onchange = () => send({ type: "filter", code: pick.value });
    const back = h("button", "qk-btn", "◂");
    back.title = "previous coding of this code ( [ )";
    back.onclick = () => send({ type: "key", key: "prev_coding" });
    const fwd = h("button", "qk-btn", "▸");
    fwd.title = "next coding of this code ( ] )";
    fwd.onclick = () => send({ type: "key", key: "next_coding" });
    const un = h("button", "qk-btn", "next uncoded turn");
    un.title = "next participant turn you have not coded ( n )";
    un.onclick = () => send({ type: "key", key: "next_uncoded" });
    const snap = h("label", "qk-chip");
    const snapBox = h("input");
    snapBox.type = "checkbox";
    snapBox.checked = model.get("snap");
    snapBox.onchange = () => send({ type: "snap", on: snapBox.checked });
    snap.title = "widen a mouse selection to whole words";
    snap.append(snapBox, " whole words");
    filters.append(pick, back, fwd, un, snap);
  }

  // ------------------------------------------------------------ the code list
  function visibleCodes() {
    const codes = model.get("codes");
    if (collapsed === null) {
      collapsed = new Set(codes.length > 20 ? codes.filter((c) => c.children > 0).map((c) => c.id) : []);
    }
    const q = search.value.trim().toLowerCase();
    const byId = Object.fromEntries(codes.map((c) => [c.id, c]));
    if (q) {
      // rank: the name itself, a name starting with the query, a word of the name, the
      // name, id or definition containing it
      const rank = (c) => {
        const n = c.name.toLowerCase();
        if (n === q || c.id.toLowerCase() === q) return 5;
        if (n.startsWith(q)) return 4;
        if (n.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(q))) return 3;
        if (n.includes(q) || c.id.toLowerCase().includes(q)) return 2;
        return c.definition.toLowerCase().includes(q) ? 1 : 0;
      };
      const keep = new Set();
      const score = {};
      for (const c of codes) {
        score[c.id] = rank(c);
        if (score[c.id]) for (let x = c; x; x = x.parent ? byId[x.parent] : null) keep.add(x.id);
      }
      return codes.filter((c) => keep.has(c.id)).map((c) => ({ c, match: score[c.id] > 0, score: score[c.id] }));
    }
    const out = [];
    for (const c of codes) {
      let hidden = false;
      for (let p = c.parent; p; p = byId[p] ? byId[p].parent : null) if (collapsed.has(p)) { hidden = true; break; }
      if (!hidden) out.push({ c, match: true });
    }
    return out;
  }

  function act(id) {
    if (recodeMode) {
      const chosen = model.get("selected_coding") || {};
      recodeMode = false;
      send({ type: "recode", id: chosen.id, code: id });
    } else {
      send({ type: "apply", code: id });
    }
    search.value = "";
    drawTree();
    el.focus({ preventScroll: true });
  }

  function drawTree() {
    const rec = model.get("recent");
    mode.textContent = recodeMode ? "Change the selected coding to:" : "";
    recent.innerHTML = "";
    const names = Object.fromEntries(model.get("codes").map((c) => [c.id, c]));
    rec.forEach((id, k) => {
      const c = names[id] || { name: id, colour: "#888" };
      const chip = h("span", "qk-recentcode");
      chip.innerHTML = `<kbd>${k + 1}</kbd> <span class="qk-swatch" style="background:${c.colour}"></span> `;
      chip.append(c.name);
      chip.onmousedown = (e) => e.preventDefault();
      chip.onclick = () => act(id);
      recent.append(chip);
    });
    tree.innerHTML = "";
    const vis = visibleCodes();
    hi = Math.max(0, Math.min(hi, vis.length - 1));
    if (search.value.trim() && hiFresh) {      // a new query: start on the best match
      let best = -1;
      vis.forEach((v, i) => { if (v.match && (best < 0 || v.score > vis[best].score)) best = i; });
      hi = Math.max(0, best);
      hiFresh = false;
    }
    vis.forEach(({ c, match }, i) => {
      const row = h("div", "qk-code" + (i === hi && document.activeElement === search ? " qk-hi" : "") + (match ? "" : " qk-context"));
      row.dataset.code = c.id;
      row.style.paddingLeft = (4 + 14 * c.depth) + "px";
      row.title = c.definition || c.name;
      const caret = h("span", "qk-caret", c.children ? (collapsed.has(c.id) && !search.value.trim() ? "▸" : "▾") : "");
      caret.onmousedown = (e) => e.preventDefault();
      caret.onclick = (e) => {
        e.stopPropagation();
        if (collapsed.has(c.id)) collapsed.delete(c.id); else collapsed.add(c.id);
        drawTree();
      };
      const sw = h("span", "qk-swatch");
      sw.style.background = c.colour;
      row.append(caret, sw, " " + c.name);
      const k = rec.indexOf(c.id);
      if (k >= 0) row.append(" ", h("kbd", null, String(k + 1)));
      row.onmousedown = (e) => e.preventDefault();
      row.onclick = () => act(c.id);
      tree.append(row);
    });
  }

  search.addEventListener("input", () => { hiFresh = true; drawTree(); });
  search.addEventListener("focus", drawTree);
  search.addEventListener("blur", () => setTimeout(drawTree, 0));
  search.addEventListener("keydown", (e) => {
    const vis = visibleCodes();
    if (e.key === "ArrowDown") { hi = Math.min(vis.length - 1, hi + 1); drawTree(); }
    else if (e.key === "ArrowUp") { hi = Math.max(0, hi - 1); drawTree(); }
    else if (e.key === "ArrowRight" && vis[hi]) { collapsed.delete(vis[hi].c.id); drawTree(); }
    else if (e.key === "ArrowLeft" && vis[hi] && !search.value) { collapsed.add(vis[hi].c.id); drawTree(); }
    else if (e.key === "Enter") { if (vis[hi]) act(vis[hi].c.id); }
    else if (e.key === "Escape") { search.value = ""; recodeMode = false; drawTree(); el.focus({ preventScroll: true }); }
    else return;
    e.preventDefault();
    e.stopPropagation();
  });

  // ------------------------------------------------------------ the selected coding
  let memoInput = null;
  function drawSel() {
    const c = model.get("selected_coding") || {};
    // keep a memo being typed: redraw only when another coding is selected
    if (memoInput && document.activeElement === memoInput && String(c.id) === selbox.dataset.coding) return;
    selbox.dataset.coding = c.id === undefined ? "" : String(c.id);
    selbox.innerHTML = "";
    memoInput = null;
    if (c.id === undefined) {
      const sel = model.get("selection");
      selbox.append(h("div", "qk-hint", sel && sel.length === 2
        ? `Selected [${sel[0]}, ${sel[1]}): click a code or press its number.`
        : "Select text with the mouse or j/k/s/n; ? shows the keys."));
      return;
    }
    const head = h("div", "qk-selhead");
    const sw = h("span", "qk-swatch");
    sw.style.background = c.colour;
    head.append(sw, " ", h("b", null, c.name), ` — ${c.coder} [${c.start}, ${c.end})`);
    memoInput = h("input", "qk-memo");
    memoInput.placeholder = c.own ? "memo ( m ), Enter saves" : "memo (another coder's)";
    memoInput.value = c.memo || "";
    memoInput.disabled = !c.own;
    memoInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { send({ type: "recode", id: c.id, memo: memoInput.value }); el.focus({ preventScroll: true }); }
      else if (e.key === "Escape") { memoInput.value = c.memo || ""; el.focus({ preventScroll: true }); }
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    const save = h("button", "qk-btn", "save memo");
    save.disabled = !c.own;
    save.onclick = () => send({ type: "recode", id: c.id, memo: memoInput.value });
    const change = h("button", "qk-btn", "change code ( c )");
    change.disabled = !c.own;
    change.onclick = () => { recodeMode = true; drawTree(); search.focus(); };
    const del = h("button", "qk-btn qk-danger", "uncode ( x )");
    del.disabled = !c.own;
    del.onclick = () => send({ type: "uncode", id: c.id });
    selbox.append(head, memoInput, h("div", "qk-row-btns"));
    selbox.lastChild.append(save, change, del);
  }

  el.addEventListener("keydown", (e) => {
    if (notOurs(e)) return;
    let handled = true;
    const hit = KEYMAP.find(([test]) => test(e));
    if (hit) send({ type: "key", ...hit[1] });
    else if (e.key >= "1" && e.key <= "9") send({ type: "recent", k: Number(e.key) });
    else if (e.key === "/") { recodeMode = false; search.focus(); drawTree(); }
    else if (e.key === "c" && (model.get("selected_coding") || {}).own) { recodeMode = true; search.focus(); drawTree(); }
    else if (e.key === "m" && memoInput && !memoInput.disabled) memoInput.focus();
    else if (e.key === "x" || e.key === "Delete" || e.key === "Backspace") {
      const c = model.get("selected_coding") || {};
      if (c.id !== undefined) send({ type: "uncode", id: c.id });
    } else if (e.key === "?") help.open = !help.open;
    else handled = false;
    if (handled) { e.preventDefault(); e.stopPropagation(); }
  });

  const stop = watch(model, {
    turns: "text", stripes: "text", selection: "sel", scroll: "sel", selected_coding: "chosen",
    codes: "tree", recent: "tree", progress: "top", page: "top", pages: "top", coders: "top",
    show_coders: "top", show_code: "top", used_codes: "top", transcript: "top", transcripts: "top", snap: "top",
    status: "status", error: "status", keymap: "help",
  }, (d) => {
    if (d.has("top")) drawTop();
    if (d.has("text")) drawText();
    else if (d.has("chosen")) layoutStripes();
    if (d.has("sel") || d.has("text")) {
      const s = model.get("scroll");
      paintSelection(s !== lastScroll);
      lastScroll = s;
    }
    if (d.has("sel") || d.has("chosen")) drawSel();
    if (d.has("tree")) drawTree();
    if (d.has("status")) drawStatus(status, model);
    if (d.has("help")) drawHelp(help, model, "Keys ( ? )");
  });
  const resize = new ResizeObserver(() => { layoutStripes(); paintSelection(false); });
  resize.observe(textcol);
  drawTop();
  drawText();
  drawTree();
  drawSel();
  drawStatus(status, model);
  drawHelp(help, model, "Keys ( ? )");
  return () => {
    resize.disconnect();
    if (hasHighlights) { CSS.highlights.delete(SEL); CSS.highlights.delete(HOVER); }
    stop();
  };
}

export default { render };
