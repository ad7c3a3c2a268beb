"""The wheel ships the rule packs, the fitted model and the review page's assets, so a plain
``pip install .`` works, not only -e."""

from __future__ import annotations

import zipfile

import pytest
from hatchling.builders.wheel import WheelBuilder

from cleaner.rules import parse_pack
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    directory = tmp_path_factory.mktemp("dist")
    (path,) = WheelBuilder(str(ROOT)).build(directory=str(directory), versions=["standard"])
    with zipfile.ZipFile(path) as archive:
        yield archive


def test_wheel_ships_rule_packs_concepts_model_word_lists_and_stop_words(wheel):
    names = set(wheel.namelist())
    assert {"cleaner/__init__.py", "cleaner/rules/common.toml", "cleaner/rules/en.toml", "cleaner/concepts.toml",
            "cleaner/model.toml", "cleaner/words.toml", "cleaner/stopwords/zh.txt", "cleaner/stopwords/ja.txt"} <= names


def test_wheel_ships_the_review_page_assets_unchanged(wheel):
    assets = sorted((ROOT / "cleaner" / "assets").iterdir())
    assert {asset.name for asset in assets} == {"report.css", "report.js"}
    for asset in assets:
        assert wheel.read(f"cleaner/assets/{asset.name}") == asset.read_bytes()


def test_every_rule_pack_in_the_checkout_is_in_the_wheel_unchanged(wheel):
    packs = sorted((ROOT / "rules").glob("*.toml"))
    assert packs
    for pack in packs:
        shipped = wheel.read(f"cleaner/rules/{pack.name}")
        assert shipped == pack.read_bytes()
        parse_pack(shipped.decode("utf-8"), pack.name)


def test_wheel_declares_the_console_script(wheel):
    (entry_points,) = [name for name in wheel.namelist() if name.endswith(".dist-info/entry_points.txt")]
    assert "cleaner = cleaner.cli:main" in wheel.read(entry_points).decode("utf-8")


def test_wheel_holds_no_tests_or_samples(wheel):
    assert not [name for name in wheel.namelist() if name.startswith(("tests/", "samples/", "benchmarks/"))]
