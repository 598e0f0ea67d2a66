"""Markdown <-> BlockNote conversion of rich text bodies (the converter on its own)."""

from __future__ import annotations

from typing import Any

import orjson

from twenty_gql.testing.store.rich_text import (
    blocks_to_markdown,
    complete_rich_text,
    markdown_to_blocks,
)

DEFAULTS = {"textColor": "default", "backgroundColor": "default", "textAlignment": "left"}


def _shape(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blocks without their random ids."""
    return [
        {k: (_shape(v) if k == "children" else v) for k, v in b.items() if k != "id"}
        for b in blocks
    ]


def _text(text: str, **styles: bool) -> dict[str, Any]:
    return {"type": "text", "text": text, "styles": styles}


def test_headings_keep_levels_one_to_three_and_deeper_ones_become_three() -> None:
    blocks = markdown_to_blocks("# One\n\n## Two\n\n### Three\n\n##### Five\n")
    assert [(b["type"], b["props"]["level"]) for b in blocks] == [
        ("heading", 1),
        ("heading", 2),
        ("heading", 3),
        ("heading", 3),
    ]
    assert blocks[0]["props"] == {**DEFAULTS, "level": 1}
    assert blocks[0]["content"] == [_text("One")]


def test_a_paragraph_has_blocknote_ids_default_props_and_styled_inline_content() -> None:
    (block,) = markdown_to_blocks("Plain **bold** *it* ~~gone~~ `x` [site **b**](https://a.io)")
    assert len(block["id"]) == 36 and block["children"] == []
    assert _shape([block]) == [
        {
            "type": "paragraph",
            "props": DEFAULTS,
            "content": [
                _text("Plain "),
                _text("bold", bold=True),
                _text(" "),
                _text("it", italic=True),
                _text(" "),
                _text("gone", strike=True),
                _text(" "),
                _text("x", code=True),
                _text(" "),
                {
                    "type": "link",
                    "href": "https://a.io",
                    "content": [_text("site "), _text("b", bold=True)],
                },
            ],
            "children": [],
        }
    ]


def test_lists_nest_through_children_and_task_items_become_check_list_items() -> None:
    blocks = _shape(markdown_to_blocks("* a\n  * b\n\n1. one\n2. two\n\n- [ ] open\n- [x] done\n"))
    assert [b["type"] for b in blocks] == [
        "bulletListItem",
        "numberedListItem",
        "numberedListItem",
        "checkListItem",
        "checkListItem",
    ]
    assert blocks[0]["children"][0]["type"] == "bulletListItem"
    assert blocks[0]["children"][0]["content"] == [_text("b")]
    assert blocks[3]["props"] == {**DEFAULTS, "checked": False}
    assert blocks[3]["content"] == [_text("open")]
    assert blocks[4]["props"]["checked"] is True


def test_code_blocks_keep_their_language_and_quotes_become_quote_blocks() -> None:
    code, plain, quote = _shape(
        markdown_to_blocks("```python\nprint(1)\n```\n\n```\nx\n```\n\n> said")
    )
    assert code == {
        "type": "codeBlock",
        "props": {"language": "python"},
        "content": [_text("print(1)")],
        "children": [],
    }
    assert plain["props"] == {"language": "text"}
    assert quote["type"] == "quote" and quote["content"] == [_text("said")]


def test_markdown_round_trips_through_blocknote() -> None:
    markdown = (
        "# Title\n\nSome **bold** and [a link](https://x.io).\n\n* one\n  * nested\n* two\n\n"
        "1. first\n2. second\n\n* [x] done\n\n```sql\nselect 1\n```\n\n> quoted\n"
    )
    blocks = markdown_to_blocks(markdown)
    again = blocks_to_markdown(blocks)
    assert _shape(markdown_to_blocks(again)) == _shape(blocks)
    assert "# Title" in again and "**bold**" in again and "[a link](https://x.io)" in again
    assert "```sql\nselect 1\n```" in again and "* [x] done" in again


def test_complete_rich_text_fills_the_missing_side_as_twenty_does() -> None:
    from_markdown = complete_rich_text({"markdown": "Hi **there**"})
    blocks = orjson.loads(from_markdown["blocknote"])
    assert isinstance(from_markdown["blocknote"], str)
    assert blocks[0]["content"] == [_text("Hi "), _text("there", bold=True)]
    from_blocks = complete_rich_text({"blocknote": from_markdown["blocknote"]})
    assert from_blocks["markdown"] == "Hi **there**\n"
    both = complete_rich_text({"markdown": "kept", "blocknote": "[]"})
    assert both == {"markdown": "kept", "blocknote": "[]"}
    assert complete_rich_text({"markdown": "", "blocknote": None}) == {
        "markdown": None,
        "blocknote": None,
    }
    assert complete_rich_text({"blocknote": "not json"})["markdown"] == "not json"
