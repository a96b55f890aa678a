"""Seeded generator of hostile inputs, one family per kind of file the gate reads.

Each case is a small repository (files, CLI arguments, environment) built from a
``random.Random`` seeded per case, so ``GATE_FUZZ_SEED`` + family + index replays it. A
case says whether it is broken (the gate must not pass it) and which secret it planted.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

from secret_samples import github_token

HEX = "0123456789abcdef"
SHA = "3" * 40  # a well-formed commit SHA (unpinned is judged on the shape only)
DIGEST = "sha256:" + "a" * 64


@dataclass
class Case:
    family: str
    files: dict[str, bytes] = field(default_factory=dict)
    symlinks: dict[str, str] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)  # why the gate must not pass
    secret: str | None = None
    known: str | None = None  # a sub-case another branch fixes (xfail in the suite)
    build: Callable[[str], None] | None = None  # makes git state or data files in the root

    def add(self, path: str, text: str | bytes) -> None:
        self.files[path] = text if isinstance(text, bytes) else text.encode("utf-8", "replace")


def planted_secret(rng: random.Random) -> str:
    """A GitHub token (fixed prefix and a valid checksum), which the redactor must mask.

    A ``ghp_`` shape with a wrong checksum is no token (the engine never reports one), so
    planting such a value would test nothing the redactor promises."""
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(30))
    return github_token("ghp", body)


# Text a pull request controls that tries to talk to the runner.
INJECTIONS = [
    "::stop-commands::fuzztoken",
    "\n::error::injected",
    "##[warning]legacy",
    "\r\n  ::add-mask::x",
    "%0A::set-output name=a::b",
    "::group::x",
]
ODD = ["²", "٣", "\u202e", "\x00", "\ud800", "é", "\t", "\x1b[31m", "\ufeff", "𝟗", "１"]


def odd_text(rng: random.Random, size: int = 12) -> str:
    pool = [*ODD, *INJECTIONS, "a", "1", ".", "-", " ", "#", "@", "$", "{", "}", "[", "]"]
    return "".join(rng.choice(pool) for _ in range(rng.randint(1, size)))


def big(rng: random.Random) -> str:
    unit = rng.choice(["a", "1", " ", "a1-", "[", "${A:-", "#", "1.", "\\"])
    return unit * rng.choice([100, 5_000, 50_000])


def deep(rng: random.Random, opener: str = "[", closer: str = "]") -> str:
    depth = rng.choice([1_000, 5_000])  # beyond the parsers' recursion (2+ frames a level)
    return opener * depth + closer * depth


# -- requirement files ---------------------------------------------------------------


def requirements(rng: random.Random, case: Case) -> None:
    secret = case.secret = planted_secret(rng)
    pool: list[tuple[str, bool]] = [
        ("requests==2.31.0", False),
        ("flask>=2", True),
        ("django", True),
        (f"pkg @ https://user:{secret}@example.invalid/pkg-1.0.tar.gz", True),
        (f"git+https://{secret}@example.invalid/r.git@main#egg=r", True),
        (f"-i https://u:{secret}@example.invalid/simple", False),
        ("evil @ https://example.invalid/evil-1.0.tar.gz", True),
        ("./local/pkg-1.0.tar.gz", True),
        ("-r other.txt", False),
        ("-r " + "a" * rng.choice([10, 300, 5_000]) + ".txt", True),
        ("-c constraints.txt", False),
        ("--hash=sha256:" + "a" * 64, True),
        ("numpy==1.²", True),
        ("x==1 \\", False),
        ("# comment " + odd_text(rng), False),
        ("a" + " " * rng.choice([10, 50_000]) + "#x", True),
        ("--unknown-option", True),
        (odd_text(rng), True),
        ("name[extra]==1.0; python_version < '3.11'", False),
    ]
    lines = []
    for _ in range(rng.randint(1, 8)):
        text, broken = rng.choice(pool)
        lines.append(text)
        if broken:
            case.broken.append(f"requirement line {text[:40]!r}")
    name = rng.choice(["requirements.txt", "requirements-dev.txt", "requirements/base.txt"])
    case.add(name, "\n".join(lines) + rng.choice(["\n", "", "\\"]))
    if rng.random() < 0.3:
        chain = rng.choice([3, 60, 300])
        for index in range(chain):
            case.add(f"r{index}.txt", f"-r r{index + 1}.txt\n")
        case.add(name, f"-r r0.txt\n{case.files[name].decode()}")
        if chain >= 50:
            case.broken.append("include chain deeper than the bound")
    if rng.random() < 0.2:
        case.symlinks["requirements-loop.txt"] = "requirements-loop.txt"
    case.args += ["--select", "PIN001"]


# -- lock files and pyproject ----------------------------------------------------------


def _mutate(rng: random.Random, value: object) -> tuple[object, bool]:
    """A value of the wrong type now and then (True: it was mutated)."""
    if rng.random() < 0.75:
        return value, False
    return rng.choice([1, 1.5, True, [], {}, [1], {"a": 1}, "1979-05-27"]), True


def _toml_value(value: object) -> str:
    if value == "1979-05-27":
        return "1979-05-27"  # a TOML date, not a string
    return json.dumps(value) if not isinstance(value, dict) else _inline_table(value)


def _inline_table(table: dict[str, object]) -> str:
    return "{" + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in table.items()) + "}"


def locks(rng: random.Random, case: Case) -> None:
    case.add("pyproject.toml", "[project]\nname = 'p'\nversion = '1'\ndependencies = ['a']\n")
    kind = rng.choice(["uv.lock", "poetry.lock", "pdm.lock", "pylock.toml"])
    version, bad_version = _mutate(rng, "1.0")
    deps, bad_deps = _mutate(rng, [{"name": "b"}] if kind != "pdm.lock" else ["b>=1"])
    if kind == "poetry.lock":
        deps, bad_deps = _mutate(rng, {"b": ">=1"})
    chash, bad_hash = _mutate(rng, "0" * 64)
    body = [
        "[[package]]" if kind != "pylock.toml" else "[[packages]]",
        'name = "a"',
        f"version = {_toml_value(version)}",
        f"dependencies = {_toml_value(deps)}",
    ]
    header = {
        "uv.lock": "version = 1\nrequires-python = '>=3.10'\n",
        "poetry.lock": "",
        "pdm.lock": "",
        "pylock.toml": "lock-version = '1.0'\ncreated-by = 'x'\n",
    }[kind]
    footer = {
        "uv.lock": "",
        "poetry.lock": f"[metadata]\nlock-version = '2.1'\ncontent-hash = {_toml_value(chash)}\n",
        "pdm.lock": f"[metadata]\nlock_version = '4.4'\ncontent_hash = {_toml_value(chash)}\n",
        "pylock.toml": "",
    }[kind]
    text = header + "\n".join(body) + "\n" + footer
    if rng.random() < 0.15:
        text += f"x = {deep(rng)}\n"
        case.broken.append("nested too deeply")
    if rng.random() < 0.1:
        text += "y = " + "9" * 5_000 + "\n"
        case.broken.append("integer over the digit limit")
    case.add(kind, text)
    # A wrong type in a field the sync check reads must be reported (item 6).
    wrong_deps = bad_deps and not _deps_shape_ok(kind, deps)
    if bad_version or wrong_deps or (bad_hash and kind in ("poetry.lock", "pdm.lock")):
        case.broken.append("wrong-typed lock entry")
    case.args += ["--select", "PIN002"]


def _deps_shape_ok(kind: str, deps: object) -> bool:
    if kind == "poetry.lock":
        return isinstance(deps, dict)
    if kind == "pdm.lock":
        return isinstance(deps, list) and all(isinstance(d, str) for d in deps)
    return isinstance(deps, list) and all(isinstance(d, dict) for d in deps)


def pyproject(rng: random.Random, case: Case) -> None:
    parts = ["[project]", "name = 'p'", "version = '1'"]
    choice = rng.randrange(8)
    if choice == 0:
        parts = ["tool = 1", *parts]
        case.broken.append("tool is not a table")
    elif choice == 1:
        parts.append(f"dependencies = {deep(rng)}")
        case.broken.append("nested too deeply")
    elif choice == 2:
        parts.append("x = " + "1" * rng.choice([4_301, 20_000]))
        case.broken.append("integer over the digit limit")
    elif choice == 3:
        parts.append("dependencies = [1979-05-27, 1.5e400]")
        case.broken.append("dates and floats where requirements belong")
    elif choice == 4:
        parts.append(f"dependencies = [{json.dumps(odd_text(rng))}]")
        case.broken.append("invalid requirement")
    elif choice == 5:
        parts.append("dependencies = ['a']\n[tool.gate]\nselect = ['SEC01']")
        case.broken.append("config selects nothing")
    elif choice == 6:
        parts.append(f"[tool.poetry]\nname = 1\ndependencies = {_toml_value(_mutate(rng, {})[0])}")
    else:
        parts.append(f"[tool.gate]\nfail_on = {_toml_value(_mutate(rng, 'error')[0])}")
    case.add("pyproject.toml", "\n".join(parts) + "\n")
    case.args += ["--select", "PIN002,GATE"]


# -- YAML inputs: workflows, actions, pre-commit -----------------------------------------


def _alias_bomb(rng: random.Random, leaf: str) -> str:
    text = f"x0: &l0 [{', '.join([leaf] * 10)}]\n"
    for level in range(1, rng.choice([2, 4, 6])):
        text += f"x{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 10)}]\n"
    return text


def workflows(rng: random.Random, case: Case) -> None:
    secret = case.secret = planted_secret(rng)
    uses_pool = [
        (f"actions/checkout@{SHA} # v4", False),
        ("actions/checkout@v4", True),
        (f"docker://user:{secret}@registry.invalid/img:1", True),
        ("./local-action", False),
        (json.dumps(odd_text(rng)), True),
        (f"o/r/.github/workflows/w.yml@{SHA}", False),
        ("o/r@" + "a" * 39 + "^{}", True),
    ]
    steps = []
    for _ in range(rng.randint(0, 5)):
        uses, broken = rng.choice(uses_pool)
        steps.append(f"      - uses: {uses}")
        if broken:
            case.broken.append(f"uses {uses[:30]}")
    text = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
    text += "\n".join(steps) if steps else "      - run: echo"
    text += "\n"
    shape = rng.randrange(8)
    if shape == 0:
        text = "on: push\njobs:\n  a:\n    steps: {uses: actions/checkout@v4}\n"
        case.broken.append("steps as a mapping")
    elif shape == 1:
        text = _alias_bomb(rng, "{uses: actions/checkout@v4}") + "jobs:\n  a:\n    steps: *l1\n"
        case.broken.append("aliases fan out to unpinned steps")
    elif shape == 2:
        text = "on: push\njobs: &j\n  a: *j\n"
        case.broken.append("self-containing alias")
    elif shape == 3:
        text = "on: push\njobs: " + deep(rng) + "\n"
        case.broken.append("nested too deeply")
    elif shape == 4:
        text += f"# {odd_text(rng)}\n  bad: [\n"
        case.broken.append("invalid YAML")
    name = rng.choice([".github/workflows/ci.yml", "action.yml", ".github/workflows/a b.yaml"])
    if name == "action.yml" and shape > 4:
        text = text.replace("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n", "runs:\n")
        text = text.replace("    steps:", "  using: composite\n  steps:")
    case.add(name, text)
    case.args += ["--select", "PIN003"]


def precommit(rng: random.Random, case: Case) -> None:
    secret = case.secret = planted_secret(rng)
    revs = [
        (f"{SHA}  # frozen: v1.0.0", False),
        ("v1.2.3", False),  # a tag is a warning, below the default fail_on
        ("main", True),
        ("3" * 40 + "^{}", True),
        ("1" + "a1b2" * rng.choice([10, 30]) + "^{}", True),
        (json.dumps(odd_text(rng)), True),
        ("[1, 2]", True),
    ]
    repos = []
    for _ in range(rng.randint(1, 4)):
        rev, broken = rng.choice(revs)
        url = rng.choice(
            ["https://github.com/a/b", f"https://u:{secret}@example.invalid/r", "local"]
        )
        repos.append(f"- repo: {url}\n  rev: {rev}\n  hooks: [{{id: x}}]")
        if broken and url != "local":
            case.broken.append(f"rev {rev[:20]}")
    text = "repos:\n" + "\n".join(repos) + "\n"
    if rng.random() < 0.2:
        text = _alias_bomb(rng, "{repo: https://github.com/a/b, rev: main}") + "repos: *l1\n"
        case.broken.append("alias fan-out")
    elif rng.random() < 0.1:
        text = "repos: {repo: x}\n"
        case.broken.append("repos as a mapping")
    case.add(".pre-commit-config.yaml", text)
    case.args += ["--select", "PIN005"]


# -- Dockerfiles -------------------------------------------------------------------------


def dockerfiles(rng: random.Random, case: Case) -> None:
    secret = case.secret = planted_secret(rng)
    lines = []
    if rng.random() < 0.3:
        lines.append("ARG A0=xx")
        depth = rng.choice([5, 20, 30])
        lines += [f"ARG A{i + 1}=${{A{i}}}${{A{i}}}" for i in range(depth)]
        lines.append(f"FROM python:${{A{depth}}}")
        case.broken.append("unpinned or too large")
    froms = [
        (f"FROM python:3.12@{DIGEST}", False),
        ("FROM python:3.12", True),
        (f"ARG TOKEN={secret}\nFROM registry.invalid/${{TOKEN}}/img", True),
        ("FROM ${NOPE}", True),
        ("FROM " + "${A:-" * rng.choice([3, 3_000]), True),
        (f"FROM {odd_text(rng)}", True),
        ("FROM scratch", False),
        ("FROM a AS b c d", True),
        ("FROM \\\n  python:3.12 \\", True),
    ]
    for _ in range(rng.randint(1, 4)):
        text, broken = rng.choice(froms)
        lines.append(text)
        if broken:
            case.broken.append(text[:30])
    case.add(rng.choice(["Dockerfile", "Dockerfile.dev", "app.Dockerfile"]), "\n".join(lines))
    case.args += ["--select", "PIN004"]


# -- the gate's own configuration ------------------------------------------------------------


def gate_config(rng: random.Random, case: Case) -> None:
    options: list[tuple[str, bool]] = [
        ("fail_on: error", False),
        ("select: [PIN]", False),
        ("select: [SEC01]", True),
        ("ignore: ['']", True),
        ("ignore: [GATE001, ' ']", True),
        ("select: " + deep(rng), True),
        ("secrets:\n  baseline: ../x.json", True),
        ("secrets:\n  baseline: /etc/passwd", True),
        ("secrets:\n  baseline: 'C:\\\\x.json'", True),
        ("fail_on: " + json.dumps(odd_text(rng)), True),
        ("policies:\n  COV001:\n    threshold: 1e400", True),
        ("policies:\n  COV001:\n    threshold: " + "9" * 5_000, True),
        ("x0: &a [1, 2]\nexclude: [*a, *a]", True),
        ("exclude: &e ['a', *e]", True),
        ("pins: 1", True),
        ("unknown_key: 1", True),
        (f"{odd_text(rng)}: 1", True),
        ("a: &x [*x]", True),
    ]
    chosen: list[tuple[str, bool]] = []
    for option in rng.sample(options, rng.randint(1, 3)):
        # YAML keeps the last of two equal keys: one option per top-level key.
        if option[0].split(":")[0] not in {o.split(":")[0] for o, _ in chosen}:
            chosen.append(option)
    text = "\n".join(option for option, _ in chosen) + "\n"
    case.broken += [option[:30] for option, broken in chosen if broken]
    case.add(rng.choice(["gate.yml", ".gate.yml", ".github/gate.yml"]), text)
    case.add("requirements.txt", "requests==2.31.0\n")
    case.args += ["--ignore", "COV,SEC003"]


# -- coverage inputs ---------------------------------------------------------------------------


def coverage(rng: random.Random, case: Case) -> None:
    case.add("src/app.py", "def f():\n    return 1\n")
    form = rng.choice(["xml", "json", "sqlite"])
    secret = case.secret = planted_secret(rng)
    filename = rng.choice(["src/app.py", f"src/{secret}.py", "src/a\n::stop-commands::t.py"])
    if form == "xml":
        valid = rng.choice(["2", "0", "-1", "1e400", "9" * 5_000, "x"])
        hits = rng.choice(["1", "0", "-5", "²", "9" * 5_000])
        text = (
            '<?xml version="1.0" ?>\n<coverage version="7" lines-valid="'
            f'{valid}" lines-covered="1" line-rate="0.5">\n<packages><package name="p">'
            f'<classes><class name="a" filename={json.dumps(filename)}><lines>'
            f'<line number="1" hits="{hits}"/><line number="2" hits="0"/>'
            "</lines></class></classes></package></packages></coverage>\n"
        )
        if rng.random() < 0.1:
            text = '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa">]><coverage>&a;</coverage>'
        encoding = rng.choice(["utf-8", "utf-8", "utf-16"])
        if encoding == "utf-16":
            case.known = "UTF-16 coverage.xml"
        if valid == "0":
            case.known = "lines-valid=0"
        if filename != "src/app.py":
            case.known = "coverage of files outside the repository"
        case.add("coverage.xml", text.encode(encoding))
    elif form == "json":
        files = rng.choice(
            [
                {filename: {"executed_lines": [1], "missing_lines": [2]}},
                {},
                {"../outside.py": {"executed_lines": [1], "missing_lines": []}},
                {filename: {"executed_lines": "x", "missing_lines": [2**70]}},
                {filename: {"executed_lines": [1e400]}},
            ]
        )
        if not files or "../outside.py" in files or filename != "src/app.py":
            case.known = "coverage JSON with no files / outside the repository"
        document = {"meta": {"version": "7"}, "files": files, "totals": {"percent_covered": 100}}
        text = json.dumps(document)
        if rng.random() < 0.1:
            text = deep(rng)
        case.add("coverage.json", text)
    else:
        tamper = rng.choice(
            [
                None,
                None,
                "DROP TABLE line_bits",
                "UPDATE line_bits SET numbits = X'ffffffffffffffffffff'",
                "UPDATE line_bits SET numbits = 'text'",
                "UPDATE file SET path = 'a\n::stop-commands::t.py'",
                "DELETE FROM file",
                "UPDATE meta SET value = '99' WHERE key = 'version'",
                "CREATE TABLE arc (file_id, context_id, fromno, tono)",
            ]
        )
        if tamper is not None:
            case.known = "tampered .coverage tables"
        if tamper is not None and tamper.startswith("UPDATE line_bits SET numbits = X"):
            # Every bit set is well-formed data claiming every line ran: `coverage report`
            # says 100% too, so this one may pass (faked data is the trust doc's limit).
            case.args += ["--select", "COV001"]
            case.build = _coverage_data(tamper)
            return
        if rng.random() < 0.1:
            case.known = "tampered .coverage tables"
            case.add(".coverage", rng.choice([b"SQLite format 3\x00" + b"\x00" * 200, b"x"]))
        else:
            case.build = _coverage_data(tamper)
    case.broken.append("half the lines are uncovered, or the data is broken")
    case.args += ["--select", "COV001"]


def _coverage_data(tamper: str | None) -> Callable[[str], None]:
    """A real coverage.py data file (line 1 of 2 run), then one SQL statement on it."""

    def build(root: str) -> None:
        import os
        import sqlite3

        from coverage import CoverageData  # a real data file, as `coverage run` writes

        data = CoverageData(basename=os.path.join(root, ".coverage"))
        data.add_lines({os.path.join(root, "src", "app.py"): [1]})
        data.write()
        if tamper is not None:
            # A statement that does not fit this schema version leaves the file as it is.
            with sqlite3.connect(os.path.join(root, ".coverage")) as db, suppress(sqlite3.Error):
                db.execute(tamper)

    return build


# -- event payloads, file names, git states -----------------------------------------------------


def events(rng: random.Random, case: Case) -> None:
    payloads: list[tuple[object, bool]] = [
        ({"pull_request": {"base": {"sha": SHA}, "head": {"sha": SHA}}}, False),
        ({"pull_request": "x"}, True),
        ({"pull_request": {"base": [1]}}, True),
        ({"pull_request": {"base": {"sha": 5}}}, True),
        ({"before": {"a": 1}}, True),
        ([1, 2], True),
        ("text", True),
        (None, True),
    ]
    payload, broken = rng.choice(payloads)
    text = json.dumps(payload) if rng.random() < 0.9 else deep(rng)
    case.add("event.json", text)
    case.env.update(
        {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": "event.json", "GITHUB_BASE_REF": "main"}
    )
    case.build = _git_commit_all
    if broken or text.startswith("["):
        case.broken.append("wrong-shaped event payload")
    case.args += ["--select", "GATE001,PIN001"]


def file_names(rng: random.Random, case: Case) -> None:
    secret = case.secret = planted_secret(rng)
    stem = rng.choice(
        [
            "requirements"
            + odd_text(rng).replace("/", "").replace("\x00", "").replace("\ud800", ""),
            "requirements-\n::stop-commands::tok",
            f"requirements-{secret}",
            "requirements-" + "a" * rng.choice([10, 200]),
            "requirements-%0A##[error]x",
        ]
    )
    name = stem + ".txt"
    case.add(name, "flask\n")
    case.broken.append("unpinned requirement")
    if rng.random() < 0.3:
        case.files[name] = b"flask\n"
        case.add("requirements-\udcff.txt", b"flask\n")  # a non-UTF-8 name
        case.known = "non-UTF-8 file name"
    case.args += ["--select", "PIN001"]


def _git_commit_all(root: str) -> None:
    from fuzz_contract import git

    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "fuzz")


def git_states(rng: random.Random, case: Case) -> None:
    from fuzz_contract import git

    state = rng.choice(["empty", "detached", "orphan", "corrupt", "shallow"])
    case.add("requirements.txt", "requests==2.31.0\n")

    def build(root: str) -> None:
        git(root, "init", "-q", "-b", "main")
        if state == "empty":
            return
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "one")
        if state == "detached":
            git(root, "checkout", "-q", "--detach")
        elif state == "orphan":
            git(root, "checkout", "-q", "--orphan", "other")
        elif state == "corrupt":
            import pathlib

            objects = sorted(pathlib.Path(root, ".git", "objects").glob("??/*"))
            objects[0].write_bytes(b"garbage")
        elif state == "shallow":
            pathlib_root = root + "/.git/shallow"
            with open(pathlib_root, "w", encoding="ascii") as handle:
                handle.write("0" * 40 + "\n")

    case.build = build
    base = rng.choice([None, "main", "nope", "HEAD~5", "-x", "main..HEAD", "\n::error::x"])
    if base is not None:
        case.args += ["--base", base]
    if base in ("nope", "HEAD~5", "-x") and state != "empty":
        case.broken.append(f"git state {state}, base {base!r}")
    case.args += ["--select", "PIN001,SEC002"]


FAMILIES: dict[str, Callable[[random.Random, Case], None]] = {
    "requirements": requirements,
    "locks": locks,
    "pyproject": pyproject,
    "workflows": workflows,
    "precommit": precommit,
    "dockerfiles": dockerfiles,
    "gate_config": gate_config,
    "coverage": coverage,
    "events": events,
    "file_names": file_names,
    "git_states": git_states,
}


def make_case(seed: int, family: str, index: int) -> Case:
    rng = random.Random(f"{seed}:{family}:{index}")
    case = Case(family)
    FAMILIES[family](rng, case)
    return case
