// What qualkit's widgets share (prepended to each widget's module by qualkit._widgetkit.esm).

function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// the root element: focusable, and the keys typed in it are ours, not JupyterLab's
// command-mode shortcuts; JupyterLab moves focus to the notebook on a click in an output,
// so a click inside (not in a field) gives it back and the keys go on working
function setUp(el, kind) {
  el.classList.add("qk-widget", kind);
  el.tabIndex = 0;
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  el.addEventListener("mousedown", (e) => {
    const tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    setTimeout(() => {
      const a = document.activeElement;
      if (!el.contains(a) || a === document.body) el.focus({ preventScroll: true });
    }, 0);
  });
}

// a key event the widget should leave alone (typed in a field, or with Ctrl/Cmd)
function notOurs(e) {
  const tag = e.target && e.target.tagName;
  return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || e.ctrlKey || e.metaKey;
}

function drawPager(pager, model, send) {
  pager.innerHTML = "";
  const pages = model.get("pages"), page = model.get("page");
  if (pages <= 1) return;
  const prev = h("button", "qk-btn", "◀");
  prev.disabled = page <= 0;
  prev.onclick = () => send({ type: "page", page: page - 1 });
  const next = h("button", "qk-btn", "▶");
  next.disabled = page >= pages - 1;
  next.onclick = () => send({ type: "page", page: page + 1 });
  pager.append(prev, ` page ${page + 1} of ${pages} `, next);
}

function drawStatus(status, model) {
  const err = model.get("error");
  status.className = "qk-status" + (err ? " qk-err" : "");
  status.textContent = err || model.get("status") || "";
}

function drawHelp(help, model, title, word = (s) => s) {
  help.innerHTML = "";
  help.append(h("summary", null, title));
  const table = h("table", "qk-keys");
  for (const [k, what] of model.get("keymap")) {
    const tr = h("tr");
    tr.append(h("td", null, k), h("td", null, word(what)));
    table.append(tr);
  }
  help.append(table);
}

// One refresh in Python changes several traits at once: mark the parts they draw and
// draw each once, in flush's order, after the last change of the message. Returns the
// function that stops watching.
function watch(model, parts, flush) {
  const dirty = new Set();
  let due = false;
  const run = () => { due = false; const d = new Set(dirty); dirty.clear(); flush(d); };
  const handlers = Object.entries(parts).map(([trait, part]) => {
    const fn = () => { dirty.add(part); if (!due) { due = true; queueMicrotask(run); } };
    model.on("change:" + trait, fn);
    return [trait, fn];
  });
  return () => { for (const [trait, fn] of handlers) model.off("change:" + trait, fn); };
}

