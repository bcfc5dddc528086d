"""The report as a PDF, drawn by WeasyPrint from the same template and print stylesheets.

WeasyPrint needs Pango, a system library (Debian: libpango-1.0-0, libpangoft2-1.0-0; `.ci/run`
and `make run` install it when missing). Without it the import fails with OSError; the report
and its print page still work, and the page says why the PDF button is missing."""

from __future__ import annotations

import functools

from django.contrib.staticfiles import finders

STYLESHEETS = ("css/site.css", "css/print.css", "css/print-report.css")


@functools.cache
def _weasyprint():
    """The module, or the reason it cannot be had (once per process)."""
    try:
        import weasyprint
    except (OSError, ImportError) as error:  # no Pango on this machine, or not installed
        return f"WeasyPrint cannot start here ({type(error).__name__}: {error})."
    return weasyprint


def pdf_missing() -> str | None:
    """Why no PDF can be made here, in a sentence; None when it can."""
    found = _weasyprint()
    return found if isinstance(found, str) else None


def pdf_from_html(html: str) -> bytes:
    """A4 is WeasyPrint's default page; the print stylesheet keeps it within two pages."""
    weasyprint = _weasyprint()
    if isinstance(weasyprint, str):
        raise RuntimeError(weasyprint)
    stylesheets = [weasyprint.CSS(filename=finders.find(name)) for name in STYLESHEETS]
    return weasyprint.HTML(string=html).write_pdf(stylesheets=stylesheets, media_type="print")
