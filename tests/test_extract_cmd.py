"""`claimwatch extract`: saved pages and loopback URLs to JSON, one-line warnings, exit codes."""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import FIXTURES

from cli import extract_cmd
from spiders.settings import USER_AGENT

PAGES = FIXTURES / "pages"
LEDGER = PAGES / "ledger-grey-market.html"


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="claimwatch")
    extract_cmd.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["extract", *argv])
    return args.func(args)


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """Saved pages on 127.0.0.1, the Shift_JIS one with its charset in the header: (base URL, User-Agents)."""
    agents: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            agents.append(self.headers.get("User-Agent", ""))
            target = PAGES / self.path.lstrip("/")
            if not target.is_file() or target.suffix != ".html":
                self.send_error(404)
                return
            body = target.read_bytes()
            charset = "; charset=shift_jis" if "sjis" in target.name else ""
            self.send_response(200)
            self.send_header("Content-Type", f"text/html{charset}")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", agents
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_extract_cmd_saved_page_prints_one_jsonl_object(capsys):
    assert _run(str(LEDGER)) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert set(obj) == {"path", "title", "author", "published_at", "lang", "text"}
    assert obj["path"] == str(LEDGER)
    assert obj["title"] == "Grey market for Nvidia chips keeps growing"
    assert obj["author"] == "Mara Quinn"
    assert obj["published_at"] == "2025-07-24T08:30:00+01:00"
    assert obj["lang"] == "en"
    assert "roughly $50,000 for a server tray" in obj["text"]
    assert "Accept all cookies" not in obj["text"]
    assert err == ""


def test_extract_cmd_missing_file_warns_and_exits_1(tmp_path, capsys):
    missing = tmp_path / "nope.html"
    assert _run(str(LEDGER), str(missing)) == 1
    out, err = capsys.readouterr()
    assert err.strip() == f"claimwatch: {missing}: no such file"
    ok, failed = (json.loads(line) for line in out.splitlines())
    assert "error" not in ok
    assert failed["path"] == str(missing)
    assert failed["error"] == "no such file"
    assert failed["text"] is None


def test_extract_cmd_page_without_text_is_an_error(tmp_path, capsys):
    menu = tmp_path / "menu.html"
    menu.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    assert _run(str(menu)) == 1
    out, err = capsys.readouterr()
    assert err.startswith(f"claimwatch: {menu}: no main text found")
    assert json.loads(out)["error"].startswith("no main text found")


def test_extract_cmd_json_format_is_one_pretty_array(capsys):
    sjis = PAGES / "nihon-cloudmatrix-sjis.html"
    assert _run("--format", "json", str(LEDGER), str(sjis)) == 0
    out = capsys.readouterr().out
    assert out.startswith("[\n  {")
    objs = json.loads(out)
    assert [o["path"] for o in objs] == [str(LEDGER), str(sjis)]
    assert objs[1]["title"] == "ファーウェイ、新型AIサーバーを公開"
    assert "ファーウェイ" in out  # ensure_ascii=False: readable, not \\u escapes


def test_extract_cmd_out_writes_the_file_not_stdout(tmp_path, capsys):
    target = tmp_path / "articles.jsonl"
    assert _run("--out", str(target), str(LEDGER)) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"wrote 1 object(s) to {target}" in err
    assert json.loads(target.read_text(encoding="utf-8"))["author"] == "Mara Quinn"


def test_extract_cmd_unwritable_out_fails_before_work(tmp_path, capsys):
    assert _run("--out", str(tmp_path / "no-such-dir" / "x.json"), str(LEDGER)) == 2
    assert capsys.readouterr().err.startswith("claimwatch: error: cannot write")


def test_extract_cmd_url_is_fetched_with_our_user_agent(server, capsys):
    base, agents = server
    url = f"{base}/nihon-cloudmatrix-sjis.html"
    assert _run(url, f"{base}/ledger-grey-market.html") == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["url"] == url
    assert "path" not in first
    assert first["title"] == "ファーウェイ、新型AIサーバーを公開"  # decoded with the header's charset
    assert "約300ペタFLOPS" in first["text"]
    assert second["author"] == "Mara Quinn"
    assert agents == [USER_AGENT, USER_AGENT]


def test_extract_cmd_http_error_warns_and_exits_1(server, capsys):
    base, _ = server
    url = f"{base}/missing.html"
    assert _run(url) == 1
    out, err = capsys.readouterr()
    assert err.strip() == f"claimwatch: {url}: HTTP 404 Not Found"
    assert json.loads(out) == {
        "url": url,
        "title": None,
        "author": None,
        "published_at": None,
        "lang": None,
        "text": None,
        "error": "HTTP 404 Not Found",
    }


def test_extract_cmd_parser_has_help_everywhere():
    parser = argparse.ArgumentParser(prog="claimwatch")
    sub = parser.add_subparsers(dest="command")
    p = extract_cmd.add_parser(sub)
    assert p.description
    for action in p._actions:
        if action.dest != "help":
            assert action.help, action.dest
    assert parser.parse_args(["extract", "x.html"]).func is extract_cmd.run
