"""What an exercise picture's SVG may hold. Pure (no Django), so the model, the admin and the
content loader apply one rule.

Pictures are served from their own URL with a strict Content-Security-Policy and shown with
`<img>`, where no script runs anyway; this check is the second wall, and it tells staff at once
why an uploaded file was refused instead of letting it break quietly.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MAX_LENGTH = 200_000  # characters; a line drawing needs a few thousand

# Elements that run code, embed other documents or change attributes over time.
REFUSED_ELEMENTS = frozenset(
    {
        "script",
        "foreignObject",
        "iframe",
        "embed",
        "object",
        "audio",
        "video",
        "handler",
        "listener",
        "set",
        "animate",
        "animateMotion",
        "animateTransform",
    }
)
_HREF = re.compile(r"(^|})href$")
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def svg_problems(markup: str) -> list[str]:
    """Why this markup cannot be a picture, in words for staff (empty when it can)."""
    if not markup or not markup.strip():
        return ["Add the picture's SVG markup: upload an .svg file or paste it."]
    if len(markup) > MAX_LENGTH:
        return [f"The SVG is too large ({len(markup):,} characters; at most {MAX_LENGTH:,})."]
    if re.search(r"<!(DOCTYPE|ENTITY)", markup, re.IGNORECASE):
        return ["Remove the DOCTYPE or ENTITY declaration: a picture needs neither."]
    try:
        root = ElementTree.fromstring(markup)
    except ElementTree.ParseError as error:
        return [f"This is not valid SVG (XML) markup: {error}."]
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return [
            f'The outermost element must be <svg xmlns="{SVG_NAMESPACE}">, '
            f"not <{_local(root.tag)}>."
        ]
    problems: list[str] = []
    for element in root.iter():
        name = _local(element.tag)
        if name in REFUSED_ELEMENTS:
            problems.append(f"Remove the <{name}> element: pictures may not contain it.")
        if name == "style" and _outside(element.text or ""):
            problems.append("The <style> element may not load anything (url(...) or @import).")
        for attribute, value in element.attrib.items():
            attribute_name = _local(attribute)
            if attribute_name.lower().startswith("on"):
                problems.append(f"Remove the {attribute_name} attribute from <{name}>.")
            elif _HREF.search(attribute) and not value.strip().startswith("#"):
                problems.append(
                    f"<{name}> links to {value!r}: a picture may only point inside itself (#id)."
                )
            elif attribute_name == "style" and _outside(value):
                problems.append(f"The style of <{name}> may not load anything (url(...)).")
            elif "javascript:" in value.lower():
                problems.append(f"Remove the script address from <{name}>.")
    return sorted(set(problems), key=problems.index)


def _outside(css: str) -> bool:
    return bool(_OUTSIDE_URL.search(css)) or "@import" in css.lower()
