"""Whole-file scanning: overlapping chunks, binaries by printable runs (secrets/content.py)."""

from __future__ import annotations

import pytest
from corpus_values import Gen, private_key
from secret_samples import DB_PASSWORD, GITHUB_PAT

from gate.secrets import content
from gate.secrets.catalog import all_rules, get_scanner
from gate.secrets.content import CHUNK, OVERLAP, printable_runs, scan_blocks

SCANNER = get_scanner("python")


def spans(data: bytes, block: int = 1 << 20) -> list[tuple[str, int, int, int, int]]:
    blocks = [data[i : i + block] for i in range(0, len(data), block)]
    found = scan_blocks(SCANNER, blocks, "f.txt").matches
    return [(m.rule_id, m.line, m.column, m.end_line, m.end_column) for m in found]


def whole(data: bytes) -> list[tuple[str, int, int, int, int]]:
    found = SCANNER.scan(data, "f.txt")
    return [(m.rule_id, m.line, m.column, m.end_line, m.end_column) for m in found]


@pytest.mark.parametrize("border", [CHUNK, CHUNK + OVERLAP, CHUNK + OVERLAP // 2])
@pytest.mark.slow
def test_a_secret_across_a_window_border_of_one_huge_line_is_found_once(border: int) -> None:
    token = GITHUB_PAT.encode()
    start = border - len(token) // 2  # the token straddles the border
    data = b"a " * (start // 2) + b"x" * (start % 2) + token + b" b" * 1_500_000
    assert data.index(token) == start and len(data) > CHUNK + 2 * OVERLAP
    assert spans(data) == [("github-pat-classic", 1, start + 1, 1, start + len(token))]


@pytest.mark.slow
def test_line_numbers_and_pragmas_of_a_large_file_match_a_whole_scan() -> None:
    filler = b"".join(b"row %d of the data set\n" % n for n in range(400_000))
    data = filler + f'token = "{GITHUB_PAT}"  # gate: allow SEC001 fixture\n'.encode() + filler
    assert len(data) > 2 * CHUNK
    result = scan_blocks(SCANNER, [data[i : i + 65536] for i in range(0, len(data), 65536)], "f")
    assert [(m.line, m.column) for m in result.matches] == [(400_001, 10)]
    assert result.size == len(data) and not result.binary
    assert "gate: allow SEC001" in (result.line(400_001) or "")
    assert result.line(400_000) == "row 399999 of the data set"


@pytest.mark.slow
def test_small_windows_find_exactly_what_a_whole_scan_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small windows put the borders everywhere: through tokens, lines and key blocks
    # (the overlap still exceeds the longest match, as the real one does).
    key = private_key(Gen(3))
    monkeypatch.setattr(content, "CHUNK", 700)
    monkeypatch.setattr(content, "OVERLAP", 2 * len(key) + 200)
    token = GITHUB_PAT
    for pad in range(0, 1500, 37):
        data = (
            "p" * pad + f"\nq = {token}\n" + "z" * 450 + f" k {token} zz\n{key}\n" + "tail\n" * 900
        ).encode()
        found = spans(data, block=97)
        assert found == whole(data) and len(found) == 3, pad


def test_binary_files_are_scanned_by_printable_runs_with_standalone_rules_only() -> None:
    key = private_key(Gen(5)).encode()
    data = b"\x00\x01\x7fELF\x00" + GITHUB_PAT.encode() + b"\xfe\x00"
    data += f"password = '{DB_PASSWORD}'\x00".encode() + b"\x03" + key + b"\x00"
    result = scan_blocks(SCANNER, [data], "app.bin")
    assert result.binary
    assert {m.rule_id for m in result.matches} == {"github-pat-classic", "private-key"}
    # the same text in a text file: the password assignment is a finding there
    text = data.replace(b"\x00", b"\n").replace(b"\x01", b" ")
    assert "generic-secret" in {m.rule_id for m in scan_blocks(SCANNER, [text], "a").matches}


def test_printable_runs_keep_offsets_and_text() -> None:
    assert printable_runs(b"ab\x00c\td\xffe\r\n") == b"ab\nc\td\ne\r\n"


def test_binary_rules_are_the_standalone_ones() -> None:
    binary = {rule.id for rule in all_rules() if rule.binary}
    assert {"github-pat-classic", "private-key", "openssh-private-key", "aws-access-key-id"} <= (
        binary
    )
    assert not binary & {"generic-secret", "jwt", "url-credentials", "discord-bot-token"}
    assert all(rule.binary for rule in SCANNER.for_binary().rules)
    assert SCANNER.for_binary() is SCANNER.for_binary()
