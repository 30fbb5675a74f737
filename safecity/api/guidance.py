"""Published guides (how to act), read-only. Staff roles get the staff version; partners the public one.

The text is the Markdown as written, with the contact placeholders ({coordinator}, {intake},
{police}) left in: a client fills them from /directory for its reader. Drafts and older versions
are never served here.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from safecity.guidance import access
from safecity.guidance.models import Audience, Guide, Situation
from safecity.organisation.models import City

router = Router(tags=["guidance"])


class GuideOut(Schema):
    audience: str
    version: int
    title: str
    title_en: str
    intro: str
    intro_en: str
    steps: str
    steps_en: str
    dont: str
    dont_en: str
    endings: list[str]
    review_by: dt.date | None
    published_at: dt.datetime | None


class SituationOut(Schema):
    code: str
    title: str
    title_en: str
    summary: str
    summary_en: str


class SituationDetail(SituationOut):
    guides: list[GuideOut]


def _guide(guide: Guide) -> dict:
    endings = [
        name
        for name, on in (
            ("signal", guide.ends_with_signal),
            ("concern", guide.ends_with_concern),
            ("112", guide.ends_with_112),
        )
        if on
    ]
    fields = ["audience", "version", "title", "title_en", "intro", "intro_en", "steps", "steps_en"]
    fields += ["dont", "dont_en", "review_by", "published_at"]
    return {**{name: getattr(guide, name) for name in fields}, "endings": endings}


def _audiences(user) -> list[str]:
    if access.audience_for(user) == Audience.STAFF:
        return [Audience.STAFF, Audience.PUBLIC]
    return [Audience.PUBLIC]


@router.get("", response=list[SituationOut], summary="Situations with a published guide")
def list_situations(request):
    city = City.objects.order_by("pk").first()
    return [
        situation
        for situation, _guide in access.situations_with_guides(city, access.audience_for(request.user))
    ]


@router.get("/{code}", response=SituationDetail, summary="A situation's current published guides")
def get_situation(request, code: str):
    situation = get_object_or_404(Situation, city=City.objects.order_by("pk").first(), code=code)
    guides = [access.current_guide(situation, audience) for audience in _audiences(request.user)]
    guides = [_guide(g) for g in guides if g is not None]
    if not guides:
        raise Http404
    return {
        "code": situation.code,
        "title": situation.title,
        "title_en": situation.title_en,
        "summary": situation.summary,
        "summary_en": situation.summary_en,
        "guides": guides,
    }
