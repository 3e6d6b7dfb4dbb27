"""The Briefing model: the one immutable value every renderer reads.

Field names are the public content contract (shared CONTENT.md): add fields
freely, rename or remove none. A section's parts (stats, table, chart, image)
are in parts.py. Validation is strict: YAML that would turn a
text field into a number, a boolean or a date is an error, not a conversion.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import (
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .fields import (
    CitationKey,
    EditionDate,
    LanguageTag,
    NonEmpty,
    ReferenceDate,
    Text,
    Url,
)
from .locate import link_values
from .markdown import Inline, Markdown
from .notes import number_notes, resolve_citations
from .parts import Chart, Image, Stat, StrictModel, Table


class Section(StrictModel):
    title: Text
    body: Markdown | None = None
    highlights: tuple[Inline, ...] = ()
    quote: Inline | None = None
    notes: str | None = None
    stats: tuple[Stat, ...] = ()
    stats_source: Inline | None = None  # where the stats come from: one line under them
    table: Table | None = None
    chart: Chart | None = None
    image: Image | None = None
    # The section's language when it differs from the briefing's: its labels, smart
    # quotes, hyphenation, lang attributes and the deck's proofing language.
    lang: LanguageTag | None = None

    @model_validator(mode="wrap")
    @classmethod
    def _own_language(cls, data, handler, info: ValidationInfo):
        # Markdown is parsed while it is validated, with the quotes of the context's
        # language: inside this section, that is the section's own (if it is a tag).
        context = info.context if isinstance(info.context, dict) else None
        lang = data.get("lang") if isinstance(data, dict) else None
        if context is None or not isinstance(lang, str):
            return handler(data)
        outer = context.get("lang")
        context["lang"] = lang
        try:
            return handler(data)
        finally:
            context["lang"] = outer

    @model_validator(mode="after")
    def _has_content(self) -> Section:
        if not any((self.body, self.highlights, self.quote, self.stats,
                    self.table, self.chart, self.image)):
            raise PydanticCustomError(
                "empty_section",
                "section has a title but nothing else; add at least one of "
                "body, highlights, quote, stats, table, chart or image", {},
            )
        return self

    @model_validator(mode="after")
    def _stats_source_has_stats(self) -> Section:
        if self.stats_source is not None and not self.stats:
            raise PydanticCustomError(
                "stats_source", "stats_source names where the stats come from, but the "
                "section has no stats; add stats or move the source into the body",
                {"at": ("stats_source",)})
        return self


class Link(StrictModel):
    title: Text
    url: Url
    note: Inline | None = None


class Links(StrictModel):
    title: Text = "Official links"
    items: tuple[Link, ...] = NonEmpty


class Reference(StrictModel):
    """An entry of the briefing's sources, cited in text as [@id]."""

    id: CitationKey
    title: Text
    publisher: Text | None = None
    date: ReferenceDate | None = None
    url: Url | None = None


class Briefing(StrictModel):
    title: Text
    subtitle: Text | None = None
    kicker: Text | None = None
    topics: tuple[Text, ...] = ()
    lang: LanguageTag = "en"
    date: EditionDate | None = None
    author: Text | None = None
    organization: Text | None = None
    # The executive summary: 3–4 key messages, printed on the PDF's cover.
    summary: tuple[Inline, ...] = ()
    sections: tuple[Section, ...] = NonEmpty
    links: Links | None = None
    url: Url | None = None  # where the web page is published: its canonical address
    # Sources cited in text as [@id], listed in this order, numbered from 1.
    references: tuple[Reference, ...] = ()

    _source: Path = PrivateAttr(default=Path("briefing.yaml"))
    _positions: dict = PrivateAttr(default_factory=dict)
    _templates: tuple[Path, ...] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _notes_and_citations(self) -> Briefing:
        # Footnotes are numbered through the document; each citation gets its entries'
        # numbers; a citation of an id not in references is an error where it is written.
        first = 1
        for section in self.sections:
            if section.body is not None:
                first += number_notes(section.body, first)
        numbers, problems = {}, []
        for index, reference in enumerate(self.references):
            if reference.id in numbers:
                problems.append(InitErrorDetails(type=PydanticCustomError(
                    "duplicate_reference", "reference id {id} is used twice (first at "
                    "references[{first}]); expected each id once",
                    {"id": repr(reference.id), "first": numbers[reference.id] - 1}),
                    loc=("references", index, "id"), input=reference.id))
            numbers.setdefault(reference.id, index + 1)
        known = ", ".join(numbers) or "none: add a references list"
        for path, value in link_values(self, ()):
            if isinstance(value, str):
                continue
            resolve_citations(value.all_tokens(), numbers)
            for key, offset in value.citations():
                if key not in numbers:
                    problems.append(InitErrorDetails(type=PydanticCustomError(
                        "citation", "citation [@{key}] names no entry of references; "
                        "expected one of the ids: {known}",
                        {"key": key, "known": known, "offset": offset}),
                        loc=path, input=value.source))
        if problems:
            raise ValidationError.from_exception_data("Briefing", problems)
        return self

    @property
    def source(self) -> Path:
        """The content file this briefing was loaded from."""
        return self._source

    @property
    def slug(self) -> str:
        """The file name without ``.yaml``: it names every output."""
        return self._source.stem

    @property
    def base_dir(self) -> Path:
        """The folder images are resolved against."""
        return self._source.parent

    @property
    def templates(self) -> tuple[Path, ...]:
        """The folders whose templates, theme and fonts override the built-in ones, the
        strongest first: those the build names (``with_templates``: --templates), else the
        content folder's own templates/ (paths.project_templates)."""
        if self._templates is None:
            from ..paths import project_templates

            return project_templates(self.base_dir)
        return self._templates

    def with_templates(self, folders: tuple[Path, ...]) -> Briefing:
        self._templates = folders
        return self

    def position(self, *path: str | int) -> tuple[int, int]:
        """Line and column (from 1) where the value at ``path`` starts in the source."""
        return self._positions.get(path, (1, 1))

    @model_validator(mode="after")
    def _references(self) -> Briefing:
        # Figure and table ids are unique; every @fig-…/@tbl-… in text names one.
        from .figures import resolve_references

        problems = resolve_references(self)
        if problems:
            raise ValidationError.from_exception_data("Briefing", [InitErrorDetails(
                type=PydanticCustomError("value_error", "{error}", {"error": message}),
                loc=at, input=None) for at, message in problems])
        return self

    def with_source(self, path: Path, positions: dict | None = None) -> Briefing:
        self._source = path
        self._positions = positions or {}
        return self
