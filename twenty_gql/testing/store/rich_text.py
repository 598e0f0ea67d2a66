"""Rich text bodies as Twenty stores them: markdown and a BlockNote document, each computed
from the other when only one is written.

Facts and their sources:

- ``transform-rich-text-v2.util.ts`` (twenty-server, ``core-modules/record-transformer``):
  on every write of a ``RICH_TEXT_V2`` value, ``markdown = input.markdown ||
  blocksToMarkdownLossy(JSON.parse(input.blocknote))`` and ``blocknote = input.blocknote ||
  JSON.stringify(tryParseMarkdownToBlocks(input.markdown))`` (BlockNote's
  ``ServerBlockNoteEditor``); an empty string counts as absent, and ``blocknote`` is stored
  as a JSON *string*.
- BlockNote's block shape (``@blocknote/core``, ``blocks/defaultProps.ts`` and each block's
  prop schema): ``{id, type, props, content, children}``; ``defaultProps`` are ``textColor``
  and ``backgroundColor`` ``"default"`` and ``textAlignment`` ``"left"``; a heading adds
  ``level`` (1-3 in the BlockNote Twenty pins, so deeper markdown headings become level 3), a
  check list item ``checked``; a code block has only ``language``
  (``CodeBlockContent.ts``; ``"text"`` when the fence names none) and plain-text content.
- Inline content: ``{"type": "text", "text", "styles"}`` with the styles ``bold``, ``italic``,
  ``strike``, ``code``; links are ``{"type": "link", "href", "content": [text...]}``.

Markdown is parsed with markdown-it (CommonMark plus strikethrough), never with hand-written
patterns; the markdown written back is CommonMark that parses to the same blocks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import orjson
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

__all__ = ["blocks_to_markdown", "complete_rich_text", "markdown_to_blocks"]

Block = dict[str, Any]
Inline = dict[str, Any]

_PARSER = MarkdownIt("commonmark").enable("strikethrough")
_DEFAULT_PROPS = {"textColor": "default", "backgroundColor": "default", "textAlignment": "left"}
#: a quote block carries colours only (no alignment)
_QUOTE_PROPS = {"textColor": "default", "backgroundColor": "default"}
_MAX_HEADING = 3
_STYLE_OF_TAG = {"strong": "bold", "em": "italic", "s": "strike"}
_MARKERS = (("code", "`"), ("bold", "**"), ("italic", "*"), ("strike", "~~"))
_UNCHECKED, _CHECKED = "[ ] ", "[x] "


def complete_rich_text(value: dict[str, Any]) -> dict[str, Any]:
    """A written ``{markdown?, blocknote?}`` as Twenty stores it, each side filled in."""
    markdown = value.get("markdown") or None
    blocknote = value.get("blocknote") or None
    if markdown is None and blocknote is not None:
        try:
            markdown = blocks_to_markdown(orjson.loads(blocknote))
        except (orjson.JSONDecodeError, TypeError, KeyError, AttributeError):
            markdown = blocknote  # Twenty keeps the raw value when the conversion fails
    elif blocknote is None and markdown is not None:
        blocknote = orjson.dumps(markdown_to_blocks(markdown)).decode()
    return {**value, "markdown": markdown, "blocknote": blocknote}


# -- markdown -> BlockNote --------------------------------------------------------------------
def markdown_to_blocks(markdown: str) -> list[Block]:
    """BlockNote blocks for a markdown document (``tryParseMarkdownToBlocks``)."""
    root = SyntaxTreeNode(_PARSER.parse(markdown))
    return [block for node in root.children for block in _blocks(node)]


def _block(kind: str, props: dict[str, Any], content: list[Inline], children: list[Block]) -> Block:
    return {
        "id": str(uuid.uuid4()),
        "type": kind,
        "props": props,
        "content": content,
        "children": children,
    }


def _blocks(node: SyntaxTreeNode) -> Iterator[Block]:
    if node.type == "paragraph":
        yield _block("paragraph", dict(_DEFAULT_PROPS), _inline_of(node), [])
    elif node.type == "heading":
        level = min(int(node.tag[1:]), _MAX_HEADING)
        yield _block("heading", {**_DEFAULT_PROPS, "level": level}, _inline_of(node), [])
    elif node.type in ("bullet_list", "ordered_list"):
        for item in node.children:
            yield _list_item(item, ordered=node.type == "ordered_list")
    elif node.type in ("fence", "code_block"):
        language = node.info.strip().split(" ")[0] if node.info.strip() else "text"
        code = node.content.removesuffix("\n")
        yield _block("codeBlock", {"language": language}, _text(code, {}) if code else [], [])
    elif node.type == "blockquote":
        for child in node.children:
            for block in _blocks(child):
                if block["type"] == "paragraph":
                    block["type"] = "quote"
                    block["props"] = _QUOTE_PROPS.copy()
                yield block
    elif node.type == "html_block":
        yield _block("paragraph", dict(_DEFAULT_PROPS), _text(node.content.strip(), {}), [])
    # hr: BlockNote's lossy import has no divider in the version Twenty pins; dropped


def _list_item(item: SyntaxTreeNode, *, ordered: bool) -> Block:
    """A list item: its first paragraph is the content, what follows becomes children."""
    nodes = list(item.children)
    content: list[Inline] = []
    if nodes and nodes[0].type == "paragraph":
        content = _inline_of(nodes.pop(0))
    rest = nodes
    children = [block for node in rest for block in _blocks(node)]
    if ordered:
        return _block("numberedListItem", dict(_DEFAULT_PROPS), content, children)
    checked = _task_marker(content)
    if checked is None:
        return _block("bulletListItem", dict(_DEFAULT_PROPS), content, children)
    return _block("checkListItem", {**_DEFAULT_PROPS, "checked": checked}, content, children)


def _task_marker(content: list[Inline]) -> bool | None:
    """``[ ] `` / ``[x] `` opening a bullet item's text (GFM task list); removed from it."""
    if not content or content[0]["type"] != "text":
        return None
    text: str = content[0]["text"]
    for marker, checked in ((_UNCHECKED, False), (_CHECKED, True), ("[X] ", True)):
        if text.startswith(marker):
            rest = text[len(marker) :]
            if rest:
                content[0]["text"] = rest
            else:
                content.pop(0)
            return checked
    return None


def _inline_of(node: SyntaxTreeNode) -> list[Inline]:
    inline = node.children[0] if node.children else None
    if inline is None:
        return []
    out: list[Inline] = []
    for piece in _inline(inline.children, {}):
        _append(out, piece)
    return out


def _inline(nodes: list[SyntaxTreeNode], styles: dict[str, bool]) -> Iterator[Inline]:
    for node in nodes:
        if node.type == "text" or node.type == "html_inline":
            yield from _text(node.content, styles)
        elif node.type == "code_inline":
            yield from _text(node.content, {**styles, "code": True})
        elif node.type in ("softbreak", "hardbreak"):
            yield from _text("\n", styles)
        elif node.type == "link":
            content: list[Inline] = []
            for piece in _inline(node.children, styles):
                _append(content, piece)
            yield {"type": "link", "href": str(node.attrs.get("href", "")), "content": content}
        elif node.tag in _STYLE_OF_TAG:
            yield from _inline(node.children, {**styles, _STYLE_OF_TAG[node.tag]: True})
        else:
            yield from _inline(node.children, styles)


def _text(text: str, styles: dict[str, bool]) -> list[Inline]:
    return [{"type": "text", "text": text, "styles": dict(styles)}]


def _append(out: list[Inline], piece: Inline) -> None:
    """Adjacent text runs with the same styles are one run, as in BlockNote; empty ones drop."""
    if piece["type"] == "text" and not piece["text"]:
        return
    last = out[-1] if out else None
    if (
        last is not None
        and last["type"] == piece["type"] == "text"
        and last["styles"] == piece["styles"]
    ):
        last["text"] += piece["text"]
    else:
        out.append(piece)


# -- BlockNote -> markdown --------------------------------------------------------------------
def blocks_to_markdown(blocks: list[Block]) -> str:
    """Markdown for BlockNote blocks (``blocksToMarkdownLossy``: colours and alignment drop)."""
    return "\n\n".join(_render_blocks(blocks, "")) + ("\n" if blocks else "")


def _render_blocks(blocks: list[Block], indent: str) -> Iterator[str]:
    number = 0
    for block in blocks:
        number = number + 1 if block.get("type") == "numberedListItem" else 0
        yield _render_block(block, indent, number)


def _render_block(block: Block, indent: str, number: int) -> str:
    kind = block.get("type")
    props = block.get("props") or {}
    text = _render_inline(block.get("content") or [])
    if kind == "heading":
        head = "#" * int(props.get("level", 1)) + " " + text
    elif kind == "bulletListItem":
        head = "* " + text
    elif kind == "numberedListItem":
        head = f"{number}. " + text
    elif kind == "checkListItem":
        head = "* " + (_CHECKED if props.get("checked") else _UNCHECKED) + text
    elif kind == "codeBlock":
        language = props.get("language") or ""
        language = "" if language == "text" else language
        return _indent(f"```{language}\n{_plain(block.get('content') or [])}\n```", indent)
    elif kind == "quote":
        head = "\n".join("> " + line for line in text.split("\n"))
    else:
        head = text
    children = block.get("children") or []
    if not children:
        return _indent(head, indent)
    width = _marker_width(kind, number)
    nested = "\n\n".join(_render_blocks(children, indent + " " * width))
    return _indent(head, indent) + "\n\n" + nested


def _marker_width(kind: Any, number: int) -> int:
    """How far a list item's children are indented to stay inside it."""
    if kind == "numberedListItem":
        return len(f"{number}. ")
    return 2


def _indent(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in text.split("\n"))


def _plain(content: list[Inline]) -> str:
    return "".join(
        piece.get("text", "") if piece.get("type") == "text" else _plain(piece.get("content", []))
        for piece in content
    )


def _render_inline(content: list[Inline]) -> str:
    out = []
    for piece in content:
        if piece.get("type") == "link":
            out.append(f"[{_render_inline(piece.get('content') or [])}]({piece.get('href', '')})")
            continue
        text = str(piece.get("text", ""))
        styles = piece.get("styles") or {}
        for style, marker in _MARKERS:
            if styles.get(style) and text:
                text = f"{marker}{text}{marker}"
        out.append(text)
    return "".join(out)
