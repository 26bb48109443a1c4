"""``xacheck serve``: a real server process answers as the command line does, names the packs it used,
refuses bad input naming the field in the request's language, and opens no path a request names."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from xacheck.cli import main
from xacheck.yamlsafe import load_yaml_file

from .serving import ROOT, call, call_json, need, running

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
DAY = "2026-12-02"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need("fastapi", "serve")
    log = tmp_path_factory.mktemp("serve") / "decisions.jsonl"
    with running("--log", str(log), "--max-body", "65536", "--max-upload", "200000") as base:
        yield base, log


def as_json(path) -> str:
    """A sample profile written as JSON, numbers exactly as in the YAML (4317.81 stays 4317.81)."""
    data = load_yaml_file(str(path)).data
    text = json.dumps(data, ensure_ascii=False, default=lambda o: f"@@{o}@@")
    return re.sub(r'"@@([^"@]*)@@"', lambda m: m.group(1) if re.fullmatch(r"-?[\d.Ee+-]+", m.group(1))
                  else json.dumps(m.group(1)), text)


def cli_json(*args) -> dict:
    res = CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_post_check_answers_as_the_cli_does(server, sample, tmp_path):
    base, _ = server
    profile_json = tmp_path / f"{sample.stem}.json"
    profile_json.write_text(as_json(sample), encoding="utf-8")
    cli = cli_json("check", profile_json, "--format", "json", "--as-of", DAY)
    # `curl -s localhost:PORT/check -d @profile.json` (curl -d sends it as a form post; the body is read as JSON)
    status, http = call_json(base, f"/check?as_of={DAY}", profile_json.read_bytes(),
                             {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    for key in ("as_of", "lang", "counts", "results", "gaps", "titles", "decision"):
        assert http[key] == cli[key], key
    assert http["profile"]["values"] == cli["profile"]["values"]
    assert cli_json("check", sample, "--format", "json", "--as-of", DAY)["results"] == http["results"]


def test_every_response_names_version_and_packs(server):
    base, _ = server
    for path in ("/", "/docs", "/openapi.json", "/measures", "/nowhere", "/deadlines.ics"):
        _, headers, _ = call(base, path)
        assert headers["x-xacheck-version"] == "0.1.0", path
        packs = dict(p.split("@", 1) for p in headers["x-xacheck-packs"].split(","))
        assert "xa-hardtech-2024" in packs and re.fullmatch(r"[^:]+:[0-9a-f]{64}", packs["xa-hardtech-2024"])
    status, data = call_json(base, "/check?as_of=2026-12-02", '{"city": "西安市"}')
    dec = data["decision"]
    assert status == 200 and dec["xacheck"] == "0.1.0" and dec["as_of"] == DAY
    assert {p["id"] for p in dec["packs"]} >= {"xa-hardtech-2024", "xa-14fyp"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", p["sha256"]) for p in dec["packs"])
    assert re.fullmatch(r"[0-9a-f]{64}", dec["profile_sha256"])


def test_bad_value_is_422_naming_the_field_in_the_requests_language(server):
    base, _ = server
    body = '{"city": "西安市", "revenue_wan": "很多"}'
    status, zh = call_json(base, "/check", body)
    assert status == 422 and zh["error"]["field"] == "revenue_wan"
    assert zh["error"]["label"] == "营业收入（万元）" and "营业收入（万元）" in zh["error"]["message"]
    status, en = call_json(base, "/check", body, {"Accept-Language": "en-GB,en;q=0.9"})
    assert status == 422 and en["error"]["field"] == "revenue_wan" and en["error"]["message"].startswith("field 'Operating")
    status, en = call_json(base, "/check?lang=en", '{"revenu_wan": 5}')
    assert status == 422 and en["error"]["field"] == "revenu_wan" and "did you mean 'revenue_wan'" in en["error"]["message"]
    status, zh = call_json(base, "/check?pack=xa-hardtch-2024", '{"city": "西安市"}')
    assert status == 422 and zh["error"]["field"] == "pack" and "xa-hardtech-2024" in zh["error"]["message"]
    status, zh = call_json(base, "/check?as_of=2026-13-01", '{"city": "西安市"}')
    assert status == 422 and zh["error"]["field"] == "as_of" and "不是日期" in zh["error"]["message"]
    status, zh = call_json(base, "/check?set=revenue_wan=abc", '{"city": "西安市"}')
    assert status == 422 and zh["error"]["field"] == "set"


def test_bad_bodies_are_400_and_big_ones_413(server):
    base, _ = server
    assert call_json(base, "/check", '{"city": ')[0] == 400
    assert call_json(base, "/check", "[1, 2]")[0] == 400
    assert call_json(base, "/check", "")[0] == 400
    status, data = call_json(base, "/check", '{"city": "西安市", "city": "宝鸡市"}')
    assert status == 422 and data["error"]["field"] == "city"                 # given twice: not silently the last
    status, data = call_json(base, "/check", '{"name": "' + "x" * 70000 + '"}')
    assert status == 413 and "65536" in data["error"]["message"]
    status, data = call_json(base, "/check", "{!!python/object/apply:os.system [echo hi]: 1}")
    assert status == 400                                                      # safe loader: no tags


def test_no_request_path_is_opened(server, tmp_path):
    base, _ = server
    secret = tmp_path / "profile.yaml"
    secret.write_text("city: 西安市\n", encoding="utf-8")
    # a path where a profile belongs is a (bad) value, never a file to read
    status, data = call_json(base, "/check", json.dumps(str(secret)))
    assert status == 400
    status, data = call_json(base, "/check", json.dumps({"profile": str(secret)}))
    assert status == 422 and data["error"]["field"] == "profile"
    # rules come from the server's configuration only
    status, data = call_json(base, f"/check?rules={tmp_path}", '{"city": "西安市"}')
    assert status == 200 and data["decision"]["packs"][0]["id"] == "natl-hnte"
    # an upload's name gives its extension and nothing else
    status, headers, out = call(base, "/batch?filename=../../etc/passwd.csv", "名称,营业收入（万元）\n甲,100\n".encode())
    assert status == 200 and out.decode("utf-8-sig").splitlines()[1].startswith("甲")


def test_gaps_diff_deadlines_report_mirror_the_cli(server):
    base, _ = server
    optics = ROOT / "samples/enterprise-optics.yaml"
    body = as_json(optics)
    _, gaps = call_json(base, "/gaps?as_of=2025-06-01&top=3", body)
    cli = cli_json("gaps", optics, "--as-of", "2025-06-01", "--top", "3", "--format", "json")
    assert gaps["gaps"] == cli["gaps"] and gaps["decision"] == cli["decision"]
    _, diff = call_json(base, "/diff?as_of=2026-12-31&to=2027-01-01", body)
    cli = cli_json("diff", optics, "--as-of", "2026-12-31", "--to", "2027-01-01", "--format", "json")
    assert diff["lost"] == cli["lost"] and diff["counts"] == cli["counts"]
    status, data = call_json(base, "/diff", body)
    assert status == 422                                                      # nothing to compare
    _, dl = call_json(base, "/deadlines?as_of=2026-11-22&within=45d", method="GET")
    cli = cli_json("deadlines", "--as-of", "2026-11-22", "--within", "45d", "--format", "json")
    assert dl["deadlines"] == cli["deadlines"]
    _, dl = call_json(base, "/deadlines?as_of=2026-11-22&within=45d", body)
    assert any(d["kind"] == "renewal" for d in dl["deadlines"])               # the profile's 高企 certificate
    status, headers, ics = call(base, "/deadlines.ics?as_of=2026-11-22&within=45d", body)
    assert status == 200 and headers["content-type"].startswith("text/calendar")
    assert ics.startswith(b"BEGIN:VCALENDAR") and b"2026" in ics
    status, headers, html = call(base, "/report?as_of=2026-11-22", body)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "西安曦芒光电科技有限公司" in html.decode() and "<script" not in html.decode()


def test_measures_and_schema(server):
    base, _ = server
    _, data = call_json(base, "/measures?pack=xa-gazelle")
    assert [r["id"] for r in data["rules"]] == ["xa-gazelle.criteria"]
    assert data["packs"][0]["sha256"] == data["decision"]["packs"][0]["sha256"]
    status, rule = call_json(base, "/measures/xa-14fyp.p-double-five?lang=en")
    assert status == 200 and rule["id"] == "xa-14fyp.p-double-five" and rule["title"].startswith("Support")
    _, schema = call_json(base, "/schema/profile")
    assert schema["properties"]["revenue_wan"]["title"].startswith("营业收入")


def test_openapi_and_docs_without_external_assets(server):
    base, _ = server
    _, spec = call_json(base, "/openapi.json")
    for path in ("/check", "/gaps", "/diff", "/deadlines", "/deadlines.ics", "/report", "/batch", "/measures",
                 "/measures/{rule_id}", "/schema/profile"):
        assert path in spec["paths"], path
    assert "revenue_wan" in spec["components"]["schemas"]["Profile"]["properties"]
    for page in ("/docs", "/"):
        status, headers, html = call(base, page)
        text = html.decode()
        assert status == 200 and "default-src 'none'" in headers["content-security-policy"]
        assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text), page   # nothing fetched from elsewhere
        assert "@import" not in text and "url(" not in text
    assert "/check" in call(base, "/docs")[2].decode()


def test_batch_upload_scores_every_row(server):
    base, _ = server
    csv = "企业名称,所在城市,营业收入（万元）,研发费用（万元）\n甲公司,西安市,51500,2163\n乙公司,西安市,abc,1\n"
    boundary = "xacheckboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clients.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n").encode("utf-8")
    status, headers, out = call(base, "/batch?as_of=2026-12-02&format=jsonl", body,
                                {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 200, out[:300]
    rows = [json.loads(x) for x in out.decode().splitlines()]
    assert [r["企业名称"] for r in rows] == ["甲公司", "乙公司"]
    assert rows[1]["error"] and "营业收入" in rows[1]["error"]
    assert headers["x-xacheck-rows"] == "2" and headers["x-xacheck-error-rows"] == "1"
    status, data = call_json(base, "/batch?filename=clients.exe", b"MZ")
    assert status == 415 and data["error"]["field"] == "file"
    status, data = call_json(base, "/batch?filename=big.csv", b"a,b\n" + b"1,2\n" * 60000)
    assert status == 413


def test_server_decision_log_replays(server, tmp_path):
    base, log = server
    before = log.read_text(encoding="utf-8").count("\n") if log.exists() else 0
    body = json.dumps({"name": "西安某某科技有限公司", "credit_code": "91610131MA6U5LB80X", "city": "西安市",
                       "revenue_wan": 51500, "rd_expense_wan": 2163}, ensure_ascii=False)
    status, _ = call_json(base, f"/check?as_of={DAY}", body)
    assert status == 200
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == before + 1
    rec = json.loads(lines[-1])
    assert rec["profile"]["name"] != "西安某某科技有限公司" and "*" in rec["profile"]["name"]
    assert "91610131MA6U5LB80X" not in lines[-1] and set(rec["masked"]) == {"name", "credit_code"}
    one = tmp_path / "one.jsonl"
    one.write_text(lines[-1] + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["replay", str(one), "--lang", "en"])
    assert res.exit_code == 0 and res.stdout.startswith("same")


def test_binds_loopback_by_default():
    from xacheck.cli.serve import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_time_limit_answers_503_and_the_server_goes_on(tmp_path):
    """A request over ``timeout`` is answered 503 in the request's language; the next one is served."""
    need("fastapi", "serve")
    import threading
    import time

    import uvicorn

    from xacheck.engine import Engine
    from xacheck.server import ServerConfig, create_app

    from .serving import free_port

    class Slow(Engine):
        def check(self, profile, as_of=None, **kw):
            if profile.values.get("name") == "slow":
                time.sleep(3)
            return super().check(profile, as_of, **kw)

    app = create_app(ServerConfig(timeout=0.5), Slow())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.1)
        status, data = call_json(base, "/check?lang=en", '{"name": "slow", "city": "西安市"}')
        assert status == 503 and "0.5 s" in data["error"]["message"]
        status, data = call_json(base, f"/check?as_of={DAY}", '{"name": "quick", "city": "西安市"}')
        assert status == 200 and data["profile"]["name"] == "quick"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_rust_panic_is_answered_as_an_internal_error_and_the_server_goes_on():
    """pyo3's PanicException is no Exception: the app's handler of internal errors did not see it and the
    client got the server's bare text (no JSON, no language). It is answered as any internal error is."""
    need("fastapi", "serve")
    import threading
    import time

    import polars as pl
    import uvicorn

    from xacheck.engine import Engine
    from xacheck.server import ServerConfig, create_app

    from .serving import free_port

    try:
        pl.DataFrame({"a\x00": [1]}).to_arrow()  # (a real panic, for its class)
    except BaseException as exc:  # noqa: BLE001
        panic = type(exc)

    class Panicky(Engine):
        def check(self, profile, as_of=None, **kw):
            if profile.values.get("name") == "panic":
                raise panic("called `Result::unwrap()` on an `Err` value")
            return super().check(profile, as_of, **kw)

    app = create_app(ServerConfig(), Panicky())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.1)
        status, data = call_json(base, f"/check?lang=en&as_of={DAY}", '{"name": "panic", "city": "西安市"}')
        assert status == 500 and data["error"]["message"].startswith("internal error (logged)")
        status, data = call_json(base, f"/check?as_of={DAY}", '{"name": "after", "city": "西安市"}')
        assert status == 200 and data["profile"]["name"] == "after"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
