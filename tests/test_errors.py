"""Every catalogue template formats, carries its code, and every error is also a built-in."""

import re
import string

import pytest

from qualkit import errors
from qualkit.errors import Errors, Warnings


def _templates(cls):
    return [name for name in vars(cls) if re.fullmatch(r"[QW]\d{3}", name)]


@pytest.mark.parametrize("cls", [Errors, Warnings])
def test_errors_every_template_formats_with_its_code(cls):
    names = _templates(cls)
    assert len(names) >= 2
    for name in names:
        template = getattr(cls, name)
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        text = template.format(**{f: f"<{f}>" for f in fields})
        assert text.startswith(f"[{name}] ")
        for f in fields:
            assert f"<{f}>" in text


def test_errors_codes_are_unique_across_catalogues():
    assert not set(_templates(Errors)) & set(_templates(Warnings))


@pytest.mark.parametrize("name", errors.__all__)
def test_errors_classes_share_the_root(name):
    obj = getattr(errors, name)
    if isinstance(obj, type) and issubclass(obj, Exception) and not issubclass(obj, Warning):
        assert issubclass(obj, errors.QualkitError)
        # every qualkit error is also a built-in exception a caller would catch
        if obj is not errors.QualkitError:
            assert any(b.__module__ == "builtins" and b is not Exception
                       for b in obj.__mro__[1:])


def test_errors_unknown_code_error_prints_plainly():
    err = errors.UnknownCodeError("[Q201] no code 'x'")
    assert str(err) == "[Q201] no code 'x'"
    assert isinstance(err, KeyError)
