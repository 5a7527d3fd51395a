"""python -m mistral_course.check: OK/FAIL per package and the active backend."""

import subprocess
import sys


def test_check_reports_every_package_and_the_backend(monkeypatch):
    done = subprocess.run([sys.executable, "-m", "mistral_course.check"], capture_output=True, text=True,
                          env={"MISTRAL_BACKEND": "offline", "PATH": ""})
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert sum(line.startswith("OK ") for line in lines) >= 15
    assert any("Backend: offline" in line for line in lines) and lines[-1] == "All good."
    assert "INFO" not in done.stderr


def test_check_says_what_is_wrong(monkeypatch, capsys):
    from mistral_course import check

    monkeypatch.setitem(check.MODULES, "not-a-course-package", "not_a_course_package")
    assert check.main() == 1
    out = capsys.readouterr().out
    assert "FAIL not-a-course-package" in out and "python -m mistral_course lab" in out.splitlines()[-1]
