# The classroom's tests start JupyterHub, its proxy and the gateway (a few minutes, and the 30-second load):
# they run with `make test-classroom` (which `make test` runs under CI), not with every `pytest tests`.
import os

if os.environ.get("CLASSROOM_TESTS") != "1":
    collect_ignore_glob = ["test_*.py"]
