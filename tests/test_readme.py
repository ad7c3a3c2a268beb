"""Every code block of the README runs as written.

Python blocks are executed, shell blocks run line by line with ``cleaner`` on the PATH, and a
``console`` block's commands must print the lines it shows; TOML, YAML and JSON blocks are parsed,
and a rule pack or a ``[tool.cleaner]`` table loaded as the cleaner loads them. They run in a
folder holding the files they name (``page.txt``, ``articles/``, ``pages.jsonl``, ...). A block
that cannot run here (it needs the network, or hours and the shared corpus) says so with
``<!-- not-tested: why -->`` on the line before it. Blocks without a language (diagrams) and
``text`` blocks are prose, not code.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from cleaner import config, rules
from conftest import DIRTY, MARKDOWN, PAGE, ROOT, SEEDS

FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
NOT_TESTED = re.compile(r"<!-- not-tested: (\S[^>]*?) -->\s*$")
PROSE = {"", "text"}
SEED = SEEDS / "004_00799555a65d6284.txt"
SITE_PACK = """
[pack]
language = "*"
description = "Chrome of our site"

[[rule]]
id = "AD901"
name = "acme-sponsor"
concept = "ad-slot-label"
kind = "line"
pattern = '^Brought to you by ACME$'
description = "The sponsor line under every article."
remove = ["Brought to you by ACME"]
keep = ["ACME said it would appeal."]
"""


def code_blocks() -> list[tuple[str, str, str, str | None]]:
    """(where, language, code, why it is not tested) for every fenced block of the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(readme):
        line = readme.count("\n", 0, match.start()) + 1
        before = readme[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        skip = NOT_TESTED.search(before)
        found.append((f"README.md:{line}", match.group(1), match.group(2), skip.group(1) if skip else None))
    return found


BLOCKS = [block for block in code_blocks() if block[1] not in PROSE]


@pytest.fixture
def folder(tmp_path) -> Path:
    """The files the README's examples name, and a ``cleaner`` command that runs this checkout."""
    for name, text in {"page.txt": SEED.read_text(encoding="utf-8"), "a.txt": DIRTY, "b.txt": DIRTY,
                       "seite.txt": DIRTY, "big.txt": DIRTY, "articles/one.txt": DIRTY, "articles/two.md": MARKDOWN,
                       "corpus/one.txt": DIRTY, "page.html": PAGE, "our-site.toml": SITE_PACK,
                       "rules/our-site.toml": SITE_PACK,
                       "pages.jsonl": json.dumps({"id": 1, "text": DIRTY, "content": DIRTY}) + "\n",
                       "in/pages.jsonl": json.dumps({"id": "1", "text": DIRTY}) + "\n"}.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    bin_folder = tmp_path / ".bin"
    bin_folder.mkdir()
    (bin_folder / "cleaner").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cleaner "$@"\n')
    (bin_folder / "cleaner").chmod(0o755)
    os.symlink(sys.executable, bin_folder / "python")
    return tmp_path


def shell(command: str, folder: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{folder / '.bin'}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True, timeout=600)


def commands(code: str) -> list[str]:
    return [line for line in code.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_has_blocks_to_run_and_says_why_it_skips_any():
    assert len([block for block in BLOCKS if block[3] is None]) >= 10
    assert all(len(why) >= 10 for *_, why in BLOCKS if why)


@pytest.mark.parametrize(("where", "language", "code", "why"), BLOCKS, ids=[block[0] for block in BLOCKS])
def test_every_code_block_of_the_readme_runs(where, language, code, why, folder, monkeypatch):
    if why:
        pytest.skip(why)
    if language == "python":
        monkeypatch.chdir(folder)
        monkeypatch.syspath_prepend(str(ROOT))
        exec(compile(code, where, "exec"), {"__name__": "readme"})
    elif language == "sh":
        for command in commands(code):
            done = shell(command, folder)
            assert done.returncode in (0, 1) and "Traceback" not in done.stderr, (command, done.stderr)
    elif language == "console":
        command, *shown = code.splitlines()
        done = shell(command.removeprefix("$ "), folder)
        printed = iter(done.stdout.splitlines())
        assert all(any(line == out for out in printed) for line in shown if line != "..."), done.stdout
    elif language == "toml":
        path = folder / ("pyproject.toml" if "[tool.cleaner]" in code else "pack.toml")
        path.write_text(code, encoding="utf-8")
        if "[pack]" in code:
            rules.load_pack(path)  # validated, and its examples run
        elif "[tool.cleaner]" in code:
            config.load(path)
        else:
            tomllib.loads(code)
    elif language == "yaml":
        document = yaml.safe_load(code)
        hooks = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
        for repo in document.get("repos", []):
            assert "OWNER" not in repo["repo"] and {hook["id"] for hook in repo["hooks"]} <= hooks
    elif language == "json":
        for line in code.splitlines():
            json.loads(line)
    else:
        pytest.fail(f"{where}: no way to run a {language!r} block; mark it <!-- not-tested: why --> if it cannot run")
