"""The reminder email as MIME, built straight with the standard library's email API.

Django's builder (`EmailMessage.message`) gives every header to the email package's header
registry, which parses it into a tree and folds it again on output, and encodes both bodies
with the pure-Python quoted-printable encoder: half of a reminder's sending time at scale. A
reminder's headers are plain ASCII we wrote ourselves, so here they are stored as they are (a
policy whose `header_store_parse` keeps plain values as strings) and written back unchanged,
and the bodies are encoded by binascii's C encoder. Anything else (a name that needs RFC 2047
in the subject, an address that needs IDNA, a header over 998 characters, a body the standard
library would send as base64) goes through Django's builder, as every email did before.

The message is the same either way: same headers in the same order, same parts, same
transfer encodings (tests/reminders/test_email_format.py compares the two byte for byte).
"""

from __future__ import annotations

import binascii
import email.headerregistry
import email.message
import email.policy
import email.quoprimime
import email.utils
import functools

from django.conf import settings
from django.core import mail
from django.core.mail.utils import DNS_NAME
from django.utils import timezone

HEADER_LIMIT = 998  # RFC 5322: a header line, unfolded
BODY_LIMIT = 76  # RFC 2045: a quoted-printable line


class _PlainHeaders(email.policy.EmailPolicy):
    """A policy that keeps a plain header value (ASCII, one line, short enough, no encoded
    words) as the string it is, instead of parsing it; `fold` then writes it back unchanged.
    Any other value is parsed as usual."""

    def header_store_parse(self, name, value):
        if type(value) is str and _plain(name, value):
            return (name, value)
        return super().header_store_parse(name, value)

    def header_fetch_parse(self, name, value):
        # The generator reads each part's Content-Type several times; the same few values
        # recur in every email, so each is parsed once (only these: no address or subject is
        # kept in the cache).
        if type(value) is str and name.lower() in _STRUCTURE and _plain(name, value):
            return _parsed(name, value)
        return super().header_fetch_parse(name, value)


_STRUCTURE = {"content-type", "content-transfer-encoding", "mime-version"}


_REGISTRY = email.headerregistry.HeaderRegistry()


@functools.lru_cache(maxsize=256)
def _parsed(name: str, value: str):
    """A plain header as the standard registry parses it (header objects are immutable)."""
    return _REGISTRY(name, value)


def _plain(name: str, value: str) -> bool:
    return (
        value.isascii()
        and value.isprintable()
        and "=?" not in value
        and len(name) + 2 + len(value) <= HEADER_LIMIT
    )


class ReminderEmail(mail.EmailMultiAlternatives):
    """A text + HTML email whose headers are never folded and whose bodies keep to 76
    characters a line.

    Python folds a header it cannot break at a space (List-Unsubscribe's long signed URL) into
    RFC 2047 encoded-words, which mail providers do not read as the one-click unsubscribe link;
    RFC 5322 allows 998 characters, so nothing here is folded. The bodies are encoded at 76
    characters a line (RFC 2045's quoted-printable limit; Python's own default would be 78)."""

    def message(self, *, policy=email.policy.default):
        return self._built(policy) or self._built_by_django(policy)

    def _built_by_django(self, policy):
        msg = super().message(policy=policy.clone(max_line_length=BODY_LIMIT))
        msg.policy = policy.clone(max_line_length=HEADER_LIMIT)
        return msg

    def _built(self, policy) -> email.message.EmailMessage | None:
        """The message from plain headers and 7bit, 8bit or quoted-printable bodies; None
        when any part is not that simple."""
        if (
            not isinstance(policy, email.policy.EmailPolicy)
            or self.attachments
            or self.cc
            or self.reply_to
            or len(self.alternatives) != 1
            or self.alternatives[0][1] != "text/html"
            or (self.encoding or settings.DEFAULT_CHARSET).lower() not in ("utf-8", "utf8")
        ):
            return None
        headers = self._headers()
        bodies = [
            _encoded(str(self.body), policy),
            _encoded(str(self.alternatives[0][0]), policy),
        ]
        if any(body is None for body in bodies) or not all(_plain(*h) for h in headers):
            return None
        plain = _PlainHeaders(
            linesep=policy.linesep,
            utf8=policy.utf8,
            cte_type=policy.cte_type,
            max_line_length=HEADER_LIMIT,
        )
        msg = email.message.EmailMessage(policy=plain)
        msg["MIME-Version"] = "1.0"
        msg["Content-Type"] = "multipart/alternative"
        for name, value in headers:
            msg[name] = value
        for (cte, payload), subtype in zip(bodies, ("plain", "html"), strict=True):
            part = email.message.MIMEPart(policy=plain)
            part["Content-Type"] = f'text/{subtype}; charset="utf-8"'
            part["Content-Transfer-Encoding"] = cte
            if subtype == "html":
                # As the standard library writes an added alternative: harmless, and the same.
                part["MIME-Version"] = "1.0"
            part.set_payload(payload)
            msg.attach(part)
        return msg

    def _headers(self) -> list[tuple[str, str]]:
        """The headers in the order and form Django's builder gives them."""
        extra = {name.lower(): name for name in self.extra_headers}
        headers = [
            ("Subject", str(self.subject)),
            ("From", str(self.extra_headers.get("From", self.from_email))),
            ("To", str(self.extra_headers.get("To", ", ".join(str(to) for to in self.to)))),
        ]
        if "date" not in extra:
            now = timezone.localtime() if settings.EMAIL_USE_LOCALTIME else timezone.now()
            headers.append(("Date", email.utils.format_datetime(now)))
        if "message-id" not in extra:
            headers.append(("Message-ID", email.utils.make_msgid(domain=str(DNS_NAME))))
        headers += [
            (name, str(value))
            for name, value in self.extra_headers.items()
            if name.lower() not in {"from", "to", "cc", "reply-to"}
        ]
        return headers


def _encoded(text: str, policy) -> tuple[str, str] | None:
    """(transfer encoding, payload) as the standard library's `set_content` chooses them at 76
    characters a line, the quoted-printable from binascii's C encoder; None for base64 or a
    body of ten lines or fewer, which the standard library encodes its own way."""
    lines = text.encode("utf-8").splitlines()
    body = b"\n".join(lines) + b"\n"
    if max((len(line) for line in lines), default=0) <= BODY_LIMIT:
        if body.isascii():
            return "7bit", body.decode("ascii")
        if policy.cte_type == "8bit":
            return "8bit", body.decode("ascii", "surrogateescape")
    if len(lines) <= 10:
        return None
    linesep = policy.linesep.encode("ascii")
    sniff = linesep.join(lines[:10]) + linesep
    qp_sniff = email.quoprimime.body_encode(sniff.decode("latin-1"), BODY_LIMIT)
    if len(qp_sniff) > len(binascii.b2a_base64(sniff)):
        return None
    encoded = binascii.b2a_qp(body, quotetabs=False, istext=True, header=False)
    if max(len(line) for line in encoded.split(b"\n")) > BODY_LIMIT:
        # binascii can overrun by the "=20" of a space that ends a long line
        return "quoted-printable", email.quoprimime.body_encode(body.decode("latin-1"), BODY_LIMIT)
    return "quoted-printable", encoded.decode("ascii")
