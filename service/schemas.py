"""Marshmallow schemas: the one definition of every JSON shape and of the OpenAPI document."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate

from westandbyyou.widget import i18n

SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="Not a valid slug (a-z, 0-9, '-').")
MAX_PER_PAGE = 200
MAX_PAGE = 100_000


# ---- query arguments -------------------------------------------------------------------


class LangArgs(Schema):
    """`?lang=`: any well-formed tag; unsupported languages fall back to English."""

    class Meta:
        unknown = EXCLUDE

    lang = fields.String(
        load_default="",
        validate=[
            validate.Length(max=35),
            validate.Regexp(
                i18n.TAG_PATTERN, error="Not a language tag (e.g. 'en', 'de', 'fr-CH')."
            ),
        ],
        metadata={
            "description": "Language of names and sentences (en de fr nl it be ru); "
            "others fall back to en."
        },
    )

    @post_load
    def _negotiate(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "lang": i18n.negotiate(data.get("lang"))}


class PageArgs(LangArgs):
    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE), strict=False)
    per_page = fields.Integer(
        load_default=50,
        validate=validate.Range(1, MAX_PER_PAGE, error=f"Must be between 1 and {MAX_PER_PAGE}."),
    )


class GodparentArgs(PageArgs):
    parliament = fields.String(validate=[validate.Length(max=80), SLUG])
    country = fields.String(
        validate=validate.Regexp(r"^[A-Za-z]{2}$", error="An ISO 3166-1 alpha-2 code or 'EU'."),
        metadata={"description": "Country of the godparent (ISO 3166-1 alpha-2, or EU)."},
    )
    q = fields.String(
        validate=[
            validate.Length(max=100),
            # PostgreSQL refuses NUL in text; no name contains control characters anyway.
            validate.Regexp(r"^[^\x00-\x1f\x7f]*$", error="Control characters are not allowed."),
        ],
        metadata={"description": "Part of the name."},
    )


class PrisonerArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(["detained", "released"]))


class WidgetArgs(LangArgs):
    parliament = fields.String(validate=[validate.Length(max=80), SLUG])
    godparent = fields.String(validate=[validate.Length(max=80), SLUG])


# ---- responses -------------------------------------------------------------------------


class SummarySchema(Schema):
    godparents = fields.Integer(required=True, metadata={"description": "Politicians, cumulative."})
    prisoners = fields.Integer(required=True)
    parliaments = fields.Integer(required=True)
    updated = fields.Date(required=True, allow_none=True)
    headline = fields.String(required=True)
    lang = fields.String(required=True)


class ParliamentRefSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class ParliamentItemSchema(ParliamentRefSchema):
    country = fields.String(required=True)
    godparents = fields.Integer(required=True)


class ParliamentListSchema(Schema):
    items = fields.List(fields.Nested(ParliamentItemSchema), required=True)


class GodchildSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["detained", "released"]))
    since = fields.Date(required=True, allow_none=True)


class GodparentSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    party = fields.String(required=True, allow_none=True)
    parliament = fields.Nested(ParliamentRefSchema, required=True)
    prisoners = fields.List(fields.Nested(GodchildSchema), required=True)


class ParliamentDetailSchema(ParliamentRefSchema):
    country = fields.String(required=True)
    godparents = fields.List(fields.Nested(GodparentSchema), required=True)


class PageSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class GodparentPageSchema(PageSchema):
    items = fields.List(fields.Nested(GodparentSchema), required=True)


class PrisonerGodparentSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    party = fields.String(required=True, allow_none=True)
    parliament = fields.Nested(ParliamentRefSchema, required=True)
    since = fields.Date(required=True, allow_none=True)


class PrisonerSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    name_original = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(["detained", "released"]))
    detained_since = fields.Date(required=True, allow_none=True)
    released_on = fields.Date(required=True, allow_none=True)
    days_detained = fields.Integer(required=True, allow_none=True)
    profile_url = fields.String(required=True, allow_none=True)
    godparents = fields.List(fields.Nested(PrisonerGodparentSchema), required=True)


class PrisonerPageSchema(PageSchema):
    items = fields.List(fields.Nested(PrisonerSchema), required=True)


class WidgetGodchildSchema(GodchildSchema):
    detained_since = fields.Date(required=True, allow_none=True)
    released_on = fields.Date(required=True, allow_none=True)
    days_detained = fields.Integer(required=True, allow_none=True)


class WidgetGodparentSchema(GodparentSchema):
    prisoners = fields.List(fields.Nested(WidgetGodchildSchema), required=True)


class WidgetParliamentSchema(ParliamentRefSchema):
    country = fields.String(required=True)
    total = fields.Integer(
        required=True, metadata={"description": "Godparents in this parliament, in all."}
    )
    godparents = fields.List(
        fields.Nested(WidgetGodparentSchema),
        required=True,
        metadata={"description": "The first ones by name (WIDGET_GROUP_LIMIT, 500 by default)."},
    )


class WidgetSchema(Schema):
    """Everything one widget render needs: the counter and the (narrowed) grouped list."""

    summary = fields.Nested(SummarySchema, required=True)
    parliaments = fields.List(fields.Nested(WidgetParliamentSchema), required=True)
    labels = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "Localized sentences a render needs ({n} is a number)."},
    )


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String()
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per field of the request."},
    )


class HealthSchema(Schema):
    status = fields.String(required=True)


def first_errors(err: ValidationError) -> dict[str, list[str]]:
    """Flatten marshmallow's messages to `{field: [message, ...]}` for problem details."""
    messages = err.messages if isinstance(err.messages, dict) else {"_": err.messages}
    out: dict[str, list[str]] = {}
    for key, value in messages.items():
        out[str(key)] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return out
