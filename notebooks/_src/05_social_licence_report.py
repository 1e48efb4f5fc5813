# %% [markdown]
# # 5. From themes to a social licence, and the report
#
# Braun and Clarke's last phase is producing the report. For social-licence research that
# means relating the themes to the tenets of a social licence: Carter, Laurie and
# Dixon-Woods (2015) — reciprocity, non-exploitation, service of the public good;
# Stockdale, Cassell and Ford (2019) — autonomy, fairness and justice, prevention of harm,
# contribution to the public good; the study's own three principles (`ksss2022`); and
# the Kent and Medway Social Licence (2025). qualkit ships these as data files.
#
# This notebook maps the study's themes onto tenets (the researchers' links where they
# exist, otherwise links derived from the coded data and the frameworks' definitions, each
# with its strength and rationale), checks coverage — which tenets the data supports and
# how strongly — and writes the tables, the figures and one Word report. Every quote is
# checked for identifiers before it leaves.

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

import pandas as pd

import qualkit as qk
from qualkit.report import (evidence_from_codings, plot_prevalence_heatmap,
                            plot_theme_tenet_matrix, plot_willingness)

pd.set_option("display.max_colwidth", 80)

corpus = qk.read_transcripts("transcripts_synthetic/")
for suffix in ("", "-wal", "-shm"):
    Path("report.qkproj" + suffix).unlink(missing_ok=True)
project = qk.Project.create("report.qkproj")
project.add_corpus(corpus)
project.set_codebook(qk.Codebook.read("codebooks/kss_social_licence.yaml"))
for coder in ("KS", "KG"):
    project.import_codings(f"transcripts_synthetic/codings_{coder}.csv", coder=coder)
rec = qk.reconcile(project, ("KS", "KG"), rule="union", who="KS")   # notebook 3

# %% [markdown]
# ## Frameworks
# Each framework is a list of tenets with a description, cue words, and links to the
# related tenets of the other frameworks.

# %%
for name in ("carter2015", "stockdale2019", "ksss2022", "kent_medway2025"):
    fw = qk.load_framework(name)
    print(f"{fw.id:16s} {len(fw)} tenets  {fw.name}")

# %%
ksss = qk.load_framework("ksss2022")
ksss.table[["tenet", "name", "description"]]

# %% [markdown]
# ## Mapping themes to tenets
# The themes are the theme-level codes of the codebook. The evidence — the consensus
# coded extracts with their group and participant — gives coverage: how many groups,
# participants and extracts stand behind each tenet.

# %%
evidence = evidence_from_codings(project.codings(coder="consensus"), project.corpus)
mapping = qk.map_themes(project.codebook, framework="ksss2022", evidence=evidence)
mapping

# %%
mapping.table

# %% [markdown]
# `source` says whether a link is the researchers' (`manual`; the study's own mapping
# ships with `ksss2022`) or a `suggested` one derived from the data: its `strength`
# (strong, moderate or weak: how much of the theme's talk is closest in wording to the
# tenet, from how many groups), a `rationale` in words and the words theme and tenet
# share — a prompt to look, not a decision. Links of your own are a table
# `theme, tenet[, strength, rationale]` passed as `manual=`.
#
# The Kent and Medway Social Licence ships no mapping, so every link comes from the data:

# %%
km = qk.map_themes(project.codebook, framework="kent_medway2025", evidence=evidence)
qk.principle_table(km).table

# %%
cov = mapping.coverage()
print("tenets without supporting themes:", cov["unsupported_tenets"] or "none")
print("themes not mapped to any tenet:", cov["unmapped_themes"] or "none")
cov["tenets"]

# %% [markdown]
# The same themes against every framework, theme by theme (each framework's links derived
# from the same evidence, or its shipped mapping):

# %%
mapping.crosswalk().head(10)

# %%
ax = plot_theme_tenet_matrix(mapping)

# %% [markdown]
# ## Tables for the paper
# A theme table (prevalence by group and participant, illustrative quotes attributed by
# group and participant) and the theme-to-principle table. Each is a `ReportTable` with a
# title and notes, written to Word, Excel, CSV or Markdown.

# %%
themes = qk.theme_table(project.codebook, evidence=evidence)   # sub-codes roll up to themes
themes.table.head()

# %%
principles = qk.principle_table(mapping, include_suggested=True)
principles.table

# %%
Path("tables").mkdir(exist_ok=True)
principles.to_docx("tables/theme_to_principle.docx")
themes.to_xlsx("tables/themes.xlsx")
print(principles.to_markdown()[:600])

# %% [markdown]
# ## Participant characteristics
# Small cells are suppressed (counts of one to four people, and any count from which one
# could be worked out with the total, are shown as "*"), or first merged into one
# "Other (combined)" row, so that no participant can be picked out. Age is given as median
# (interquartile range) and in bands, never as a minimum or maximum.

# %%
qk.participant_table(corpus.participants, suppress_below=5).table

# %%
qk.participant_table(corpus.participants, suppress_below=5, how="combine").table.head(12)

# %% [markdown]
# ## Figures

# %%
if {"willing_before", "willing_after"} <= set(corpus.participants.columns):
    ax = plot_willingness(corpus.participants)

# %%
cb = project.codebook


def theme_of(code_id):
    path = cb.path(code_id)          # from the topic down to the code
    return path[1] if len(path) > 1 else path[0]


by_theme = evidence.assign(theme=evidence.code_id.map(theme_of))
ax = plot_prevalence_heatmap(by_theme[["theme", "group"]])

# %% [markdown]
# ## The Word report
# One call writes the whole report: method (with agreement figures when given as
# `agreement=`, e.g. the result of `compare_coders` from notebook 3), participant
# characteristics, the theme table with quotes, a theme-to-principle section for each
# framework, and the figures. Quotes that still carry an identifier are refused, naming the
# theme and the attribution, rather than printed.

# %%
agreement = qk.compare_coders(project, coders=("KS", "KG"), unit="utterance", level=1)
out = qk.report(project, framework=["ksss2022", "carter2015", "kent_medway2025"],
                out="social_licence_report.docx", coder="consensus", agreement=agreement)
out, out.stat().st_size

# %%
import docx

doc = docx.Document(out)
[p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]

# %%
project.close()
