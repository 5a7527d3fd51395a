"""Fine-tuning jobs run in a background worker (issue 19): looking never trains, every failure ends the job
with an event that says why, the dry run and the job share one validator, and the hyperparameters have limits."""

import json

import pytest

from mistral_course.offline.store import TERMINAL, TrainingOutcome

from test_files_and_jobs import GOOD, SteppingTrainer, create, fake_trainer, upload


def final(http, job_id, polls=12):
    """Poll until the job ends (each poll shows the next status); its last state."""
    for _ in range(polls):
        job = http.get(f"/v1/fine_tuning/jobs/{job_id}").json()
        if job["status"] in TERMINAL:
            return job
    raise AssertionError(f"job still {job['status']} after {polls} polls")


def tool_line(tools):
    return json.dumps({"tools": tools, "messages": [{"role": "user", "content": "hi"},
                                                    {"role": "assistant", "content": "hello"}]}).encode() + b"\n"


BROKEN_FILES = {
    "empty": (b"", "no conversations to train on"),
    "only blank lines": (b"\n\n", "no conversations to train on"),
    "content is a number": (b'{"messages": [{"role": "user", "content": 123}, '
                            b'{"role": "assistant", "content": "ok"}]}\n', "line 1"),
    "invalid UTF-8": (GOOD + b'{"messages": [{"role": "user", "content": "\xff\xfe"}]}\n', "not UTF-8"),
    "a tool whose function is null": (tool_line([{"type": "function", "function": None}]), "line 1"),
    "a tool that is a string": (tool_line(["lookup"]), "line 1"),
}


@pytest.mark.parametrize("case", BROKEN_FILES)
def test_a_broken_file_ends_failed_validation_and_the_dry_run_said_so(client, http, api, case):
    api.store.trainer = fake_trainer
    data, reason = BROKEN_FILES[case]
    file = upload(client, data)
    request = {"model": "mistral-small-latest", "training_files": [{"file_id": file.id}]}
    dry = http.post("/v1/fine_tuning/jobs?dry_run=true", json=request)
    assert dry.status_code == 200 and "would fail validation" in dry.json()["details"]
    job = final(http, create(http, file.id).json()["id"])
    assert job["status"] == "FAILED_VALIDATION"
    assert job["events"][-1]["data"]["status"] == "FAILED_VALIDATION" and reason in job["events"][-1]["data"]["error"]


def test_a_file_the_dry_run_accepts_is_the_one_the_job_accepts(client, http, api):
    api.store.trainer = fake_trainer
    file = upload(client)
    request = {"model": "mistral-small-latest", "training_files": [{"file_id": file.id}]}
    assert "fail" not in http.post("/v1/fine_tuning/jobs?dry_run=true", json=request).json()["details"]
    assert final(http, create(http, file.id).json()["id"])["status"] == "SUCCESS"


def test_a_trainer_that_raises_ends_failed_with_why(client, http, api):
    def broken(run):
        raise RuntimeError("out of memory")

    api.store.trainer = broken
    job = final(http, create(http, upload(client).id).json()["id"])
    assert job["status"] == "FAILED"
    assert job["events"][-1]["data"]["error"] == "Training failed: RuntimeError: out of memory"
    assert http.get(f"/v1/fine_tuning/jobs/{job['id']}").status_code == 200  # before: every poll was a 500


def test_a_file_deleted_before_training_fails_the_job_cleanly(client, http, api):
    api.store.trainer = fake_trainer
    file = upload(client)
    job = create(http, file.id, auto_start=False).json()
    assert [http.get(f"/v1/fine_tuning/jobs/{job['id']}").json()["status"] for _ in range(2)] == \
        ["VALIDATING", "VALIDATED"]
    assert client.files.delete(file_id=file.id).deleted
    http.post(f"/v1/fine_tuning/jobs/{job['id']}/start")
    done = final(http, job["id"])
    assert done["status"] == "FAILED" and f"file {file.id} was deleted" in done["events"][-1]["data"]["error"]


def test_a_file_deleted_right_after_creation_fails_validation(client, http, api):
    api.store.trainer = trainer = SteppingTrainer()
    file, other = upload(client), upload(client)
    blocker = create(http, other.id).json()  # holds the worker, so the next job waits in the queue
    job = create(http, file.id).json()
    client.files.delete(file_id=file.id)
    trainer.steps = 1
    trainer.go.release()
    assert final(http, blocker["id"])["status"] == "SUCCESS"
    done = final(http, job["id"])
    assert done["status"] == "FAILED_VALIDATION" and "was deleted" in done["events"][-1]["data"]["error"]


def test_polling_never_trains_and_cancel_answers_while_training(client, http, api):
    api.store.trainer = trainer = SteppingTrainer()
    api.poll_wait = 0.05  # the job will not move while the trainer waits; do not wait for it
    job = create(http, upload(client).id).json()
    assert [http.get(f"/v1/fine_tuning/jobs/{job['id']}").json()["status"] for _ in range(3)] == \
        ["VALIDATING", "VALIDATED", "RUNNING"]
    for _ in range(3):  # before: a GET ran the whole training, and a cancel waited for it
        assert http.get(f"/v1/fine_tuning/jobs/{job['id']}").json()["status"] == "RUNNING"
    assert trainer.taken == 0
    assert http.post(f"/v1/fine_tuning/jobs/{job['id']}/cancel").json()["status"] == "CANCELLATION_REQUESTED"
    trainer.go.release()
    done = final(http, job["id"])
    assert done["status"] == "CANCELLED" and trainer.taken == 1


def test_cancel_while_waiting_for_start(client, http, api):
    api.store.trainer = fake_trainer
    job = create(http, upload(client).id, auto_start=False).json()
    http.get(f"/v1/fine_tuning/jobs/{job['id']}"), http.get(f"/v1/fine_tuning/jobs/{job['id']}")
    assert http.post(f"/v1/fine_tuning/jobs/{job['id']}/cancel").json()["status"] == "CANCELLATION_REQUESTED"
    assert final(http, job["id"])["status"] == "CANCELLED"


@pytest.mark.parametrize("hyperparameters, field", [
    ({"training_steps": 10_000}, "training_steps"), ({"seq_len": 100_000}, "seq_len"), ({"seq_len": 50}, "seq_len")])
def test_hyperparameters_have_limits(client, http, hyperparameters, field):
    r = http.post("/v1/fine_tuning/jobs", json={"model": "mistral-small-latest", "hyperparameters": hyperparameters,
                                                "training_files": [{"file_id": upload(client).id}]})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "hyperparameters", field]


def test_the_trainer_is_handed_a_sequence_length(client, http, api):
    seen = {}

    def trainer(run):
        seen.update(run.hyperparameters)
        return TrainingOutcome([], 0)

    api.store.trainer = trainer
    final(http, create(http, upload(client).id).json()["id"])
    assert seen["seq_len"] == 512 and seen["training_steps"] == 10


def test_the_course_trainer_cuts_conversations_to_seq_len():
    from mistral_course.finetune import finetune, read_jsonl

    rows = read_jsonl(GOOD * 2)
    long = [{"messages": [{"role": "user", "content": "word " * 400}, {"role": "assistant", "content": "ok"}]}]
    steps = []
    result = finetune(rows + long, rows, steps=2, batch_size=2, eval_every=2, seq_len=100, on_step=steps.append)
    assert steps == [1, 2] and result.trained_tokens <= 2 * 2 * 100
