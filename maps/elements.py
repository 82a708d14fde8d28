"""Page elements that put text into a folium/branca figure without ever compiling it as a template.

branca's ``Element(text)`` compiles ``text`` as Jinja2 source, and ``MacroElement.render`` wraps each
rendered macro in a new ``Element``, so whatever a macro printed is compiled a second time. Any article
text that reached either would run as template code (``{{ lipsum.__globals__ ... }}``), could crash the
render (``{#``, ``{% raw %}``) or stitch two articles' quotes together. The map therefore builds its own
elements here: their text is emitted exactly as given, and the data travels as JSON in a
``<script type="application/json">`` block that the plugin parses; no template ever sees it.
"""

from __future__ import annotations

import re
from typing import Any

from branca.element import Element, MacroElement

from maps.escape import esc, script_json

_JS_NAME = re.compile(r"^[A-Za-z_$][\w$]*$")


class Raw(Element):
    """Text placed in the page as is; ``render`` never builds a template from it."""

    def __init__(self, text: str, name: str = "Raw") -> None:
        super().__init__()  # no template: nothing is compiled
        self._name = name
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


def title_element(title: str) -> Raw:
    return Raw(f"<title>{esc(title)}</title>", "CmTitle")


def data_element(element_id: str, data: Any) -> Raw:
    """``data`` as JSON in a data block (never executed); ``script_json`` escapes ``<``, ``>`` and ``&``,
    so no value can close the element or open a comment."""
    if not _JS_NAME.match(element_id.replace("-", "_")):
        raise ValueError(f"not an element id: {element_id!r}")
    return Raw(f'<script type="application/json" id="{element_id}">{script_json(data)}</script>', "CmData")


class InitScript(MacroElement):
    """``conflictmap.init(map, baseLayers, payload)`` once folium has created the map and its tile layers.

    A child of the map, so that it renders after the map's own script. The payload is read from the data
    block ``payload_id``; the script itself holds only folium's variable names and our fixed labels.
    """

    def __init__(self, bases: dict[str, Element], payload_id: str) -> None:
        super().__init__()
        self._name = "ConflictmapInit"
        self._bases = bases
        self._payload_id = payload_id

    def render(self, **kwargs: Any) -> None:
        parent = self._parent
        if parent is None:
            raise ValueError("InitScript must be added to a map")
        names = [parent.get_name(), *(layer.get_name() for layer in self._bases.values())]
        if not all(_JS_NAME.match(n) for n in names):
            raise ValueError(f"unexpected JavaScript names: {names!r}")
        bases = "{" + ",".join(
            f"{script_json(esc(label))}:{layer.get_name()}" for label, layer in self._bases.items()
        ) + "}"
        js = (f"conflictmap.init({parent.get_name()}, {bases}, "
              f"JSON.parse(document.getElementById({script_json(self._payload_id)}).textContent));")
        self.get_root().script.add_child(Raw(js, "CmInit"), name=self.get_name())


_DATA_BLOCK = re.compile(r'<script type="application/json" id="cm-payload-[\w-]+">(.*?)</script>', re.DOTALL)


def read_payload(html: str) -> dict[str, Any]:
    """The payload of a written map (for tests and tools that inspect a map file)."""
    import json

    m = _DATA_BLOCK.search(html)
    if m is None:
        raise ValueError("no conflictmap payload in this page")
    return json.loads(m.group(1))
