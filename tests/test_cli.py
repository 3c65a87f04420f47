"""The command line: help everywhere, one-line errors, non-zero exits when a run cannot start."""

from __future__ import annotations

import pytest
from conftest import run_cli

from cli.main import build_parser, main
from warehouse.db import available_migrations


def _commands(parser, prefix=()):
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            for name, sub in action.choices.items():
                yield (*prefix, name), sub
                yield from _commands(sub, (*prefix, name))


def test_cli_every_command_has_help_text():
    parser = build_parser()
    commands = dict(_commands(parser))
    assert {("run",), ("export",), ("sql",), ("db",), ("db", "migrate"), ("demo",)} <= set(commands)
    for name, sub in commands.items():
        assert sub.description, f"{' '.join(name)} has no description"
        for action in sub._actions:
            if action.dest not in ("help", "command", "db_command", "sources_command", "func"):
                assert action.help, f"{' '.join(name)}: --{action.dest} has no help"


def test_cli_help_lists_the_commands():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "run" in proc.stdout
    assert "export" in proc.stdout


def test_cli_help_imports_no_heavy_modules():
    import subprocess
    import sys

    code = (
        "import sys; from cli.main import build_parser; build_parser(); "
        "print(sorted(m for m in ('torch','spacy','prefect','scrapy','duckdb') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_run_missing_sources_file_fails_in_one_line(tmp_path, capsys):
    assert main(["run", "--sources", str(tmp_path / "nope.yaml"), "--db", str(tmp_path / "s.duckdb")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("claimwatch: error: sources file not found")
    assert "\n" not in err


def test_cli_run_invalid_sources_and_unwritable_db(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - name: UPPER\n    feeds: [http://127.0.0.1:9/x]\n", encoding="utf-8")
    assert main(["run", "--sources", str(bad), "--db", str(tmp_path / "s.duckdb")]) == 2
    assert "[a-z0-9-]+" in capsys.readouterr().err
    good = tmp_path / "good.yaml"
    good.write_text("sources:\n  - name: a\n    feeds: [http://127.0.0.1:9/x]\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["run", "--sources", str(good), "--db", str(blocker / "s.duckdb")]) == 2
    assert "cannot open" in capsys.readouterr().err


def test_cli_db_migrate_list_and_apply(tmp_path, capsys):
    db = str(tmp_path / "s.duckdb")
    assert main(["db", "migrate", "--db", db, "--list"]) == 0
    assert "[ ] 0001_initial  pending" in capsys.readouterr().out
    assert main(["db", "migrate", "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"applied {len(available_migrations())} migration(s)" in out
    assert "[x] 0001_initial" in out
    assert "[ ]" not in out
    assert main(["db", "migrate", "--db", db]) == 0
    assert "applied 0 migration(s)" in capsys.readouterr().out


def test_cli_export_and_sql_errors(tmp_path, capsys):
    db = str(tmp_path / "s.duckdb")
    assert main(["export", "claims", "--db", db]) == 2  # no store yet
    assert "no database" in capsys.readouterr().err
    main(["db", "migrate", "--db", db])
    capsys.readouterr()
    assert main(["export", "links", "--db", db, "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip() == "claim_a,claim_b,similarity,method,tier"
    assert main(["export", "claims", "--db", db, "--format", "parquet"]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["sql", "--db", db, "SELEC nonsense"]) == 2
    assert "syntax error" in capsys.readouterr().err.lower()
    assert main(["sql", "--db", db, "DELETE FROM articles"]) == 2  # read-only connection


@pytest.mark.parametrize("argv", [["export", "nope", "--db", "x"], ["run", "--db", "x"], ["bogus"]])
def test_cli_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
