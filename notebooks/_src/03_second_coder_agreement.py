# %% [markdown]
# # 3. A second coder: agreement and reconciliation
#
# In the study this toolkit is modelled on, one researcher coded everything and a second
# checked the coding and coded more data within the same structure. This notebook
# imports two coders' codings (KS and KG) of the same transcripts, measures how far they
# agree code by code, shows where they disagree with the text in front of you, and
# reconciles the two into a consensus coding.
#
# A word on method: *reflexive* thematic analysis does not ask for inter-rater agreement
# (the researcher's subjectivity is a resource, not a bias); codebook and
# coding-reliability approaches do. Use what follows when your approach calls for it —
# and in any case the disagreements are a good prompt for the team's discussion.

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
import numpy as np
import pandas as pd

import qualkit as qk
from qualkit import agreement

pd.set_option("display.max_colwidth", 90)

for suffix in ("", "-wal", "-shm"):
    Path("agreement.qkproj" + suffix).unlink(missing_ok=True)
project = qk.Project.create("agreement.qkproj")
project.add_corpus(qk.read_transcripts("transcripts_synthetic/"))
project.set_codebook(qk.Codebook.read("codebooks/kss_social_licence.yaml"))

# %% [markdown]
# ## Two coders' codings
# Each coder's codings are a CSV file with `transcript_id, start, end, code_id` (and
# optionally `memo`): character offsets into the transcripts' text, as every export in
# qualkit writes them. A bad row stops the import with its row number; nothing is stored.

# %%
for coder in ("KS", "KG"):
    project.import_codings(f"transcripts_synthetic/codings_{coder}.csv", coder=coder)
codings = project.codings()
codings.groupby("coder").agg(codings=("coding_id", "size"), codes=("code_id", "nunique"),
                             transcripts=("transcript_id", "nunique"))

# %% [markdown]
# ## Agreement code by code
# The unit matters. In a deliberative group a turn is a natural unit: for each utterance
# and each code, did each coder apply the code (anywhere in it) or not? `level=1` rolls
# sub-codes up to their theme first, which is usually the level at which agreement is
# reported. Each kappa comes with its standard error, 95 % interval and p-value (Gwet's
# formulas, as irrCAC prints them), and its level on Landis and Koch's scale, judged with
# the standard error (Gwet's 95 % benchmarking: a kappa whose interval reaches down into
# "moderate" is called moderate). `ci=True` adds a bootstrap interval beside it
# (resampling utterances; a few hundred resamples are plenty for a report — fewer keep
# this notebook quick).

# %%
rep = qk.compare_coders(project, coders=("KS", "KG"), unit="utterance", level=1, ci=True,
                        n_boot=100)
rep.by_code[["code_id", "code_name", "n_a", "n_b", "percent_agreement", "kappa", "se",
             "ci_low", "ci_high", "boot_ci_low", "boot_ci_high", "alpha", "ac1",
             "interpretation", "note"]]

# %% [markdown]
# Per category: within each semantic domain (a codebook root), Fleiss' kappa for each
# code judged present or absent — it applies even when an utterance carries several
# codes — and, where every coder gave each utterance at most one code of the domain, the
# domain's kappa over all its codes (otherwise the note says how many utterances carry
# several).

# %%
rep.by_category[["domain", "category", "share", "kappa", "ci_low", "ci_high",
                 "cohen_kappa", "note"]].head(12)

# %% [markdown]
# Percentage agreement is inflated by all the utterances neither coder coded; kappa,
# Scott's pi and Krippendorff's alpha correct for chance; Gwet's AC1 and Brennan-Prediger
# behave better when a code is rare. A code no coder (or every coder) used gets no value
# and says why in `note` — never a silent 0 or 1. Pooled over every code:

# %%
rep.overall.T

# %% [markdown]
# The same by transcript, as a heatmap: where (and for which codes) the coders part ways.

# %%
ax = rep.plot("kappa")

# %% [markdown]
# ## The disagreements, with their text
# What the team talks through: each unit where one coder applied a code and the other
# did not.

# %%
dis = rep.disagreements()
print(len(dis), "disagreements")
dis.head(8)

# %%
worst = rep.by_code.dropna(subset=["kappa"]).sort_values("kappa").iloc[0].code_id
rep.disagreements(worst).head(5)

# %% [markdown]
# ## Character by character, as NVivo does it
# NVivo's coding comparison query counts characters: per code and source, the characters
# both coders coded, only one did, or neither, with percentage agreement and kappa.
# `unit="character"` reproduces it (so NVivo's numbers can be checked), and adds pooled
# counts per code across transcripts — not an average of kappas. `coded_only=True`
# measures on coded text only, so the large uncoded remainder does not dominate.

# %%
nv = qk.compare_coders(project, coders=("KS", "KG"), unit="character")
nv.by_transcript[["code_id", "transcript_id", "both", "a_only", "b_only", "neither",
                  "percent_agreement", "kappa"]].head(10)

# %%
pd.concat({
    "all text": nv.by_code.set_index("code_id")[["percent_agreement", "kappa"]],
    "coded text only": qk.compare_coders(project, coders=("KS", "KG"), unit="character",
                                         coded_only=True)
    .by_code.set_index("code_id")[["percent_agreement", "kappa"]],
}, axis=1).head(10)

# %% [markdown]
# ## Unitizing, as ATLAS.ti does it
# When coders mark their own stretches of text there are no shared units to rate.
# Krippendorff's unitizing alphas work on the character continuum itself (all transcripts
# end to end): `|u_alpha` asks whether the coders mark the same stretches at all,
# `cu_alpha` whether they give them the same code where both marked, per *semantic
# domain* (a codebook root here); `Cu_alpha` asks the same of the domains. ATLAS.ti wants
# the codes of a domain never to overlap; qualkit computes anyway and says where they do.

# %%
fam = nv.unitizing
fam[fam["coefficient"] != "(k)u_alpha"][["domain", "coefficient", "alpha", "n_units"]]

# %% [markdown]
# MAXQDA's segment criterion is there too (`unit="segment"`: a segment matches when the
# other coder coded the same code over most of it, `overlap=0.9` by default).

# %%
seg = qk.compare_coders(project, coders=("KS", "KG"), unit="segment")
seg.overall

# %% [markdown]
# ## The coefficients themselves
# `qualkit.agreement` has the coefficients for any ratings, not only codings. Ratings
# are shaped `(n_coders, n_units)`, with `np.nan` for a missing rating. Here, four
# coders rate twelve units on a five-point scale, with gaps — Krippendorff's own
# worked example:

# %%
ratings = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan],
])
pd.Series({level: agreement.krippendorff_alpha(ratings, level=level)
           for level in ("nominal", "ordinal", "interval", "ratio")}, name="alpha")

# %% [markdown]
# Two coders with complete ratings: Cohen's kappa (optionally weighted, for ordered
# categories) beside the multi-coder coefficients.

# %%
a = np.array([1, 2, 3, 3, 2, 1, 4, 1, 2, 5, 1, 3])
b = np.array([1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 1, 4])
pair = np.vstack([a, b])
pd.Series({
    "percent agreement": agreement.percent_agreement(pair),
    "Cohen's kappa": agreement.cohen_kappa(a, b),
    "Cohen's kappa (quadratic weights)": agreement.cohen_kappa(a, b, weights="quadratic"),
    "Scott's pi": agreement.scott_pi(pair),
    "Fleiss' kappa": agreement.fleiss_kappa(pair),
    "Gwet's AC1": agreement.gwet_ac1(pair),
    "Brennan-Prediger": agreement.brennan_prediger(pair),
    "Krippendorff's alpha": agreement.krippendorff_alpha(pair),
})

# %% [markdown]
# `agreement.summary` puts them side by side with their standard errors, intervals and
# p-values, the weights and missing-data rule each used, and a named benchmark; with
# missing ratings, `missing="gwet"` gives Cohen's kappa by Gwet's rule (each coder's
# marginals over every unit it rated) instead of dropping incomplete units.

# %%
agreement.summary(ratings[[1, 3]], categories=[1, 2, 3, 4, 5], weights="quadratic",
                  alpha_level="interval")[["coefficient", "value", "se", "ci_low",
                                           "ci_high", "p_value", "interpretation"]]

# %% [markdown]
# ## Reconciling
# `reconcile` makes a consensus coder from the two: stretches both coded are kept, and
# each disagreement is resolved by a rule — `"union"` (keep what either coded),
# `"intersection"` (agreements only), `"prefer:KS"` (the lead coder's where they differ)
# or `"manual"` (keep agreements and list the rest for a person). Every consensus span
# says where it came from.

# %%
manual = qk.reconcile(project, ("KS", "KG"), rule="manual", store=False)
print(len(manual.codings), "agreed stretches;", len(manual.pending), "left for discussion")
manual.pending.head(5)

# %%
rec = qk.reconcile(project, ("KS", "KG"), rule="union", who="KS")
rec.codings.groupby("provenance").size()

# %% [markdown]
# ### Side by side, decision by decision
# A rule is a start; a team decides case by case. In JupyterLab,
# `qk.widgets.Reconciler` lists every stretch where the two coders differ (character by
# character, as here, or `unit="utterance"` turn by turn) with its text, the codes each
# coder gave it, and what the consensus holds. One click or key decides: `1` takes KS's
# codes there, `2` KG's, `3` both, `0` neither; `j`/`k` move, `n` goes to the next
# undecided one, `g` keeps every agreement. Each decision is written at once as codings
# of the coder `consensus` with their provenance — the same store `reconcile` writes, so
# the union above already reads as decided, and a change of mind replaces it. A decision
# that writes nothing is kept as a memo on the transcript, so the reconciler reopens
# where the team left off.

# %%
rec_view = qk.widgets.Reconciler(project, coders=("KS", "KG"), transcript_id="fg1_session1")
rec_view

# %% [markdown]
# The same from code: the first difference, decided for KS instead of the union.

# %%
first = int(rec_view.items.query("kind == 'differ'")["item"].iloc[0])
print(rec_view.items.loc[first, ["status", "codes_a", "codes_b", "text"]].to_dict())
rec_view.decide(first, "KS")
rec_view.items.loc[first, "status"], rec_view.summary()

# %% [markdown]
# The consensus codings are in the project under the coder `consensus`, with the
# reconciliation in the audit trail; the next notebooks build themes from them.

# %%
project.codings().groupby("coder").size()

# %%
Path("tables").mkdir(exist_ok=True)
rep.to_xlsx("tables/agreement_by_theme.xlsx")
rep.to_docx("tables/agreement_by_theme.docx")
project.audit_log()[["who", "action", "target"]].tail(3)

# %% [markdown]
# The reconciler above keeps writing to `agreement.qkproj` while it is on screen, so the
# project stays open; `project.close()` when you are done (a widget whose project was
# closed opens the file again at its next click).
