"""docs/policies.md is generated from the registry, and every docs link resolves to an anchor.

``GATE_UPDATE_README=1 python -m pytest tests/test_docs.py`` rewrites the generated page.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from gate import config
from gate.policies import load_all
from gate.policies.base import DOCS_URL, Policy

ROOT = Path(__file__).resolve().parent.parent
POLICIES_PAGE = ROOT / "docs" / "policies.md"
README_LIMIT = 12 * 1024


def policy_section(pid: str, cls: type[Policy[Any]]) -> str:
    defaults = json.dumps(config.dump(cls.Settings()))
    enabled = "yes" if cls.Settings().enabled else "no"
    return (
        f"## {pid} {cls.slug}\n\n"
        f"**{cls.title}** · default severity `{cls.default_severity.value}` · "
        f"on by default: {enabled}\n\n"
        f"{cls.documentation()}\n\n"
        f"Settings with their defaults: `{defaults}`\n"
    )


def policies_page() -> str:
    registry = load_all()
    index = "\n".join(
        f"- [{pid} {cls.slug}](#{anchor_of(cls)}): {cls.summary()}" for pid, cls in registry.items()
    )
    sections = "\n".join(policy_section(pid, cls) for pid, cls in registry.items())
    return (
        "# Policies\n\n"
        "<!-- Generated from the policy registry by tests/test_docs.py; do not edit by hand:\n"
        "GATE_UPDATE_README=1 python -m pytest tests/test_docs.py rewrites it. -->\n\n"
        "Every policy the gate runs, with its full documentation (the same text as "
        "`gate explain ID`). Settings go under the policy's ID in the configuration "
        "([configuration](configuration.md)).\n\n"
        f"{index}\n\n{sections}"
    )


def anchor_of(cls: type[Policy[Any]]) -> str:
    return cls.help_url().partition("#")[2]


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a Markdown file (fenced code skipped; repeats get -1, -2)."""
    found: set[str] = set()
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else re.match(r"#{1,6} (.+)", line)
        if match:
            base = anchor = github_anchor(match.group(1))
            n = 0
            while anchor in found:
                n += 1
                anchor = f"{base}-{n}"
            found.add(anchor)
    return found


def test_policies_page_is_fresh() -> None:
    wanted = policies_page()
    if os.environ.get("GATE_UPDATE_README"):
        POLICIES_PAGE.write_text(wanted, encoding="utf-8")
    assert (
        POLICIES_PAGE.read_text(encoding="utf-8") == wanted
    ), "docs/policies.md is stale: run GATE_UPDATE_README=1 pytest tests/test_docs.py"


def test_every_help_url_the_gate_emits_has_an_anchor() -> None:
    # help_url() feeds `gate explain`, each finding's help_url and SARIF helpUri; the
    # base URL alone is SARIF's fallback for a rule without findings of its own.
    assert DOCS_URL.endswith("/blob/main/docs/policies.md")
    assert POLICIES_PAGE.is_file()
    present = anchors(POLICIES_PAGE)
    registry = load_all()
    assert registry
    for pid, cls in registry.items():
        url = cls.help_url()
        assert url.startswith(DOCS_URL + "#"), url
        assert anchor_of(cls) in present, f"{pid}: {url} has no anchor in docs/policies.md"


def markdown_files() -> list[Path]:
    top = [ROOT / name for name in ("README.md", "CONTRIBUTING.md", "CHANGELOG.md")]
    return [*top, *sorted((ROOT / "docs").glob("*.md"))]


def relative_links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    return [link for link in links if not re.match(r"[a-z]+:", link)]


def test_every_relative_link_resolves_to_a_file_and_anchor() -> None:
    broken = []
    checked = 0
    for page in markdown_files():
        for link in relative_links(page):
            target, _, anchor = link.partition("#")
            path = (page.parent / target).resolve() if target else page
            checked += 1
            if not path.exists():
                broken.append(f"{page.name}: {link} (no file)")
            elif anchor and path.suffix == ".md" and anchor not in anchors(path):
                broken.append(f"{page.name}: {link} (no anchor)")
    assert checked > 10
    assert not broken, broken


def test_anchor_rules_match_github() -> None:
    assert github_anchor("COV002 changed-line-coverage") == "cov002-changed-line-coverage"
    assert github_anchor("Inputs and outputs of the `reusable` workflow") == (
        "inputs-and-outputs-of-the-reusable-workflow"
    )


def test_readme_is_short_and_leads_with_adoption() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= README_LIMIT
    headings = re.findall(r"(?m)^## (.+)$", text)
    assert headings[0] == "Adopt in three steps"
