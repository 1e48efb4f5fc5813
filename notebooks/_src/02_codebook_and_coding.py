# %% [markdown]
# # 2. A codebook and the first codes
#
# Braun and Clarke's second phase: generating initial codes. This notebook reads the
# study's codebook and checks it, opens a project file (one SQLite file that keeps the
# transcripts, the codebook and its versions, every coding, memos and an append-only audit
# trail), and codes extracts in the three ways a researcher works: a character span, a
# whole utterance, and a quote. Then it reviews the suggestions qualkit derives from the
# codebook's cue phrases and definitions, which a person accepts or rejects.
#
# Everything here works in the folder the notebook runs in; `study.qkproj` is created
# next to it.

# %% [markdown]
# The notebook works in the folder it is opened in. In an empty folder, the next cell
# copies the synthetic study that ships inside qualkit there (`transcripts_synthetic/`
# and `codebooks/`); for your own study, put your transcripts folder and codebook there
# instead.

# %%
import shutil
from pathlib import Path

from qualkit import datasets

if not Path("transcripts_synthetic").is_dir():
    shutil.copytree(datasets.synthetic_path(), "transcripts_synthetic")
if not Path("codebooks").is_dir():
    shutil.copytree(datasets.synthetic_codebook_path().parent, "codebooks")

# %%
from pathlib import Path

import qualkit as qk

corpus = qk.read_transcripts("transcripts_synthetic/")

# %% [markdown]
# ## The codebook
# The canonical format is YAML (also CSV, Excel, and REFI-QDA `.qdc` from NVivo and
# friends). Each code has an id, a name, a parent, a definition, when to include and
# exclude it, example quotes and cue phrases. Reading a codebook validates it: duplicate
# ids, unknown parents and cycles are reported with the line they are on.

# %%
cb = qk.Codebook.read("codebooks/kss_social_licence.yaml")
cb

# %%
print(len(cb), "codes;", len(cb.roots), "top-level topics")
for root in cb.roots:
    print(cb[root].name)
    for child in cb.children(root):
        print("   ", child, "-", cb[child].name)

# %%
cb.table.head()

# %% [markdown]
# A codebook with a mistake in it is refused with a message that says where the mistake
# is and what was expected, so it can be fixed in the file:

# %%
Path("broken_codebook.yaml").write_text(
    "codes:\n"
    "  - id: risks\n"
    "    name: Risks\n"
    "  - id: risks\n"
    "    name: Risks again\n"
    "  - id: hack\n"
    "    name: Hacking\n"
    "    parent: no_such_code\n"
)
try:
    qk.Codebook.read("broken_codebook.yaml")
except qk.errors.CodebookError as err:
    print(err)

# %% [markdown]
# ## A project
# `Project.create` makes a new project file (and refuses to overwrite one that exists);
# `Project.open` opens an existing one and never creates a file, so a mistyped name is an
# error rather than a new, empty project. Two coders can work in the same file at once.
# Here we start from a fresh file.

# %%
for suffix in ("", "-wal", "-shm"):
    Path("study.qkproj" + suffix).unlink(missing_ok=True)

project = qk.Project.create("study.qkproj")
project.add_corpus(corpus, who="KS")
project.set_codebook(cb, who="KS")
project

# %% [markdown]
# ## Coding
# Three ways to code an extract, all ending up as the same kind of record: a coder, a
# transcript, a character span `[start, end)` into the transcript's text, and a code.
#
# **By utterance** — the whole speaker turn:

# %%
u = project.corpus.utterances
turns = u[u.role == "participant"]
leaves = [c for c in cb.ids if not cb.children(c)]
first = turns.iloc[0]
print(first.utterance_id, first.speaker, ":", first.text)
project.code_utterance("KS", first.utterance_id, leaves[0], memo="first pass")

# %% [markdown]
# **By span** — part of a turn, by character offsets (here the first sentence of the
# second participant turn). `text[start:end]` is exactly the coded extract:

# %%
second = turns.iloc[1]
text = project.corpus[second.transcript_id].text
cut = second.text.find(". ")
end = second.start + (cut + 1 if cut > 0 else max(len(second.text) // 2, 1))
project.code("KS", second.transcript_id, int(second.start), int(end), leaves[1])
print(repr(text[second.start:end]))

# %% [markdown]
# **By quote** — paste the words; qualkit finds the one place they occur (and refuses
# a quote that occurs more than once, listing where):

# %%
def occurs_once(row):
    return project.corpus[row.transcript_id].text.count(row.text[:60]) == 1


third = next(r for r in turns.iloc[2:].itertuples() if len(r.text) > 40 and occurs_once(r))
quote = third.text[:60]
print(repr(quote))
project.code_quote("KS", third.transcript_id, quote, leaves[2])

# %%
try:
    project.code_quote("KS", third.transcript_id, "the", leaves[2])
except qk.errors.SpanError as err:
    print(err)

# %% [markdown]
# Codings come back as a table, one row per coding, with the coded text, the group and
# section it is in, and how it came in (`provenance`):

# %%
project.codings()[["coding_id", "coder", "transcript_id", "start", "end", "code_id",
                   "section", "text", "provenance"]]

# %% [markdown]
# A mistake is undone with `uncode`; the audit trail keeps what was removed.

# %%
wrong = project.code_utterance("KS", turns.iloc[5].utterance_id, leaves[0])
project.uncode(wrong, who="KS")
len(project.codings())

# %% [markdown]
# ## Coding interactively
# In JupyterLab, `qk.widgets.TranscriptCoder` shows one transcript with its codings as
# coloured stripes in a margin beside the text, as NVivo draws them. Select any stretch
# of text with the mouse, within a turn or across turns (or with the keys: `j`/`k` a
# turn, `s` a sentence, `n` the next participant turn you have not coded), then click a
# code in the codebook's tree or press its number (`1`-`9` are your recent codes, `/`
# searches the rest). The coding goes into the project file at once, with its exact
# offsets. Click a stripe to select its coding; add a memo (`m`), change its code (`c`)
# or remove it (`x`). Above the text: progress, which coders' stripes to show, one code
# only, and `]` for the next coding of it. `?` lists every key. It needs `anywidget`
# (installed with `pip install "qualkit[notebooks]"`).

# %%
view = qk.widgets.TranscriptCoder(project, coder="KS", transcript_id=first.transcript_id)
view

# %% [markdown]
# Everything the widget does is also a method, so a script can do the same (and this
# notebook runs headless): the next participant turn KS has not coded, its first
# sentence, a code with a memo.

# %%
view.next_uncoded()                         # the key n
start, end = view.next_sentence()           # the key s
view.apply(leaves[3], memo="first sentence only")
print(repr(view.text[start:end]))
view.progress()

# %% [markdown]
# To code whole turns one at a time with a button per code, there is also
# `qk.widgets.CodingPanel` (ipywidgets); its logic without the buttons is
# `qk.widgets.CodingSession`:

# %%
session = qk.widgets.CodingSession(project, "KS", roles=["participant"])
session.go(4)
print(session.position, session.current.speaker, ":", session.current.text)
session.toggle(leaves[0])     # what a click on the first code's button does
session.applied()

# %% [markdown]
# A transcript with its stripes can be shared as one self-contained HTML page (no
# script, nothing fetched), for a supervisor or the audit trail; the identifier scan
# runs first and refuses a page that would carry one.

# %%
page = project.to_html(first.transcript_id, coders=["KS"], path="coded_KS.html")
print(len(page), "characters written to coded_KS.html")

# %% [markdown]
# ## Suggestions from the codebook
# qualkit can propose codings from the codebook's cue phrases (matched on lemmas, so
# "sold" finds "sell") and from the similarity of an utterance to each code's definition
# and examples. Suggestions are proposals for a person to accept or reject; both
# decisions are recorded, and a rejected suggestion is not made again.

# %%
sugg = project.suggest_codings(coder="KS")
print(len(sugg), "suggestions")
sugg.sort_values("score", ascending=False).head(10)[["suggestion_id", "code_id", "score",
                                                      "reason", "text"]]

# %%
best = sugg.sort_values("score", ascending=False)
if len(best) >= 2:
    project.accept_suggestion(int(best.suggestion_id.iloc[0]), coder="KS",
                              memo="cue phrase fits")
    project.reject_suggestion(int(best.suggestion_id.iloc[1]), coder="KS")
project.suggestions().dropna(subset=["decision"])

# %% [markdown]
# ## Memos
# Memos attach to the project, a transcript, a code, a coding or a theme: the place for
# first impressions during familiarisation and for decisions about codes.

# %%
project.add_memo("project", None, "First pass through FG1: benefits talk is concrete, "
                 "risk talk is about who profits.", author="KS")
project.add_memo("code", leaves[0], "Keep apart from the broader benefits code?",
                 author="KS")
project.memos()

# %% [markdown]
# ## Editing the codebook
# Codebook edits (rename, merge, split, move, add) return a new codebook; setting it on the
# project stores a new version, and the old versions stay readable.

# %%
renamed = project.codebook.rename(leaves[0], cb[leaves[0]].name + " (revised)")
project.set_codebook(renamed, who="KS")
project.codebook_versions()

# %% [markdown]
# ## The audit trail
# Every change — corpus, codebook versions, codings and their removal, suggestion
# decisions, memos — is in an append-only log (the database refuses updates and deletes
# of it). It is what a methods section or an examiner can be shown.

# %%
log = project.audit_log()
log[["at", "who", "action", "target"]].tail(12)

# %%
log.groupby("action").size()

# %% [markdown]
# The coder above keeps writing to `study.qkproj` for as long as it is on screen, so this
# notebook leaves the project open. Call `project.close()` when you are done; a widget
# whose project was closed opens the file again at its next click.
