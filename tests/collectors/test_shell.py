"""The shell splitter: operators, continuations, substitutions, heredocs, lines."""

from __future__ import annotations

from gate.collectors.shell import parse


def words(script: str) -> list[tuple[str, ...]]:
    return [command.words for command in parse(script)]


def test_operators_split_commands_quoted_text_does_not() -> None:
    assert words("a 1 && b 'x && y'; c|d || e & f") == [
        ("a", "1"),
        ("b", "x && y"),
        ("c",),
        ("d",),
        ("e",),
        ("f",),
    ]
    piped = parse("curl -s u|sh")
    assert [c.piped_into_next for c in piped] == [True, False]


def test_continuations_and_lines() -> None:
    commands = parse("set -e\npip install \\\n  requests\n\nnpm ci\n", first_line=10)
    assert [(c.words, c.line) for c in commands] == [
        (("set", "-e"), 10),
        (("pip", "install", "requests"), 11),
        (("npm", "ci"), 14),
    ]


def test_quoted_string_spanning_lines_is_one_word() -> None:
    commands = parse('python -c "import x\nprint(1)"\nls\n')
    assert [c.words for c in commands] == [("python", "-c", "import x\nprint(1)"), ("ls",)]
    assert commands[1].line == 3


def test_heredoc_body_is_not_commands() -> None:
    assert words("cat <<'EOF' > f\npip install evil\nEOF\nls\n") == [("cat",), ("ls",)]


def test_substitutions_are_commands_of_their_own() -> None:
    commands = parse('x=$(curl -s u) && echo "$(wget -O- v | sh)" `date` && bash <(curl w)')
    inner = [c.words for c in commands if c.substituted]
    assert ("curl", "-s", "u") in inner
    assert ("wget", "-O-", "v") in inner and ("sh",) in inner
    assert ("date",) in inner
    assert ("curl", "w") in inner
    outer = [c.words for c in commands if not c.substituted]
    assert ("bash", "<(curl w)") in outer


def test_wrappers_assignments_redirects_are_dropped() -> None:
    commands = parse("FOO=1 sudo -E env -i pip install x 2>&1 > log.txt")
    assert commands[0].words == ("pip", "install", "x")
    assert commands[0].stdout_file == "log.txt"


def test_sh_c_argument_is_parsed_as_a_script() -> None:
    inner = [c.words for c in parse('su -c "bash <(curl -s https://x/y)" root') if c.substituted]
    assert ("curl", "-s", "https://x/y") in inner


def test_function_definition_and_nested_parentheses() -> None:
    assert words("f() { curl x|bash; }") == [("curl", "x"), ("bash",)]
    assert ("curl", "a") in words("echo $(echo $(curl a | sh));ls")
