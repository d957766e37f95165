"""Typed, immutable views of the API's JSON documents.

Every model is a frozen, slotted dataclass built by `from_dict`, which reads the fields it
knows and ignores the rest, so a service that adds fields never breaks an installed SDK.
A missing or mistyped field raises `InvalidResponseError` naming it. Dates are parsed in
one place, `_date`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from ._errors import InvalidResponseError

T = TypeVar("T")


# ---- field readers: the only code that looks inside the raw JSON ---------------------


def _obj(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise InvalidResponseError(f"{what}: expected an object, got {type(data).__name__}")
    return data


def _field(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    if key not in data:
        raise InvalidResponseError(f"{what}: missing field {key!r}")
    value = data[key]
    # bool is an int subclass; a count of `true` is a broken document, not 1.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise InvalidResponseError(f"{what}.{key}: expected {_kind_name(kind)}, got {value!r}")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "a string", int: "an integer", list: "a list", Mapping: "an object"}
    return " or ".join("null" if k is type(None) else names.get(k, k.__name__) for k in kinds)


def _str(data: Mapping[str, Any], key: str, what: str) -> str:
    value: str = _field(data, key, str, what)
    return value


def _opt_str(data: Mapping[str, Any], key: str, what: str) -> str | None:
    value: str | None = _field(data, key, (str, type(None)), what) if key in data else None
    return value


def _int(data: Mapping[str, Any], key: str, what: str) -> int:
    value: int = _field(data, key, int, what)
    return value


def _opt_int(data: Mapping[str, Any], key: str, what: str) -> int | None:
    if data.get(key) is None:
        return None
    return _int(data, key, what)


def _date(data: Mapping[str, Any], key: str, what: str) -> dt.date | None:
    """An ISO date (`YYYY-MM-DD`) or null; absent counts as null."""
    value = _opt_str(data, key, what)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidResponseError(f"{what}.{key}: not an ISO date: {value!r}") from None


def _list(data: Mapping[str, Any], key: str, item: Callable[[Any], T], what: str) -> tuple[T, ...]:
    values: list[Any] = _field(data, key, list, what)
    return tuple(item(v) for v in values)


# ---- models ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    """The counter: `godparents` is cumulative; `headline` is the localized sentence."""

    godparents: int
    prisoners: int
    parliaments: int
    updated: dt.date | None
    headline: str
    lang: str

    @classmethod
    def from_dict(cls, data: Any) -> Summary:
        """Build from the `/api/v1/summary` document."""
        d, w = _obj(data, "summary"), "summary"
        return cls(
            godparents=_int(d, "godparents", w),
            prisoners=_int(d, "prisoners", w),
            parliaments=_int(d, "parliaments", w),
            updated=_date(d, "updated", w),
            headline=_str(d, "headline", w),
            lang=_str(d, "lang", w),
        )


@dataclass(frozen=True, slots=True)
class ParliamentRef:
    """A parliament as other documents point to it."""

    slug: str
    name: str

    @classmethod
    def from_dict(cls, data: Any) -> ParliamentRef:
        """Build from `{"slug", "name"}`."""
        d, w = _obj(data, "parliament"), "parliament"
        return cls(slug=_str(d, "slug", w), name=_str(d, "name", w))


@dataclass(frozen=True, slots=True)
class Parliament:
    """A parliament in the list, with its number of godparents."""

    slug: str
    name: str
    country: str
    godparents: int

    @classmethod
    def from_dict(cls, data: Any) -> Parliament:
        """Build from one item of `/api/v1/parliaments`."""
        d, w = _obj(data, "parliament"), "parliament"
        return cls(
            slug=_str(d, "slug", w),
            name=_str(d, "name", w),
            country=_str(d, "country", w),
            godparents=_int(d, "godparents", w),
        )


@dataclass(frozen=True, slots=True)
class Godchild:
    """A prisoner a godparent stands by. The widget document adds the detention fields;
    elsewhere they are None."""

    slug: str
    name: str
    status: str
    since: dt.date | None
    detained_since: dt.date | None = None
    released_on: dt.date | None = None
    days_detained: int | None = None

    @classmethod
    def from_dict(cls, data: Any) -> Godchild:
        """Build from one of a godparent's `prisoners`."""
        d, w = _obj(data, "prisoner"), "prisoner"
        return cls(
            slug=_str(d, "slug", w),
            name=_str(d, "name", w),
            status=_str(d, "status", w),
            since=_date(d, "since", w),
            detained_since=_date(d, "detained_since", w),
            released_on=_date(d, "released_on", w),
            days_detained=_opt_int(d, "days_detained", w),
        )


@dataclass(frozen=True, slots=True)
class Godparent:
    """A politician who took over a godparenthood, with their godchildren."""

    slug: str
    name: str
    party: str | None
    parliament: ParliamentRef
    prisoners: tuple[Godchild, ...]

    @classmethod
    def from_dict(cls, data: Any) -> Godparent:
        """Build from `/api/v1/godparents/<slug>` or an item of a list."""
        d, w = _obj(data, "godparent"), "godparent"
        return cls(
            slug=_str(d, "slug", w),
            name=_str(d, "name", w),
            party=_opt_str(d, "party", w),
            parliament=ParliamentRef.from_dict(_field(d, "parliament", Mapping, w)),
            prisoners=_list(d, "prisoners", Godchild.from_dict, w),
        )


@dataclass(frozen=True, slots=True)
class ParliamentDetail:
    """One parliament with its godparents (`/api/v1/parliaments/<slug>`), also a group of
    the widget document."""

    slug: str
    name: str
    country: str
    godparents: tuple[Godparent, ...]

    @classmethod
    def from_dict(cls, data: Any) -> ParliamentDetail:
        """Build from `/api/v1/parliaments/<slug>`."""
        d, w = _obj(data, "parliament"), "parliament"
        return cls(
            slug=_str(d, "slug", w),
            name=_str(d, "name", w),
            country=_str(d, "country", w),
            godparents=_list(d, "godparents", Godparent.from_dict, w),
        )


@dataclass(frozen=True, slots=True)
class PrisonerGodparent:
    """A godparent as a prisoner's document lists them, with the date they took over."""

    slug: str
    name: str
    party: str | None
    parliament: ParliamentRef
    since: dt.date | None

    @classmethod
    def from_dict(cls, data: Any) -> PrisonerGodparent:
        """Build from one of a prisoner's `godparents`."""
        d, w = _obj(data, "godparent"), "godparent"
        return cls(
            slug=_str(d, "slug", w),
            name=_str(d, "name", w),
            party=_opt_str(d, "party", w),
            parliament=ParliamentRef.from_dict(_field(d, "parliament", Mapping, w)),
            since=_date(d, "since", w),
        )


@dataclass(frozen=True, slots=True)
class Prisoner:
    """A political prisoner with godparents; `days_detained` counts to today or release."""

    slug: str
    name: str
    name_original: str | None
    status: str
    detained_since: dt.date | None
    released_on: dt.date | None
    days_detained: int | None
    profile_url: str | None
    godparents: tuple[PrisonerGodparent, ...]

    @classmethod
    def from_dict(cls, data: Any) -> Prisoner:
        """Build from `/api/v1/prisoners/<slug>` or an item of the list."""
        d, w = _obj(data, "prisoner"), "prisoner"
        return cls(
            slug=_str(d, "slug", w),
            name=_str(d, "name", w),
            name_original=_opt_str(d, "name_original", w),
            status=_str(d, "status", w),
            detained_since=_date(d, "detained_since", w),
            released_on=_date(d, "released_on", w),
            days_detained=_opt_int(d, "days_detained", w),
            profile_url=_opt_str(d, "profile_url", w),
            godparents=_list(d, "godparents", PrisonerGodparent.from_dict, w),
        )


@dataclass(frozen=True, slots=True)
class Widget:
    """Everything one widget render needs: the counter and godparents by parliament."""

    summary: Summary
    parliaments: tuple[ParliamentDetail, ...]

    @classmethod
    def from_dict(cls, data: Any) -> Widget:
        """Build from `/api/v1/widget`."""
        d, w = _obj(data, "widget"), "widget"
        return cls(
            summary=Summary.from_dict(_field(d, "summary", Mapping, w)),
            parliaments=_list(d, "parliaments", ParliamentDetail.from_dict, w),
        )


@dataclass(frozen=True, slots=True)
class Page:
    """The envelope of a paginated list; `items` stays raw until a model reads it."""

    items: tuple[Any, ...]
    page: int
    per_page: int
    total: int
    pages: int

    @classmethod
    def from_dict(cls, data: Any) -> Page:
        """Build from `{"items", "page", "per_page", "total", "pages"}`."""
        d, w = _obj(data, "page"), "page"
        return cls(
            items=tuple(_field(d, "items", list, w)),
            page=_int(d, "page", w),
            per_page=_int(d, "per_page", w),
            total=_int(d, "total", w),
            pages=_int(d, "pages", w),
        )


def items_of(data: Any, key: str, item: Callable[[Any], T]) -> tuple[T, ...]:
    """The models in `data[key]` of a list document such as `{"items": [...]}`."""
    return _list(_obj(data, "document"), key, item, "document")
