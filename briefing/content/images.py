"""An image of the content, checked once when the content is loaded: a regular file of at
most MAX_BYTES, a picture Pillow decodes in the format its name says, at most MAX_PIXELS;
an SVG without entity declarations, external references or a ``<use>`` fan-out over
MAX_SVG_ELEMENTS.

Every renderer reads the same file later (WeasyPrint, python-pptx, the browser); a file
that passes here cannot crash them after an output is written, nor take minutes and
gigabytes to draw. ``check_image`` returns the other local files an SVG draws
(``<image href="inner.png">``), which the build records as dependencies.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import stat
import warnings
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

MAX_BYTES = 20_000_000          # an image file, or an image inside an SVG
MAX_PIXELS = 50_000_000         # width × height of a raster image (50 megapixels)
MAX_SVG_ELEMENTS = 10_000       # elements of an SVG once every <use> is expanded
MAX_SVG_DEPTH = 100             # elements nested in one another

RASTER_FORMATS = {".png": ("PNG",), ".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"),
                  ".gif": ("GIF",), ".webp": ("WEBP",)}
_FORMAT_SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "MPO": ".jpg", "GIF": ".gif",
                  "WEBP": ".webp"}

_SVG = "http://www.w3.org/2000/svg"
_XLINK_HREF = "http://www.w3.org/1999/xlink href"
_URL_FUNCTION = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


class ImageProblem(ValueError):
    """What is wrong with an image, as one sentence for the user."""


def check_image(path: Path, base: Path, shown: str) -> tuple[Path, ...]:
    """Check the image at ``path`` (inside the content folder ``base``, named ``shown`` in
    the content); return the other files it draws (resolved paths), or raise ImageProblem."""
    name = repr(shown)
    data = read_regular(path, f"image {name}")
    if path.suffix.lower() == ".svg":
        return _Svg(path, base, name).check(data)
    check_raster(data, path.suffix.lower(), f"image {name}")
    return ()


def read_regular(path: Path, what: str) -> bytes:
    """The bytes of ``path`` if it is a regular file within MAX_BYTES; a FIFO, a device
    or a folder is refused without opening it (opening a FIFO would wait forever)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImageProblem(f"{what} does not exist next to the content file") from None
    except OSError as err:
        raise ImageProblem(f"{what} cannot be read: {err.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a special file"
        raise ImageProblem(f"{what} is not a regular file (it is {kind}); "
                           "expected a picture file")
    if info.st_size > MAX_BYTES:
        raise ImageProblem(f"{what} is {info.st_size:,} bytes; the limit is {MAX_BYTES:,} "
                           "bytes (save it smaller or in a compressed format)")
    if info.st_size == 0:
        raise ImageProblem(f"{what} is empty (0 bytes); expected a picture")
    try:
        return path.read_bytes()
    except OSError as err:
        raise ImageProblem(f"{what} cannot be read: {err.strerror}") from None


def check_raster(data: bytes, suffix: str, what: str) -> None:
    """Decode enough of ``data`` to know every renderer can draw it: the header, the
    pixel count, the format against ``suffix``, and the whole stream (PNG: every chunk's
    checksum; JPEG: decoded at 1/8 scale; GIF and WebP: the first frame decoded).

    Pillow's own decompression-bomb check (a warning above 89 megapixels, an error
    above 179) is replaced by MAX_PIXELS, so neither reaches the user raw.
    """
    from PIL import Image, UnidentifiedImageError

    expected = RASTER_FORMATS[suffix]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bomb and EXIF warnings: judged here instead
        try:
            with Image.open(io.BytesIO(data)) as picture:
                size, found = picture.size, picture.format
        except Image.DecompressionBombError as err:
            pixels = re.search(r"\((\d+) pixels\)", str(err))
            size, found = None, f"{int(pixels[1]):,} pixels" if pixels else "too many pixels"
        except UnidentifiedImageError:
            raise ImageProblem(f"{what} is not a {expected[0]} image Pillow can read "
                               "(damaged, or another kind of file)") from None
        except Exception as err:  # Pillow's parsers raise many kinds on a bad header
            raise ImageProblem(f"{what} is damaged ({_reason(err)})") from None
        if size is None or size[0] * size[1] > MAX_PIXELS:
            shown = found if size is None else \
                f"{size[0]:,} × {size[1]:,} = {size[0] * size[1]:,} pixels"
            raise ImageProblem(f"{what} has {shown}; the limit is {MAX_PIXELS:,} pixels "
                               "(scale it down)")
        if found not in expected:
            raise ImageProblem(f"{what} is a {found} file, not {expected[0]}; rename it to "
                               f"{_FORMAT_SUFFIX.get(found, 'its format')} or convert it")
        # WeasyPrint sets Pillow's global LOAD_TRUNCATED_IMAGES when it is imported
        # (it is, in a worker that made a PDF): a cut file would then decode "fine".
        from PIL import ImageFile

        lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            with Image.open(io.BytesIO(data)) as picture:
                picture.verify()
            if found != "PNG":  # verify() reads every PNG chunk; the others need decoding
                with Image.open(io.BytesIO(data)) as picture:
                    if found in ("JPEG", "MPO"):
                        picture.draft("RGB", (picture.width // 8, picture.height // 8))
                    picture.load()
        except Exception as err:  # truncated or corrupt data: OSError, SyntaxError, …
            raise ImageProblem(f"{what} is damaged ({_reason(err)}); save or export it "
                               "again") from None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _reason(err: Exception) -> str:
    return str(err).strip() or type(err).__name__


class _Refused(Exception):
    pass


class _Svg:
    """One SVG file parsed with expat: no entity may be declared (so none expands, the
    "billion laughs"), and no external DTD or entity is read."""

    def __init__(self, path: Path, base: Path, name: str):
        self.path, self.base, self.name = path, base, name
        self.children: list[list[int]] = []  # element → its child elements
        self.uses: dict[int, str] = {}       # <use> element → the id it draws
        self.ids: dict[str, int] = {}
        self.files: dict[Path, None] = {}
        self.stack: list[int] = []
        self.style: list[int] = []           # open <style> elements
        self.parser = None

    def check(self, data: bytes) -> tuple[Path, ...]:
        from xml.parsers import expat

        parser = self.parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.EntityDeclHandler = self._entity
        parser.ExternalEntityRefHandler = self._entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        try:
            parser.Parse(data, True)
        except _Refused as err:
            raise ImageProblem(f"image {self.name} line {parser.CurrentLineNumber}: "
                               f"{err}") from None
        except expat.ExpatError as err:
            raise ImageProblem(f"image {self.name} is not a valid SVG file: "
                               f"{expat.ErrorString(err.code)} at line {err.lineno}, "
                               f"column {err.offset + 1}") from None
        if not self.children:
            raise ImageProblem(f"image {self.name} is not an SVG file")
        expanded = self._expanded()
        if expanded > MAX_SVG_ELEMENTS:
            raise ImageProblem(f"image {self.name} draws more than {MAX_SVG_ELEMENTS:,} "
                               "elements once its <use> references are expanded; the limit "
                               f"is {MAX_SVG_ELEMENTS:,} (simplify it)")
        return tuple(self.files)

    # -- parsing -------------------------------------------------------------
    def _entity(self, *args) -> None:
        raise _Refused("ENTITY declarations are not allowed in an SVG image (they can "
                       "expand without end); remove them")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        uri, _, local = tag.rpartition(" ")
        index = len(self.children)
        if index == 0 and (uri, local) != (_SVG, "svg"):
            raise _Refused(f"the root element is <{local}>, not <svg>; expected an SVG file")
        if index >= MAX_SVG_ELEMENTS:
            raise _Refused(f"more than {MAX_SVG_ELEMENTS:,} elements; the limit is "
                           f"{MAX_SVG_ELEMENTS:,} (simplify it)")
        if len(self.stack) >= MAX_SVG_DEPTH:
            raise _Refused(f"elements are nested more than {MAX_SVG_DEPTH} levels deep")
        self.children.append([])
        if self.stack:
            self.children[self.stack[-1]].append(index)
        self.stack.append(index)
        if local == "style":
            self.style.append(index)
        if "id" in attrs:
            self.ids.setdefault(attrs["id"], index)
        for key, value in attrs.items():
            if key in ("href", _XLINK_HREF):
                self._href(local, index, value.strip())
            elif "url(" in value.lower():
                self._css(value)

    def _end(self, tag: str) -> None:
        index = self.stack.pop()
        if self.style and self.style[-1] == index:
            self.style.pop()

    def _text(self, text: str) -> None:
        if self.style:
            self._css(text)

    def _css(self, text: str) -> None:
        if "@import" in text.lower():
            raise _Refused("@import is not allowed in an SVG image's style")
        for match in _URL_FUNCTION.finditer(text):
            if not match[2].strip().startswith("#"):
                raise _Refused(f"url({match[2]}) refers outside the SVG; only url(#id) "
                               "references within the same file are allowed")

    def _href(self, element: str, index: int, href: str) -> None:
        if element == "a":
            return  # a link to follow, not something drawn
        if href.startswith("#"):
            if element == "use":
                self.uses[index] = unquote(href[1:])
            return
        if element not in ("image", "feImage"):
            raise _Refused(f"<{element}> refers to {href!r}; only #id references within "
                           "the same file are allowed")
        if href[:5].lower() == "data:":
            self._data_image(href)
            return
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            raise _Refused(f"<{element}> refers to {href!r}; an SVG image may draw only "
                           "files in the content folder")
        target = (self.path.parent / unquote(parts.path)).resolve()
        if not target.is_relative_to(self.base):
            raise _Refused(f"<{element}> refers to {href!r}, outside the content folder")
        suffix = target.suffix.lower()
        what = f"<{element}> {href!r}"
        if suffix not in RASTER_FORMATS:
            raise _Refused(f"{what} is not a raster picture; expected one of "
                           + ", ".join(RASTER_FORMATS))
        try:
            check_raster(read_regular(target, what), suffix, what)
        except ImageProblem as err:
            raise _Refused(str(err)) from None
        self.files[target] = None

    def _data_image(self, href: str) -> None:
        header, comma, payload = href[5:].partition(",")
        kind = header.split(";")[0].strip().lower()
        suffix = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
                  "image/webp": ".webp"}.get(kind)
        if not comma or suffix is None:
            raise _Refused(f"an embedded image of type {kind or 'unknown'!r}; expected "
                           "PNG, JPEG, GIF or WebP")
        try:
            data = (base64.b64decode(payload) if header.lower().endswith(";base64")
                    else unquote_to_bytes(payload))
        except (binascii.Error, ValueError):
            raise _Refused("an embedded image is not valid base64") from None
        try:
            check_raster(data, suffix, "an embedded image")
        except ImageProblem as err:
            raise _Refused(str(err)) from None

    # -- counting ------------------------------------------------------------
    def _expanded(self) -> int:
        """Elements drawn from the root, each <use> counting what it draws: memoised,
        so the count is as cheap as the file, and a <use> that draws itself is refused."""
        count: dict[int, int] = {}
        open_: set[int] = set()
        stack: list[tuple[int, bool]] = [(0, False)]
        while stack:
            node, done = stack.pop()
            targets = list(self.children[node])
            if node in self.uses and self.uses[node] in self.ids:
                targets.append(self.ids[self.uses[node]])
            if done:
                total = 1 + sum(count[t] for t in targets)
                count[node] = min(total, MAX_SVG_ELEMENTS + 1)
                open_.discard(node)
                continue
            if node in count:
                continue
            if node in open_:
                raise ImageProblem(f"image {self.name}: a <use> draws an element that "
                                   "contains it, without end; remove the cycle")
            open_.add(node)
            stack.append((node, True))
            stack.extend((t, False) for t in targets if t not in count)
        return count[0]
