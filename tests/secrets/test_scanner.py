"""The scanner's interface, positions, checksum handling, path awareness and engine parity."""

from __future__ import annotations

import random
import re

import pytest
from corpus_values import Gen, bad_checksum, private_key

from gate.secrets.catalog import get_scanner, rule_descriptions, rule_ids
from gate.secrets.scanner import Scanner

# A random-looking password, made at run time so this file holds no secret of its own.
SECRET = Gen(9).password(20).encode()


def engines() -> list[str]:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return ["python"]
    return ["python", "hyperscan"]


@pytest.fixture(params=engines())
def scanner(request: pytest.FixtureRequest) -> Scanner:
    return get_scanner(request.param)


def test_positions_are_one_based_and_end_inclusive(scanner: Scanner) -> None:
    token = Gen(1).crc("ghp")
    data = f"first line\n  token = '{token}'  # deploy\n".encode()
    [match] = scanner.scan(data, "x.py")
    assert match.rule_id == "github-pat-classic"
    assert (match.line, match.column) == (2, 12)
    assert (match.end_line, match.end_column) == (2, 12 + len(token) - 1)
    assert data.decode().splitlines()[1][11 : 11 + len(token)] == token


def test_columns_count_characters_after_non_ascii_text(scanner: Scanner) -> None:
    token = Gen(2).crc("ghp")
    [match] = scanner.scan(f"# clé: «{token}»\n".encode(), "notes.md")
    assert match.column == len("# clé: «") + 1


def test_private_key_reports_begin_and_end_lines(scanner: Scanner) -> None:
    key = private_key(Gen(3))
    data = f"intro\n\n{key}\ntrailer\n".encode()
    [match] = scanner.scan(data, "id_rsa")
    assert match.rule_id == "private-key"
    assert (match.line, match.column) == (3, 1)
    assert match.end_line == 3 + key.count("\n")
    assert match.end_column == len("-----END RSA PRIVATE KEY-----")


def test_results_are_sorted_and_hashed(scanner: Scanner) -> None:
    gen = Gen(4)
    tokens = [gen.crc("ghp") for _ in range(3)]
    data = f"b = '{tokens[0]}'; a = '{tokens[1]}'\nc = '{tokens[2]}'\n".encode()
    matches = scanner.scan(data, "x.py")
    assert [(m.line, m.column) for m in matches] == sorted((m.line, m.column) for m in matches)
    assert len({m.secret_hash for m in matches}) == 3
    assert all(re.fullmatch("[0-9a-f]{64}", m.secret_hash) for m in matches)


def test_wrong_github_checksum_is_not_reported_under_any_rule(scanner: Scanner) -> None:
    data = f'GITHUB_TOKEN = "{bad_checksum(Gen(5))}"\n'.encode()
    assert scanner.scan(data, "settings.py") == []


def test_unquoted_value_is_an_expression_in_code_but_a_value_in_env_files(
    scanner: Scanner,
) -> None:
    data = b"DB_PASSWORD=" + SECRET + b"\n"
    assert [m.rule_id for m in scanner.scan(data, "prod.env")] == ["generic-secret"]
    assert scanner.scan(b"db_password = " + SECRET + b"\n", "settings.py") == []


def test_lock_files_get_no_generic_findings(scanner: Scanner) -> None:
    data = b'"token": "' + SECRET + b'",\n'
    assert scanner.scan(data, "config.json")
    assert scanner.scan(data, "web/package-lock.json") == []


def test_never_crashes_on_arbitrary_bytes_and_engines_agree() -> None:
    rng = random.Random(11)
    gen = Gen(12)
    pieces = [gen.crc("ghp").encode(), b"password = '", b"\xff\xfe", b"\0", b"\n", b"-----BEGIN "]
    for _ in range(60):
        blob = b"".join(
            rng.choice(pieces) if rng.random() < 0.3 else bytes([rng.randrange(256)])
            for _ in range(rng.randrange(1, 400))
        )
        results = [get_scanner(engine).scan(blob, "f.bin") for engine in engines()]
        assert all(result == results[0] for result in results)


def test_files_without_candidates_cost_no_confirmation(scanner: Scanner) -> None:
    data = b"def add(a, b):\n    return a + b\n" * 1000
    assert scanner.candidates(data) == set()


def test_engine_selection_is_cached_and_validated() -> None:
    assert get_scanner("python") is get_scanner("python")
    assert get_scanner("python").engine_name == "python"
    assert get_scanner("auto").engine_name in {"python", "hyperscan"}
    with pytest.raises(ValueError, match="unknown"):
        get_scanner("grep")


def test_hyperscan_engine_is_named() -> None:
    pytest.importorskip("hyperscan")
    assert get_scanner("hyperscan").engine_name == "hyperscan"
    assert get_scanner("auto").engine_name == "hyperscan"


def test_rule_ids_are_unique_kebab_case_and_many() -> None:
    ids = rule_ids()
    assert len(ids) == len(set(ids)) >= 40
    assert list(rule_descriptions()) == ids
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule_id) for rule_id in ids)


def test_empty_and_undecodable_input(scanner: Scanner) -> None:
    assert scanner.scan(b"") == []
    assert scanner.scan(b"\xff\xfe" * 100 + b"\n\0\0") == []
