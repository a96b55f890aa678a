"""The secrets baseline file: parsing, stable dumping, merging and staleness."""

from __future__ import annotations

import json

import pytest

from gate.errors import InputError
from gate.secrets.baseline import EMPTY, Entry, dump, load, merge, secret_key


def entry(path: str, rule: str = "github-pat", secret: str = "a" * 64, **kw: str) -> Entry:
    return Entry(fingerprint=secret_key(rule, path, secret), rule_id=rule, path=path, **kw)


def test_dump_is_sorted_and_byte_stable_whatever_the_input_order() -> None:
    entries = [entry("b.py"), entry("a.py"), entry("a.py", rule="aws-access-key")]
    first = dump(entries)
    assert first == dump(list(reversed(entries)))
    paths = [(e["path"], e["rule_id"]) for e in json.loads(first)["entries"]]
    assert paths == [("a.py", "aws-access-key"), ("a.py", "github-pat"), ("b.py", "github-pat")]
    assert first.endswith("}\n")


def test_dump_then_load_round_trips_and_holds_no_line_numbers() -> None:
    original = [entry("x.py", reason="test fixture")]
    text = dump(original)
    assert "line" not in text
    assert list(load(text, "b.json").entries.values()) == original


def test_key_depends_on_rule_path_and_secret_hash_only() -> None:
    key = secret_key("github-pat", "x.py", "f" * 64)
    assert key == secret_key("github-pat", "x.py", "f" * 64)
    assert (
        len(
            {
                key,
                secret_key("other", "x.py", "f" * 64),
                secret_key("github-pat", "y.py", "f" * 64),
                secret_key("github-pat", "x.py", "e" * 64),
            }
        )
        == 4
    )


def test_missing_file_is_an_empty_baseline() -> None:
    assert load(None, "b.json") is EMPTY


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"version": 2, "entries": []}', "version"),
        (
            '{"version": 1, "entries": [{"fingerprint": "zz", "rule_id": "r", "path": "p"}]}',
            "entries.0.fingerprint",
        ),
        ('{"version": 1, "entries": [], "secret": "x"}', "secret"),
    ],
)
def test_malformed_baseline_is_an_input_error_naming_the_file(text: str, problem: str) -> None:
    with pytest.raises(InputError) as raised:
        load(text, ".gate/secrets-baseline.json")
    assert str(raised.value).startswith(".gate/secrets-baseline.json: ")
    assert problem in str(raised.value)


def test_merge_keeps_reasons_counts_new_and_dropped() -> None:
    kept, gone, fresh = entry("kept.py"), entry("gone.py"), entry("new.py")
    previous = load(dump([kept.model_copy(update={"reason": "reviewed"}), gone]), "b")
    merged, new, dropped = merge([kept, fresh], previous)
    by_path = {e.path: e for e in merged}
    assert by_path["kept.py"].reason == "reviewed"
    assert set(by_path) == {"kept.py", "new.py"}
    assert (new, dropped) == (1, 1)


def test_stale_filters_by_source_and_rule() -> None:
    tree, env, hist = (
        entry("a.py"),
        entry(".env", rule="env-file"),
        entry("old.py", source="history"),
    )
    baseline = load(dump([tree, env, hist]), "b")
    assert baseline.stale([], source="tree", exclude_rule_ids=["env-file"]) == [tree]
    assert baseline.stale([], source="tree", rule_ids=["env-file"]) == [env]
    assert baseline.stale([hist.fingerprint], source="history") == []
    assert baseline.stale([], source="history") == [hist]
