"""page_blocks: one parse of each written page serves every check."""

import pytest
from blinker import signal
from page_blocks import page_blocks

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


def test_the_parsed_page_is_sent_to_other_checks(tmp_path):
    got = []

    def receiver(path, root, context):
        got.append((path, [element.get("id") for element in root.iter() if element.get("id")]))

    signal("page_blocks.page_parsed").connect(receiver)
    try:
        page_blocks.start(None)
        path = written(
            tmp_path, '<div id="disclaimer">Info</div><aside id="crisis-help">Call</aside>'
        )
        page_blocks.check_written_page(path, context(tmp_path))
    finally:
        signal("page_blocks.page_parsed").disconnect(receiver)
    assert got == [(path, ["disclaimer", "crisis-help"])]
    page_blocks.fail_on_missing_blocks(None)


def test_a_page_without_a_block_fails_the_build(tmp_path, caplog):
    page_blocks.start(None)
    path = written(tmp_path, '<div id="disclaimer">Info</div>')
    page_blocks.check_written_page(path, context(tmp_path))
    assert 'page.html: the crisis help (id="crisis-help") is missing' in caplog.text
    with pytest.raises(page_blocks.PageBlocksError, match="1 page\\(s\\) lack the crisis help"):
        page_blocks.fail_on_missing_blocks(None)
