"""The github report, read back by a faithful model of the runner's command parsing.

``runner_parse`` and ``runner_validate`` follow actions/runner
(src/Runner.Common/ActionCommand.cs TryParseV2 and UnescapeProperty/UnescapeData;
src/Runner.Worker/ActionCommandManager.cs ValidateLinesAndColumns), including .NET's
``Split('=', 2, RemoveEmptyEntries)`` and the trimming of the property list.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from gate.findings import Finding, Location, PolicyResult, RunResult, Severity
from gate.reporters import ReportOptions, render
from gate.reporters.escaping import escape_data, escape_property, utf16_len
from gate.reporters.github_report import MAX_MESSAGE, annotation, fit_message

ISSUE_COMMANDS = {"error", "warning", "notice"}
_DATA_MAPPINGS = (("\r", "%0D"), ("\n", "%0A"), ("%", "%25"))
_PROPERTY_MAPPINGS = (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25"))


@dataclass
class Command:
    name: str
    data: str
    properties: dict[str, str] = field(default_factory=dict)


def _unescape(text: str, mappings: tuple[tuple[str, str], ...]) -> str:
    for token, replacement in mappings:  # the runner's order: "%25" last
        text = text.replace(replacement, token)
    return text


def _dotnet_split_two(text: str, sep: str) -> list[str]:
    """``text.Split(sep, count: 2, StringSplitOptions.RemoveEmptyEntries)`` on .NET Core."""
    index, first = 0, None
    while (found := text.find(sep, index)) >= 0:
        if found > index:
            first, index = text[index:found], found + 1
            break
        index = found + 1
    if first is None:
        rest = text[index:]
        return [rest] if rest else []
    while text.startswith(sep, index):
        index += 1
    rest = text[index:]
    return [first, rest] if rest else [first]


def runner_parse(line: str) -> Command | None:
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name not in ISSUE_COMMANDS:
        return None
    command = Command(name, _unescape(message[end + 2 :], _DATA_MAPPINGS))
    if space > 0:
        for prop in (p for p in info[space + 1 :].strip().split(",") if p):
            pair = _dotnet_split_two(prop, "=")
            if len(pair) == 2:
                command.properties[pair[0]] = _unescape(pair[1], _PROPERTY_MAPPINGS)
    return command


def runner_validate(props: dict[str, str]) -> dict[str, str]:
    """ValidateLinesAndColumns: what the runner keeps of the location properties."""
    props = dict(props)

    def number(key: str) -> int | None:
        try:
            return int(props[key])
        except (KeyError, ValueError):
            return None

    line, end_line, col, end_col = (number(k) for k in ("line", "endLine", "col", "endColumn"))
    has_column = col is not None or end_col is not None
    if end_line is not None and line is None:
        props["line"], line = props["endLine"], end_line
    if end_col is not None and col is None:
        props["col"], col = props["endColumn"], end_col
    if line is None and has_column:
        props.pop("col", None), props.pop("endColumn", None)
    if end_line is not None and props.get("line") != props.get("endLine") and has_column:
        props.pop("col", None), props.pop("endColumn", None)
    if line is not None and end_line is not None and end_line < line:
        props.pop("line", None), props.pop("endLine", None)
    if col is not None and end_col is not None and end_col < col:
        props.pop("col", None), props.pop("endColumn", None)
    return props


def parse_all(text: str) -> list[Command]:
    assert text.endswith("\n") or text == ""
    commands = [runner_parse(line) for line in text.split("\n")[:-1]]
    assert all(c is not None for c in commands), text
    return [c for c in commands if c is not None]


def expected_message(finding: Finding) -> str:
    loc = finding.location
    body = finding.message
    if loc is not None and loc.commit:
        where = f"{loc.path}:{loc.start_line}" if loc.start_line else loc.path
        body = f"In commit {loc.commit[:12]}, {where}: {body}"
    return body + (f"\n\nFix: {finding.fix}" if finding.fix else "")


def test_golden(result: RunResult, golden: Callable[[str, str], None]) -> None:
    golden("github.txt", render("github", result, ReportOptions()))


def test_every_finding_round_trips_through_the_runner(result: RunResult) -> None:
    commands = parse_all(render("github", result, ReportOptions()))
    assert len(commands) == len(result.findings)
    by_message = {c.data: c for c in commands}
    for finding in result.findings:
        command = by_message[expected_message(finding)]
        assert command.name == finding.severity.value
        assert command.properties["title"] == f"{finding.policy_id} {finding.title}"
        loc = finding.location
        if loc is None or loc.commit:
            assert "file" not in command.properties
        else:
            assert command.properties["file"] == loc.path
        # Only location properties and the title: nothing else is added.
        assert set(command.properties) <= {"file", "line", "endLine", "col", "endColumn", "title"}
        # Already what the runner keeps: its validation changes nothing.
        assert runner_validate(command.properties) == command.properties


def test_random_text_round_trips_in_data_and_properties() -> None:
    rng = random.Random(42)
    alphabet = "a:,=%\r\n 0ADC%25%0A%3A::é🚀\t;]"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        # The runner trims the property list and drops a value's leading "=": values here
        # start and end with a letter, as paths and our titles do.
        value = f"x{text}y"
        finding = Finding(
            "T001", Severity.WARNING, text, location=Location(value, 3, 3, 2, 5), title=value
        )
        command = runner_parse(annotation(finding))
        assert command is not None and command.data == text
        assert command.properties["file"] == value
        assert command.properties["line"] == "3" and command.properties["endColumn"] == "5"
        title = runner_parse(f"::notice title={escape_property(value)}::{escape_data(text)}")
        assert title is not None and title.properties == {"title": value} and title.data == text


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        (Location("a.py"), {"file": "a.py"}),
        (Location("a.py", 5), {"file": "a.py", "line": "5"}),
        (Location("a.py", 5, 9), {"file": "a.py", "line": "5", "endLine": "9"}),
        # Columns only on a single line (the runner drops them across lines).
        (Location("a.py", 5, 9, 2, 7), {"file": "a.py", "line": "5", "endLine": "9"}),
        (
            Location("a.py", 5, 5, 2, 7),
            {"file": "a.py", "line": "5", "endLine": "5", "col": "2", "endColumn": "7"},
        ),
        (Location("a.py", 5, None, 2), {"file": "a.py", "line": "5", "col": "2"}),
        # endLine < line would make the runner drop both lines: keep the start line only.
        (Location("a.py", 9, 5), {"file": "a.py", "line": "9"}),
        # endColumn < col would drop both columns: keep col.
        (Location("a.py", 5, 5, 7, 2), {"file": "a.py", "line": "5", "endLine": "5", "col": "7"}),
        # A column without a line is meaningless to the runner.
        (Location("a.py", None, None, 3, 4), {"file": "a.py"}),
        (Location("a.py", 0, 0), {"file": "a.py"}),
        (Location("a.py", None, 7), {"file": "a.py", "line": "7", "endLine": "7"}),
    ],
)
def test_location_properties_are_what_the_runner_keeps(
    loc: Location, expected: dict[str, str]
) -> None:
    command = runner_parse(annotation(Finding("T001", Severity.ERROR, "m", location=loc)))
    assert command is not None
    props = {k: v for k, v in command.properties.items() if k != "title"}
    assert props == expected
    assert runner_validate(props) == props


def test_commit_located_findings_name_the_commit_not_todays_file() -> None:
    finding = Finding(
        "SEC003", Severity.ERROR, "token", location=Location("a.env", 2, 2, commit="f" * 40)
    )
    command = runner_parse(annotation(finding))
    assert command is not None and "file" not in command.properties
    assert command.data == f"In commit {'f' * 12}, a.env:2: token"


def _many(counts: dict[Severity, int], policy_id: str = "COV002") -> PolicyResult:
    findings = tuple(
        Finding(
            policy_id,
            severity,
            f"{severity.value} {i}",
            location=Location(f"f{i:03d}.py", i + 1),
            fingerprint=f"{severity.value}{i}",
        )
        for severity, count in counts.items()
        for i in range(count)
    )
    return PolicyResult(policy_id, "Many", Severity.ERROR, findings)


def _levels(commands: list[Command]) -> dict[str, int]:
    return {name: sum(1 for c in commands if c.name == name) for name in ISSUE_COMMANDS}


def test_cap_keeps_ten_per_level_and_one_summary_notice() -> None:
    counts = {Severity.ERROR: 25, Severity.WARNING: 3, Severity.NOTICE: 15}
    result = RunResult((_many(counts),), Severity.ERROR)
    options = ReportOptions(full_list_hint="the job summary and the SARIF report")
    commands = parse_all(render("github", result, options))
    assert _levels(commands) == {"error": 10, "warning": 3, "notice": 10}
    summary = commands[-1]
    assert summary.name == "notice" and "not annotated" in summary.properties["title"]
    assert "15 errors" in summary.data and "6 notices" in summary.data
    assert "warning" not in summary.data.split("(")[1].split(")")[0]
    assert "21 of 43 findings" in summary.data
    assert "the job summary and the SARIF report" in summary.data
    # The 9 notices shown are real findings; the 10th is the summary.
    assert sum(1 for c in commands if c.name == "notice" and "file" in c.properties) == 9


@pytest.mark.parametrize(
    ("counts", "levels", "summary"),
    [
        ({Severity.NOTICE: 10}, {"error": 0, "warning": 0, "notice": 10}, None),
        ({Severity.NOTICE: 11}, {"error": 0, "warning": 0, "notice": 10}, "2 notices"),
        (
            {Severity.ERROR: 11, Severity.NOTICE: 10},
            {"error": 10, "warning": 0, "notice": 10},
            "1 error, 1 notice",
        ),
        ({Severity.WARNING: 30}, {"error": 0, "warning": 10, "notice": 1}, "20 warnings"),
        (
            {Severity.ERROR: 10, Severity.WARNING: 10},
            {"error": 10, "warning": 10, "notice": 0},
            None,
        ),
    ],
)
def test_cap_edges(
    counts: dict[Severity, int], levels: dict[str, int], summary: str | None
) -> None:
    commands = parse_all(
        render("github", RunResult((_many(counts),), Severity.ERROR), ReportOptions())
    )
    assert _levels(commands) == levels
    summaries = [c for c in commands if "not annotated" in c.properties.get("title", "")]
    if summary is None:
        assert summaries == []
    else:
        assert len(summaries) == 1 and f"({summary})" in summaries[0].data


def test_cap_is_configurable() -> None:
    result = RunResult((_many({Severity.ERROR: 5}),), Severity.ERROR)
    commands = parse_all(render("github", result, ReportOptions(annotation_cap=3)))
    assert _levels(commands) == {"error": 3, "warning": 0, "notice": 1}


def test_policies_take_turns_and_repository_wide_findings_come_first() -> None:
    noisy = _many({Severity.ERROR: 30}, "COV002")
    total = Finding("COV001", Severity.ERROR, "total below threshold")
    secret = Finding("SEC001", Severity.ERROR, "secret", location=Location("z/late.py", 999))
    result = RunResult(
        (
            PolicyResult("COV001", "T", Severity.ERROR, (total,)),
            noisy,
            PolicyResult("SEC001", "S", Severity.ERROR, (secret,)),
        ),
        Severity.ERROR,
    )
    first = render("github", result, ReportOptions())
    errors = [c for c in parse_all(first) if c.name == "error"]
    assert [c.data for c in errors[:3]] == ["total below threshold", "error 0", "secret"]
    assert [c.data for c in errors[3:]] == [f"error {i}" for i in range(1, 8)]
    # Deterministic: the same input gives the same bytes.
    assert render("github", result, ReportOptions()) == first


def test_long_messages_are_cut_to_the_runner_limit_keeping_the_fix() -> None:
    message = "🚀" * 3000  # 6000 UTF-16 code units
    finding = Finding("T001", Severity.ERROR, message, fix="pin it: x==1")
    command = runner_parse(annotation(finding, "the job summary"))
    assert command is not None
    assert utf16_len(command.data) <= MAX_MESSAGE
    assert command.data.endswith(
        "[truncated; the full text is in the job summary]\n\nFix: pin it: x==1"
    )
    assert command.data.startswith("🚀" * 100)


def test_a_huge_fix_is_cut_too() -> None:
    text = fit_message("short", "y" * 10_000, "the job summary")
    assert utf16_len(text) <= MAX_MESSAGE and text.startswith("short\n\nFix: yyy")
    assert text.endswith("[truncated; the full text is in the job summary]")


def test_message_at_the_limit_is_untouched() -> None:
    assert fit_message("x" * MAX_MESSAGE, None, "h") == "x" * MAX_MESSAGE


def test_an_empty_path_is_no_file() -> None:
    command = runner_parse(annotation(Finding("T001", Severity.ERROR, "m", location=Location(""))))
    assert command is not None and "file" not in command.properties and command.data == "m"


def test_no_findings_no_output() -> None:
    empty = RunResult((PolicyResult("COV001", "T", Severity.ERROR),), Severity.ERROR)
    assert render("github", empty, ReportOptions()) == ""
