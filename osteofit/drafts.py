"""`{% draft_owner user %}`: the opaque value `static/js/drafts.js` keys a person's drafts by,
so on a shared computer one person's typing is never put back into another person's form.

A keyed hash of the user's id (the server's secret key): the same for a person from one login
session to the next, so a draft survives a session that ended, and it says nothing about them.
Registered as the `drafts` template library."""

from django import template
from django.utils.crypto import salted_hmac

register = template.Library()


@register.simple_tag
def draft_owner(user) -> str:
    return salted_hmac("osteofit.drafts.owner", str(user.pk)).hexdigest()[:32]
