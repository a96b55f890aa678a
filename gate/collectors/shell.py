"""Split a shell script into simple commands (words, line, pipe) with ``shlex``.

Not a full shell: enough structure to judge what a script fetches. A script is read as
logical lines (backslash continuations joined, a quoted string may span lines, heredoc
bodies skipped); each is tokenised by ``shlex`` in POSIX mode with the control operators
as punctuation, so ``&&``, ``||``, ``;``, ``&``, ``|``, ``(`` and ``)`` end a command
wherever they stand, quoted or not as the shell would. Command substitutions
(``$(...)``, backticks, ``<(...)``) are parsed too, as commands of their own.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

SEPARATORS = frozenset({";", "&&", "||", "&", "|", "|&", "(", ")", ";;", "\n"})
REDIRECTS = re.compile(r"^\d*(>>?|<<<|<<-?|<|>&|<&|&>>?|>\|)$")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=")
# Words that run the rest of the line as the command.
WRAPPERS = frozenset({"sudo", "env", "time", "nohup", "exec", "command", "nice", "then", "do"})
WRAPPERS |= {"else", "!", "if", "while", "until", "{", "}"}
PUNCTUATION = frozenset(";&|()<>")
OPERATOR = re.compile(r"&>>|<<-|&&|\|\||;;|\|&|>>|<<|>&|<&|&>|<\(|>\(|[;&|()<>]")
SCRIPT_RUNNERS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "ash", "su"})
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


@dataclass(frozen=True)
class Command:
    """One simple command: its words (assignments and wrappers dropped) and where it is."""

    words: tuple[str, ...]
    line: int
    piped_into_next: bool = False  # ``this | next``
    substituted: bool = False  # inside $(...), backticks or <(...)
    stdout_file: str | None = None  # ``> file``

    @property
    def program(self) -> str:
        return self.words[0].rsplit("/", 1)[-1] if self.words else ""


def _logical_lines(text: str, first_line: int) -> list[tuple[int, str]]:
    """(line number, text) of each logical line: continuations joined, heredocs dropped."""
    physical = text.splitlines()
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(physical):
        start = index
        buffer = physical[index]
        index += 1
        while True:
            if buffer.endswith("\\") and not buffer.endswith("\\\\") and index < len(physical):
                buffer = buffer[:-1] + " " + physical[index]
                index += 1
                continue
            if index < len(physical) and not _complete(buffer):
                buffer += "\n" + physical[index]
                index += 1
                continue
            break
        out.append((first_line + start, buffer))
        for match in _HEREDOC.finditer(buffer):
            delimiter = match.group(2)
            while index < len(physical) and physical[index].strip() != delimiter:
                index += 1
            index += 1
    return out


def _complete(text: str) -> bool:
    try:
        _tokens(text)
    except ValueError:  # "No closing quotation" / "No escaped character"
        return False
    return True


def _tokens(text: str) -> list[str]:
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    out: list[str] = []
    for word in lexer:
        # shlex returns a run of punctuation as one token (`))`, `);`): split it into
        # the shell's operators, longest first.
        if word and set(word) <= PUNCTUATION:
            out.extend(OPERATOR.findall(word))
        else:
            out.append(word)
    return out


def _substitutions(word: str) -> list[str]:
    """The inner scripts of ``$(...)`` / ``<(...)`` (balanced) and backticks in ``word``."""
    inner = []
    index = 0
    while index < len(word):
        if word.startswith(("$(", "<(", ">("), index) and not word.startswith("$((", index):
            depth, cursor = 1, index + 2
            while cursor < len(word) and depth:
                depth += {"(": 1, ")": -1}.get(word[cursor], 0)
                cursor += 1
            inner.append(word[index + 2 : cursor - 1])
            index = cursor
        elif word[index] == "`":
            end = word.find("`", index + 1)
            if end < 0:
                break
            inner.append(word[index + 1 : end])
            index = end + 1
        else:
            index += 1
    return inner


def _command(words: list[str], line: int, piped: bool, substituted: bool) -> Command | None:
    kept: list[str] = []
    skip_next = wrapped = False
    stdout_file = None
    for index, word in enumerate(words):
        if skip_next:
            skip_next = False
            continue
        if word.isdigit() and index + 1 < len(words) and REDIRECTS.match(words[index + 1]):
            continue  # the 2 of 2>&1
        if REDIRECTS.match(word):
            skip_next = True  # the redirect's target is no argument
            if word in (">", ">>", ">|") and index + 1 < len(words):
                stdout_file = words[index + 1]
            continue
        if not kept and (ASSIGNMENT.match(word) or word in WRAPPERS):
            wrapped = True
            continue
        if not kept and wrapped and word.startswith("-"):
            continue  # the wrapper's own flags: sudo -E, env -i
        kept.append(word)
    return Command(tuple(kept), line, piped, substituted, stdout_file) if kept else None


def _split(text: str, line: int, substituted: bool, out: list[Command]) -> None:
    try:
        pieces = _tokens(text)
    except ValueError:
        pieces = text.split()  # unbalanced quotes: the shell would fail; judge the words
    # Each open `$(`, `<(`, `>(` or `(` pushes the words of the command around it; its
    # `)` pops them back, with the substitution's text as one placeholder word.
    stack: list[tuple[list[str], list[str], str, bool, bool]] = []
    words: list[str] = []
    inner_words: list[str] = []
    inside = substituted
    for piece in [*pieces, ";"]:
        if piece in ("(", "<(", ">("):
            prefix, glued = piece[:-1], False
            if piece == "(" and words and words[-1].endswith("$"):
                words[-1] = words[-1][:-1]  # unquoted `$(` arrives as `...$` then `(`
                prefix, glued = "$", bool(words[-1])
                if not glued:
                    words.pop()
            stack.append((words, inner_words, prefix, glued, inside))
            inside = inside or bool(prefix)
            words, inner_words = [], []
            continue
        if piece == ")" and stack:
            _emit(words, line, False, inside, out)
            inner_words.extend(words)
            enclosed = inner_words
            words, inner_words, prefix, glued, inside = stack.pop()
            if not prefix and not enclosed:
                words = []  # `name()`: a function definition, its body follows
            elif prefix:
                placeholder = f"{prefix}({' '.join(enclosed)})"
                if glued:
                    words[-1] += placeholder
                else:
                    words.append(placeholder)
            continue
        if piece in SEPARATORS:
            _emit(words, line, piece in ("|", "|&"), inside, out)
            inner_words.extend(words)
            words = []
            continue
        for inner in _substitutions(piece):
            _split(inner, line, True, out)
        words.append(piece)


def _emit(words: list[str], line: int, piped: bool, substituted: bool, out: list[Command]) -> None:
    command = _command(words, line, piped, substituted)
    if command is None:
        return
    out.append(command)
    # `sh -c 'script'`, `su -c 'script' user`: the argument is a script of its own.
    if command.program in SCRIPT_RUNNERS and "-c" in command.words[:-1]:
        script = command.words[command.words.index("-c") + 1]
        _split(script, line, True, out)


def parse(script: str, first_line: int = 1) -> list[Command]:
    """The simple commands of ``script`` in order; ``first_line`` is its first line's number."""
    commands: list[Command] = []
    for line, text in _logical_lines(script, first_line):
        _split(text, line, False, commands)
    return commands
