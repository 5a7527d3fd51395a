# JupyterHub for one room on one machine: `make classroom` starts it (jupyterhub -f classroom/jupyterhub_config.py).
#
# Who logs in: the learners the instructor lists (classroom/learners.txt, or CLASSROOM_LEARNERS="ana,ben"),
# with one shared learner password, and the instructor as the hub's admin with a password of their own.
# JupyterHub's own SharedPasswordAuthenticator does this, and SimpleLocalProcessSpawner starts each learner's
# JupyterLab as a process of the instructor's own user, with its own folder. Neither needs a system account,
# a user database or anything installed beyond JupyterHub: nothing to set up on a borrowed laptop, and
# nothing left behind but a folder (CLASSROOM_STATE). The price, said plainly in INSTRUCTORS.md: learners are
# not isolated from each other or from the hub (same operating-system user), and anyone with the learners'
# password can log in as any learner. For a room where that matters, use the Kubernetes set-up
# (classroom/z2jh-values.yaml), where each learner has their own container.
#
# Each learner's server gets MISTRAL_BACKEND=local, MISTRAL_SERVER_URL=the key gateway, and
# MISTRAL_SERVER_API_KEY=their own JupyterHub token. The instructor's MISTRAL_API_KEY (environment, or the
# course's .env file) is taken out of this process's environment and handed to the gateway service only, through a
# file only this user can read (STATE/instructor-key).
# Without a key, the hub also runs the course's offline API and the gateway forwards to it: a rehearsal.
#
# Settings (environment): CLASSROOM_IP (0.0.0.0), CLASSROOM_PORT (8000), CLASSROOM_HUB_PORT (8081),
# CLASSROOM_GATEWAY_PORT (8765), CLASSROOM_OFFLINE_PORT (8766), CLASSROOM_STATE (~/mistral-classroom),
# CLASSROOM_PASSWORD (learners, at least 8 characters), CLASSROOM_ADMIN_PASSWORD (at least 32),
# CLASSROOM_INSTRUCTOR (instructor), MISTRAL_GATEWAY_BUDGET, MISTRAL_GATEWAY_RATE, MISTRAL_GATEWAY_MAX_ANSWER.
import json
import os
import secrets
import shutil
import sys
from pathlib import Path

from dotenv import dotenv_values

c = get_config()  # noqa: F821 (JupyterHub defines it)

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent
BIN = Path(sys.executable).parent
env = os.environ.get
STATE = Path(env("CLASSROOM_STATE") or Path.home() / "mistral-classroom").resolve()
STATE.mkdir(parents=True, exist_ok=True)

# ----------------------------------------------------------------------------- the instructor's key
# Popped, so that neither the proxy, the learners' servers nor anything else this hub starts inherits it.
KEY = (os.environ.pop("MISTRAL_API_KEY", "") or dotenv_values(COURSE / ".env").get("MISTRAL_API_KEY") or "").strip()

# ----------------------------------------------------------------------------- where the hub listens
c.JupyterHub.ip = env("CLASSROOM_IP", "0.0.0.0")
c.JupyterHub.port = int(env("CLASSROOM_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("CLASSROOM_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(env('CLASSROOM_PROXY_API_PORT', '8001'))}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# ----------------------------------------------------------------------------- who logs in
listed = HERE / "learners.txt"
names = env("CLASSROOM_LEARNERS") or (listed.read_text() if listed.exists() else "")
INSTRUCTOR = env("CLASSROOM_INSTRUCTOR", "instructor")
saved = STATE / "passwords.json"  # generated once, kept for restarts, readable by the instructor only
passwords = json.loads(saved.read_text()) if saved.exists() else {
    "learners": secrets.token_urlsafe(6), "instructor": secrets.token_urlsafe(24)}
saved.write_text(json.dumps(passwords))
saved.chmod(0o600)
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = env("CLASSROOM_PASSWORD") or passwords["learners"]
c.SharedPasswordAuthenticator.admin_password = env("CLASSROOM_ADMIN_PASSWORD") or passwords["instructor"]
c.Authenticator.allowed_users = {n.strip() for n in names.replace(",", "\n").splitlines()
                                 if n.strip() and not n.strip().startswith("#")}
c.Authenticator.admin_users = {INSTRUCTOR}
if not env("CLASSROOM_PASSWORD"):
    print(f"Learners log in with their listed name and the password {passwords['learners']}; you log in as "
          f"{INSTRUCTOR} with the password in {saved}.", flush=True)
if not c.Authenticator.allowed_users:
    print("No learners are listed: put their names in classroom/learners.txt (one a line) or CLASSROOM_LEARNERS.",
          flush=True)

# ----------------------------------------------------------------------------- each learner's server
GATEWAY_PORT = int(env("CLASSROOM_GATEWAY_PORT", "8765"))
GATEWAY_URL = f"http://127.0.0.1:{GATEWAY_PORT}"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "learners" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/00_setup_and_first_call.ipynb"
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "LANG", "LC_ALL", "VIRTUAL_ENV", "JUPYTERHUB_SINGLEUSER_APP"]
c.Spawner.environment = {
    "MISTRAL_BACKEND": "local",
    "MISTRAL_SERVER_URL": f"{GATEWAY_URL}/services/gateway",  # the kernels run here: loopback, no TLS needed
    "MISTRAL_SERVER_API_KEY": lambda spawner: spawner.api_token,
    "MISTRAL_API_KEY": "",  # set and empty: a .env file found above the learner's folder cannot fill it
}
# The learner's own token may call the gateway (and nothing else a server token could not).
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", "access:services!service=gateway"]
if os.geteuid() == 0:  # a server refuses to run as root unless told (CI and containers run as root)
    c.Spawner.args = ["--allow-root"]


def copy_lessons(spawner):
    """A learner's first start: their own copy of the lessons (their edits are theirs; the originals stay)."""
    home = Path(spawner.home_dir)
    home.mkdir(parents=True, exist_ok=True)
    for lesson in sorted((COURSE / "notebooks").glob("*.ipynb")) + [COURSE / "notebooks" / "helper.py"]:
        if not (home / lesson.name).exists():
            shutil.copy2(lesson, home / lesson.name)


c.Spawner.pre_spawn_hook = copy_lessons
c.Spawner.poll_interval = 10  # how soon a crashed server, or the gateway, is noticed (and the gateway restarted)

# ----------------------------------------------------------------------------- the gateway (and a rehearsal API)
OFFLINE_PORT = int(env("CLASSROOM_OFFLINE_PORT", "8766"))
upstream = env("MISTRAL_GATEWAY_UPSTREAM") or ("https://api.mistral.ai" if KEY else f"http://127.0.0.1:{OFFLINE_PORT}")
kept = {name: os.environ[name] for name in ("PATH", "PYTHONPATH", "LANG", "HOME") if name in os.environ}
# The key goes to the gateway in a file only this user can read: JupyterHub keeps each service's environment in
# its database, and the key does not belong there.
KEY_FILE = STATE / "instructor-key"
KEY_FILE.unlink(missing_ok=True)
if KEY:
    KEY_FILE.touch(mode=0o600)
    KEY_FILE.write_text(KEY)
c.JupyterHub.services = [{
    "name": "gateway",
    "url": GATEWAY_URL,
    "command": [sys.executable, "-m", "mistral_course.gateway"],
    "cwd": str(STATE),
    "oauth_no_confirm": True,
    "environment": {
        **kept,
        "MISTRAL_GATEWAY_KEY_FILE": str(KEY_FILE),
        "MISTRAL_GATEWAY_UPSTREAM": upstream,
        "MISTRAL_GATEWAY_DB": str(STATE / "gateway-usage.sqlite"),
        **{name: os.environ[name] for name in ("MISTRAL_GATEWAY_BUDGET", "MISTRAL_GATEWAY_RATE",
                                              "MISTRAL_GATEWAY_MAX_ANSWER") if name in os.environ},
    },
}]
if not KEY and upstream.endswith(f":{OFFLINE_PORT}"):
    c.JupyterHub.services.append({
        "name": "offline-api",
        "command": [sys.executable, "-m", "mistral_course.offline", "serve", "--port", str(OFFLINE_PORT)],
        "environment": kept,
    })
c.JupyterHub.load_roles = [
    # Every user may use the gateway (JupyterHub's default user role, plus that one scope).
    {"name": "user", "scopes": ["self", "access:services!service=gateway"]},
    # The gateway asks the hub whether whoever opens its admin page is an admin.
    {"name": "gateway", "scopes": ["read:users"], "services": ["gateway"]},
]
