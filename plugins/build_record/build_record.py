"""The build record: what the build learnt, written beside the site for `invoke check`.

Data flows one way: content -> build -> output/ plus this record -> check ->
publish. The check must not read content/ again, so each plugin writes down
here, while it works, the facts the check needs:

* ``note_page(content, **facts)``: facts about one source file (its output
  page, citations, review dates and status, line numbers ...);
* ``note(section, value)``: site-wide facts (the helplines' dates, the
  library's uncited entries ...);
* ``add_problem(problem)``: warnings that do not fail the build but that
  ``invoke check`` lists (``--strict`` fails on them);

At ``finalized`` the record is written as JSON to ``record_path(OUTPUT_PATH)``,
``<output>.record.json`` beside the output folder, never inside it, so it is
never published. sitebuild.build moves it with the output it describes.
``read_record(output)`` is the check's side: a missing record, or one older
than any file of the output, is an error that says how to fix it.
"""

import json
import os
from pathlib import Path

from guidelib import Problem, ProblemsError, relative, write_whole

VERSION = 1

_record = {}
# source -> the content object last noted for it, whose page is named when
# the record is written: Pelican works its save_as out anew at every call.
_contents = {}


class RecordError(ProblemsError):
    """The build record is missing, stale or unreadable."""


def record_path(output):
    """Where the record of the site in folder ``output`` lives."""
    output = Path(output)
    return output.with_name(f"{output.name}.record.json")


def reset():
    """Forget what an earlier build in this process recorded."""
    _record.clear()
    _record.update(version=VERSION, pages={}, sections={}, problems=[])
    _contents.clear()


reset()


def note_page(content, **facts):
    """Record ``facts`` about the content object (or source path) ``content``."""
    source = relative(getattr(content, "source_path", content))
    page = _record["pages"].setdefault(source, {"source": source})
    if not isinstance(content, str | os.PathLike):
        _contents[source] = content
    page.update(facts)


def note(section, value):
    """Record a site-wide fact, such as the helplines' dates."""
    _record["sections"][section] = value


def add_problem(problem):
    """Record a warning for `invoke check`; it does not fail the build."""
    _record["problems"].append({**problem.as_dict(), "path": relative(problem.path)})


# compact JSON -> the same value as indented JSON, for the items of the
# record's lists: a live preview writes the record on every save, and
# json.dumps with an indent runs in pure Python (a third of a second for a
# thousand chapters), while most pages are as they were at the last build.
_indented = {}
_COMPACT = json.JSONEncoder(sort_keys=True, default=str)
_INDENT = json.JSONEncoder(indent=1, sort_keys=True, default=str)


def _item_text(value):
    compact = _COMPACT.encode(value)
    text = _indented.get(compact)
    if text is None:
        text = _INDENT.encode(value)
    return compact, text


def dumps(data):
    """``json.dumps(data, indent=1, sort_keys=True, default=str)``, byte for byte.

    ``data`` is a dict of str keys. Each item of its lists is turned into
    JSON once and kept: JSON text holds no raw line break, so an item's text
    is moved to its depth by indenting each of its lines.
    """
    kept, parts = {}, []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            items = []
            for item in value:
                compact, text = _item_text(item)
                kept[compact] = text
                items.append("  " + text.replace("\n", "\n  "))
            shown = "[\n" + ",\n".join(items) + "\n ]"
        else:
            shown = _INDENT.encode(value).replace("\n", "\n ")
        parts.append(f" {json.dumps(key)}: {shown}")
    _indented.clear()
    _indented.update(kept)
    return "{\n" + ",\n".join(parts) + "\n}" if parts else "{}"


def write_record(pelican):
    path = record_path(pelican.output_path)
    for source, content in _contents.items():
        save_as = getattr(content, "save_as", None)
        if save_as:
            _record["pages"][source]["output"] = save_as
    data = {**_record, "pages": [_record["pages"][key] for key in sorted(_record["pages"])]}
    write_whole(path, dumps(data))
    reset()


def _newest_file(folder):
    newest = 0
    for root, _, names in os.walk(folder):
        for name in names:
            newest = max(newest, os.stat(os.path.join(root, name)).st_mtime_ns)
    return newest


def read_record(output):
    """The record of the site built in ``output``; RecordError when it cannot be trusted."""
    path = record_path(output)
    shown = relative(path)
    rebuild = "build the site again with `invoke build` (or `invoke preview`), then check"
    try:
        stamp = os.stat(path).st_mtime_ns
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise RecordError(
            [Problem(shown, f"no build record for {relative(output)}", hint=rebuild)]
        ) from None
    except (OSError, ValueError) as error:
        raise RecordError(
            [Problem(shown, f"cannot read the build record: {error}", hint=rebuild)]
        ) from None
    if data.get("version") != VERSION:
        raise RecordError(
            [Problem(shown, "the build record is from another version", hint=rebuild)]
        )
    if _newest_file(output) > stamp:
        raise RecordError(
            [Problem(shown, f"the build record is older than {relative(output)}/", hint=rebuild)]
        )
    return data


def register():
    # Nothing is reset at `initialized`: plugins listed before this one may
    # record facts there. The record is emptied once written, and the build
    # runner empties it before each build (a failed build never writes it).
    from pelican import signals  # here: `invoke check` reads records without Pelican

    signals.finalized.connect(write_record)
