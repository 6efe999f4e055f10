"""Safe XML parsing, and editing a document in place without touching anything else.

Archive files are parsed with a hardened lxml parser: no network, no DTD loading, no
entity resolution, no huge trees, and any ``<!ENTITY`` declaration is refused before
the parser sees the document, so neither external entities (``SYSTEM "file:///..."``)
nor entity-expansion bombs can do anything.

Edits are not made by re-serialising the tree. :class:`XmlDocument` scans the decoded
text once and records, for every element, where its start tag, each attribute value and
its content lie; :meth:`XmlDocument.serialize` splices the few new values into the
original text. Every byte that svfix did not mean to change (coordinates, other
attributes, whitespace, comments, the declaration, namespace prefixes) stays as it was.

>>> doc = XmlDocument.parse(b'<a x="1" y=\\'2\\'><b>t&amp;t</b><!-- c --><b/></a>')
>>> [e.tag for e in doc.elements]
['a', 'b', 'b']
>>> doc.set_attribute(doc.elements[0], "y", 'say "hi"')
>>> doc.set_text(doc.elements[1], "<ok>")
>>> doc.serialize()
b'<a x="1" y=\\'say "hi"\\'><b>&lt;ok&gt;</b><!-- c --><b/></a>'
>>> XmlDocument.parse(b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
svfix.errors.InputError: XML that declares entities is refused (<!ENTITY ...> in the DOCTYPE: ...
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from ...errors import InputError

#: One token of XML markup. Text between tags is not matched (finditer skips it), and
#: ``<`` cannot occur in text or attribute values of well-formed XML, so every match
#: starts at a real ``<``.
_TOKEN = re.compile(
    r"""
      <!--.*?-->                                  # comment
    | <!\[CDATA\[.*?\]\]>                         # CDATA section
    | <\?.*?\?>                                   # processing instruction, XML declaration
    | <!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*'|\[.*?\])*>  # DOCTYPE (internal subsets are checked apart)
    | </(?P<end>[^\s>]+)\s*>                       # end tag
    | <(?P<start>[^\s/>!?]+)                      # start tag: name,
      (?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)  # attributes,
      \s*(?P<empty>/?)>                           # and an optional / for an empty element
    """,
    re.S | re.X,
)
_ATTR = re.compile(r"""([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")
_FIRST_ELEMENT = re.compile(r"<[^!?/]")
_DECLARED = re.compile(r"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _lxml():
    try:
        from lxml import etree
    except ImportError:  # a core dependency; only a broken install lacks it
        raise InputError("reading XML needs lxml: pip install lxml (it is a dependency of svfix)") from None
    return etree


def decode_xml(data: bytes) -> tuple[str, str, bytes]:
    """The document as text, the codec to write it back with, and its byte-order mark.

    >>> decode_xml(b'<?xml version="1.0" encoding="ISO-8859-1"?><a>\\xf6</a>')
    ('<?xml version="1.0" encoding="ISO-8859-1"?><a>ö</a>', 'iso8859-1', b'')
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode(data[len(bom):], codec), codec, bom
    if data.startswith(b"<\x00"):
        return _decode(data, "utf-16-le"), "utf-16-le", b""
    if data.startswith(b"\x00<"):
        return _decode(data, "utf-16-be"), "utf-16-be", b""
    match = _DECLARED.match(data[:200].decode("ascii", "replace"))
    codec = "utf-8"
    if match:
        try:
            codec = codecs.lookup(match.group(1)).name
        except LookupError:
            raise InputError(f"the XML declares an unknown encoding {match.group(1)!r}") from None
    return _decode(data, codec), codec, b""


def _decode(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(f"the XML is not valid {codec} (byte {data[err.start]:#04x} at offset {err.start})") from None


def escape_text(value: str) -> str:
    """``value`` escaped for element content.

    >>> escape_text("a < b & c > d")
    'a &lt; b &amp; c &gt; d'
    """
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str, quote: str = '"') -> str:
    """``value`` escaped for an attribute quoted with ``quote``; whitespace controls as
    character references, so that attribute-value normalisation keeps them.

    >>> escape_attribute('a "b" <c>\\n')
    'a &quot;b&quot; &lt;c&gt;&#10;'
    """
    value = escape_text(value).replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    return value.replace('"', "&quot;") if quote == '"' else value.replace("'", "&apos;")


@dataclass
class Element:
    """One element: its lxml node and where its parts lie in the decoded text."""

    node: Any  # an lxml element (lxml is imported only when XML is read)
    raw_name: str  # the name as written, with its prefix
    tag_start: int
    tag_end: int  # just after the start tag's '>'
    attributes: dict[str, tuple[int, int, str]]  # name as written → (value start, value end, quote)
    content_start: int = -1  # just after the start tag; -1 for an empty element <x/>
    content_end: int = -1  # at the end tag's '<'

    @property
    def tag(self) -> str:
        return self.raw_name.rpartition(":")[2]

    @property
    def prefix(self) -> str:
        """The namespace prefix with its colon (``alto:``), or ``""``."""
        name = self.raw_name
        return name[: name.index(":") + 1] if ":" in name else ""

    @property
    def line(self) -> int:
        return getattr(self.node, "sourceline", 0) or 0


@dataclass
class XmlDocument:
    """A parsed document that can be edited in place (see the module docstring)."""

    text: str
    codec: str
    bom: bytes
    root: Any  # the lxml root element
    elements: list[Element]
    _by_node: dict = field(default_factory=dict, repr=False)
    _edits: list[tuple[int, int, str]] = field(default_factory=list, repr=False)

    @classmethod
    def parse(cls, data: bytes) -> "XmlDocument":
        """Parse ``data`` safely, or raise :class:`InputError` saying what is wrong."""
        text, codec, bom = decode_xml(data)
        first = _FIRST_ELEMENT.search(text)
        prolog = text[: first.start()] if first else text
        if "<!ENTITY" in prolog:
            raise InputError(
                "XML that declares entities is refused (<!ENTITY ...> in the DOCTYPE: external entities "
                "and entity expansion are unsafe); remove the DOCTYPE's internal subset"
            )
        etree = _lxml()
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
            dtd_validation=False, remove_blank_text=False, remove_comments=False, remove_pis=False,
            recover=False, strip_cdata=False,
        )
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as err:
            line, column = err.position if getattr(err, "position", None) else (0, 0)
            message = str(err.msg if hasattr(err, "msg") else err).split(", line ")[0]
            raise InputError(f"malformed XML (line {line}, column {column}): {message}") from None
        except ValueError as err:  # e.g. a str with an encoding declaration
            raise InputError(f"cannot parse the XML: {err}") from None
        docinfo = root.getroottree().docinfo
        dtd = docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise InputError("XML that declares entities is refused (external entities and entity expansion are unsafe)")
        nodes = [node for node in root.iter() if isinstance(node.tag, str)]
        if any(isinstance(node, etree._Entity) for node in root.iter()):
            raise InputError("XML with entity references is refused; svfix reads archive files without DTDs")
        elements = _scan(text, first.start() if first else 0, nodes)
        document = cls(text, codec, bom, root, elements)
        document._by_node = {id(element.node): element for element in elements}
        return document

    def element(self, node: Any) -> Element:
        return self._by_node[id(node)]

    def set_attribute(self, element: Element, name: str, value: str) -> None:
        """Give ``element`` the attribute ``name`` (as written, with any prefix) = ``value``."""
        if name in element.attributes:
            start, end, quote = element.attributes[name]
            self._edits.append((start, end, escape_attribute(value, quote)))
        else:
            at = element.tag_end - (2 if element.content_start < 0 else 1)
            self._edits.append((at, at, f' {name}="{escape_attribute(value)}"'))

    def set_text(self, element: Element, value: str) -> None:
        """Replace the content of an element that has no child elements by ``value``."""
        if element.content_start < 0:  # <x/> becomes <x>value</x>
            self._edits.append((element.tag_end - 2, element.tag_end, f">{escape_text(value)}</{element.raw_name}>"))
        else:
            self._edits.append((element.content_start, element.content_end, escape_text(value)))

    def append_child(self, element: Element, markup: str) -> None:
        """Insert ``markup`` (already serialised) as the last child of ``element``,
        indented like its other children."""
        if element.content_start < 0:
            raise InputError(f"cannot add to the empty element <{element.raw_name}/> (line {element.line})")
        inside = self.text[element.content_start:element.content_end]
        closing = inside[len(inside.rstrip()):]  # whitespace before the end tag
        child_indent = ""
        children = [node for node in element.node if isinstance(node.tag, str)]
        if children:
            before = self.text[: self.element(children[-1]).tag_start]
            child_indent = before[len(before.rstrip(" \t")):]
            newline = "\n" if "\n" in closing or "\n" in inside else ""
        else:
            newline = "\n" if "\n" in closing else ""
            child_indent = closing.rpartition("\n")[2] + ("\t" if "\t" in closing else "  ") if newline else ""
        at = element.content_end - len(closing)
        self._edits.append((at, at, f"{newline}{child_indent}{markup}"))

    def serialize(self) -> bytes:
        """The document with every edit spliced in, in its own encoding."""
        if not self._edits:
            return self.bom + self.text.encode(self.codec)
        parts = []
        position = 0
        for start, end, value in sorted(self._edits, key=lambda edit: (edit[0], edit[1])):
            if start < position:
                raise ValueError("overlapping XML edits")
            parts.append(self.text[position:start])
            parts.append(value)
            position = end
        parts.append(self.text[position:])
        return self.bom + "".join(parts).encode(self.codec, errors="xmlcharrefreplace")


def _scan(text: str, start: int, nodes: list[Any]) -> list[Element]:
    """Locate every element of ``nodes`` (document order) in ``text``."""
    elements: list[Element] = []
    stack: list[Element] = []
    for match in _TOKEN.finditer(text, start):
        name = match.group("start")
        if name is not None:
            if len(elements) >= len(nodes):
                raise InputError("the XML could not be located for editing (more tags than elements)")
            attributes = {}
            base = match.start("attrs")
            for attribute in _ATTR.finditer(match.group("attrs")):
                value_start = base + attribute.start(2) + 1
                attributes[attribute.group(1)] = (value_start, base + attribute.end(2) - 1, attribute.group(2)[0])
            element = Element(nodes[len(elements)], name, match.start(), match.end(), attributes)
            local = nodes[len(elements)].tag.rpartition("}")[2]
            if element.tag != local:
                raise InputError(f"the XML could not be located for editing (<{name}> against <{local}>)")
            elements.append(element)
            if not match.group("empty"):
                element.content_start = match.end()
                stack.append(element)
        elif match.group("end") is not None:
            if not stack or stack[-1].raw_name != match.group("end"):
                raise InputError(f"the XML could not be located for editing (unexpected </{match.group('end')}>)")
            stack.pop().content_end = match.start()
    if len(elements) != len(nodes) or stack:
        raise InputError("the XML could not be located for editing (tags and elements differ)")
    return elements
