"""The classroom for real, on loopback: JupyterHub with configurable-http-proxy and the key gateway, learners
logging in, their servers running lesson 00 against the gateway, a 30-learner load, and the faults.

The upstream is the course's offline API served on a socket, standing in for Mistral's; the instructor's key
is a random string that must never show up anywhere a learner can see, nor in any log. `make test-classroom`.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import time
from pathlib import Path

import httpx2
import pytest

if os.environ.get("CLASSROOM_TESTS") != "1":  # they start JupyterHub and run a 30-second load: about 3 minutes
    pytest.skip("the classroom's tests run with make test-classroom (make test runs it under CI)",
                allow_module_level=True)

from harness import (ADMIN_PASSWORD, CHAT, EMBED, INSTRUCTOR_KEY, LOAD_CHAT, LOAD_EMBED, ROOT,  # noqa: E402
                     Classroom, drive, run_in_server, summary, wait_until, warm_up)

from mistral_course.gateway import bounds  # noqa: E402

LEARNERS = ["ana", "ben", "cleo"]
LOAD = [f"learner{n:02d}" for n in range(1, 31)]
BUDGET = 2_500  # tokens per learner: lesson 00 takes about 750 offline; the load reaches it within 30 s
RATE = 300  # requests per learner per minute
LESSON = "00_setup_and_first_call.ipynb"
SEEN: dict[str, list[str]] = {"headers": [], "bodies": []}  # every gateway response the tests received


@pytest.fixture(scope="module")
def room():
    folder = ROOT / "build" / "classroom-test"  # kept after the run: its classroom.log has every process's output
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    classroom = Classroom(folder, LEARNERS + ["instructor"], BUDGET, RATE).start()
    yield classroom
    classroom.stop()


def call(room, token, path="v1/chat/completions", body=CHAT, method="POST", **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = httpx2.request(method, f"{room.gateway_url}/{path}", headers=headers,
                              json=body if method == "POST" else None, timeout=60, **kwargs)
    SEEN["headers"].append(json.dumps(dict(response.headers)))
    SEEN["bodies"].append(response.text)
    return response


def own_usage(room, token):
    return call(room, token, "usage", method="GET").json()


@pytest.fixture(scope="module")
def tokens(room):
    extra = ["rapid", "leaver", "spender", "warmer"]
    room.create_learners(LOAD + extra)
    return {name: room.token_for(name) for name in LEARNERS + LOAD + extra}


def test_listed_learners_log_in_and_get_their_own_server(room):
    for name in LEARNERS:
        session = room.log_in(name)
        session.post("/hub/api/users/%s/server" % name, headers={"X-XSRFToken": session.cookies.get("_xsrf")})
        model = room.wait_for_server(name)
        assert model["servers"][""]["ready"]
        home = Path(room.folder, "state", "learners", name)
        assert (home / LESSON).exists() and (home / "helper.py").exists()
        landing = session.get(f"/user/{name}/lab/tree/{LESSON}")
        assert landing.status_code == 200 and "JupyterLab" in landing.text
    with pytest.raises(AssertionError, match="could not log in"):
        room.log_in("ana", password="not-the-password")
    with pytest.raises(AssertionError, match="could not log in"):
        room.log_in("mallory")  # the right password, a name the instructor did not list


def test_lesson_00_runs_in_a_learners_server_against_the_gateway(room, tokens):
    import nbformat

    token = room.token_for("ana", scopes=["access:servers!user=ana", "access:services!service=gateway"])
    room.start_server("ana")
    server = f"{room.url}/user/ana"
    headers = {"Authorization": f"token {token}"}
    notebook = httpx2.get(f"{server}/api/contents/{LESSON}", headers=headers, timeout=30).json()["content"]
    codes = [cell["source"] for cell in notebook["cells"] if cell["cell_type"] == "code"]
    codes.append("import os, json; print(json.dumps({k: v for k, v in os.environ.items() if 'MISTRAL' in k}))")
    before = own_usage(room, tokens["ana"])
    results = asyncio.run(run_in_server(server, token, codes))
    failed = [(i, r["outputs"]) for i, r in enumerate(results) if r["status"] != "ok"]
    assert not failed and len(results) == len(codes)
    text = "\n".join(o.get("text", "") for o in results[1]["outputs"])
    assert "Backend: local" in text and room.gateway_url in text
    environment = json.loads(results[-1]["outputs"][0]["text"])
    assert environment["MISTRAL_BACKEND"] == "local" and environment["MISTRAL_SERVER_URL"] == room.gateway_url
    assert environment["MISTRAL_SERVER_API_KEY"] and environment["MISTRAL_API_KEY"] == ""
    after = own_usage(room, tokens["ana"])
    assert after["requests"] > before["requests"] and after["tokens"] > before["tokens"]
    # The executed notebook saved back through the contents API, as JupyterLab saves it
    node = nbformat.from_dict(notebook)
    code_cells = [cell for cell in node.cells if cell.cell_type == "code"]
    for cell, result in zip(code_cells, results):
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=o.get("text", json.dumps(o)))
                        for o in result["outputs"]]
    saved = httpx2.put(f"{server}/api/contents/{LESSON}", headers=headers, timeout=30,
                       json={"type": "notebook", "format": "json", "content": nbformat.v4.upgrade(node)})
    assert saved.status_code == 200
    room.lesson_00_tokens = after["tokens"] - before["tokens"]
    (room.folder / "lesson00.json").write_text(json.dumps({k: after[k] - before[k] for k in ("requests", "tokens")}))


def test_every_route_but_health_needs_a_valid_token(room, tokens):
    assert httpx2.get(f"{room.gateway_url}/health").json() == {"status": "ok"}
    for token in (None, "not-a-token", INSTRUCTOR_KEY):
        for path, method in (("v1/chat/completions", "POST"), ("v1/embeddings", "POST"), ("v1/models", "GET"),
                             ("usage", "GET")):
            response = call(room, token, path, method=method)
            assert response.status_code == 401, (token, path)
            assert "JupyterHub token" in response.json()["message"]
    # A real token of a learner, but without the scope to use the gateway
    narrow = room.token_for("ben", scopes=["read:users:name!user"])
    assert call(room, narrow).status_code == 401
    admin = httpx2.get(f"{room.gateway_url}/admin", follow_redirects=False)
    assert admin.status_code == 302 and "/hub/api/oauth2/authorize" in admin.headers["location"]
    assert call(room, tokens["ana"], "v1/files", method="GET").status_code == 404


def test_each_learner_sees_only_their_own_usage_and_the_instructor_sees_all(room, tokens):
    assert call(room, tokens["ben"]).status_code == 200
    assert own_usage(room, tokens["ben"])["learner"] == "ben"
    refused = httpx2.get(f"{room.gateway_url}/admin", headers={"Authorization": f"Bearer {tokens['ben']}"})
    assert refused.status_code == 403 and "admins" in refused.json()["message"]
    session = room.log_in("instructor", password=ADMIN_PASSWORD)
    page = session.get("/services/gateway/admin")
    assert page.status_code == 200 and "<svg" in page.text
    ben = own_usage(room, tokens["ben"])
    assert f"<td>ben</td><td>{ben['requests']:,}</td>" in page.text and f"{ben['tokens']:,}" in page.text


def test_the_rate_limit_holds_exactly_and_says_when_to_retry(room, tokens):
    async def burst():
        headers = {"Authorization": f"Bearer {tokens['rapid']}"}
        async with httpx2.AsyncClient(timeout=60) as client:
            return await asyncio.gather(*(client.get(f"{room.gateway_url}/v1/models", headers=headers)
                                          for _ in range(RATE + 20)))

    responses = asyncio.run(burst())
    statuses = [r.status_code for r in responses]
    assert statuses.count(200) == RATE and statuses.count(429) == 20
    refusal = next(r for r in responses if r.status_code == 429)
    assert "requests in the last minute" in refusal.json()["message"] and int(refusal.headers["Retry-After"]) > 0


def test_30_learners_for_30_seconds_counted_exactly_within_budget(room, tokens):
    load_tokens = {name: tokens[name] for name in LOAD}
    warm_up(room.gateway_url, tokens["warmer"])
    records = asyncio.run(drive(room.gateway_url, load_tokens, 30))
    figures = summary(records, 30)
    print(f"\n30 learners, 30 s: {figures}")
    assert figures["answered"] > 100 and set(figures["statuses"]) <= {200, 429}
    # a learner is refused only when what is left is less than the request could cost
    largest = max(bounds.chat_prompt(LOAD_CHAT) + 1, bounds.embeddings_prompt(LOAD_EMBED))
    reached = 0
    for name, record in records.items():
        usage = own_usage(room, tokens[name])
        assert usage["tokens"] == record["tokens"], name  # what it counted = the usage the learner received
        assert usage["requests"] == record["statuses"].get(200, 0)
        assert usage["tokens"] <= BUDGET
        if any("token budget" in body for body in record["bodies"]):
            reached += 1
            assert usage["tokens"] > BUDGET - largest
    assert reached >= len(LOAD) // 2
    (room.folder / "load.json").write_text(json.dumps({**figures, "reached_budget": reached}))


def test_a_learners_concurrent_requests_never_spend_past_the_budget(room, tokens):
    async def barrage():
        headers = {"Authorization": f"Bearer {tokens['spender']}"}
        async with httpx2.AsyncClient(timeout=120) as client:
            async def one(i):
                if i % 3 == 2:
                    response = await client.post(f"{room.gateway_url}/v1/embeddings", headers=headers, json=EMBED)
                else:
                    response = await client.post(f"{room.gateway_url}/v1/chat/completions", headers=headers,
                                                 json={**CHAT, "stream": i % 3 == 1})
                return response

            received, answered = 0, True
            while answered:  # rounds of 20 at once, until a round where every request is refused
                answered = False
                for response in await asyncio.gather(*(one(i) for i in range(20))):
                    if response.status_code == 200:
                        answered = True
                        for line in response.text.splitlines() or [""]:
                            data = line[5:] if line.startswith("data:") else line
                            if '"usage"' in data and json.loads(data)["usage"]:  # null until the last chunk
                                received += json.loads(data)["usage"]["total_tokens"]
                    else:
                        assert response.status_code == 429 and "token budget" in response.json()["message"]
            return received

    received = asyncio.run(barrage())
    usage = own_usage(room, tokens["spender"])
    assert usage["tokens"] == received <= BUDGET
    assert usage["tokens"] > BUDGET - 300  # spent nearly all of it before being refused


def test_upstream_down_gives_a_clear_502_and_counts_nothing(room, tokens):
    before = own_usage(room, tokens["cleo"])
    room.stop_upstream()
    try:
        for path, body in (("v1/chat/completions", CHAT), ("v1/embeddings", EMBED),
                           ("v1/chat/completions", {**CHAT, "stream": True})):
            response = call(room, tokens["cleo"], path, body)
            assert response.status_code == 502
            assert "could not reach the model service" in response.json()["message"]
            assert "nothing was counted" in response.json()["message"]
    finally:
        room.start_upstream()
    after = own_usage(room, tokens["cleo"])
    assert after["tokens"] == before["tokens"] and after["requests"] == before["requests"]
    assert call(room, tokens["cleo"]).status_code == 200


def test_a_learner_leaving_mid_stream_is_counted_once_and_the_gateway_carries_on(room, tokens):
    headers = {"Authorization": f"Bearer {tokens['leaver']}"}
    long = {**CHAT, "stream": True,
            "messages": [{"role": "user", "content": "Write a long story about the sea, the wind and a boat."}]}
    whole = call(room, tokens["leaver"], body=long)
    usage = [json.loads(line[5:])["usage"] for line in whole.text.splitlines()
             if line.startswith("data:") and '"usage"' in line and json.loads(line[5:])["usage"]][-1]
    before = own_usage(room, tokens["leaver"])
    room.pace(0.05)  # the answer now takes seconds to arrive: the learner leaves while it is streaming
    try:
        with httpx2.stream("POST", f"{room.gateway_url}/v1/chat/completions", headers=headers, json=long,
                           timeout=60) as response:
            first = next(response.iter_raw())
            assert first.startswith(b"data:")
        wait_until(lambda: "leaver left mid-stream" in room.logs(), 30, "the gateway noticing")
    finally:
        room.pace(0)
    after = wait_until(lambda: (u := own_usage(room, tokens["leaver"]))["requests"] > before["requests"] and u,
                       30, "the abandoned stream being counted")
    time.sleep(1)
    after = own_usage(room, tokens["leaver"])
    assert after["requests"] == before["requests"] + 1
    assert after["tokens"] == before["tokens"] + usage["total_tokens"]
    assert httpx2.get(f"{room.gateway_url}/health").status_code == 200
    assert call(room, tokens["leaver"]).status_code == 200


def test_usage_survives_a_gateway_restart_mid_session(room, tokens):
    before = {name: own_usage(room, tokens[name]) for name in ("ana", "ben", "spender")}
    pid = room.gateway_pid()
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: room.gateway_pid() != pid and httpx2.get(f"{room.gateway_url}/health").status_code == 200,
               90, "the hub restarting its gateway")
    for name, usage in before.items():
        assert own_usage(room, tokens[name]) == usage
    # the budget still holds after the restart: spender spent nearly all of it in the test before
    assert call(room, tokens["spender"]).status_code == 429
    assert call(room, tokens["ana"]).status_code == 200


def test_the_instructor_key_is_in_no_log_header_body_notebook_or_learner_environment(room, tokens):
    places = {"the hub's, proxy's, gateway's and servers' logs": room.logs(),
              "the gateway's response headers": "\n".join(SEEN["headers"]),
              "the gateway's response bodies": "\n".join(SEEN["bodies"])}
    state = Path(room.folder, "state")
    key_file = state / "instructor-key"  # where the key belongs: readable by the instructor's user only
    assert key_file.read_text() == INSTRUCTOR_KEY and key_file.stat().st_mode & 0o077 == 0
    for path in state.rglob("*"):
        if path.is_file() and path != key_file:  # learners' lessons, checkpoints, the hub's and gateway's databases
            places[f"classroom file {path.relative_to(state)}"] = path.read_bytes().decode(errors="replace")
    room.start_server("ben")  # a kernel running while the environments are read
    ben = room.token_for("ben", scopes=["access:servers!user=ben"])
    kernel = httpx2.post(f"{room.url}/user/ben/api/kernels", json={"name": "python3"}, timeout=60,
                         headers={"Authorization": f"token {ben}"}).json()
    wait_until(lambda: any(b"ipykernel" in (p / "cmdline").read_bytes() for p in Path("/proc").iterdir()
                           if p.name.isdigit() and (p / "cmdline").exists()), 30, "the kernel starting")
    kinds = {b"jupyterhub-singleuser": "a learner's server", b"ipykernel": "a learner's kernel",
             b"configurable-http-proxy": "the proxy"}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
                environ = (entry / "environ").read_bytes().decode(errors="replace")
            except OSError:
                continue
            kind = next((label for marker, label in kinds.items() if marker in cmdline), None)
            if kind and str(room.folder) in environ:
                places[f"environment of {kind} (pid {entry.name})"] = environ
    assert {"a learner's server", "a learner's kernel", "the proxy"} <= {
        place.split(" (pid")[0].removeprefix("environment of ") for place in places}
    httpx2.delete(f"{room.url}/user/ben/api/kernels/{kernel['id']}", headers={"Authorization": f"token {ben}"})
    leaked = [place for place, text in places.items() if INSTRUCTOR_KEY in text]
    assert not leaked
    gateway_env = Path(f"/proc/{room.gateway_pid()}/environ").read_bytes().decode(errors="replace")
    assert f"MISTRAL_GATEWAY_KEY_FILE={key_file}" in gateway_env and INSTRUCTOR_KEY not in gateway_env
    # Upstream, every request carried the instructor's key, and never a learner's token
    forwarded = set(httpx2.get(f"{room.upstream_url}/_link/bearers").json())
    assert forwarded == {INSTRUCTOR_KEY, "probe"} and not forwarded & set(tokens.values())
    (room.folder / "places.json").write_text(json.dumps(sorted(places), indent=1))
