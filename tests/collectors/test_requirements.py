"""pip requirement file parsing (gate/collectors/requirements.py), checked against pip itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.collectors import requirements

FIXTURE = Path(__file__).parent.parent / "fixtures" / "pins" / "mixed.req.txt"


def pip_view(path: Path) -> list[tuple[int, str, bool, tuple[str, ...]]]:
    """pip's own reading of the file: (line, requirement, editable, hashes)."""
    req_file = pytest.importorskip("pip._internal.req.req_file")
    session = pytest.importorskip("pip._internal.network.session")
    out = []
    for parsed in req_file.parse_requirements(str(path), session=session.PipSession()):
        line = int(parsed.comes_from.rsplit("(line ", 1)[1].rstrip(")"))
        hashes = tuple(
            f"{algo}:{value}"
            for algo, values in (parsed.options or {}).get("hashes", {}).items()
            for value in values
        )
        out.append((line, parsed.requirement.strip(), parsed.is_editable, hashes))
    return out


@pytest.mark.slow
def test_lines_options_and_hashes_match_pip(tmp_path: Path) -> None:
    # pip follows the includes, so give it empty ones; we list them instead.
    target = tmp_path / "requirements.txt"
    target.write_text(FIXTURE.read_text())
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "base.txt").write_text("")
    (tmp_path / "constraints.txt").write_text("")
    parsed = requirements.parse(target.read_text(), "requirements.txt")
    ours = [(r.line, r.target, r.editable, r.hashes) for r in parsed.requirements]
    assert ours == pip_view(target)
    assert parsed.problems == ()
    assert [(i.kind, i.target, i.line) for i in parsed.includes] == [
        ("requirement", "requirements/base.txt", 17),
        ("constraint", "constraints.txt", 18),
    ]


def test_kinds_names_and_references() -> None:
    parsed = requirements.parse(FIXTURE.read_text(), "r.txt")
    by_line = {r.line: r for r in parsed.requirements}
    assert by_line[4].kind == "named" and by_line[4].end_line == 6 and by_line[4].name == "requests"
    assert by_line[7].requirement is not None and by_line[7].requirement.extras == {"async"}
    assert str(by_line[7].requirement.marker) == 'python_version >= "3.8"'
    assert (by_line[8].kind, by_line[8].editable) == ("path", True)
    assert by_line[9].kind == "url" and by_line[9].url_hashes[0].startswith("sha256:2c26")
    assert by_line[10].kind == "vcs" and by_line[10].vcs_ref == "0123456789abcdef" * 2 + "01234567"
    assert (by_line[11].kind, by_line[11].name, by_line[11].vcs_ref) == ("vcs", "baz", "main")
    assert by_line[12].kind == "url" and by_line[12].url_hashes == ()
    assert by_line[13].kind == "path"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("this is bad ===\n", "not a valid requirement"),
        ("requests==1.0 --frobnicate\n", "unknown option --frobnicate"),
        ("--hash=sha256:abc\n", "--hash given without a requirement"),
        ("-r\n", "option -r needs a value"),
    ],
)
def test_unparseable_lines_are_problems_with_their_line(text: str, message: str) -> None:
    parsed = requirements.parse("ok==1.0\n\n" + text, "r.txt")
    (problem,) = parsed.problems
    assert problem.line == 3
    assert message in problem.message


def test_continuation_ends_at_a_comment_and_short_options_attach() -> None:
    text = "-rbase.txt\n--constraint=c.txt\nsix==1.16.0 \\\n# a comment ends it\nx==1\n"
    parsed = requirements.parse(text, "r.txt")
    assert [i.target for i in parsed.includes] == ["base.txt", "c.txt"]
    assert [(r.name, r.line, r.end_line) for r in parsed.requirements] == [
        ("six", 3, 4),
        ("x", 5, 5),
    ]


def test_require_hashes_flag_is_recorded() -> None:
    assert requirements.parse("--require-hashes\nx==1\n", "r.txt").require_hashes
    assert not requirements.parse("x==1\n", "r.txt").require_hashes
