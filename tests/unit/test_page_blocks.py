"""page_blocks: one parse of each written page serves every check."""

from types import SimpleNamespace

import pytest
from blinker import signal

from plugins.page_blocks import page_blocks

REQUIRED = {
    "disclaimer": ("the disclaimer banner", "Keep the disclaimer block."),
    "crisis-help": ("the crisis help", "Keep the crisis help block."),
}


def written(tmp_path, body):
    path = tmp_path / "page.html"
    path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")
    return str(path)


def context(tmp_path):
    return {"PAGE_BLOCKS_REQUIRED": REQUIRED, "OUTPUT_PATH": str(tmp_path)}


def test_every_block_is_found_in_one_walk():
    root = page_blocks.parse(
        b'<div id="disclaimer">Info</div><p id="crisis-help"></p><p id="crisis-help">x</p>'
    )
    assert page_blocks.block_problems(root, ["disclaimer", "crisis-help", "other"]) == {
        "disclaimer": None,
        "crisis-help": "appears 2 times",
        "other": "is missing",
    }
    assert page_blocks.block_problems(None, ["disclaimer"]) == {"disclaimer": "is missing"}


def ids_in(path, root, settings):
    return [element.get("id") for element in root.iter() if element.get("id")]


@pytest.mark.parametrize("second_process", [True, False])
def test_other_checks_run_on_the_same_parse_and_their_results_come_back(tmp_path, second_process):
    build = SimpleNamespace(settings={"PAGE_BLOCKS_SECOND_PROCESS": second_process})
    got = []

    def keep(path, results):
        got.append((path, results))

    signal("page_blocks.page_parsed").connect(ids_in)
    signal("page_blocks.page_checked").connect(keep)
    page_blocks.register()
    # One core, or a thread left running by another test, rules the fork out.
    forks = second_process and page_blocks.can_fork()
    try:
        page_blocks.start(build)
        path = written(tmp_path, '<div id="disclaimer">Info</div><p id="crisis-help">Call</p>')
        page_blocks.check_written_page(path, context(tmp_path))
        assert (page_blocks._state["pool"] is not None) == forks
        signal("page_blocks.wait").send(None)
    finally:
        signal("page_blocks.page_parsed").disconnect(ids_in)
        signal("page_blocks.page_checked").disconnect(keep)
        page_blocks.fail_on_missing_blocks(None)
    assert got == [(path, {f"{__name__}.ids_in": ["disclaimer", "crisis-help"]})]
    assert page_blocks._state["pool"] is None


def test_a_page_without_a_block_fails_the_build(tmp_path, caplog):
    page_blocks.start(None)
    path = written(tmp_path, '<div id="disclaimer">Info</div>')
    page_blocks.check_written_page(path, context(tmp_path))
    with pytest.raises(page_blocks.PageBlocksError, match="1 page\\(s\\) lack the crisis help"):
        page_blocks.fail_on_missing_blocks(None)
    assert 'page.html: the crisis help (id="crisis-help") is missing' in caplog.text
