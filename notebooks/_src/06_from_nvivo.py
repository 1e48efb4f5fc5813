# %% [markdown]
# # 6. Working with NVivo, ATLAS.ti, MAXQDA, QualCoder ...
#
# Many teams code in a desktop package. REFI-QDA is the exchange standard they share: a
# `.qdpx` project archive (sources, codebook, codings, users, memos, cases) and a `.qdc`
# codebook. qualkit reads a `.qdpx` into a project, so agreement, theme search and the
# report work on codings made elsewhere, and writes one back to open in the package again.
#
# To keep this notebook self-contained, the "NVivo project" is made first: the synthetic
# study with both coders' codings and a memo, written with `qk.write_qdpx`. With a real
# export, start at *Reading a .qdpx*. In NVivo: *File → Export → Export Project → REFI-QDA
# Project*; import back with *File → Import → REFI-QDA Project*.

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
import zipfile
from pathlib import Path

import pandas as pd

import qualkit as qk
from qualkit.queries import plot_cooccurrence

pd.set_option("display.max_colwidth", 80)

corpus = qk.read_transcripts("transcripts_synthetic/")
made_elsewhere = qk.Project.in_memory()
made_elsewhere.add_corpus(corpus)
made_elsewhere.set_codebook(qk.Codebook.read("codebooks/kss_social_licence.yaml"))
for coder in ("KS", "KG"):
    made_elsewhere.import_codings(f"transcripts_synthetic/codings_{coder}.csv", coder=coder)
made_elsewhere.add_memo("project", None, "Coded in the desktop package by KS and KG.",
                        author="KS")
qk.write_qdpx(made_elsewhere, "from_nvivo.qdpx")

# %% [markdown]
# A `.qdpx` is a zip archive: `project.qde` (XML) and the sources' text.

# %%
with zipfile.ZipFile("from_nvivo.qdpx") as z:
    names = z.namelist()
    print(len(names), "members, e.g.", names[:3])
    print(z.read("project.qde").decode("utf-8")[:600])

# %% [markdown]
# ## Reading a .qdpx
# `qk.read_qdpx` returns a qualkit project (in memory, or in a new project file with
# `project_path=`, which appears only once the whole import is stored). Positions in the archive become character offsets into each
# transcript's text, so every coding's `text` is exactly what was coded. Archives are
# opened defensively: no XML entity expansion, no paths outside the archive, no
# unbounded decompression.

# %%
for suffix in ("", "-wal", "-shm"):
    Path("from_nvivo.qkproj" + suffix).unlink(missing_ok=True)
project = qk.read_qdpx("from_nvivo.qdpx", project_path="from_nvivo.qkproj")
project

# %%
print(len(project.corpus), "transcripts;", len(project.codebook), "codes;",
      "coders:", project.coders)
# REFI-QDA identifies codes by GUID; their names are in the codebook
names = {code.id: code.name for code in project.codebook}
codings = project.codings()
codings.assign(code=codings.code_id.map(names))[["coder", "transcript_id", "start", "end",
                                                 "code", "text"]].head()

# %%
project.memos()[["target_kind", "author", "text"]]

# %% [markdown]
# ## Agreement on codings made elsewhere
# Character-level comparison is NVivo's own coding comparison query (per code and source,
# percentage agreement and kappa), so its numbers can be checked against NVivo's; the
# utterance level is usually the better unit for a deliberative group (notebook 3).

# %%
nv = qk.compare_coders(project, coders=("KS", "KG"), unit="character")
nv.by_transcript.assign(code=nv.by_transcript.code_id.map(names))[
    ["code", "transcript_id", "both", "a_only", "b_only", "neither", "percent_agreement",
     "kappa"]].head()

# %%
by_utt = qk.compare_coders(project, coders=("KS", "KG"), unit="utterance", level=1)
by_utt.by_code.assign(code=by_utt.by_code.code_id.map(names))[["code", "n_a", "n_b", "percent_agreement", "kappa", "alpha",
                "interpretation"]]

# %% [markdown]
# ## Queries
# The queries a desktop package offers, as DataFrames:
#
# - **co-occurrence** — how many utterances carry both codes;
# - **matrix coding** — codes against a participant attribute or group, counting
#   utterances, participants or groups, with small cells suppressed for export;
# - **a quote table** — one row per coding with its code path, group, speaker and the
#   participant's attributes, checked for identifiers.

# %%
co = qk.cooccurrence(project, level=1).rename(index=names, columns=names)
co

# %%
ax = plot_cooccurrence(co)

# %%
sig = qk.cooccurrence(project, level=1, significance=True)
sig.assign(code_a=sig.code_a.map(names), code_b=sig.code_b.map(names)).sort_values(
    "p_adjusted").head()

# %%
qk.matrix_coding(project, by="county", level=1, count="participants",
                 suppress_below=5).rename(index=names)

# %%
qk.matrix_coding(project, by="group", coder="KS", level=1).rename(index=names)

# %%
quotes = qk.quote_table(project, coder="KS")
print(list(quotes.columns))
quotes[["code_name", "group", "speaker", "quote"]].head()

# %% [markdown]
# ## Themes, then back to the desktop package
# Candidate themes from the codes (notebook 4); the one the team accepts becomes a theme
# in the project, and a memo records why.

# %%
cands = qk.suggest_themes(project, unit="coding", n_bootstrap=3, random_state=0)
cands.table.assign(codes=[", ".join(names.get(c, c) for c in str(cs).split(", "))
                          for cs in cands.table.codes])[["theme", "codes", "n_extracts",
                                                         "n_groups", "stability"]]

# %%
first = cands.table.iloc[0]
theme_id = cands.accept(int(first.theme), name="Candidate theme (working name)", who="KS")
project.add_memo("theme", theme_id, "Accepted in qualkit; review in NVivo.", author="KS")
project.themes()[["theme_id", "name", "definition"]]

# %% [markdown]
# `qk.write_qdpx` writes everything back: sources, the codebook, every coder's codings
# as Users and their selections, memos as Notes, participants as Cases with Variables.
# Exporting the same project twice gives identical files (stable GUIDs).

# %%
qk.write_qdpx(project, "back_to_nvivo.qdpx")
again = qk.read_qdpx("back_to_nvivo.qdpx")
cols = ["coder", "transcript_id", "start", "end", "code_id"]
same = (again.codings()[cols].sort_values(cols).reset_index(drop=True)
        .equals(project.codings()[cols].sort_values(cols).reset_index(drop=True)))
print("codings survive the round trip:", same)
print("memos:", len(again.memos()))

# %%
project.close()
