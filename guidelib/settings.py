"""One way to read a plugin's settings: a frozen dataclass, checked at start-up.

A plugin declares its settings as a frozen dataclass whose fields are the
setting names without the prefix, in lower case, with their types and
defaults::

    @dataclass(frozen=True)
    class Config:
        PREFIX: ClassVar[str] = "CITATIONS_"
        style: str = "american-medical-association"

``read_plugin_settings(settings, Config)`` returns a ``Config`` from Pelican's
settings, or raises ``SettingsError`` listing every setting that has the
wrong type, fails its field's ``check``
(``field(metadata={"check": fn, "example": "NAME = value"})``, where
``fn(value)`` returns what is wrong or None) or is not known at all (with
the closest known name). Each problem names the setting and the settings
file it is in.
"""

import dataclasses
import difflib
import types
import typing

from .problems import Problem, ProblemsError

SETTINGS_FILE = "SETTINGS_FILE"  # set by sitebuild.build: the file the settings came from


class SettingsError(ProblemsError):
    """Settings a plugin cannot use."""


def _type_ok(value, expected):
    origin = typing.get_origin(expected) or expected
    if origin is typing.Union or origin is types.UnionType:
        return any(_type_ok(value, arg) for arg in typing.get_args(expected))
    if expected is type(None):
        return value is None
    if origin is bool:
        return isinstance(value, bool)
    if origin in (int, float):
        return isinstance(value, (int, float) if origin is float else int) and not isinstance(
            value, bool
        )
    if origin in (tuple, list):
        (item,) = typing.get_args(expected)[:1] or (object,)
        return isinstance(value, (tuple, list)) and all(
            item is object or _type_ok(element, item) for element in value
        )
    if origin is dict:
        return isinstance(value, dict)
    return isinstance(value, origin)


def _type_name(expected):
    origin = typing.get_origin(expected) or expected
    if origin in (tuple, list):
        (item,) = typing.get_args(expected)[:1] or (object,)
        return f"a list of {_type_name(item)}"
    if origin is typing.Union or origin is types.UnionType:
        return " or ".join(_type_name(arg) for arg in typing.get_args(expected))
    names = {
        bool: "True or False",
        int: "a whole number",
        float: "a number",
        str: "text",
        dict: "a dict",
        type(None): "None",
    }
    return names.get(origin, getattr(origin, "__name__", str(origin)))


def _line_in(path, name):
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.lstrip().startswith(name):
                    return number
    except OSError:
        pass
    return None


def _example(spec):
    """The hint for a bad setting: an example assignment, as the field gives it."""
    example = spec.metadata.get("example", "")
    return f"for example: {example}" if example else ""


def read_plugin_settings(settings, config_class):
    """Return ``config_class`` filled from ``settings``; raise SettingsError if any is bad."""
    prefix = config_class.PREFIX
    hints = typing.get_type_hints(config_class)
    fields = {f"{prefix}{f.name.upper()}": f for f in dataclasses.fields(config_class)}
    where = str(settings.get(SETTINGS_FILE) or "pelicanconf.py")
    problems, values = [], {}

    def problem(name, message, hint=""):
        problems.append(Problem(where, message, line=_line_in(where, name), hint=hint))

    for name in settings:
        if name.startswith(prefix) and name not in fields:
            close = difflib.get_close_matches(name, list(fields), n=1)
            hint = f"did you mean {close[0]}?" if close else f"known settings: {', '.join(fields)}"
            problem(name, f"unknown setting {name}", hint)
    for name, spec in fields.items():
        if name not in settings:
            continue
        value = settings[name]
        expected = hints[spec.name]
        if not _type_ok(value, expected):
            problem(
                name,
                f"{name} must be {_type_name(expected)}, not {value!r}",
                _example(spec),
            )
            continue
        check = spec.metadata.get("check")
        message = check(value) if check else None
        if message:
            problem(name, f"{name} {message}", _example(spec))
            continue
        values[spec.name] = tuple(value) if isinstance(value, list) else value
    if problems:
        raise SettingsError(problems)
    return config_class(**values)
