"""A tiny sentence grammar for the synthetic study: alternations, slots, pronouns, no repeats.

Templates are plain text with three kinds of markup:

- ``[a|b|c]`` picks one alternative (alternatives may nest; ``[|x]`` makes ``x`` optional);
- ``{name}`` expands a slot: one entry of ``slots[name]``, itself a template;
- ``{he}``, ``{him}``, ``{his}``, ``{himself}`` (and ``{He}``, ``{His}``) agree with the last
  person a slot named in :data:`PERSON_SLOTS` produced (an entry ``("my mum", "f")``).

:class:`Composer` renders templates with one seeded ``random.Random`` and remembers every
sentence it has given out, so that no sentence of four words or more is ever said twice.

Examples
--------
>>> import random
>>> c = Composer(random.Random(1), {"kin": [("my mum", "f"), ("my dad", "m")]})
>>> s = c.sentence(["{kin} says {he} [never|hardly ever] sees the same doctor twice."])
>>> s.startswith("My ") and s.endswith(" twice.")
True
>>> c.sentence(["Yes."]) == c.sentence(["Yes."])  # short answers may repeat
True
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence

__all__ = ["Composer", "PERSON_SLOTS", "sentence_key", "split_sentences", "capitalise"]

#: slots whose entries are ``(words, gender)`` and bind the pronouns
PERSON_SLOTS = frozenset({"kin", "someone", "kin_or_someone", "kin_old", "child"})

_PRONOUNS = {
    "he": {"m": "he", "f": "she"},
    "him": {"m": "him", "f": "her"},
    "his": {"m": "his", "f": "her"},
    "himself": {"m": "himself", "f": "herself"},
}

_KEY_DROP = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_SENT_END = re.compile(r"(?<=[.!?])\s+")
_ARTICLE = re.compile(r"\b([Aa]) (?=([A-Za-z][\w-]*))")
_AN_WORDS = ("X-ray", "MRI", "ECG", "NHS", "A and E", "hour", "honest", "MP")


def _article(m: re.Match[str]) -> str:
    word = m.group(2)
    low = word.lower()
    if low == "and":  # "A and E"
        return m.group(0)
    vowel = low[0] in "aeio" and not low.startswith(("one", "once", "eu"))
    vowel = vowel or (low.startswith(("un", "um")) and not low.startswith("uni"))
    if vowel or word.startswith(_AN_WORDS):
        return m.group(1) + "n "
    return m.group(0)


def sentence_key(text: str) -> str:
    """The form two sentences are compared in: lower case, letters, digits and spaces.

    >>> sentence_key("Well -- it's  GOOD, isn't it?")
    'well its good isnt it'
    """
    return _SPACES.sub(" ", _KEY_DROP.sub("", text.lower().replace("\u2019", "'"))).strip()


def split_sentences(text: str) -> list[str]:
    """Split running speech after ``.``, ``!`` or ``?`` followed by white space.

    >>> split_sentences("Yeah. I think so, really! Do you?")
    ['Yeah.', 'I think so, really!', 'Do you?']
    """
    return [s for s in _SENT_END.split(text.strip()) if s]


def capitalise(text: str) -> str:
    """Upper-case the first letter, leaving the rest alone.

    >>> capitalise("my mum said so.")
    'My mum said so.'
    """
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
    return text


def _split_top(body: str) -> list[str]:
    """Split ``a|b[c|d]|e`` at the ``|`` that are not inside brackets."""
    parts, depth, cur = [], 0, []
    for ch in body:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


class Composer:
    """Render templates deterministically, never giving out the same long sentence twice.

    Parameters
    ----------
    rng : random.Random
        The one source of randomness.
    slots : mapping
        Slot name to a list of templates (or ``(template, gender)`` for person slots).
    min_words : int, default=4
        Sentences shorter than this may repeat ("Yeah.", "Good point.").
    """

    def __init__(self, rng: random.Random, slots: Mapping[str, Sequence[object]],
                 min_words: int = 4) -> None:
        self.rng = rng
        self.slots = dict(slots)
        self.min_words = min_words
        self.used: set[str] = set()
        self.uses: Counter[str] = Counter()
        #: templates that gave nothing new in many tries
        self.spent: set[str] = set()
        #: templates used since :meth:`forget_recent`; others are preferred
        self.recent: set[str] = set()
        self._gender = "f"
        self._taken: dict[str, set[int]] = {}

    # ------------------------------------------------------------------ expansion
    def expand(self, template: str) -> str:
        """Expand alternations, slots and pronouns, left to right."""
        out: list[str] = []
        i, n = 0, len(template)
        while i < n:
            ch = template[i]
            if ch == "[":
                depth, j = 1, i + 1
                while depth:
                    if j >= n:
                        raise ValueError(f"unbalanced '[' in template {template!r}")
                    depth += {"[": 1, "]": -1}.get(template[j], 0)
                    j += 1
                out.append(self.expand(self.rng.choice(_split_top(template[i + 1:j - 1]))))
                i = j
            elif ch == "{":
                j = template.index("}", i)
                out.append(self._slot(template[i + 1:j]))
                i = j + 1
            else:
                j = i
                while j < n and template[j] not in "[{":
                    j += 1
                out.append(template[i:j])
                i = j
        return "".join(out)

    def _slot(self, name: str) -> str:
        low = name.lower()
        if low in _PRONOUNS:
            word = _PRONOUNS[low][self._gender]
            return capitalise(word) if name[0].isupper() else word
        entries = self.slots.get(name)
        if not entries:
            raise KeyError(f"no slot {name!r}")
        taken = self._taken.setdefault(name, set())
        fresh = [i for i in range(len(entries)) if i not in taken] or list(range(len(entries)))
        k = self.rng.choice(fresh)
        taken.add(k)
        entry = entries[k]
        if name in PERSON_SLOTS:
            words, gender = entry  # type: ignore[misc]
            text = self.expand(str(words))
            self._gender = str(gender)
            return text
        return self.expand(str(entry))

    # ------------------------------------------------------------------ sentences
    @staticmethod
    def tidy(text: str) -> str:
        """Mend spacing and punctuation left by empty alternatives; capitalise."""
        text = _SPACES.sub(" ", text).strip()
        text = re.sub(r"\s+([,.?!])", r"\1", text)
        text = re.sub(r",(?=[,.?!])", "", text)
        text = re.sub(r"([.?!])[.]", r"\1", text)
        text = _ARTICLE.sub(_article, text)
        return capitalise(text)

    def fresh(self, template: str, tries: int = 40) -> str | None:
        """One rendering of ``template`` not given out before, or ``None``."""
        if template in self.spent:
            return None
        if "[" not in template and "{" not in template:
            tries = 1  # one wording only
        for _ in range(tries):
            self._taken = {}
            s = self.tidy(self.expand(template))
            keys = [k for k in map(sentence_key, split_sentences(s))
                    if len(k.split()) >= self.min_words]
            if len(set(keys)) == len(keys) and not self.used.intersection(keys):
                self.used.update(keys)
                return s
        self.spent.add(template)
        return None

    def sentence(self, templates: Sequence[str], tries: int = 40,
                 avoid: set[str] | None = None) -> str | None:
        """A fresh sentence from the least used of ``templates``; ``None`` if all are spent.

        Templates in ``avoid`` are not used, and the one used is added to it.
        """
        order = [t for t in templates if avoid is None or t not in avoid]
        self.rng.shuffle(order)
        order.sort(key=lambda t: (t in self.recent, self.uses[t]))
        for t in order:
            s = self.fresh(t, tries)
            if s is not None:
                self.uses[t] += 1
                self.recent.add(t)
                if avoid is not None:
                    avoid.add(t)
                return s
        return None

    def forget_recent(self) -> None:
        """Start a new stretch (a transcript) in which every template is new again."""
        self.recent.clear()

    def claim(self, text: str) -> bool:
        """Mark a sentence written outside the composer as used; False if it was already."""
        keys = [k for k in map(sentence_key, split_sentences(text))
                if len(k.split()) >= self.min_words]
        if len(set(keys)) < len(keys) or self.used.intersection(keys):
            return False
        self.used.update(keys)
        return True
