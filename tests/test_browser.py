"""The coding widgets in a real browser: JupyterLab on 127.0.0.1, headless Debian Chromium.

The test starts JupyterLab itself (a fresh configuration in a temporary folder, no
token shown anywhere, extension manager read-only, news off), opens a notebook that
builds a project file, and drives Chromium through Playwright (``executable_path`` is
the system's Chromium: no browser is ever downloaded). It selects text with the mouse
and the keys, codes it by click and by key, and reads the codings back from the project
file with their exact code-point offsets; it counts the stripes against the codings,
reconciles two coders and checks the consensus written; it draws a 2,000-turn
transcript. Every request the browser makes outside the local server is refused and
counted: the count must stay 0.

Set ``QUALKIT_SCREENSHOTS=docs/img`` to keep the screenshots (the README's come from
here); otherwise they go to a temporary folder.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]

# A short synthetic focus group of our own, with accents and an emoji before the words
# that are coded (the browser counts UTF-16 units, the project code points).
TURNS = [
    ("Facilitator", "Welcome back. Today: who should use linked health records, and how?",
     "Uses"),
    ("P01", "Honestly 😀 the GP surgery could stop asking me the same questions every visit."),
    ("P02", "Ça dépend. If the data helps plan services near Ashby, I'm broadly for it."),
    ("P03", "My worry is a breach. Records leak, and you can't un-leak them."),
    ("P04", "Researchers finding out why some villages do worse seems worth it to me."),
    ("Facilitator", "And who should decide how it is used?", "Governance"),
    ("P02", "People like us, on a panel that can actually say no."),
    ("P05", "Not a company selling it on. That's where I'd draw the line, full stop."),
    ("P01", "Tell us what happened with it afterwards, in plain words."),
    ("P03", "If something goes wrong, someone has to answer for it."),
]
CODES = [
    {"id": "benefits", "name": "Benefits of linked data"},
    {"id": "efficiency", "name": "Efficiency and less repetition", "parent": "benefits"},
    {"id": "planning", "name": "Planning local services", "parent": "benefits"},
    {"id": "research", "name": "Research", "parent": "benefits"},
    {"id": "risks", "name": "Risks and concerns"},
    {"id": "breach", "name": "Data breaches", "parent": "risks"},
    {"id": "commercial", "name": "Commercial use", "parent": "risks"},
    {"id": "governance", "name": "Governance"},
    {"id": "public_voice", "name": "Public voice in decisions", "parent": "governance"},
    {"id": "transparency", "name": "Transparency and feedback", "parent": "governance"},
    {"id": "accountability", "name": "Accountability", "parent": "governance"},
]
# KG's codings, by turn and phrase (None: the whole turn)
KG = [(1, None, "efficiency"), (2, "helps plan services near Ashby", "planning"),
      (3, None, "breach"), (4, None, "research"), (6, None, "public_voice"),
      (7, None, "commercial"), (8, None, "accountability")]

SETUP = f"""
import qualkit as qk
from qualkit import Codebook, Corpus, Project, Transcript, Turn
TURNS = {TURNS!r}
t = Transcript.from_turns("fg1", [Turn(x[0], x[1], section=x[2] if len(x) > 2 else None)
                                  for x in TURNS], group="FG1")
project = Project.create("study.qkproj")
project.add_corpus(Corpus([t]))
project.set_codebook(Codebook({CODES!r}))
u = t.utterances
for i, phrase, code in {KG!r}:
    s, e = int(u.start[i]), int(u.end[i])
    if phrase:
        s = t.text.index(phrase, s); e = s + len(phrase)
    project.code("KG", "fg1", s, e, code)
"""
CODER = """view = qk.widgets.TranscriptCoder(project, coder="KS", coders=["KS", "KG"])
view"""
RECONCILE = """rec = qk.widgets.Reconciler(project, coders=("KS", "KG"))
rec"""
BIG = """big = Transcript.from_turns("big", [Turn(f"P{i % 12:02d}", f"Turn {i}: " + TURNS[i % 10][1])
                                      for i in range(2000)])
big_project = Project.in_memory(); big_project.add_corpus(Corpus([big]))
big_project.set_codebook(project.codebook)
big_view = qk.widgets.TranscriptCoder(big_project, coder="KS")
big_view"""


def _chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("the browser tests need Debian's chromium: apt-get install chromium "
                    "chromium-driver (.ci/run does this)")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _shots() -> Path:
    out = os.environ.get("QUALKIT_SCREENSHOTS")
    return Path(out) if out else Path(os.environ.get("TMPDIR", "/tmp")) / "qualkit-screenshots"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 and a headless Chromium page on a notebook it has run."""
    import nbformat
    from playwright.sync_api import sync_playwright

    work = tmp_path_factory.mktemp("lab")
    cfg = work / ".jupyter"
    (cfg / "labconfig").mkdir(parents=True)
    # no news fetched or offered
    (cfg / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c)
                                         for c in (SETUP, CODER, BIG)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, work / "coding.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(cfg), JUPYTER_RUNTIME_DIR=str(work / ".rt"),
               JUPYTERLAB_SETTINGS_DIR=str(work / ".settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(work / ".workspaces"),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               QUALKIT_PROGRESS="0")
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
           f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={work}", "--LabApp.extension_manager=readonly",
           "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(work / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    t0 = time.monotonic()
    try:
        base = f"http://127.0.0.1:{port}"
        while True:
            if server.poll() is not None:
                pytest.fail("JupyterLab did not start:\n" + (work / "server.log").read_text())
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() - t0 > 90:
                    pytest.fail("JupyterLab did not answer within 90 s")
                time.sleep(0.3)
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                str(work / ".chromium"), executable_path=_chromium(), headless=True,
                args=CHROMIUM_FLAGS, viewport={"width": 1320, "height": 960})
            outside: list[str] = []

            def route(r):
                if r.request.url.startswith(base) or r.request.url.startswith("data:"):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()
            ctx.route("**/*", route)
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/lab/tree/coding.ipynb?token={token}")
            page.wait_for_function(
                "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
                " const k = w && w.sessionContext && w.sessionContext.session"
                " && w.sessionContext.session.kernel;"
                " return k && k.connectionStatus === 'connected'; }", timeout=120_000)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function("document.querySelectorAll('.qk-coder .qk-row').length > 200",
                                   timeout=120_000)
            yield {"page": page, "work": work, "outside": outside, "errors": errors,
                   "db": work / "study.qkproj", "t0": t0}
            ctx.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        print(f"browser tests: {time.monotonic() - t0:.1f} s with JupyterLab")


def _codings(db: Path, coder: str) -> list[tuple[int, int, str, str]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute('SELECT start, "end", code_id, coalesce(source, "") FROM codings '
                           "WHERE coder = ? ORDER BY id", (coder,)).fetchall()
    finally:
        con.close()


def _wait_codings(db: Path, coder: str, n: int) -> list[tuple[int, int, str, str]]:
    deadline = time.monotonic() + 30
    while True:
        got = _codings(db, coder)
        if len(got) >= n or time.monotonic() > deadline:
            return got
        time.sleep(0.1)


def _text() -> str:
    from qualkit import Transcript, Turn

    return Transcript.from_turns("fg1", [Turn(x[0], x[1], section=x[2] if len(x) > 2 else None)
                                         for x in TURNS], group="FG1").text


_RECT = """([root, word]) => {
  for (const s of document.querySelectorAll(root + ' .qk-seg')) {
    const t = s.firstChild; if (!t) continue;
    const i = t.data.indexOf(word);
    if (i >= 0) { const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + word.length);
      const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }
  }
  return null; }"""


def _point(page, word: str, edge: str) -> tuple[float, float]:
    """Just inside the start or the end of the first drawn ``word`` in the first coder."""
    r = page.evaluate(_RECT, [".qk-coder", word])
    assert r, word
    return (r[0] + 1 if edge == "start" else r[2] - 1), (r[1] + r[3]) / 2


def _drag(page, a: tuple[float, float], b: tuple[float, float]) -> None:
    page.mouse.move(*a)
    page.mouse.down()
    page.mouse.move((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, steps=4)
    page.mouse.move(*b, steps=4)
    page.mouse.up()


def _run_new_cell(page, code: str) -> None:
    """Add a cell at the end of the notebook and run it, as a person would."""
    page.evaluate("""(code) => {
      const panel = window.jupyterapp.shell.currentWidget, nb = panel.content;
      nb.activeCellIndex = nb.widgets.length - 1;
      return window.jupyterapp.commands.execute('notebook:insert-cell-below').then(() => {
        nb.activeCell.model.sharedModel.setSource(code);
        return window.jupyterapp.commands.execute('notebook:run-cell');
      }); }""", code)


def test_browser_codes_spans_by_click_and_key_with_exact_offsets(lab):
    page, db = lab["page"], lab["db"]
    text = _text()
    coder = page.locator(".qk-coder").first
    coder.scroll_into_view_if_needed()
    # 1. mouse: from the start of "GP" to the end of "questions" (after the emoji), a click
    _drag(page, _point(page, "GP surgery", "start"), _point(page, "questions", "end"))
    page.wait_for_selector(".qk-coder .qk-hint:has-text('Selected')")
    efficiency = page.locator(".qk-coder .qk-code[data-code='efficiency']").first
    if not efficiency.is_visible():                       # open its branch of the tree
        page.click(".qk-coder .qk-code[data-code='benefits'] .qk-caret")
    efficiency.click()
    got = _wait_codings(db, "KS", 1)
    page.locator(".qk-coder").first.screenshot(path=str(lab["work"] / "step1.png"))
    assert got, page.locator(".qk-coder .qk-status").first.inner_text()
    s = text.index("GP surgery")
    e = text.index("questions") + len("questions")
    assert got == [(s, e, "efficiency", "code")]
    assert text[s:e] == "GP surgery could stop asking me the same questions"
    # 2. mouse across two turns, upwards (a backwards selection), then the recent code's key
    _drag(page, _point(page, "Researchers", "end"), _point(page, "un-leak", "start"))
    page.wait_for_selector(".qk-coder .qk-hint:has-text('Selected')")
    page.keyboard.press("1")
    got = _wait_codings(db, "KS", 2)
    s = text.index("un-leak")
    e = text.index("Researchers") + len("Researchers")
    assert got[1] == (s, e, "efficiency", "code")
    assert text[s:e] == "un-leak them.\n\nP04: Researchers"
    # 3. keys alone: clear, first participant turn KS has not coded, search a code, Enter
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    page.wait_for_selector(".qk-coder .qk-hint:has-text('Selected')")
    page.keyboard.press("/")
    page.keyboard.type("planning")
    page.keyboard.press("Enter")
    got = _wait_codings(db, "KS", 3)
    p02 = text.index("Ça dépend.")
    assert got[2] == (p02, text.index("for it.", p02) + len("for it."), "planning", "code")
    assert "😀" in text[:got[0][0]] and "Ç" in text[got[2][0]:got[2][1]]
    # the progress line counts them
    page.wait_for_selector(".qk-coder .qk-prog:has-text('3 codings')")


def test_browser_stripes_equal_the_codings(lab):
    page, db = lab["page"], lab["db"]
    n = len(_codings(db, "KS")) + len(_codings(db, "KG"))
    page.wait_for_function(f"document.querySelectorAll('.qk-coder .qk-bar').length === {n}")
    ids = page.eval_on_selector_all(".qk-coder .qk-bar", "bs => bs.map(b => +b.dataset.coding)")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    want = sorted(r[0] for r in con.execute("SELECT id FROM codings WHERE coder IN ('KS','KG')"))
    con.close()
    assert sorted(ids) == want
    # filter by coder: only KS's stripes, one per KS coding
    page.uncheck(".qk-coder input[data-coder='KG']")
    k = len(_codings(db, "KS"))
    page.wait_for_function(f"document.querySelectorAll('.qk-coder .qk-bar').length === {k}")
    page.check(".qk-coder input[data-coder='KG']")
    page.wait_for_function(f"document.querySelectorAll('.qk-coder .qk-bar').length === {n}")
    # a stripe's click selects its coding; a memo by keyboard is written to the file
    bar = page.locator(".qk-coder .qk-bar:not(.qk-other)").first
    chosen = bar.get_attribute("data-coding")
    bar.click()
    page.wait_for_selector(f".qk-coder .qk-selbox[data-coding='{chosen}'] .qk-selhead")
    page.keyboard.press("m")
    page.keyboard.type("check with KG")
    page.keyboard.press("Enter")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        memos = [r[0] for r in con.execute("SELECT memo FROM codings WHERE memo IS NOT NULL")]
        con.close()
        if memos:
            break
        time.sleep(0.1)
    assert memos == ["check with KG"]
    shots = _shots()
    shots.mkdir(parents=True, exist_ok=True)
    page.mouse.move(5, 5)
    page.locator(".qk-coder").first.screenshot(path=str(shots / "transcript_coder.png"))
    assert (shots / "transcript_coder.png").stat().st_size > 10_000


def test_browser_reconciler_writes_the_consensus(lab):
    page, db = lab["page"], lab["db"]
    text = _text()
    _run_new_cell(page, RECONCILE)
    page.wait_for_selector(".qk-reconciler .qk-rec-item", timeout=60_000)
    rec = page.locator(".qk-reconciler")
    rec.scroll_into_view_if_needed()
    # by click and key: on the stretch where KS alone coded efficiency, take KS's side
    row = rec.locator(".qk-rec-item", has_text="un-leak")
    row.locator(".qk-rec-where").first.click()
    page.wait_for_selector(".qk-reconciler .qk-rec-item.qk-current:has-text('un-leak')")
    page.keyboard.press("1")
    got = _wait_codings(db, "consensus", 1)
    s, e = text.index("un-leak"), text.index("Researchers") + len("Researchers")
    assert got == [(s, e, "efficiency", "reconciled (manual: KS) from KS and KG: only KS")]
    # keep the agreements: the stretches both coded with the same code
    rec.locator(".qk-btn", has_text="keep all agreements").click()
    got = _wait_codings(db, "consensus", 3)
    agreed = "reconciled (manual) from KS and KG: agreed"
    gp = text.index("GP surgery")
    ashby = text.index("helps plan services near Ashby")
    assert sorted(got[1:]) == sorted([
        (gp, text.index("questions") + len("questions"), "efficiency", agreed),
        (ashby, ashby + len("helps plan services near Ashby"), "planning", agreed)])
    # by click: both sides where KS coded the whole of P02's turn and KG a phrase of it
    rec.locator(".qk-rec-item", has_text="Ça dépend").locator(
        ".qk-btn[data-choice='both']").click()
    got = _wait_codings(db, "consensus", 5)
    p02 = text.index("Ça dépend.")
    both = "reconciled (manual: both) from KS and KG: only KS"
    assert sorted(got[3:]) == [(p02, ashby, "planning", both),
                               (ashby + len("helps plan services near Ashby"),
                                text.index("for it.", p02) + len("for it."), "planning", both)]
    page.wait_for_selector(".qk-reconciler .qk-rec-item:has-text('Ça dépend') .qk-btn.qk-on")
    page.mouse.move(5, 5)
    rec.locator(".qk-rec-list").evaluate("e => { e.scrollTop = 0; }")
    rec.screenshot(path=str(_shots() / "reconciler.png"))


def test_browser_two_thousand_turns_page_and_no_network(lab):
    page = lab["page"]
    big = page.locator(".qk-coder").nth(1)
    big.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelectorAll('.qk-coder')[1] && "
                           "document.querySelectorAll('.qk-coder')[1].querySelectorAll('.qk-row').length === 200")
    t = time.monotonic()
    big.locator(".qk-pager .qk-btn").last.click()
    page.wait_for_function("document.querySelectorAll('.qk-coder')[1].querySelector('.qk-row .qk-seg')"
                           ".textContent.startsWith('Turn 200:')")
    print(f"2,000-turn transcript: page 2 drawn {time.monotonic() - t:.2f} s after the click")
    assert "page 2 of 10" in big.locator(".qk-pager").inner_text()
    assert lab["outside"] == [], lab["outside"]
    assert lab["errors"] == [], lab["errors"]


def test_browser_keyboard_alone_codes_to_the_exact_word(lab):
    """Tab reaches the coder (focus() here); then keys only: the next uncoded turn, its
    start moved word by word, the end moved off and back onto the full stop, a sentence
    of the next turn taken in, codes from the search and from a number key."""
    page, db = lab["page"], lab["db"]
    text = _text()
    coder = page.locator(".qk-coder").first
    coder.scroll_into_view_if_needed()
    coder.focus()
    before = len(_codings(db, "KS"))
    page.keyboard.press("Escape")
    p02 = text.index("People like us")

    def selected(a: int, b: int) -> None:
        page.wait_for_function(
            "([sel, want]) => document.querySelector(sel).innerText.includes(want)",
            arg=[".qk-coder .qk-selbox", f"[{a}, {b})"], timeout=15_000)

    page.keyboard.press("n")                    # P02's second turn: the first KS left uncoded
    end = text.index("say no.") + len("say no.")
    selected(p02, end)
    for key, (a, b) in [("Alt+Shift+ArrowRight", (text.index("like us"), end)),
                        ("Alt+Shift+ArrowRight", (text.index("us, on"), end)),
                        ("Shift+ArrowLeft", (text.index("us, on"), end - 1)),
                        ("Shift+S", (text.index("us, on"), end))]:
        page.keyboard.press(key)
        selected(a, b)
    page.keyboard.press("/")
    page.keyboard.type("public voice")
    page.keyboard.press("Enter")
    got = _wait_codings(db, "KS", before + 1)
    assert got[before] == (text.index("us, on"), end, "public_voice", "code")
    page.keyboard.press("Shift+S")              # on into P05's first sentence
    far = text.index("selling it on.") + len("selling it on.")
    selected(text.index("us, on"), far)
    page.keyboard.press("1")
    got = _wait_codings(db, "KS", before + 2)
    assert got[before + 1] == (text.index("us, on"), far, "public_voice", "code")
    assert text[got[before + 1][0]:got[before + 1][1]] == (
        "us, on a panel that can actually say no.\n\nP05: Not a company selling it on.")
    assert lab["errors"] == [], lab["errors"]


TWO = """two = Project.in_memory()
two.add_corpus(Corpus([t, Transcript.from_turns("fg2", [Turn("P09", "A second group 🙂 talks here.")],
                                                group="FG2")]))
two.set_codebook(project.codebook)
two_view = qk.widgets.TranscriptCoder(two, coder="KS")
two_view"""


def test_browser_transcript_list_switches_the_text(lab):
    page = lab["page"]
    _run_new_cell(page, TWO)
    page.wait_for_selector(".qk-coder .qk-transcript", timeout=60_000)
    pick = page.locator(".qk-coder .qk-transcript").last
    assert pick.locator("option").all_inner_texts() == ["fg1 · FG1", "fg2 · FG2"]
    pick.select_option("fg2")
    page.wait_for_function("() => { const c = [...document.querySelectorAll('.qk-coder')].pop();"
                           " return c.querySelector('.qk-row .qk-seg').textContent"
                           ".startsWith('A second group'); }", timeout=15_000)
    assert lab["errors"] == [], lab["errors"]
