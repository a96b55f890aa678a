"""What the gate prints is safe: one redactor (gate/redaction.py), workflow commands
neutralised on Actions, tool output fenced with stop-commands, one-line errors, and
non-UTF-8 file names shown (issue 11, items 1, 3 and 8)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from secret_samples import GITHUB_PAT, github_token

from gate.cli import main
from gate.redaction import clean_text, clean_texts
from gate.reporters.escaping import neutralize_commands, neutralize_json

HASH_LINE = "flask==3.0.0 --hash=sha256:" + "0123456789abcdef" * 4


def runner_commands(log: str) -> list[str]:
    """Every workflow command the Actions runner would execute from ``log``.

    As actions/runner parses output (GITHUB_FACTS.md §1): lines end at \\r, \\n or \\r\\n;
    ``::name ...::data`` after leading whitespace; the legacy ``##[name ...]`` anywhere in
    a line; after ``::stop-commands::TOKEN`` nothing until a ``::TOKEN::`` line.
    """
    found: list[str] = []
    stopped: str | None = None
    for line in re.split(r"\r\n|\r|\n", log):
        stripped = line.lstrip()
        if stopped is not None:
            if stripped.strip() == f"::{stopped}::":
                found.append(stripped.strip())
                stopped = None
            continue
        end = stripped.find("::", 2) if stripped.startswith("::") else -1
        if end > 2:
            found.append(stripped)
            if stripped[2:end].split(" ")[0].lower() == "stop-commands":
                stopped = stripped[end + 2 :]
            continue
        legacy = line.find("##[")
        if legacy >= 0 and line.find("]", legacy) > legacy:
            found.append(line[legacy:])
    return found


# --- the redactor --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "https://bot:{s}@pkgs.example.com/simple",
        "git+https://{s}@github.com/org/repo@main#egg=repo",
        "docker://bot:{s}@ghcr.io/org/tool:1.0",
        "inspect bot:{s}@registry.example.com/tool:1.0",
        "--extra-index-url=https://u:{s}@idx.example.com/simple",
        "'https://u:p@{s}@host.example.com/x'",  # an "@" inside the password
    ],
)
def test_url_userinfo_is_masked(text: str) -> None:
    secret = "Qm3xT9vK2pL8wZr5"
    cleaned = clean_text(text.format(s=secret))
    assert secret not in cleaned and "***@" in cleaned


def test_what_pin_findings_show_is_kept() -> None:
    """Commit SHAs, digests and hashes look random but are not credentials."""
    kept = [
        "actions/checkout@3f786850e387550fdab836ed7e6dc881de23001b",
        "python:3.12@sha256:" + "ab12" * 16,
        HASH_LINE,
        "git@github.com:org/repo.git",
        "ssh://git@github.com/org/repo",
    ]
    for text in kept:
        assert clean_text(text) == text


def test_provider_tokens_and_private_keys_are_masked() -> None:
    token = github_token("ghp", "Zz8Yy7Xx6Ww5Vv4Uu3Tt2Ss1Rr0Qq9")
    assert clean_text(f"rev: {token}") == "rev: ghp_…(40 chars)"
    body = "MIIEowIBAAKCAQEA" + "q8Zt2Wm9Xr4Lp8Vn" * 8
    block = f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"
    assert body[:16] not in clean_text(f"key: {block} end")
    assert clean_text(f"key: {block} end").endswith(" end")
    # cut before its END line (a truncated message): everything after BEGIN goes
    assert body[:16] not in clean_text(block[:60])


def test_every_provider_kind_of_the_corpus_is_masked() -> None:
    """The lazily loaded rules mask what the secret engine's token rules find (all the
    corpus's self-evident kinds), which also proves the cheap pre-check lets them through."""
    sys.path.insert(0, str(Path(__file__).parent / "secrets"))
    from corpus_values import KINDS, Gen

    from gate.secrets.catalog import all_rules
    from gate.secrets.rules.common import GENERIC

    masked_rules = {rule.id for rule in all_rules() if rule.priority < GENERIC}
    gen = Gen(11)
    checked = 0
    for kind in KINDS:
        if kind.mode != "token" or kind.rule_id not in masked_rules:
            continue
        value = kind.make(gen)
        cleaned = clean_text(f"image: {value} (from the Dockerfile)")
        assert not any(value[i : i + 8] in cleaned for i in range(len(value) - 7)), kind.rule_id
        checked += 1
    assert checked >= 40


def test_texts_scanned_together_are_masked_each_in_place() -> None:
    tokens = [
        github_token("ghp", f"Ab{n}Cd{n}Ef{n}Gh{n}Ij{n}Kl{n}Mn{n}Op{n}Qr{n}St{n}") for n in range(3)
    ]
    texts = [
        f"first {tokens[0]} then {tokens[1]}",
        "nothing here",
        f"multi\nline {tokens[2]}\nend",
        HASH_LINE,
    ]
    cleaned = clean_texts(texts)
    assert cleaned == [clean_text(text) for text in texts]  # batching changes nothing
    assert cleaned[0] == "first ghp_…(40 chars) then ghp_…(40 chars)"
    assert cleaned[1:] == ["nothing here", "multi\nline ghp_…(40 chars)\nend", HASH_LINE]


def test_non_utf8_bytes_are_shown_as_escapes() -> None:
    name = os.fsdecode(b"dir/bad\xff\xfe.env")
    assert clean_text(name) == "dir/bad\\xff\\xfe.env"
    clean_text(name).encode("utf-8")  # writable as UTF-8


def _imports_rules_after(code: str) -> bool:
    probe = (
        "import sys\nfrom gate.redaction import clean_text\n"
        f"{code}\nprint('gate.secrets.rules.providers' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


@pytest.mark.slow
def test_rules_are_loaded_only_when_a_text_could_hold_a_token() -> None:
    plain = (
        "clean_text('PASS COV001 Total coverage (coverage 91.5%, files 12)'); "
        "clean_text('/home/runner/work/my-awesome-project/my-awesome-project')"
    )
    assert not _imports_rules_after(plain)
    assert _imports_rules_after(f"clean_text({GITHUB_PAT!r})")


# --- workflow commands -----------------------------------------------------------------------


def test_neutralised_text_has_no_command_and_reads_the_same() -> None:
    hostile = "ok\n  ::stop-commands::x\r::add-mask::y\nsee ##[error]z and ###[group]w"
    out = neutralize_commands(hostile)
    assert runner_commands(out) == []
    assert out.replace("\u200b", "") == hostile
    assert runner_commands(hostile)  # the emulation does see them in the raw text


def test_neutralised_json_is_the_same_data() -> None:
    data = {"path": "a##[error]b", "nested": ["\\##[x]", "###[y]"]}
    text = neutralize_json(json.dumps(data, indent=2))
    assert "##[" not in text and json.loads(text) == data


HOSTILE = "::stop-commands::pwned"


@pytest.fixture
def hostile_repo(make_repo: Any) -> Any:
    repo = make_repo()
    repo.write(f"reqs\n{HOSTILE}\n##[add-mask]x/requirements.txt", "flask\n")
    repo.write("requirements.txt", "flask\n##[warning]legacy\n-r ##[error]x.txt\n")
    repo.write(
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: 'https://x.example.com/h\n\n    {HOSTILE}'\n"
        "    rev: main\n    hooks: [{id: a}]\n",
    )
    repo.write(
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        f'      - uses: "org/act@main\\n  {HOSTILE}"\n',
    )
    repo.commit("hostile")
    return repo


@pytest.mark.slow
def test_no_report_lets_a_command_through_on_actions(hostile_repo: Any, tmp_path: Path) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": ""}
    reports = [f"--report={name}" for name in ("terminal", "summary", "json", "sarif")]
    result = CliRunner().invoke(
        main, ["check", "--root", str(hostile_repo.path), "--select", "PIN", *reports], env=env
    )
    assert result.exit_code == 1, result.output
    assert "stop-commands::pwned" in result.stdout  # the hostile text is shown...
    assert runner_commands(result.stdout + result.stderr) == []  # ...but inert
    github = CliRunner().invoke(
        main,
        ["check", "--root", str(hostile_repo.path), "--select", "PIN", "--report=github"],
        env=env,
    )
    commands = runner_commands(github.stdout)
    assert len(commands) == github.stdout.count("\n") >= 3
    assert all(re.match(r"::(error|warning|notice) ", command) for command in commands)


def test_cli_values_in_errors_are_inert(repo: Any) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": ""}
    for args in (["--base", f"x\n{HOSTILE}"], ["--select", f"{HOSTILE}"], ["--head", "##[x]"]):
        result = CliRunner().invoke(main, ["check", "--root", str(repo.path), *args], env=env)
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("gate: error: ")
        assert runner_commands(result.stderr) == []


@pytest.mark.slow
def test_tool_output_is_fenced_with_stop_commands(tmp_path: Path) -> None:
    tool = (
        "import sys; print('::error::from stdout'); "
        "sys.stderr.write('::add-mask::from stderr\\n'); print('##[warning]legacy')"
    )
    probe = (
        "import sys; from pathlib import Path; from gate.ci.shell import execute; "
        f"sys.exit(execute([sys.executable, '-c', {tool!r}], Path('.')))"
    )
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "::error::from stdout" in done.stdout and "from stderr" in done.stdout
    commands = runner_commands(done.stdout + done.stderr)
    assert len(commands) == 2 and commands[0].startswith("::stop-commands::")
    token = commands[0].removeprefix("::stop-commands::")
    assert len(token) >= 32 and commands[1] == f"::{token}::"
    # off Actions the output passes through untouched, without the fence
    plain = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": ""},
        cwd=tmp_path,
    )
    assert "stop-commands" not in plain.stdout and "::error::from stdout" in plain.stdout


@pytest.mark.slow
def test_a_tool_asked_for_annotations_keeps_only_those(tmp_path: Path) -> None:
    """ruff --output-format github: its annotations reach the runner, nothing else does."""
    lines = [
        "::error title=Ruff (F401),file=a.py,line=1::a.py:1:1: F401 unused",
        "::stop-commands::x",
        "##[add-mask]y",
        "::warning file=b\r::add-mask::z::m",
        "  ::notice::partial line without newline",
    ]
    tool = f"import sys; sys.stdout.write({chr(10).join(lines)!r})"
    probe = (
        "import sys; from pathlib import Path; from gate.ci.shell import execute; "
        f"sys.exit(execute([sys.executable, '-c', {tool!r}, '--output-format', 'github'], "
        "Path('.')))"
    )
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert runner_commands(done.stdout) == [lines[0], lines[4].strip()]
    assert "stop-commands::x" in done.stdout and "add-mask]y" in done.stdout  # shown, inert


# --- one line on stderr ------------------------------------------------------------------------


def test_every_error_is_one_line(repo: Any) -> None:
    repo.write("gate.yml", "policies:\n  'a\n  b': {}\n")
    cases = [
        ["check", "--root", str(repo.path)],  # config key with a newline
        ["check", "--root", str(repo.path), "--config", "gate.yml", "--bogus"],  # click usage
        ["check", "--root", str(repo.path), "--fail-on", "fatal\nx"],  # click bad choice
        ["--nope"],  # the group's own options
        ["ci", "require-success", "--needs", "{not json\n"],  # gate ci
    ]
    for args in cases:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("\n") == 1, (args, result.stderr)
        assert "Traceback" not in result.output
    ci = CliRunner().invoke(main, cases[-1])
    assert ci.stderr.startswith("gate ci: error: ")


def test_version_and_help_are_not_errors() -> None:
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0
    assert "Usage" in CliRunner().invoke(main, ["check", "--help"]).stdout
    for bare in ([], ["ci"]):  # a group without a command shows its help, not an error line
        result = CliRunner().invoke(main, bare)
        assert "error" not in result.output and "Commands:" in result.output


# --- non-UTF-8 file names ----------------------------------------------------------------------


@pytest.mark.slow
def test_non_utf8_file_name_is_reported_not_a_crash(make_repo: Any, tmp_path: Path) -> None:
    repo = make_repo()
    name = b"conf\xff\xfe.env"
    (repo.path / os.fsdecode(name)).write_bytes(b"DB_PASSWORD=Zq9vX2mK8pL4rT6wYb3N\n")
    repo.commit("a file name that is not UTF-8")
    out = tmp_path / "out"
    reports = [f"--report={n}:{out / n}" for n in ("summary", "sarif", "json")]
    command = [sys.executable, "-m", "gate", "check", "--select", "SEC004", "--report=terminal"]
    done = subprocess.run(
        [*command, "--report=github", *reports],
        cwd=repo.path,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
    )
    assert done.returncode == 1, done.stderr
    assert "conf\\xff\\xfe.env" in done.stdout
    data = json.loads((out / "json").read_text(encoding="utf-8"))
    paths = [f["location"]["path"] for p in data["policies"] for f in p["findings"]]
    assert paths == ["conf\\xff\\xfe.env"]
    # SARIF holds a URI: the shown escape, percent-encoded
    assert "conf%5Cxff%5Cxfe.env" in (out / "sarif").read_text(encoding="utf-8")
    assert "conf" in (out / "summary").read_text(encoding="utf-8")


def test_step_outputs_echoed_to_the_log_are_inert(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from gate.ci.shell import emit

    target = tmp_path / "output"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_OUTPUT", str(target))
    emit({"files": f"a.py\n{HOSTILE}\n##[add-mask]b.py"})
    assert runner_commands(capsys.readouterr().out) == []
    assert HOSTILE in target.read_text(encoding="utf-8")  # the file keeps the exact value


def test_every_string_of_a_result_is_redacted() -> None:
    from gate.findings import Finding, Location, PolicyResult, RunResult, Severity
    from gate.redaction import redact_result

    url = "https://bot:Qm3xT9vK2pL8wZr5Yb7N@x.example.com/y"
    dirty = Finding(
        "PIN001",
        Severity.ERROR,
        f"m {url}",
        Location(f"p/{url}", 1, commit=url),
        "fp",
        f"t {url}",
        f"f {url}",
        url,
        {url: url, "n": 3},
    )
    clean = Finding("PIN001", Severity.ERROR, "plain", Location("a.txt", 2))
    policy = PolicyResult("PIN001", f"T {url}", Severity.ERROR, (dirty, clean), {url: url})
    result = RunResult((policy,), Severity.ERROR, root=url, base=url, head=url)
    redacted = redact_result(result)
    assert "Qm3xT9vK" not in repr(redacted) and redacted.redacted
    assert redacted.results[0].findings[1] is clean  # untouched findings are not copied
    assert redacted.results[0].findings[0].properties["n"] == 3
    assert redact_result(redacted) is redacted


@pytest.mark.slow
def test_a_run_with_nothing_to_mask_does_not_build_the_rules() -> None:
    # A short directory name, as on a runner: a long name with digits (pytest's tmp_path)
    # looks like it could be a token, and then the rules are built to check it.
    import tempfile

    with tempfile.TemporaryDirectory() as short:
        _run_without_rules(Path(short))


def _run_without_rules(root: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    probe = (
        "import sys\nfrom gate.cli import main\n"
        "try:\n    main(['check', '--select', 'PIN,GATE001'])\nexcept SystemExit as done:\n"
        "    print('exit', done.code)\n"
        "print('rules built:', 'gate.secrets.rules.providers' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, env=env
    )
    assert done.stdout.splitlines()[-2:] == ["exit 0", "rules built: False"], done.stderr
