"""JupyterLab in a real browser: every notebook run from the Binder environment, and the chat app clicked.

Run by `make test-binder` (part of `make test`), which builds the Binder environment and sets
BINDER_VENV. It starts JupyterLab from that environment on 127.0.0.1 with a token, through
binder/start as Binder does, and drives Debian's Chromium with Playwright.
- Plain /lab must land on lesson 00, with no question asked of the learner.
- Each notebook is opened, its outputs cleared and all its cells run from the menus; every code cell
  must run with no error (read from JupyterLab's notebook model, since the page draws only the cells
  near the viewport), and a screenshot is saved in screenshots/ (git-ignored) for a person to look at.
- In the RAG lesson it types a question into the chat app and sends it; the answer must arrive in
  pieces (streamed) and end with its sources; then it clears the conversation.
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
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"],
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


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
# The open notebook's state, read from JupyterLab's own model (the server exposes the app to the page).
# The page only draws the cells near the viewport, so the DOM cannot tell whether every cell ran.
NOTEBOOK_STATE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = [...panel.content.model.cells].filter(cell => cell.type === 'code');
    const errors = [];
    cells.forEach((cell, i) => { for (let k = 0; k < cell.outputs.length; k++) {
        const out = cell.outputs.get(k).toJSON();
        if (out.output_type === 'error') errors.push(`code cell ${i + 1}: ${out.ename}: ${out.evalue}`);
    } });
    return {total: cells.length, ran: cells.filter(cell => cell.executionCount !== null).length, errors,
            kernel: panel.sessionContext.session?.kernel?.status};
}"""


def menu(page, top: str, item: str) -> None:
    page.get_by_role("menuitem", name=top, exact=True).click()
    page.get_by_text(item, exact=True).click()


def run_all_cells(page, timeout_s: int = 600) -> dict:
    """Clear every output, then Run All Cells, the way a learner would; wait until every code cell has
    run or one has failed. A click made before the kernel is ready can be lost, so if nothing has
    started after a while, Run All Cells is used again (nothing has run yet, so nothing runs twice)."""
    page.wait_for_function("() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel"
                           "?.status === 'idle'", timeout=120_000)
    menu(page, "Edit", "Clear Outputs of All Cells")
    menu(page, "Run", "Run All Cells")
    deadline, waiting_since = time.time() + timeout_s, time.time()
    while time.time() < deadline:
        page.wait_for_timeout(1000)
        state = page.evaluate(NOTEBOOK_STATE)
        if state["ran"] == state["total"] or (state["errors"] and state["kernel"] == "idle"):
            return state
        if state["ran"] == 0 and state["kernel"] == "idle" and time.time() - waiting_since > 15:
            menu(page, "Run", "Run All Cells")
            waiting_since = time.time()
    raise AssertionError(f"the notebook did not finish in {timeout_s} s: {page.evaluate(NOTEBOOK_STATE)}")


def test_opening_the_course_lands_on_the_first_lesson(lab, browser):
    """What a learner sees at /lab, with no lesson in the link: lesson 00 open, no question asked."""
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/lab?token={token}")
        tab = page.locator(".lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel", has_text=NOTEBOOKS[0])
        tab.first.wait_for(timeout=60_000)
        page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=60_000)
        page.locator(f"{PANEL} h1", has_text="Lesson 00").first.wait_for(timeout=60_000)
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
    shots = ROOT / "screenshots"
    shots.mkdir(exist_ok=True)
    try:
        workspace = Path(name).stem.replace("_", "-")  # a fresh workspace: no tabs left over from the last notebook
        page.goto(f"{base}/lab/workspaces/{workspace}/tree/notebooks/{name}?token={token}&reset")
        page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=60_000)
        state = run_all_cells(page)
        assert state["errors"] == [] and state["ran"] == state["total"], state
        # binder/overrides.json: no news or update prompt (a question for the learner, and a call to the network)
        assert page.get_by_text("notified about official Jupyter news").count() == 0
        if name.startswith("05"):
            use_the_chat_app(page)
        page.screenshot(path=str(shots / f"{Path(name).stem}.png"))
    except Exception:
        page.screenshot(path=str(shots / f"{Path(name).stem}_FAILED.png"))  # what the page showed
        raise
    finally:
        shut_down_kernels(base, token)
        page.close()


def use_the_chat_app(page) -> None:
    # bring the app's cell into view first: cells far from the viewport are not drawn
    page.evaluate("""async () => {
        const notebook = window.jupyterapp.shell.currentWidget.content;
        const index = [...notebook.model.cells].findIndex(cell => cell.sharedModel.getSource().includes('ChatApp('));
        await notebook.scrollToItem(index, 'start');
    }""")
    box = page.locator("input[placeholder^='Ask a question']")
    box.scroll_into_view_if_needed(timeout=60_000)
    before = page.locator(".chat-assistant").count()
    # record every state the answer passes through while it streams in
    page.evaluate("""() => {
        window.liveStates = new Set();
        new MutationObserver(() => document.querySelectorAll('.chat-live')
            .forEach(e => window.liveStates.add(e.innerText))).observe(document.body,
            {subtree: true, childList: true, characterData: true});
    }""")
    box.fill("How do I change my PIN?")
    page.locator("button:has-text('Send')").first.click()
    page.wait_for_function(f"() => document.querySelectorAll('.chat-assistant:not(.chat-live)').length > {before}",
                           timeout=60_000)
    answer = page.locator(".chat-assistant").last
    assert "Sources:" in answer.inner_text() and len(answer.inner_text()) > 30
    partial = page.evaluate("() => [...window.liveStates]")
    assert len(partial) >= 3, f"the answer should arrive in pieces, not at once: {partial}"
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
