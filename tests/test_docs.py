"""README and the CLI cannot drift (as sqlite-utils checks its docs): every `claimwatch`
command has help text and is documented, and every command line in README's shell blocks
parses with the real parser (its subcommands, flags and choices exist)."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

from cli.main import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], tuple]:
    """(command path) -> (help, subparser) for every subcommand, nested ones too."""
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                path = (*prefix, name)
                found[path] = (helps.get(name), sub)
                found.update(_commands(sub, path))
    return found


def _readme_command_lines() -> list[str]:
    """`claimwatch ...` lines of README's sh blocks, with quoted SQL that spans lines joined."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        pending = ""
        for raw in block.splitlines():
            line = (pending + " " + raw.strip()) if pending else raw.strip()
            if line.count('"') % 2:  # a quoted argument goes on on the next line
                pending = line
                continue
            pending = ""
            line = re.sub(r"^(\.venv/bin/)?claimwatch\b", "claimwatch", line)
            if line.startswith("claimwatch ") and "..." not in line:
                lines.append(line)
    return lines


COMMANDS = _commands(build_parser())
LINES = _readme_command_lines()


def test_docs_every_command_has_help_and_is_in_readme():
    undocumented = [" ".join(path) for path in COMMANDS if f"claimwatch {' '.join(path)}" not in README]
    helpless = [" ".join(path) for path, (help_text, _) in COMMANDS.items() if not help_text]
    assert not helpless, f"commands without help: {helpless}"
    assert not undocumented, f"commands README never shows: {undocumented}"


def test_docs_readme_shows_command_lines():
    assert len(LINES) >= 20  # the scan itself works: README has that many today


@pytest.mark.parametrize("line", LINES)
def test_docs_readme_command_line_parses(line):
    argv = shlex.split(line, comments=True)[1:]
    argv = ["0123456789ab" if arg == "ARTICLE_ID" else arg for arg in argv]
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:
        pytest.fail(f"README shows a command the CLI refuses ({exc.code}): {line}")
