// qualkit Reconciler: two coders side by side, one row per place where they differ
// (or agree). Decisions are sent to Python, which writes the consensus coder.

function render({ model, el }) {
  setUp(el, "qk-reconciler");

  const top = h("div", "qk-top");
  const title = h("span", "qk-title");
  const pager = h("span", "qk-pager");
  top.append(title, pager);
  const summary = h("div", "qk-rec-summary");
  const list = h("div", "qk-rec-list");
  const status = h("div", "qk-status");
  const help = h("details", "qk-help");
  el.append(top, summary, list, status, help);
  const send = (m) => model.send(m);

  function chips(cell, codes) {
    if (!codes.length) cell.append(h("span", "qk-hint", "—"));
    for (const c of codes) {
      const line = h("span", "qk-rec-code" + (c.disputed ? " qk-disputed" : ""));
      const sw = h("span", "qk-swatch");
      sw.style.background = c.colour;
      line.append(sw, " " + c.name);
      line.title = c.disputed ? "only this coder" : "both coders";
      cell.append(line);
    }
  }

  function drawTop() {
    title.textContent = `${model.get("title")} · ${model.get("unit") === "character" ? "character by character" : "unit by unit"} · writes to ${model.get("consensus")}`;
    drawPager(pager, model, send);
    const s = model.get("summary") || {};
    summary.innerHTML = "";
    const share = s.share_agreed === null || s.share_agreed === undefined || Number.isNaN(s.share_agreed) ? "—" : Math.round(100 * s.share_agreed) + "%";
    summary.append(
      h("span", null, `${s.differences || 0} differences: ${s.decided || 0} decided, ${s.pending || 0} to decide`),
      h("span", null, `${s.agreements || 0} agreed stretches, ${s.agreements_kept || 0} kept`),
      h("span", null, `${share} of the ${model.get("unit") === "character" ? "coded text" : "coded units"} agreed`),
    );
    const keep = h("button", "qk-btn", "keep all agreements ( g )");
    keep.onclick = () => send({ type: "keep_agreements" });
    const show = h("label", "qk-chip");
    const box = h("input");
    box.type = "checkbox";
    box.checked = model.get("show_agreements");
    box.onchange = () => send({ type: "show_agreements", show: box.checked });
    show.append(box, " show agreements ( a )");
    const pend = h("button", "qk-btn", "next to decide ( n )");
    pend.onclick = () => send({ type: "next_pending" });
    summary.append(keep, show, pend);
  }

  function drawList() {
    const [a, b] = model.get("coders");
    const cur = model.get("current");
    const keepScroll = list.scrollTop;
    list.innerHTML = "";
    const table = h("table", "qk-rec-table");
    const cols = h("colgroup");
    for (const w of ["3.2em", "8.5em", "", "10em", "10em", "14.5em"]) {
      const c = h("col");
      if (w) c.style.width = w;
      cols.append(c);
    }
    table.append(cols);
    const head = h("tr");
    for (const t of ["#", "where", "text: where they differ is marked, where they agree underlined", a, b, "consensus"]) head.append(h("th", null, t));
    table.append(head);
    let current = null;
    for (const it of model.get("items")) {
      const tr = h("tr", "qk-rec-item qk-" + it.kind + (it.item === cur ? " qk-current" : ""));
      tr.dataset.item = it.item;
      tr.onclick = () => send({ type: "go", item: it.item });
      tr.append(h("td", "qk-rec-where qk-rec-num", String(it.item)));
      const where = h("td", "qk-rec-where");
      where.append(it.tid, h("br"), it.speakers || "", h("br"), `[${it.start}, ${it.end})`);
      tr.append(where);
      const text = h("td", "qk-rec-text");
      text.append(it.before);
      for (const [piece, kind] of it.mark) {
        const m = h(kind === "differ" ? "mark" : "span", kind === "agree" ? "qk-agreed" : null, piece);
        if (kind) m.title = kind === "differ" ? "the coders differ here" : "both coders gave this the same code";
        text.append(m);
      }
      text.append(it.after);
      tr.append(text);
      const ca = h("td", "qk-rec-codes");
      chips(ca, it.a);
      const cb = h("td", "qk-rec-codes");
      chips(cb, it.b);
      tr.append(ca, cb);
      const dec = h("td", "qk-rec-decision");
      const choices = it.kind === "differ"
        ? [[a, "1", a], [b, "2", b], ["both", "3", "both"], ["neither", "0", "neither"]]
        : [["keep", "3", "both"], ["drop", "0", "neither"]];
      for (const [label, key, choice] of choices) {
        const btn = h("button", "qk-btn", label);
        btn.title = `key ${key}`;
        btn.dataset.choice = choice;
        const on = it.status === choice || (choice === "both" && it.kind === "agree" && it.status === "kept")
          || (choice === "neither" && it.kind === "agree" && it.status === "dropped");
        if (on) btn.classList.add("qk-on");
        btn.onclick = (e) => { e.stopPropagation(); send({ type: "decide", item: it.item, choice, advance: it.item === cur }); };
        dec.append(btn);
      }
      const done = !(it.status === "pending" || it.status === "to keep");
      dec.append(h("span", "qk-rec-state" + (done ? " qk-done" : ""), it.kind === "differ" ? (done ? `decided: ${it.status}` : "to decide") : it.status));
      tr.append(dec);
      table.append(tr);
      if (it.item === cur) current = tr;
    }
    list.append(table);
    list.scrollTop = keepScroll;
    if (current) {
      // below the sticky header row, whole when it fits
      const r = current.getBoundingClientRect(), box = list.getBoundingClientRect();
      const top = box.top + head.getBoundingClientRect().height;
      if (r.top < top || r.bottom > box.bottom) list.scrollTop += r.top - top - 4;
    }
    if (!model.get("items").length) list.append(h("div", "qk-hint", model.get("show_agreements") ? "No codings by these coders." : "No differences to show (tick 'show agreements' to see the rest)."));
  }

  el.addEventListener("keydown", (e) => {
    if (notOurs(e) || e.altKey) return;
    const k = e.key;
    let m = null;
    if (k === "j" || k === "ArrowDown") m = { type: "move", step: 1 };
    else if (k === "k" || k === "ArrowUp") m = { type: "move", step: -1 };
    else if (k === "1" || k === "2") m = { type: "decide", choice: k };
    else if (k === "3") m = { type: "decide", choice: "both" };
    else if (k === "0") m = { type: "decide", choice: "neither" };
    else if (k === "n") m = { type: "next_pending" };
    else if (k === "g") m = { type: "keep_agreements" };
    else if (k === "a") m = { type: "show_agreements", show: !model.get("show_agreements") };
    else if (k === "PageDown") m = { type: "page", page: model.get("page") + 1 };
    else if (k === "PageUp") m = { type: "page", page: model.get("page") - 1 };
    if (!m) return;
    send(m);
    e.preventDefault();
    e.stopPropagation();
  });
  const coderWord = (what) => {
    const [a, b] = model.get("coders");
    return what.replace("the first coder", a).replace("the second coder", b);
  };
  const stop = watch(model, {
    title: "top", coders: "top", unit: "top", consensus: "top", page: "top", pages: "top",
    summary: "top", show_agreements: "top", items: "list", current: "list",
    status: "status", error: "status", keymap: "help",
  }, (d) => {
    if (d.has("top")) drawTop();
    if (d.has("list")) drawList();
    if (d.has("status")) drawStatus(status, model);
    if (d.has("help")) drawHelp(help, model, "Keys", coderWord);
  });
  drawTop();
  drawList();
  drawStatus(status, model);
  drawHelp(help, model, "Keys", coderWord);
  return stop;
}

export default { render };
