"""Query arguments of the embed URLs, validated before anything is fetched or cached."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from westandbyyou.service.schemas import LangArgs, WidgetArgs

from .render import BADGE_STYLES, THEMES, VIEWS


class _ViewArgs(WidgetArgs):
    view = fields.String(load_default="counter", validate=validate.OneOf(VIEWS))
    theme = fields.String(load_default="auto", validate=validate.OneOf(THEMES))

    @pre_load
    def _drop_empty(self, data: Any, **_: Any) -> Any:
        # Forms and hand-built URLs send "parliament=" for "none": that is not an error.
        return {k: v for k, v in data.items() if v != ""}


class FrameArgs(_ViewArgs):
    """`/widget/v1/frame`: a view of the widget, optionally narrowed."""

    @validates_schema
    def _card_needs_godparent(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("view") == "card" and not data.get("godparent"):
            raise ValidationError("The card view needs a godparent.", "godparent")


class ConfigureArgs(_ViewArgs):
    """`/embed`: the configurator's form; a card without a godparent is still being filled in."""


class BadgeArgs(LangArgs):
    style = fields.String(load_default="flat", validate=validate.OneOf(BADGE_STYLES))


class OEmbedArgs(Schema):
    """`/oembed`, as consumers call it (WordPress adds `maxwidth`, `maxheight`, `dnt`)."""

    class Meta:
        unknown = "exclude"

    url = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "xml"]))
    maxwidth = fields.Integer(validate=validate.Range(1, 10_000))
    maxheight = fields.Integer(validate=validate.Range(1, 10_000))


class AssetArgs(Schema):
    """`?v=` on a static asset: the content hash that makes the URL cacheable forever."""

    class Meta:
        unknown = "exclude"

    v = fields.String(validate=validate.Regexp(r"^[0-9a-f]{1,64}$", error="Not a version hash."))
