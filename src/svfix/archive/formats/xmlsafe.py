"""Safe XML parsing, and editing a document in place without touching anything else.

Archive files are checked by a hardened lxml parser: no network, no DTD loading, no
entity resolution, no huge text nodes, and any ``<!ENTITY`` declaration (or reference to
an entity that is not one of XML's five) is refused before anything is read, so neither
external entities (``SYSTEM "file:///..."``) nor entity-expansion bombs can do
anything. The parser only checks the document (it builds no tree: a tree of a
million-word ALTO file would take gigabytes), in C, in constant memory.

Edits are not made by re-serialising a tree. :class:`XmlDocument` scans the document's
bytes once and records, for every element in document order, where its start tag, its
content and its end tag lie, its parent and where its subtree ends, in flat arrays (a
few dozen bytes an element). Attributes and text are decoded from the bytes when asked
for; :meth:`XmlDocument.serialize` splices the few new values into the original bytes.
Every byte that svfix did not mean to change (coordinates, other attributes,
whitespace, comments, the declaration, namespace prefixes) stays as it was. Every step
is linear in the size of the file.

Elements are numbered in document order (the root is 0); the adapters work with these
numbers.

>>> doc = XmlDocument.parse(b'<a x="1" y=\\'2\\'><b>t&amp;t</b><!-- c --><b/></a>')
>>> [doc.name(i) for i in range(len(doc))], list(doc.children(0)), doc.text(1)
(['a', 'b', 'b'], [1, 2], 't&t')
>>> doc.set_attribute(0, "y", 'say "hi"')
>>> doc.set_text(1, "<ok>")
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
from array import array
from bisect import bisect_right
from collections.abc import Iterator

from ...errors import InputError

#: One token of XML markup. Text between tags is not matched (finditer skips it), and
#: ``<`` cannot occur in text or attribute values of well-formed XML, so every match
#: starts at a real ``<``. The group that matched last tells the kind: ``empty`` a start
#: tag (``/`` or nothing before its ``>``), ``end`` an end tag, none the rest.
_TOKEN = re.compile(
    rb"""
      <!--.*?-->                                  # comment
    | <!\[CDATA\[.*?\]\]>                         # CDATA section
    | <\?.*?\?>                                   # processing instruction, XML declaration
    | <!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*'|\[.*?\])*>  # DOCTYPE (internal subsets are checked apart)
    | </(?P<end>[^\s>]+)\s*>                       # end tag
    | <(?P<start>[^\s/>!?]+)                      # start tag: name,
      (?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*  # attributes,
      \s*(?P<empty>/?)>                           # and an optional / for an empty element
    """,
    re.S | re.X,
)
#: The attributes of a start tag: name, and the value with its quotes.
_ATTR = re.compile(rb"""([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")
#: Markup inside an element's content, where text is not plain: comments, CDATA, PIs, tags.
_MARKUP = re.compile(rb"<!--.*?-->|<!\[CDATA\[(.*?)\]\]>|<\?.*?\?>|<[^>]*>", re.S)
#: The references XML knows without a DTD; anything else after ``&`` names an entity.
_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_NOT_PREDEFINED = re.compile(rb"&(?!#x[0-9A-Fa-f]+;|#[0-9]+;|lt;|gt;|amp;|quot;|apos;)")
_SKIPPED = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>\"']|\"[^\"]*\"|'[^']*'|\[.*?\])*>", re.S)
_FIRST_ELEMENT = re.compile(rb"<[^!?/]")
_DECLARED = re.compile(r"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_WHITESPACE = re.compile(rb"\s*")


def _lxml():
    try:
        from lxml import etree
    except ImportError:  # a core dependency; only a broken install lacks it
        raise InputError("reading XML needs lxml: pip install lxml (it is a dependency of svfix)") from None
    return etree


def decode_xml(data: bytes) -> tuple[bytes, str, bytes]:
    """The document as UTF-8 bytes (without its byte-order mark), the codec to write it
    back with, and its byte-order mark. Raises :class:`InputError` for bytes that are
    not text in the codec.

    >>> decode_xml(b'<?xml version="1.0" encoding="ISO-8859-1"?><a>\\xf6</a>')
    (b'<?xml version="1.0" encoding="ISO-8859-1"?><a>\\xc3\\xb6</a>', 'iso8859-1', b'')
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _utf8(data[len(bom):], codec), codec, bom
    if data.startswith(b"<\x00"):
        return _utf8(data, "utf-16-le"), "utf-16-le", b""
    if data.startswith(b"\x00<"):
        return _utf8(data, "utf-16-be"), "utf-16-be", b""
    match = _DECLARED.match(data[:200].decode("ascii", "replace"))
    codec = "utf-8"
    if match:
        try:
            codec = codecs.lookup(match.group(1)).name
        except LookupError:
            raise InputError(f"the XML declares an unknown encoding {match.group(1)!r}") from None
    return _utf8(data, codec), codec, b""


def _utf8(data: bytes, codec: str) -> bytes:
    """``data`` (in ``codec``) as UTF-8; UTF-8 is checked in pieces, not copied."""
    if codec == "utf-8":
        decoder = codecs.getincrementaldecoder("utf-8")()
        step = 1 << 20
        for offset in range(0, len(data), step):
            try:
                decoder.decode(data[offset:offset + step], final=offset + step >= len(data))
            except UnicodeDecodeError as err:
                at = offset + err.start
                raise InputError(f"the XML is not valid utf-8 (byte {data[at]:#04x} at offset {at})") from None
        return data
    try:
        return data.decode(codec).encode("utf-8", "surrogatepass")
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


def _unreference(value: str) -> str:
    """Character and predefined entity references replaced by what they stand for."""
    if "&" not in value:
        return value

    def one(match: re.Match) -> str:
        name = match.group(1)
        if name[0] == "#":
            return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
        return _PREDEFINED[name]

    return _REFERENCE.sub(one, value)


def attribute_value(raw: bytes) -> str:
    """An attribute's value as XML reads it: literal whitespace becomes a space, then
    references are replaced.

    >>> attribute_value(b"a&#10;b\\r\\nc&amp;d")
    'a\\nb c&d'
    """
    value = raw.decode("utf-8", "surrogatepass")
    if "\r" in value or "\n" in value or "\t" in value:
        value = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return _unreference(value)


def text_value(raw: bytes) -> str:
    """Character data as XML reads it: line ends normalised, references replaced."""
    value = raw.decode("utf-8", "surrogatepass")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _unreference(value)


class XmlDocument:
    """A checked document that can be edited in place (see the module docstring)."""

    def __init__(self, data: bytes, codec: str, bom: bytes):
        self.data = data  # UTF-8
        self.codec = codec
        self.bom = bom
        self._names: list[str] = []  # raw names (with their prefix), by name number
        self._raw: list[bytes] = []  # the same, as bytes
        self._locals: list[str] = []  # local names, by name number
        self._name = array("i")  # per element: its name number
        self._parent = array("i")  # per element: its parent (-1: the root)
        self._after = array("i")  # per element: the first element after its subtree
        self._tag_start = array("q")  # its '<'
        self._tag_end = array("q")  # just after its start tag's '>'
        self._content_end = array("q")  # at its end tag's '<' (-1: an empty element <x/>)
        self._end = array("q")  # just after its end tag
        self._edits: list[tuple[int, int, bytes]] = []
        self._lines: array | None = None  # offsets of line breaks, when a line number is asked for
        self.notes: dict = {}  # what an adapter keeps about this document between its steps

    # ------------------------------------------------------------------ reading

    @classmethod
    def parse(cls, data: bytes) -> "XmlDocument":
        """Check ``data`` safely and scan it, or raise :class:`InputError` saying what is wrong."""
        utf8, codec, bom = decode_xml(data)
        first = _FIRST_ELEMENT.search(utf8)
        prolog = utf8[: first.start()] if first else utf8
        if b"<!ENTITY" in prolog:
            raise InputError(
                "XML that declares entities is refused (<!ENTITY ...> in the DOCTYPE: external entities "
                "and entity expansion are unsafe); remove the DOCTYPE's internal subset"
            )
        _check(data)
        if b"<!DOCTYPE" in prolog:  # with a DTD named, the parser lets undeclared entities pass
            _refuse_entity_references(utf8)
        document = cls(utf8, codec, bom)
        document._scan(first.start() if first else 0)
        return document

    def _scan(self, start: int) -> None:
        names: dict[bytes, int] = {}
        name, parent, after = self._name, self._parent, self._after
        tag_start, tag_end, content_end, end = self._tag_start, self._tag_end, self._content_end, self._end
        stack: list[int] = []
        count = 0
        for match in _TOKEN.finditer(self.data, start):
            kind = match.lastgroup
            if kind == "empty":
                raw = match.group("start")
                number = names.get(raw)
                if number is None:
                    number = names[raw] = len(self._names)
                    decoded = raw.decode("utf-8", "surrogatepass")
                    self._names.append(decoded)
                    self._raw.append(raw)
                    self._locals.append(decoded.rpartition(":")[2])
                if not stack and count:
                    raise InputError("the XML could not be located for editing (more than one root element)")
                name.append(number)
                parent.append(stack[-1] if stack else -1)
                tag_start.append(match.start())
                tag_end.append(match.end())
                count += 1
                if match.group("empty"):
                    content_end.append(-1)
                    end.append(match.end())
                    after.append(count)
                else:
                    content_end.append(0)
                    end.append(0)
                    after.append(0)
                    stack.append(count - 1)
            elif kind == "end":
                if not stack or self._raw[name[stack[-1]]] != match.group("end"):
                    raise InputError(f"the XML could not be located for editing (unexpected "
                                     f"</{match.group('end').decode('utf-8', 'replace')}>)")
                element = stack.pop()
                content_end[element] = match.start()
                end[element] = match.end()
                after[element] = count
        if stack or not count:
            raise InputError("the XML could not be located for editing (tags and elements differ)")

    def __len__(self) -> int:
        return len(self._name)

    root = 0  #: the root element's number

    def name(self, element: int) -> str:
        """The element's name as written, with its prefix (``alto:String``)."""
        return self._names[self._name[element]]

    def local(self, element: int) -> str:
        """The element's name without its prefix (``String``)."""
        return self._locals[self._name[element]]

    def prefix(self, element: int) -> str:
        """The namespace prefix with its colon (``alto:``), or ``""``."""
        raw = self.name(element)
        return raw[: raw.index(":") + 1] if ":" in raw else ""

    def named(self, local: str) -> Iterator[int]:
        """Every element with this local name, in document order."""
        wanted = {number for number, name in enumerate(self._locals) if name == local}
        if wanted:
            names = self._name
            for element in range(len(names)):
                if names[element] in wanted:
                    yield element

    def parent(self, element: int) -> int:
        return self._parent[element]

    def ancestors(self, element: int) -> Iterator[int]:
        element = self._parent[element]
        while element >= 0:
            yield element
            element = self._parent[element]

    def children(self, element: int) -> Iterator[int]:
        child, stop, after = element + 1, self._after[element], self._after
        while child < stop:
            yield child
            child = after[child]

    def descendants(self, element: int) -> range:
        """The element's descendants, in document order."""
        return range(element + 1, self._after[element])

    def namespace(self, element: int) -> str:
        """The namespace URI of the element's name ("" when it has none)."""
        prefix = self.prefix(element)[:-1]
        declaration = f"xmlns:{prefix}" if prefix else "xmlns"
        for holder in (element, *self.ancestors(element)):
            value = self.get(holder, declaration)
            if value is not None:
                return value
        return ""

    def _attribute_matches(self, element: int) -> Iterator[re.Match]:
        start = self._tag_start[element] + 1 + len(self._raw[self._name[element]])
        return _ATTR.finditer(self.data, start, self._tag_end[element])

    def attributes(self, element: int, names: frozenset[bytes] | None = None) -> dict[str, str]:
        """The element's attributes (names as written), their values decoded; only those
        in ``names`` (as bytes) when given."""
        start = self._tag_start[element] + 1 + len(self._raw[self._name[element]])
        return {name.decode("utf-8", "surrogatepass"): attribute_value(value[1:-1])
                for name, value in _ATTR.findall(self.data, start, self._tag_end[element])
                if names is None or name in names}

    def get(self, element: int, name: str, default: str | None = None) -> str | None:
        """One attribute's value (the name as written, with any prefix)."""
        wanted = name.encode("utf-8")
        start = self._tag_start[element] + 1 + len(self._raw[self._name[element]])
        for found, value in _ATTR.findall(self.data, start, self._tag_end[element]):
            if found == wanted:
                return attribute_value(value[1:-1])
        return default

    def is_empty(self, element: int) -> bool:
        """True for ``<x/>``."""
        return self._content_end[element] < 0

    def content(self, element: int) -> bytes:
        """The raw bytes between the start and the end tag (``b""`` for ``<x/>``)."""
        if self._content_end[element] < 0:
            return b""
        return self.data[self._tag_end[element]:self._content_end[element]]

    def is_plain(self, element: int) -> bool:
        """True when the element holds only character data, CDATA sections included (no
        child element, comment or processing instruction)."""
        stop = self._content_end[element]
        if stop < 0 or self.data.find(b"<", self._tag_end[element], stop) < 0:
            return True
        return all(match.group(1) is not None for match in _MARKUP.finditer(self.content(element)))

    def text(self, element: int) -> str:
        """The character data of a plain element (see :meth:`is_plain`)."""
        return self.itertext(element)

    def itertext(self, element: int) -> str:
        """All the character data inside the element, joined (markup left out, CDATA kept)."""
        raw = self.content(element)
        if b"<" not in raw:
            return text_value(raw)
        parts = []
        position = 0
        for match in _MARKUP.finditer(raw):
            parts.append(text_value(raw[position:match.start()]))
            if match.group(1) is not None:  # CDATA: literal
                parts.append(match.group(1).decode("utf-8", "surrogatepass"))
            position = match.end()
        parts.append(text_value(raw[position:]))
        return "".join(parts)

    def blank_around_children(self, element: int) -> bool:
        """True when everything in the element but its child elements is whitespace (no
        text, comment or processing instruction beside them)."""
        position = self._tag_end[element]
        for child in self.children(element):
            if not self._blank(position, self._tag_start[child]):
                return False
            position = self._end[child]
        stop = self._content_end[element]
        return stop < 0 or self._blank(position, stop)

    def _blank(self, start: int, stop: int) -> bool:
        found = _WHITESPACE.match(self.data, start, stop)
        return found is not None and found.end() == stop

    def line(self, element: int) -> int:
        """The line (1-based) of the element's start tag."""
        if self._lines is None:
            self._lines = array("q", (match.start() for match in re.finditer(b"\n", self.data)))
        return bisect_right(self._lines, self._tag_start[element]) + 1

    # ------------------------------------------------------------------ editing

    def set_attribute(self, element: int, name: str, value: str) -> None:
        """Give ``element`` the attribute ``name`` (as written, with any prefix) = ``value``."""
        wanted = name.encode("utf-8")
        for match in self._attribute_matches(element):
            if match.group(1) == wanted:
                quote = match.group(2)[:1].decode()
                self._edit(match.start(2) + 1, match.end(2) - 1, escape_attribute(value, quote))
                return
        at = self._tag_end[element] - (2 if self.is_empty(element) else 1)
        while at > self._tag_start[element] and self.data[at - 1:at].isspace():  # before any space before / or >
            at -= 1
        self._edit(at, at, f' {name}="{escape_attribute(value)}"')

    def set_text(self, element: int, value: str) -> None:
        """Replace the content of an element that has no child elements by ``value``."""
        if self.is_empty(element):  # <x/> becomes <x>value</x>
            self._edit(self._tag_end[element] - 2, self._tag_end[element], f">{escape_text(value)}</{self.name(element)}>")
        else:
            self._edit(self._tag_end[element], self._content_end[element], escape_text(value))

    def append_child(self, element: int, markup: str) -> None:
        """Insert ``markup`` (already serialised) as the last child of ``element``,
        indented like its other children."""
        if self.is_empty(element):
            raise InputError(f"cannot add to the empty element <{self.name(element)}/> (line {self.line(element)})")
        inside = self.content(element)
        closing = inside[len(inside.rstrip()):]  # whitespace before the end tag
        children = list(self.children(element))
        if children:
            before = self.data[self._tag_end[element]:self._tag_start[children[-1]]]
            child_indent = before[len(before.rstrip(b" \t")):]
            newline = b"\n" if b"\n" in closing or b"\n" in inside else b""
        else:
            newline = b"\n" if b"\n" in closing else b""
            child_indent = closing.rpartition(b"\n")[2] + (b"\t" if b"\t" in closing else b"  ") if newline else b""
        at = self._content_end[element] - len(closing)
        self._edits.append((at, at, newline + child_indent + markup.encode("utf-8", "surrogatepass")))

    def _edit(self, start: int, end: int, value: str) -> None:
        self._edits.append((start, end, value.encode("utf-8", "surrogatepass")))

    def serialize(self) -> bytes:
        """The document with every edit spliced in, in its own encoding."""
        data = memoryview(self.data)
        parts: list = [self.bom] if self.codec == "utf-8" else []
        position = 0
        for start, end, value in sorted(self._edits, key=lambda edit: (edit[0], edit[1])):
            if start < position:
                raise ValueError("overlapping XML edits")
            parts.append(data[position:start])
            parts.append(value)
            position = end
        parts.append(data[position:])
        joined = b"".join(parts)
        if self.codec == "utf-8":
            return joined
        return self.bom + joined.decode("utf-8", "surrogatepass").encode(self.codec, errors="xmlcharrefreplace")


def _check(data: bytes) -> None:
    """Let lxml's parser check the document (well-formed, no entities resolved, nothing
    fetched) without building a tree."""
    etree = _lxml()

    class Nothing:  # a parser target that keeps nothing: the document is only checked
        def close(self) -> None:
            return None

    parser = etree.XMLParser(
        target=Nothing(), resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
        dtd_validation=False, recover=False,
    )
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        line, column = err.position if getattr(err, "position", None) else (0, 0)
        message = str(err.msg if hasattr(err, "msg") else err).split(", line ")[0]
        if "Entity" in message and "not defined" in message:
            raise InputError("XML with entity references is refused; svfix reads archive files without DTDs") from None
        raise InputError(f"malformed XML (line {line}, column {column}): {message}") from None
    except ValueError as err:
        raise InputError(f"cannot parse the XML: {err}") from None


def _refuse_entity_references(data: bytes) -> None:
    """Refuse a reference to an entity other than XML's five in content or attributes
    (a DOCTYPE naming an external DTD makes the parser accept them unresolved); an ``&``
    in a comment, CDATA section or processing instruction is no reference. One pass."""
    match = _NOT_PREDEFINED.search(data)
    skipped = _SKIPPED.finditer(data)
    token = next(skipped, None)
    while match is not None:
        while token is not None and token.end() <= match.start():
            token = next(skipped, None)
        if token is None or token.start() > match.start():
            raise InputError("XML with entity references is refused; svfix reads archive files without DTDs")
        match = _NOT_PREDEFINED.search(data, token.end())
