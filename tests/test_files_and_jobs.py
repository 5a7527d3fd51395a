"""Files through the SDK, and the legacy fine-tuning job lifecycle over its REST paths."""

import json
import threading

import pytest
from mistralai.client import errors

from mistral_course.offline.store import TrainingOutcome

GOOD = b"\n".join(json.dumps({"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}).encode()
                  for q, a in [("Where is my card?", "It ships in 3 days."), ("New PIN?", "Use the app.")]) + b"\n"


def upload(client, data=GOOD, name="train.jsonl", purpose="fine-tune"):
    return client.files.upload(file={"file_name": name, "content": data}, purpose=purpose)


def test_upload_list_retrieve_delete(client):
    up = upload(client)
    assert up.purpose == "fine-tune" and up.size_bytes == len(GOOD) and up.num_lines == 2
    assert [f.id for f in client.files.list().data] == [up.id]
    assert client.files.retrieve(file_id=up.id).filename == "train.jsonl"
    assert client.files.download(file_id=up.id).read() == GOOD  # the bytes that were uploaded
    assert client.files.delete(file_id=up.id).deleted is True
    assert client.files.list().data == []
    for gone in (client.files.retrieve, client.files.download):
        with pytest.raises(errors.SDKError) as info:
            gone(file_id=up.id)
        assert info.value.status_code == 404


def test_unknown_purpose_is_a_422(http):
    r = http.post("/v1/files", files={"file": ("a.jsonl", GOOD)}, data={"purpose": "training"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "purpose"]


def create(http, file_id, **extra):
    body = {"model": "mistral-small-latest", "training_files": [{"file_id": file_id}],
            "hyperparameters": {"training_steps": 10, "learning_rate": 1e-4}, **extra}
    return http.post("/v1/fine_tuning/jobs", json=body)


def statuses(http, job_id, polls):
    return [http.get(f"/v1/fine_tuning/jobs/{job_id}").json()["status"] for _ in range(polls)]


def fake_trainer(run):
    """Stands in for the fine-tuning lesson's trainer: reports what it was handed."""
    lines = sum(len(d.splitlines()) for d in run.training_data)
    return TrainingOutcome([{"step_number": run.hyperparameters["training_steps"],
                             "metrics": {"train_loss": 1.0, "valid_loss": None, "valid_mean_token_accuracy": None}}],
                           trained_tokens=lines)


def test_lifecycle_to_success_and_the_model_chats(client, http, api):
    api.store.trainer = fake_trainer
    job = create(http, upload(client).id).json()
    assert job["status"] == "QUEUED" and job["fine_tuned_model"] is None
    assert statuses(http, job["id"], 5) == ["VALIDATING", "VALIDATED", "RUNNING", "SUCCESS", "SUCCESS"]
    done = http.get(f"/v1/fine_tuning/jobs/{job['id']}").json()
    assert done["checkpoints"][0]["step_number"] == 10 and done["trained_tokens"] == 2
    name = done["fine_tuned_model"]
    assert name.startswith("ft:mistral-small-latest:") and len(name.split(":")) == 5
    assert name in [m.id for m in client.models.list().data]
    r = client.chat.complete(model=name, messages=[{"role": "user", "content": "hello"}])
    assert r.model == name


def test_without_a_trainer_the_job_fails_and_says_why():
    from mistral_course.offline import OfflineAPI, offline_client, offline_http_client

    api = OfflineAPI()  # no trainer given
    client, http = offline_client(api), offline_http_client(api)
    job = create(http, upload(client).id).json()
    assert statuses(http, job["id"], 4)[-1] == "FAILED"
    events = http.get(f"/v1/fine_tuning/jobs/{job['id']}").json()["events"]
    assert "without a trainer" in events[-1]["data"]["error"]


def test_a_broken_file_fails_validation_with_its_line(client, http):
    bad = GOOD + b"{oops\n"
    job = create(http, upload(client, bad).id).json()
    assert statuses(http, job["id"], 2) == ["VALIDATING", "FAILED_VALIDATION"]
    events = http.get(f"/v1/fine_tuning/jobs/{job['id']}").json()["events"]
    assert events[-1]["data"]["error"].startswith("train.jsonl, line 3: not valid JSON")


class SteppingTrainer:
    """A trainer that takes one step each time the test lets it, and checks for cancellation after each."""

    def __init__(self, steps=1000):
        self.steps, self.taken = steps, 0
        self.go, self.stepped = threading.Semaphore(0), threading.Semaphore(0)

    def __call__(self, run):
        while self.taken < self.steps:
            self.go.acquire()
            self.taken += 1
            self.stepped.release()
            run.check()
        return fake_trainer(run)


def test_manual_start_and_cancel(client, http, api):
    api.store.trainer = trainer = SteppingTrainer()
    job = create(http, upload(client).id, auto_start=False).json()
    assert statuses(http, job["id"], 4) == ["VALIDATING", "VALIDATED", "VALIDATED", "VALIDATED"]
    assert http.post(f"/v1/fine_tuning/jobs/{job['id']}/start").json()["status"] == "RUNNING"
    trainer.go.release(), trainer.stepped.acquire()  # one step taken: the job is training
    assert http.post(f"/v1/fine_tuning/jobs/{job['id']}/cancel").json()["status"] == "CANCELLATION_REQUESTED"
    trainer.go.release()  # the step in progress ends, and the trainer's check stops it
    assert statuses(http, job["id"], 1) == ["CANCELLED"]
    assert trainer.taken == 2
    again = http.post(f"/v1/fine_tuning/jobs/{job['id']}/cancel")
    assert again.status_code == 400 and "CANCELLED" in again.json()["message"]
    assert http.get("/v1/fine_tuning/jobs").json()["total"] == 1


def test_bad_job_requests(client, http):
    assert create(http, "00000000-0000-4000-8000-000000000000").status_code == 404
    batch = upload(client, purpose="batch")
    r = create(http, batch.id)
    assert r.status_code == 400 and "purpose 'fine-tune'" in r.json()["message"]
    r = http.post("/v1/fine_tuning/jobs", json={"model": "open-mistral-7b",
                                                "training_files": [{"file_id": upload(client).id}]})
    assert r.status_code == 400 and r.json()["type"] == "invalid_model"
    r = http.post("/v1/fine_tuning/jobs", json={"model": "mistral-small-latest", "hyperparameters": {"steps": 3}})
    assert r.status_code == 422
    assert http.get("/v1/fine_tuning/jobs/nope").status_code == 404


def test_a_dry_run_counts_the_data_and_creates_nothing(client, http):
    from mistral_course.finetune_data import validate_text

    file = upload(client, GOOD * 4)  # 8 conversations
    r = create(http, file.id, hyperparameters={"epochs": 3})
    dry = http.post("/v1/fine_tuning/jobs?dry_run=true", json=json.loads(r.request.content)).json()
    assert dry["object"] == "job.metadata" and http.get("/v1/fine_tuning/jobs").json()["total"] == 1  # only `create`'s
    assert dry["data_tokens"] == validate_text((GOOD * 4).decode(), "x").tokens > 0
    assert dry["training_steps"] == 3 and dry["epochs"] == 3.0  # 3 passes over 8 conversations, 8 per step
    assert dry["train_tokens"] == 3 * dry["train_tokens_per_step"] == 3 * dry["data_tokens"]
    assert dry["cost"] == round(dry["train_tokens"] / 1e6, 4) and "not a quote" in dry["details"]


def test_a_dry_run_reports_problems_and_bad_flags_are_a_422(client, http):
    file = upload(client, GOOD + b'{"messages": []}\n')
    r = http.post("/v1/fine_tuning/jobs", params={"dry_run": "true"},
                  json={"model": "mistral-small-latest", "training_files": [{"file_id": file.id}]})
    assert r.status_code == 200 and "1 line(s) have problems" in r.json()["details"]
    assert "line 3" in r.json()["details"]
    r = http.post("/v1/fine_tuning/jobs", params={"dry_run": "maybe"},
                  json={"model": "mistral-small-latest", "training_files": [{"file_id": file.id}]})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "dry_run"]


def test_the_course_backend_really_fine_tunes(client, http):
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data" / "finetune"
    train = upload(client, b"".join(data.joinpath("train.jsonl").read_bytes().splitlines(keepends=True)[:40]))
    valid = upload(client, data.joinpath("eval.jsonl").read_bytes(), name="eval.jsonl")
    request = {"model": "mistral-small-latest", "training_files": [{"file_id": train.id}],
               "validation_files": [valid.id], "hyperparameters": {"training_steps": 12, "learning_rate": 2e-3},
               "suffix": "house-style"}
    estimate = http.post("/v1/fine_tuning/jobs", params={"dry_run": True}, json=request).json()
    job = http.post("/v1/fine_tuning/jobs", json=request).json()
    assert statuses(http, job["id"], 4) == ["VALIDATING", "VALIDATED", "RUNNING", "SUCCESS"]
    done = http.get(f"/v1/fine_tuning/jobs/{job['id']}").json()
    assert estimate["epochs"] == 12 * 8 / 40  # the batch is 8 conversations
    assert 0.7 < done["trained_tokens"] / estimate["train_tokens"] < 1.3  # random batches against the mean
    metrics = [c["metrics"] for c in done["checkpoints"]]
    assert [c["step_number"] for c in done["checkpoints"]] == [3, 6, 9, 12]
    assert metrics[-1]["valid_loss"] < metrics[0]["valid_loss"] and done["trained_tokens"] > 0
    assert done["fine_tuned_model"].endswith(":house-style")
    r = http.post("/v1/chat/completions", json={"model": done["fine_tuned_model"],
                                                "messages": [{"role": "user", "content": "How much is Premium?"}]})
    content, usage = r.json()["choices"][0]["message"]["content"], r.json()["usage"]
    assert r.headers["x-offline-skill"] == "fine-tuned"  # the tuned weights answer, not the rule engine
    from mistral_course.offline import resources

    assert content.strip() and usage["completion_tokens"] == resources.count_tokens(content)
