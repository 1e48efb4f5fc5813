# %% [markdown]
# # 1. Familiarisation: load the transcripts and get to know them
#
# Braun and Clarke's first phase is reading and re-reading the data. This notebook loads
# the synthetic focus-group study that ships with qualkit (deliberative groups meeting in
# two sessions, pseudonymous participants; every word written by the qualkit authors), looks at who
# speaks how much, the frequent words and phrases by topic, a keyword in context, and
# checks that nothing identifying is left in the text.

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
import qualkit as qk

corpus = qk.read_transcripts("transcripts_synthetic/")
corpus

# %% [markdown]
# One row per speaker turn. `start` and `end` are character offsets into the transcript's
# plain text: the one coordinate system every coding, quote and export uses.

# %%
u = corpus.utterances
u.head()

# %%
t = corpus.transcripts[0]
row = t.utterances.iloc[3]
assert t.text[row.start:row.end] == row.text
print(t.text[:400])

# %%
corpus.summary()

# %% [markdown]
# ## Who speaks how much
# Words spoken by role in each group: facilitators should not dominate a deliberative group.

# %%
u = u.assign(words=u["text"].str.split().str.len())
u.pivot_table(index="group", columns="role", values="words", aggfunc="sum", fill_value=0)

# %%
per_person = (u[u.role == "participant"].groupby(["group", "speaker"])["words"].sum()
              .groupby("group").describe()[["count", "min", "50%", "max"]])
per_person

# %% [markdown]
# ## Participants
# The attributes follow the marginals of the study's participant table.

# %%
corpus.participants.head()

# %%
corpus.participants["county"].value_counts()

# %% [markdown]
# ## Frequent terms by section
# Lemmas, stop words and facilitator turns excluded by default.

# %%
qk.word_frequencies(corpus, by="section", top=8)

# %%
qk.word_frequencies(corpus, by="section", ngram=2, top=5)

# %% [markdown]
# ## Keyword in context

# %%
qk.kwic(corpus, "sell", lemma=True, window=6).head(10)

# %% [markdown]
# ## Anything identifying left?
# Transcripts should arrive anonymised; the scan checks (NHS numbers with a valid check
# digit, phone numbers, postcodes, emails, dates of birth, titled names ...).

# %%
findings = qk.scan_identifiers(corpus)
print(len(findings), "finding(s)")
findings.head()

# %%
if len(findings):
    display(findings.groupby("kind").size())

# %% [markdown]
# What a finding looks like: a made-up transcript with a slip in it. Names the
# transcriber missed can be passed as `known_names`; a trained spaCy pipeline, when
# installed (`pip install "qualkit[ner]"`), adds named-entity recognition.

# %%
slip = qk.Corpus([qk.Transcript.from_turns("demo", [
    qk.Turn("Facilitator", "Thanks for coming, everyone."),
    qk.Turn("P01", "My GP, Dr Okafor, rang me on 07700 900123 about it."),
    qk.Turn("P02", "I live near ME14 2LX and I'm happy to share."),
])])
qk.scan_identifiers(slip, known_names=["Okafor"], ner=False)

# %% [markdown]
# `qk.redact` returns a new corpus with placeholders that stay consistent within a
# transcript, and a log of what was replaced (without the identifying text):

# %%
clean = qk.redact(slip, known_names=["Okafor"], ner=False)
print(clean["demo"].text)
clean.redaction_log
