"""Recall and look-alike hits of the scanner on the labelled corpus, for both engines.

Run with ``pytest -s tests/secrets/test_corpus.py`` to see the per-kind table.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from corpus_values import CONTEXTS, KINDS, Gen, render

from gate.secrets import get_scanner, rule_ids
from gate.secrets.scanner import SecretMatch

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "secrets_corpus"
Labelled = dict[str, tuple[str, list[tuple[int, str]]]]


def _matrix(gen: Gen) -> Labelled:
    """Every kind in every context its mode allows, one line each, grouped by file."""
    files: dict[str, tuple[list[str], list[tuple[int, str]]]] = {}
    for kind in KINDS:
        for file_name, template in CONTEXTS[kind.mode]:
            lines, labels = files.setdefault(f"matrix/{file_name}", (["# generated"], []))
            lines.append(
                template.format(name=kind.name, lname=kind.name.lower(), value=kind.make(gen))
            )
            labels.append((len(lines), kind.rule_id))
    return {path: ("\n".join(lines) + "\n", labels) for path, (lines, labels) in files.items()}


def _templates(gen: Gen, folder: str) -> Labelled:
    out: Labelled = {}
    for template in sorted((CORPUS / folder).iterdir()):
        text, labels = render(template.read_text(), gen)
        out[f"{folder}/{template.name.removesuffix('.tmpl')}"] = (text, labels)
    return out


@pytest.fixture(scope="module")
def corpus() -> tuple[Labelled, Labelled]:
    gen = Gen(20261121)
    true = {**_matrix(gen), **_templates(gen, "true")}
    return true, _templates(gen, "lookalikes")


def _scan(engine: str, files: Labelled) -> dict[str, list[SecretMatch]]:
    scanner = get_scanner(engine)
    return {path: scanner.scan(text.encode(), path) for path, (text, _) in files.items()}


@pytest.mark.parametrize("engine", ["python", "hyperscan"])
def test_recall_and_lookalikes(engine: str, corpus: tuple[Labelled, Labelled]) -> None:
    pytest.importorskip("hyperscan") if engine == "hyperscan" else None
    true, lookalikes = corpus
    expected: Counter[str] = Counter()
    found: Counter[str] = Counter()
    wrong: list[str] = []
    for path, matches in _scan(engine, true).items():
        labels = true[path][1]
        expected.update(rule for _, rule in labels)
        by_line = {(m.line, m.rule_id) for m in matches}
        found.update(rule for line, rule in labels if (line, rule) in by_line)
        labelled = set(labels)
        wrong += [
            f"{path}:{m.line} {m.rule_id}" for m in matches if (m.line, m.rule_id) not in labelled
        ]
    false_hits = [
        f"{path}:{m.line} {m.rule_id}"
        for path, matches in _scan(engine, lookalikes).items()
        for m in matches
    ]
    print(f"\nengine={engine}  kinds={len(expected)}  rules={len(rule_ids())}")
    print(f"{'kind':40} {'found':>5} {'total':>5} {'recall':>7}")
    for rule in sorted(expected):
        print(f"{rule:40} {found[rule]:5} {expected[rule]:5} {found[rule] / expected[rule]:7.2f}")
    total_found, total = sum(found.values()), sum(expected.values())
    print(f"{'ALL':40} {total_found:5} {total:5} {total_found / total:7.3f}")
    print(f"unlabelled findings in true files: {wrong}")
    print(f"look-alike hits: {len(false_hits)} {false_hits}")
    assert total_found / total >= 0.98
    assert not false_hits
    assert not wrong


def test_every_rule_has_corpus_examples(corpus: tuple[Labelled, Labelled]) -> None:
    true, _ = corpus
    labelled = {rule for _, labels in true.values() for _, rule in labels}
    assert labelled == set(rule_ids())


def test_engines_agree_on_the_corpus(corpus: tuple[Labelled, Labelled]) -> None:
    pytest.importorskip("hyperscan")
    files = {**corpus[0], **corpus[1]}
    assert _scan("python", files) == _scan("hyperscan", files)
