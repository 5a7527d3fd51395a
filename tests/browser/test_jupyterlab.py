"""JupyterLab in a real browser: every notebook run from the Binder environment, and the chat app clicked.

Run by `make test-binder` (part of `make test`), which builds the Binder environment and sets
BINDER_VENV. It starts JupyterLab from that environment on 127.0.0.1 with a token, through
binder/start as Binder does, and drives Debian's Chromium with Playwright. Plain /lab must land on
lesson 00 with no question asked of the learner; then each notebook is opened, all cells are run, the kernel must go
idle with no error output, and a screenshot is saved in screenshots/ (git-ignored) for a person
to look at. In the RAG lesson it types a question into the chat app, sends it, waits for the
streamed answer and its sources, then clears the conversation.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = os.environ.get("BINDER_VENV")
CHROMIUM = "/usr/bin/chromium"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))

pytestmark = pytest.mark.skipif(not VENV, reason="run by `make test-binder`, which builds the Binder environment")


@pytest.fixture(scope="module")
def lab():
    token = secrets.token_hex(16)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # JupyterLab autosaves open notebooks: give it a copy, so the committed ones are never touched;
    # and a home of its own, where binder/start writes the learner's default workspace
    root, home = ROOT / "build" / "lab-root", ROOT / "build" / "lab-home"
    for folder in (root, home):
        shutil.rmtree(folder, ignore_errors=True)
    for folder in ("notebooks", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    env = {**os.environ, "MISTRAL_BACKEND": "offline", "PATH": f"{VENV}/bin:{os.environ['PATH']}", "HOME": str(home)}
    env.pop("JUPYTER_CONFIG_DIR", None)
    log = open(ROOT / "build" / "jupyterlab.log", "w")
    server = subprocess.Popen(  # started the way Binder starts it: through binder/start
        ["bash", str(ROOT / "binder" / "start"), f"{VENV}/bin/jupyter", "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(1)
    else:
        server.terminate()
        raise RuntimeError("JupyterLab did not start; see build/jupyterlab.log")
    yield base, token
    server.terminate()
    server.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


def run_all_cells(page, timeout_s: int = 600) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    deadline = time.time() + timeout_s
    page.wait_for_timeout(1500)
    while time.time() < deadline:
        status = page.evaluate("() => document.querySelector('.jp-Notebook-ExecutionIndicator')"
                               "?.getAttribute('data-status')")
        running = page.locator(".jp-InputPrompt:has-text('[*]')").count()
        if status == "idle" and running == 0:
            return
        page.wait_for_timeout(1000)
    raise AssertionError("the kernel did not go idle in time")


def test_opening_the_course_lands_on_the_first_lesson(lab, browser):
    """What a learner sees at /lab, with no lesson in the link: lesson 00 open, no question asked."""
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/lab?token={token}")
        tab = page.locator(".lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel", has_text=NOTEBOOKS[0])
        tab.first.wait_for(timeout=60_000)
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=60_000)
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) h1", has_text="Lesson 00").first.wait_for(timeout=60_000)
        page.wait_for_timeout(3000)  # the news question, when it is asked, comes a moment after start
        assert page.get_by_text("notified about official Jupyter news").count() == 0
        (ROOT / "screenshots").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "screenshots" / "landing.png"))
    finally:
        shut_down_kernels(base, token)
        page.close()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(lab, browser, name):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        workspace = Path(name).stem.replace("_", "-")  # a fresh workspace: no tabs left over from the last notebook
        page.goto(f"{base}/lab/workspaces/{workspace}/tree/notebooks/{name}?token={token}&reset")
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=60_000)
        page.wait_for_function("() => document.querySelector('.jp-Notebook-ExecutionIndicator')"
                               "?.getAttribute('data-status') === 'idle'", timeout=60_000)
        run_all_cells(page)
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
        assert errors.count() == 0, errors.first.inner_text()[:500]
        # binder/overrides.json: no news or update prompt (a question for the learner, and a call to the network)
        assert page.get_by_text("notified about official Jupyter news").count() == 0
        if name.startswith("05"):
            use_the_chat_app(page)
        shots = ROOT / "screenshots"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=str(shots / f"{Path(name).stem}.png"))
    finally:
        shut_down_kernels(base, token)
        page.close()


def use_the_chat_app(page) -> None:
    box = page.locator("input[placeholder^='Ask a question']")
    box.scroll_into_view_if_needed(timeout=60_000)
    before = page.locator(".chat-assistant").count()
    box.fill("How do I change my PIN?")
    page.locator("button:has-text('Send')").first.click()
    page.wait_for_function(f"() => document.querySelectorAll('.chat-assistant:not(.chat-live)').length > {before}",
                           timeout=60_000)
    answer = page.locator(".chat-assistant").last
    assert "Sources:" in answer.inner_text() and len(answer.inner_text()) > 30
    answer.scroll_into_view_if_needed()
    page.screenshot(path=str(ROOT / "screenshots" / "05_rag_chat.png"))
    page.locator("button:has-text('Clear conversation')").first.click()
    page.wait_for_function("() => document.querySelectorAll('.chat-assistant').length === 0", timeout=10_000)


def shut_down_kernels(base: str, token: str) -> None:
    import json

    with urllib.request.urlopen(f"{base}/api/sessions?token={token}") as r:
        sessions = json.load(r)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request)
