"""The exercise pictures: every exercise and floor guide has them, each file is a safe,
self-contained SVG with a title and a dark-mode palette, the committed files are what the
generator draws, and the pages show each picture with its alt text at a fixed query count."""

import importlib.util
import re
import sys
import xml.etree.ElementTree as ElementTree
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from exercises import svg
from exercises.catalogue import EXERCISES
from exercises.pictures import PICTURES
from tests.exercises.pictures import pictures_loaded
from tests.exercises.test_queries import CATALOGUE_PAGE_QUERIES, FLOOR_GUIDE_QUERIES

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "exercises" / "pictures"
SVG = "{http://www.w3.org/2000/svg}"
FLOOR_GUIDES = ["getting-down-to-the-floor", "getting-up-from-the-floor"]
ENTRIES = [(slug, *entry) for slug, entries in PICTURES.items() for entry in entries]


# The manifest covers the whole catalogue


@pytest.mark.parametrize("slug", [e["slug"] for e in EXERCISES])
def test_every_exercise_in_the_catalogue_has_a_start_and_an_end_picture(slug):
    assert len(PICTURES.get(slug, [])) >= 2


@pytest.mark.parametrize("slug", FLOOR_GUIDES)
def test_each_floor_guide_has_a_picture_for_at_least_three_steps(slug):
    assert len(PICTURES.get(slug, [])) >= 3


@pytest.mark.parametrize(("slug", "filename", "label", "alt"), ENTRIES)
def test_each_picture_has_a_short_label_and_alt_text_that_fit_the_picture_model(
    slug, filename, label, alt
):
    assert filename == f"{slug}-{PICTURES[slug].index((filename, label, alt)) + 1}.svg"
    assert 0 < len(label) <= 40
    assert 20 < len(alt) <= 400


# Each file is a safe, self-contained picture


@pytest.mark.parametrize(("slug", "filename", "label", "alt"), ENTRIES)
def test_each_picture_file_is_svg_with_a_title_and_nothing_that_runs_or_loads(
    slug, filename, label, alt
):
    markup = (FOLDER / filename).read_text()
    root = ElementTree.fromstring(markup)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == alt
    assert root.get("viewBox") == "0 0 320 240"
    names = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not names & {"script", "foreignObject", "image", "text", "use"}
    assert not re.search(r"href|url\(|@import|javascript:|\son\w+=", markup, re.IGNORECASE)
    assert svg.svg_problems(markup) == []


@pytest.mark.parametrize(("slug", "filename", "label", "alt"), ENTRIES)
def test_each_picture_carries_its_own_dark_mode_and_print_colours(slug, filename, label, alt):
    style = ElementTree.fromstring((FOLDER / filename).read_text()).find(f"{SVG}style").text

    assert "@media (prefers-color-scheme:dark)" in style
    assert "@media print" in style


def test_every_svg_in_the_folder_is_in_the_manifest():
    assert {path.name for path in FOLDER.glob("*.svg")} == {entry[1] for entry in ENTRIES}


def test_the_committed_pictures_are_what_the_generator_draws():
    spec = importlib.util.spec_from_file_location(
        "draw_pictures", ROOT / "scripts/draw_pictures.py"
    )
    generator = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generator  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(generator)
    finally:
        del sys.modules[spec.name]

    for slug, items in generator.PICTURES.items():
        for n, (draw, label, alt) in enumerate(items, start=1):
            assert (FOLDER / f"{slug}-{n}.svg").read_text() == generator.document(alt, draw())
            assert PICTURES[slug][n - 1] == (f"{slug}-{n}.svg", label, alt)


# The pages show them


def images_on(html: str) -> list[dict[str, str]]:
    """The attributes of each picture shown (the images in a `pictures` block), in order."""
    blocks = "".join(re.findall(r'<div class="pictures">(.*?)</div>', html, re.S))
    return [
        {name: unescape(value) for name, value in re.findall(r'(\w+)="([^"]*)"', tag)}
        for tag in re.findall(r"<img [^>]*>", blocks)
    ]


def assert_shows(html: str, pictures) -> None:
    shown = images_on(html)
    assert [image["src"] for image in shown] == [p.url for p in pictures]
    assert [image["alt"] for image in shown] == [p.alt for p in pictures]
    assert all(image["alt"].strip() for image in shown)
    assert all((image["width"], image["height"]) == ("320", "240") for image in shown)
    for picture in pictures:
        assert f"<figcaption>{escape(picture.label)}</figcaption>" in html


def exercise_page_queries(exercise) -> int:
    """The exercise page's fixed cost (tests/exercises/test_queries.py): its details with the
    pictures in one prefetch, and, for floor work, the floor guides."""
    return CATALOGUE_PAGE_QUERIES + (FLOOR_GUIDE_QUERIES if exercise.on_floor else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [e["slug"] for e in EXERCISES])
def test_each_exercise_page_shows_its_pictures_with_alt_text_and_captions(
    client, slug, django_assert_num_queries
):
    pictures = pictures_loaded()[slug]

    with django_assert_num_queries(exercise_page_queries(pictures[0].exercise)):
        html = client.get(reverse("exercises:detail", args=[slug])).content.decode()

    assert_shows(html, pictures)


@pytest.mark.django_db
def test_the_exercise_page_costs_the_same_queries_with_more_pictures(
    client, django_assert_num_queries
):
    pictures = pictures_loaded()["seated-row"]
    exercise = pictures[0].exercise
    for position in range(3, 9):
        exercise.pictures.create(
            position=position,
            label="Another",
            alt="Another position of the row.",
            svg=pictures[0].svg,
        )

    with django_assert_num_queries(exercise_page_queries(exercise)):
        html = client.get(reverse("exercises:detail", args=["seated-row"])).content.decode()

    assert len(images_on(html)) == 8


@pytest.mark.django_db
@pytest.mark.parametrize("slug", FLOOR_GUIDES)
def test_each_floor_guide_page_shows_its_pictures_in_order_with_alt_text(client, slug):
    from exercises.models import FloorGuide

    pictures = list(FloorGuide.objects.get(slug=slug).pictures.order_by("position"))

    html = client.get(reverse("exercises:floor-guide", args=[slug])).content.decode()

    assert len(pictures) >= 3
    assert [(i["src"], i["alt"]) for i in images_on(html)] == [(p.url, p.alt) for p in pictures]
    for n, picture in enumerate(pictures, start=1):
        assert f"<figcaption>{n}. {escape(picture.label)}</figcaption>" in html
