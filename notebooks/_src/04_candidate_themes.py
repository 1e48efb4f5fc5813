# %% [markdown]
# # 4. Searching for candidate themes
#
# Braun and Clarke's third phase collates codes into potential themes. qualkit offers
# two starting points, both *suggestions* for the research team to discuss, refine and
# name — never the analysis itself:
#
# - **from the codes**: cluster the codes (what their extracts say, their names and
#   definitions, and which codes occur together) into groups of codes;
# - **inductively from the corpus**: cluster the participants' utterances themselves,
#   without any codes, as a check on what the codebook may have missed.
#
# Each candidate comes with its top terms, representative quotes attributed like
# "(FG2, P14)", its prevalence across groups and participants, and a stability score
# (how often the same extracts cluster together when the data are resampled).

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

corpus = qk.read_transcripts("transcripts_synthetic/")
for suffix in ("", "-wal", "-shm"):
    Path("themes.qkproj" + suffix).unlink(missing_ok=True)
project = qk.Project.create("themes.qkproj")
project.add_corpus(corpus)
project.set_codebook(qk.Codebook.read("codebooks/kss_social_licence.yaml"))
for coder in ("KS", "KG"):
    project.import_codings(f"transcripts_synthetic/codings_{coder}.csv", coder=coder)

# the two coders' work merged into one consensus coding (see notebook 3)
rec = qk.reconcile(project, ("KS", "KG"), rule="union", who="KS")
project.codings().groupby("coder").size()

# %% [markdown]
# ## Candidate themes from the codes
# `unit="coding"` clusters the codes used by the consensus coder. `n_bootstrap` sets how
# many resamples the stability score uses: a handful is enough to look around; use the
# default (or more) for the record.

# %%
cands = qk.suggest_themes(project, unit="coding", coder="consensus", n_bootstrap=5,
                          random_state=0)
cands

# %%
cands.table[["theme", "label_terms", "codes", "n_extracts", "n_groups", "n_participants",
             "stability", "section"]]

# %% [markdown]
# How the number of themes was chosen: the silhouette of each number tried (the
# highest wins unless `n_themes=` is given).

# %%
cands.selection

# %% [markdown]
# Representative quotes, nearest the middle of each theme and drawn from different
# groups where possible:

# %%
q = cands.quotes(2)
pd.set_option("display.max_colwidth", 90)
q[["theme", "rank", "attribution", "text"]]

# %% [markdown]
# ## The thematic map
# Themes placed by how similar they are, labelled with their top codes or terms and
# coloured by the topic of the discussion they mostly come from.

# %%
ax = cands.plot()

# %% [markdown]
# ## Inductive candidates from the corpus
# The same search on the participants' utterances, with no codes at all. Useful as a
# check: a cluster that matches no code may point at something the codebook misses.

# %%
inductive = qk.suggest_themes(corpus, unit="utterance", n_bootstrap=3, random_state=0)
inductive

# %%
inductive.table[["theme", "label_terms", "n_extracts", "n_groups", "stability",
                 "merge_with", "section"]]

# %%
ax = inductive.plot()

# %% [markdown]
# ## Naming a theme
# A candidate the team agrees on is accepted into the project with a name and a
# definition; its codes go with it, and the decision is in the audit trail. Here the
# most stable candidate is accepted under a working name.

# %%
best = cands.table.sort_values("stability", ascending=False).iloc[0]
print("codes:", best.codes, "| terms:", best.label_terms)
# in a real study the team reads the theme's extracts first; here a working name
name = f"{best.label_terms.split(', ')[0].capitalize()} (working name)"
theme_id = cands.accept(int(best.theme), name=name,
                        definition="Working definition, to be refined against the data: "
                        + best.label_terms, who="KS")
project.add_memo("theme", theme_id, "Named after the team meeting; check the quotes "
                 "from every group before the write-up.", author="KS")
project.themes()

# %% [markdown]
# ## How close are the candidates to the published analysis?
# The synthetic study ships the themes its authors wrote each extract for
# (`gold_themes.csv`). `qk.evaluate_themes` matches every clustered extract to the
# gold extract it overlaps and reports the adjusted Rand index, normalised mutual
# information and V-measure (1 = the same partition, about 0 = no better than chance).

# %%
gold = pd.read_csv("transcripts_synthetic/gold_themes.csv")
pd.concat({"from codes": qk.evaluate_themes(cands, gold),
           "from the corpus": qk.evaluate_themes(inductive, gold)}).droplevel(1)

# %%
project.close()
