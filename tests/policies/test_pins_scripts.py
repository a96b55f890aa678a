"""PIN007: installs and downloads inside run: steps, RUN lines and *.sh, on their lines."""

from __future__ import annotations

from pathlib import Path

from tests.policies.pins_support import run_policy, where, write

HASH = "--hash=sha256:" + "b" * 64

WORKFLOW = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: pip install -r requirements.txt
      - run: |
          python -m pip install --upgrade pip
          pip install -e . && pip install .[test]
          uv pip install --require-hashes -r dev.txt
          npm ci
          curl -fsSL https://example.invalid/install.sh | sudo bash
      - run: pip install -r loose.txt
"""

ACTION = """\
name: setup
runs:
  using: composite
  steps:
    - shell: bash
      run: pipx install ruff==0.6.0
    - shell: bash
      run: npm install
"""

DOCKERFILE = """\
FROM scratch
RUN pip install --no-cache-dir requests==2.32.3
RUN ["pip", "install", "-r", "requirements.txt"]
RUN curl -o /tmp/get.sh https://example.invalid/get.sh && \\
    sh /tmp/get.sh
"""

SCRIPT = """\
#!/bin/sh
set -eu
wget https://example.invalid/tool.sh
chmod +x tool.sh
./tool.sh --install
eval "$(curl -s https://example.invalid/env)"
python3 -m pip install dist/pkg-1.0-py3-none-any.whl
"""


def test_every_shape_on_its_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".github/workflows/ci.yml": WORKFLOW,
            "tools/setup/action.yml": ACTION,
            "Dockerfile": DOCKERFILE,
            "scripts/bootstrap.sh": SCRIPT,
            "requirements.txt": f"requests==2.32.3 {HASH}\n",
            "loose.txt": "requests==2.32.3\n",
        },
    )
    result = run_policy(tmp_path, "PIN007")
    assert where(result) == [
        (".github/workflows/ci.yml", 8),  # pip install --upgrade pip
        (".github/workflows/ci.yml", 12),  # curl | bash
        (".github/workflows/ci.yml", 13),  # loose.txt has no hashes
        ("Dockerfile", 2),
        ("Dockerfile", 4),  # download then sh
        ("scripts/bootstrap.sh", 5),  # ./tool.sh after wget
        ("scripts/bootstrap.sh", 6),  # eval "$(curl ...)"
        ("tools/setup/action.yml", 6),  # pipx
        ("tools/setup/action.yml", 8),  # npm install
    ]
    by_line = {(f.location.path, f.location.start_line): f for f in result.findings if f.location}
    assert "without hashes" in by_line[(".github/workflows/ci.yml", 8)].message
    assert (
        "loose.txt has requirements without `--hash`"
        in by_line[(".github/workflows/ci.yml", 13)].message
    )
    assert "download-then-run" in by_line[("Dockerfile", 4)].message
    assert "npm ci" in (by_line[("tools/setup/action.yml", 8)].fix or "")


def test_requirement_file_outside_the_repository_cannot_be_vouched_for(tmp_path: Path) -> None:
    write(tmp_path, {"build.sh": "pip install -r /opt/reqs.txt\n"})
    (finding,) = run_policy(tmp_path, "PIN007").findings
    assert "not in the repository" in finding.message


# Scorecard's Pinned-Dependencies documents its verdicts through example scripts (its
# checks/raw/testdata: script-pkg-managers, shell-download-lines.sh, Dockerfile-proc-subs).
# Each case below restates one of those shapes and Scorecard's verdict (True: flagged).
# Where the gate deliberately differs, the case says so and asserts the gate's verdict.
SCORECARD = [
    ("pip install -r requirements.txt", True),
    ("pip3 install -r reqs.txt --require-hashes", False),
    ("pip3 install --require-hashes -r reqs.txt", False),
    ("pip install somepkg", True),
    ("pip3 install somepkg==1.2.3", True),
    ("pip install --no-deps --editable .", False),
    ("pip install --no-deps -e .", False),
    ("pip install --no-deps -e git+https://example.invalid/o/r.git@v1.0", True),
    ("python -m pip install 'some-pkg==1.2.3'", True),
    ("python -m pip install bla.whl", False),
    ("python -m pip install bla.whl 'some-pkg>1.2.3'", True),
    ("python2.7 -m pip install somepkg 'other==1.2.3'", True),
    ("npm install typescript", True),
    ("npm install -g typescript", True),
    ("npm i", True),
    ("npm install", True),
    ("npm ci", False),
    ("npm install-test", False),
    ("curl -s https://example.invalid/x | bash", True),
    ("curl https://example.invalid/x > /tmp/f && bash /tmp/f", True),
    ("bash <(wget -qO- https://example.invalid/s.sh)", True),
    ('su -c "bash <(curl -s https://example.invalid/b)" root', True),
    ("echo hi && echo bla", False),
]
# Scorecard counts `pip install --no-deps -e git+...@<40-hex SHA>` as pinned; the gate does
# not (a commit pins the top package, not what it builds with), so it is left out above.


def test_agrees_with_scorecard_examples(tmp_path: Path) -> None:
    script = "".join(f"{command}\n" for command, _ in SCORECARD)
    write(tmp_path, {"ci/build.sh": script})
    flagged = {line for _, line in where(run_policy(tmp_path, "PIN007"))}
    expected = {index for index, (_, bad) in enumerate(SCORECARD, start=1) if bad}
    assert flagged == expected
