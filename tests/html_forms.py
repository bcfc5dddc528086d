"""A page's forms and inputs as a browser sees them, read with the standard library's
html.parser, for the tests that fill in and send the site's forms without a browser.

One reader for every such test, so that what "the page's own form" is and what a browser would
submit from it are decided in one place. It is called html_forms, not html, so that it can never
stand in for the standard library's `html` package."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    """One form: its attributes, its controls (inputs, selects, text areas and buttons) in page
    order with their attributes, and the fields a browser would submit from it untouched."""

    attrs: dict
    controls: list[tuple[str, dict]] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def posts_to_itself(self) -> bool:
        return "action" not in self.attrs


class _PageReader(HTMLParser):
    """Every input on the page, every form, and the page's main headings (h1)."""

    def __init__(self):
        super().__init__()
        self.inputs: list[dict] = []
        self.forms: list[Form] = []
        self.h1: list[str] = []
        self._form: Form | None = None
        self._select = None
        self._options: list[tuple[str, bool]] = []
        self._textarea = None
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            self.inputs.append(attrs)
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        elif tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
        elif self._form is not None:
            self._form_control(tag, attrs)

    def _form_control(self, tag, attrs):
        if tag in {"input", "select", "textarea", "button"}:
            self._form.controls.append((tag, attrs))
        if tag == "input" and "name" in attrs:
            # A browser sends a box or a choice only when it is ticked, and no button it was
            # not pressed with.
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._form.fields.append((attrs["name"], attrs.get("value", "on")))
            elif attrs.get("type") not in {"submit", "button"}:
                self._form.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select, self._options = attrs["name"], []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        elif tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            # With nothing selected, a browser sends the first option.
            chosen = [value for value, selected in self._options if selected]
            value = chosen[0] if chosen else (self._options[0][0] if self._options else "")
            self._form.fields.append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._form.fields.append(tuple(self._textarea))
            self._textarea = None


def read(response) -> _PageReader:
    reader = _PageReader()
    reader.feed(response.content.decode())
    reader.close()
    return reader


def inputs(response) -> list[dict]:
    """Every input on the page, in or out of a form, with its attributes (a boolean attribute
    such as `checked` is present with the value None)."""
    return read(response).inputs


def headings(response) -> list[str]:
    """The text of the page's main headings (h1)."""
    return read(response).h1


def own_form(response) -> Form:
    """The page's own form, the one that posts to the page itself; there must be exactly one."""
    [form] = [form for form in read(response).forms if form.posts_to_itself]
    return form


def submitted_unchanged(response) -> dict[str, str]:
    """The page's own form as a browser submits it untouched."""
    return dict(own_form(response).fields)
