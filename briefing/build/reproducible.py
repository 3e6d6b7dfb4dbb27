"""The date rule and byte-stable output: same inputs, same bytes, on any machine.

Every date an output carries comes from the content's ``date``, else from
``SOURCE_DATE_EPOCH``, else from the build's start (the reproducible-builds.org
convention). The renderers get that moment as an epoch; this module pins it
where the libraries look (fontTools reads SOURCE_DATE_EPOCH when it re-saves a
subset font into the PDF) and rewrites the PPTX zip with fixed timestamps,
entry order and core-property dates.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

from ..errors import UsageError

ENV = "SOURCE_DATE_EPOCH"
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # the earliest a zip can say
LAST_EPOCH = 4_354_819_199  # 2107-12-31 23:59:59 UTC, the latest a zip can say
_PACKAGES = (".xlsx", ".docx", ".pptx")  # embedded OPC packages, normalised in turn
_CORE_DATE = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def fallback_epoch() -> int:
    """The moment for content without a ``date``: SOURCE_DATE_EPOCH, else now."""
    value = os.environ.get(ENV)
    if value is None:
        return int(time.time())
    # ASCII digits only: str.isdigit() is true for '²' and '٣' too.
    digits = value.strip()
    if not re.fullmatch(r"[0-9]{1,10}", digits) or int(digits) > LAST_EPOCH:
        raise UsageError(f"{ENV} must be a whole number of seconds since 1970 from 0 to "
                         f"{LAST_EPOCH} (the end of 2107, the last date a PPTX can store), "
                         f"got {value!r}")
    return int(digits)


def source_epoch(date: dt.date | None, fallback: int) -> int:
    """The date rule: the content's date (midnight UTC) wins over ``fallback``."""
    if date is None:
        return fallback
    return int(dt.datetime.combine(date, dt.time(), tzinfo=dt.timezone.utc).timestamp())


@contextmanager
def pinned_epoch(epoch: int):
    """Set SOURCE_DATE_EPOCH for the duration of a render, then restore it.

    fontTools stamps every font it re-saves with the current time unless this
    variable is set, which made three renders of one PDF three different files.
    """
    old = os.environ.get(ENV)
    os.environ[ENV] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            del os.environ[ENV]
        else:
            os.environ[ENV] = old


def normalize_zip(path: Path, epoch: int) -> None:
    """Rewrite an OPC zip (PPTX) so that its bytes depend on its contents alone.

    Entries get one timestamp (the date rule, clamped to what a zip can hold),
    fixed attributes and compression, and a stable order: [Content_Types].xml
    first (Office looks for it there), the rest by name. The core properties'
    created/modified dates are set to the same moment, and packages embedded
    in it (a chart's workbook, written by XlsxWriter with the clock time) are
    normalised the same way.
    """
    moment = max(dt.datetime.fromtimestamp(epoch, dt.timezone.utc), ZIP_EPOCH)
    path.write_bytes(_normalized(path.read_bytes(), moment))


def _normalized(package: bytes, moment: dt.datetime) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, data in entries.items():
        if name == "docProps/core.xml":
            entries[name] = _CORE_DATE.sub(lambda m: f"{m.group(1)}{stamp}{m.group(3)}",
                                           data.decode("utf-8")).encode("utf-8")
        elif name.endswith(_PACKAGES):
            entries[name] = _normalized(data, moment)
    names = sorted(entries, key=lambda name: (name != "[Content_Types].xml", name))
    date_time = moment.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3  # "Unix", whatever machine builds it
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED,
                            compresslevel=6)
    return out.getvalue()
