"""The bounds of gate/collectors/limits.py, and every regex that sees pull-request text
run on adversarial strings inside the parse budget (a hang fails the test, it does not
stall the suite)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from gate import redaction
from gate.ci import bootstrap, install, lint, shard
from gate.ci import inputs as ci_inputs
from gate.collectors import (
    compiled_locks,
    coverage_xml,
    diff,
    dockerfiles,
    lockfiles,
    pyproject_deps,
    requirements,
    shell,
    structured,
    workflow_audit,
)
from gate.collectors.limits import TooLarge, check_yaml_size, parse_budget
from gate.collectors.structured import _TOML_LINE, MalformedFile, compose_yaml
from gate.policies.pins import common as pins_common
from gate.policies.pins import pin005_precommit as pins_precommit
from gate.policies.ready import envsettings as ready_envsettings
from gate.policies.ready import ready006_health_route
from gate.policies.ready import release as ready_release
from gate.policies.secrets import sec004_env_files as env_files
from gate.publish import artifact as publish_artifact
from gate.publish import workflow_edits
from gate.reporters import escaping
from gate.secrets import context as secret_context

HEX40 = "0123456789abcdef" * 2 + "01234567"

# Every compiled pattern in gate/ that a pull request's text reaches (the secrets rules
# are audited with the secrets engine).
PATTERNS: dict[str, re.Pattern[Any]] = {
    "pins_precommit._VERSION_TAG": pins_precommit._VERSION_TAG,
    "pins_precommit._FROZEN": pins_precommit._FROZEN,
    "pins_common.FULL_SHA": pins_common.FULL_SHA,
    "pins_common.IMAGE_DIGEST": pins_common.IMAGE_DIGEST,
    "requirements._COMMENT": requirements._COMMENT,
    "requirements._COMMENT_START": requirements._COMMENT_START,
    "requirements._SCHEME": requirements._SCHEME,
    "compiled_locks._PIP_COMPILE_HEADER": compiled_locks._PIP_COMPILE_HEADER,
    "compiled_locks._PACKAGE": compiled_locks._PACKAGE,
    "compiled_locks._VIA": compiled_locks._VIA,
    "compiled_locks._VIA_MORE": compiled_locks._VIA_MORE,
    "compiled_locks._PYPROJECT_SOURCE": compiled_locks._PYPROJECT_SOURCE,
    "dockerfiles._DIRECTIVE": dockerfiles._DIRECTIVE,
    "dockerfiles._VARIABLE": dockerfiles._VARIABLE,
    "lockfiles._PYLOCK": lockfiles._PYLOCK,
    "env_files._ASSIGNMENT": env_files._ASSIGNMENT,
    "env_files._URL": env_files._URL,
    "structured._TOML_LINE": _TOML_LINE,
    "coverage_xml._SOURCE": coverage_xml._SOURCE,
    "coverage_xml._LINE": coverage_xml._LINE,
    "coverage_xml._PLAIN_FILENAME": coverage_xml._PLAIN_FILENAME,
    "coverage_xml._PLAIN_LINE": coverage_xml._PLAIN_LINE,
    "coverage_xml._NUMBER": coverage_xml._NUMBER,
    "coverage_xml._HITS": coverage_xml._HITS,
    "diff._HUNK": diff._HUNK,
    "ci.lint.VERSION": lint.VERSION,
    "ci.lint.FROZEN": lint.FROZEN,
    "ci.shard.TEST_FUNCTION": shard.TEST_FUNCTION,
    "ci.bootstrap.VERSION": bootstrap.VERSION,
    "ci.install.REQUIREMENT_NAME": install.REQUIREMENT_NAME,
    "escaping._MD_SPECIAL": escaping._MD_SPECIAL,
    "escaping._CODE": escaping._CODE,
    # Added by later work: every pattern that sees text a pull request controls.
    "ci.inputs.PYTHON_VERSION": ci_inputs.PYTHON_VERSION,
    "ci.inputs.GATE_VERSION": ci_inputs.GATE_VERSION,
    "shell.REDIRECTS": shell.REDIRECTS,
    "shell.ASSIGNMENT": shell.ASSIGNMENT,
    "shell.OPERATOR": shell.OPERATOR,
    "shell._HEREDOC": shell._HEREDOC,
    "workflow_audit.IGNORE_COMMENT": workflow_audit.IGNORE_COMMENT,
    "workflow_audit._SHELLCHECK_CODE": workflow_audit._SHELLCHECK_CODE,
    "ready006._NAME": ready006_health_route._NAME,
    "ready006.HEALTH_PATH": ready006_health_route.HEALTH_PATH,
    "ready006._PREFILTER": ready006_health_route._PREFILTER,
    "ready_envsettings._TEMPLATED": ready_envsettings._TEMPLATED,
    "ready_envsettings._READS_DOTENV": ready_envsettings._READS_DOTENV,
    "ready_release._HEADING": ready_release._HEADING,
    "ready_release._RELEASE": ready_release._RELEASE,
    "ready_release._UNRELEASED": ready_release._UNRELEASED,
    "ready_release._DUNDER": ready_release._DUNDER,
    "secrets.context._TXT_CONFIG": secret_context._TXT_CONFIG,
    "secrets.context._DOC_NAMES": secret_context._DOC_NAMES,
    "secrets.context._TEST_NAMES": secret_context._TEST_NAMES,
    "secrets.context._SDK_EXAMPLES": secret_context._SDK_EXAMPLES,
    "redaction._USERINFO": redaction._USERINFO,
    "redaction._BARE_USERINFO": redaction._BARE_USERINFO,
    "redaction._PRIVATE_KEY": redaction._PRIVATE_KEY,
    "redaction._TOKEN_RUN": redaction._TOKEN_RUN,
    "redaction._CLI_USER": redaction._CLI_USER,
    "publish.artifact._BAD_PATH_CHAR": publish_artifact._BAD_PATH_CHAR,
    "publish.workflow_edits._REUSABLE": workflow_edits._REUSABLE,
    "pins_precommit._NPM_EXACT": pins_precommit._NPM_EXACT,
}

# Patterns that only ever see a line with `match` (anchored at its start).
MATCH_ONLY = {"requirements._COMMENT"}

SIZE = 20_000
BUDGET = 10.0  # seconds per pattern over all inputs: generous, a quadratic one takes minutes


def adversarial() -> Iterator[str]:
    """Long runs of the characters the patterns quantify over, each ending so that the
    match fails at the very end (the case that makes a backtracking engine retry)."""
    units = [" ", "\t", "a", "1", ".", "1.", "a1-", "#", " #", "[", "[a", "$", "${", "${a:-"]
    units += ["@", "(", "(a", ":", "/", "'", '"', "v1", "1a1b2", "=", " =", "a ", "# via "]
    for unit in units:
        body = unit * (SIZE // len(unit))
        for end in ("", "\x00", "^{}", " x", "]", "}"):
            yield body + end
            yield "  # " + body + end
    yield HEX40 * 500 + "^{}"
    yield "1" + "a1b2" * 5000 + "^{}"


@pytest.mark.parametrize("name", sorted(PATTERNS))
@pytest.mark.slow
def test_pattern_is_fast_on_adversarial_text(name: str) -> None:
    pattern = PATTERNS[name]
    slowest = ("", 0.0)
    try:
        with parse_budget(f"<{name}>", seconds=BUDGET):
            for text in adversarial():
                subject: Any = text
                if isinstance(pattern.pattern, bytes):
                    subject = text.encode("utf-8", "surrogatepass")
                started = time.monotonic()
                if name in MATCH_ONLY:
                    pattern.match(subject)
                else:
                    pattern.search(subject)
                    pattern.sub("", subject)
                spent = time.monotonic() - started
                slowest = max(slowest, (text[:20], spent), key=lambda pair: pair[1])
    except TooLarge:
        pytest.fail(f"{name} ran past {BUDGET} s; slowest input so far {slowest}")


@pytest.mark.slow
def test_generated_patterns_are_fast_on_adversarial_text() -> None:
    """The patterns built per name or key (lock names, pyproject keys)."""
    lines = "\n".join(list(adversarial())[:60])
    try:
        with parse_budget("<generated>", seconds=BUDGET):
            for name in ("a-b.c", "a" * 200, "1a1b2"):
                lockfiles.name_line(lines, name)
                lockfiles.name_line(lines, name, key_only=True)
            pyproject_deps._key_line(lines + "\n" + "[" * SIZE, "[project]")
            requirements.strip_comment(" " * SIZE + "x")
    except TooLarge:
        pytest.fail(f"a generated pattern ran past {BUDGET} s")


def test_the_version_tag_pattern_still_tells_tags_from_branches() -> None:
    tag = pins_precommit._VERSION_TAG
    for text in ("v1.2.3", "24.1.0", "0.4.1rc1", "v2", "1.0-beta.2", "3_1"):
        assert tag.match(text), text
    for text in ("main", "v", "1..2", "1.2.", f"{HEX40}^{{}}", "release/1.0", "1.2 3"):
        assert not tag.match(text), text


def test_parse_budget_cuts_off_a_catastrophic_regex() -> None:
    catastrophic = re.compile(r"^(a+)+$")
    with pytest.raises(TooLarge) as caught, parse_budget("slow.txt", seconds=0.2):
        catastrophic.match("a" * 40 + "!")
    assert str(caught.value) == "slow.txt: too large to judge: parsing took longer than 0.2 s"


def test_parse_budget_restores_the_timer_and_nests_unbounded() -> None:
    import signal

    with parse_budget("outer", seconds=30), parse_budget("inner", seconds=0.01):
        total = sum(range(10_000))  # runs inside the outer budget only
    assert total == 49_995_000
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_yaml_size_counts_aliases_expanded() -> None:
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: &b [*a, *a, *a, *a, *a]\nc: [*b, *b]\n"
    node = yaml.compose(text)
    check_yaml_size(node, "ok.yml", limit=200)  # 1 + 2*(12) ... well under 200 expanded
    with pytest.raises(TooLarge, match="more than 100 YAML nodes"):
        check_yaml_size(node, "big.yml", limit=100)


def test_yaml_self_containing_alias_is_refused() -> None:
    with pytest.raises(TooLarge, match="refers to a node that contains it"):
        compose_yaml("a: &x\n  b: *x\n", "loop.yml")


@pytest.mark.slow
def test_deep_yaml_parses_or_is_malformed_never_a_recursion_error() -> None:
    text = "a: " + "[" * 1500 + "]" * 1500
    for loader in (yaml.SafeLoader, structured._Loader):
        original = structured._Loader
        structured._Loader = loader
        try:
            # The pure-Python loader under coverage on a loaded runner can pass the 5 s
            # parse budget; an outer, generous budget replaces it (nested ones are off),
            # so only a real hang fails here, not a slow machine.
            with parse_budget("deep.yml", seconds=120):
                node = compose_yaml(text, "deep.yml")
            assert isinstance(node, yaml.MappingNode)  # libyaml composes it iteratively
        except MalformedFile as error:
            # RecursionError caught by the gate, or the YAML library's own depth limit
            # (newer PyYAML: "exceeded maximum nesting depth"): either way a named error.
            assert str(error).startswith("deep.yml"), error
            assert "invalid YAML" in str(error) and "nest" in str(error), error
        finally:
            structured._Loader = original
