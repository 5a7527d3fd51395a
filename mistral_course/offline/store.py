"""The backend's memory: uploaded files and fine-tuning jobs.

Ids come from a hash of the content and an upload counter, and time is a
counter too, so the same sequence of calls gives the same ids and bodies in
any process. Jobs move one step along their lifecycle each time they are
looked at, which makes polling loops in a notebook deterministic:

    QUEUED -> VALIDATING -> VALIDATED -> RUNNING -> SUCCESS
                        \\-> FAILED_VALIDATION        \\-> FAILED
    (auto_start=False waits at VALIDATED for POST .../start;
     POST .../cancel gives CANCELLATION_REQUESTED, then CANCELLED)

The training itself is done by a `trainer` the backend is given (the
fine-tuning lesson supplies one that really trains); without one a job fails
with an event that says so. A trainer may say how many conversations make one
step (`batch_size`), which lets a dry run estimate the job and lets `epochs`
stand in for `training_steps`.

`?dry_run=true` creates nothing: it counts the training files' tokens with
Mistral's v3 tokenizer and answers what the job would consume.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import uuid
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP

from . import errors
from .catalog import CREATED
from .schemas import JobRequest

PURPOSES = ("fine-tune", "batch", "ocr")
TERMINAL = {"SUCCESS", "FAILED", "FAILED_VALIDATION", "CANCELLED"}
DEFAULT_TRAINING_STEPS = 100


def _uuid(*parts: bytes) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(b"|".join(parts)).digest()[:16], version=4))


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """Form fields of a multipart/form-data body: name -> (filename, bytes)."""
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    if not message.is_multipart():
        raise errors.validation([{"type": "missing", "loc": ["body", "file"], "msg": "Field required", "input": None}])
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        fields[name] = (part.get_filename(), part.get_payload(decode=True) or b"")
    return fields


@dataclass
class StoredFile:
    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int

    def card(self, **extra) -> dict:
        return {"id": self.id, "object": "file", "bytes": len(self.data), "created_at": self.created_at,
                "filename": self.filename, "purpose": self.purpose,
                "sample_type": "instruct" if self.purpose == "fine-tune" else "batch_request",
                "num_lines": self.data.count(b"\n") + (0 if self.data.endswith(b"\n") or not self.data else 1),
                "mimetype": "application/jsonl" if self.filename.endswith(".jsonl") else None,
                "source": "upload", "signature": None, **extra}


@dataclass
class Job:
    id: str
    request: JobRequest
    created_at: int
    status: str = "QUEUED"
    modified_at: int = 0
    fine_tuned_model: str | None = None
    trained_tokens: int | None = None
    checkpoints: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        r = self.request
        return {"id": self.id, "auto_start": r.auto_start, "model": r.model, "status": self.status,
                "created_at": self.created_at, "modified_at": self.modified_at,
                "training_files": [f.file_id for f in r.training_files],
                "validation_files": r.validation_files or [], "object": "job",
                "fine_tuned_model": self.fine_tuned_model, "suffix": r.suffix, "integrations": [],
                "trained_tokens": self.trained_tokens, "metadata": None, "job_type": "completion",
                "hyperparameters": r.hyperparameters.model_dump(), "repositories": []}

    def detail(self) -> dict:
        return {**self.summary(), "events": list(self.events), "checkpoints": list(self.checkpoints)}


@dataclass(frozen=True)
class TrainingRun:
    """What a trainer is handed: the job, and the texts of its files."""
    job_id: str
    base_model: str
    hyperparameters: dict
    training_data: list[bytes]
    validation_data: list[bytes]


@dataclass(frozen=True)
class TrainingOutcome:
    checkpoints: list[dict]  # {"step_number", "metrics": {"train_loss", "valid_loss", "valid_mean_token_accuracy"}}
    trained_tokens: int
    model: object = None  # whatever the trainer wants chat requests for the new model to reach


class Store:
    def __init__(self, trainer=None):
        self.files: dict[str, StoredFile] = {}
        self.jobs: dict[str, Job] = {}
        self.models: dict[str, object] = {}  # fine-tuned model name -> trainer's model
        self.trainer = trainer
        self._clock = 0

    def _tick(self) -> int:
        self._clock += 1
        return CREATED + self._clock

    # ------------------------------------------------------------------ files
    def upload(self, fields: dict) -> dict:
        if "file" not in fields:
            raise errors.validation([{"type": "missing", "loc": ["body", "file"], "msg": "Field required", "input": None}])
        filename, data = fields["file"]
        purpose = fields.get("purpose", (None, b"fine-tune"))[1].decode() or "fine-tune"
        if purpose not in PURPOSES:
            raise errors.validation([{"type": "enum", "loc": ["body", "purpose"], "input": purpose,
                                      "msg": "Input should be " + ", ".join(f"'{p}'" for p in PURPOSES)}])
        file = StoredFile(_uuid(b"file", str(len(self.files)).encode(), data), filename or "upload",
                          purpose, data, self._tick())
        self.files[file.id] = file
        return file.card()

    def file(self, file_id: str) -> StoredFile:
        if file_id not in self.files:
            raise errors.not_found(f"File {file_id} not found")
        return self.files[file_id]

    def list_files(self, purpose: str | None = None) -> dict:
        data = [f.card() for f in self.files.values() if purpose in (None, f.purpose)]
        return {"data": data, "object": "list", "total": len(data)}

    def delete_file(self, file_id: str) -> dict:
        self.file(file_id)
        del self.files[file_id]
        return {"id": file_id, "object": "file", "deleted": True}

    # ------------------------------------------------------------------ jobs
    def create_job(self, req: JobRequest, known_model) -> dict:
        self._check(req, known_model)
        job_id = _uuid(b"job", str(len(self.jobs)).encode(), req.model_dump_json().encode())
        job = Job(job_id, req, self._tick())
        job.modified_at = job.created_at
        self._event(job)
        self.jobs[job_id] = job
        return job.summary()

    def dry_run(self, req: JobRequest, known_model) -> dict:
        """What the job would consume, counted and estimated; nothing is created."""
        from ..finetune_data import EXAMPLE_PRICE_PER_MILLION, validate_text

        self._check(req, known_model)
        reports = [validate_text(self.files[f.file_id].data.decode("utf-8", errors="replace"),
                                 self.files[f.file_id].filename) for f in req.training_files]
        conversations, data_tokens = sum(r.conversations for r in reports), sum(r.tokens for r in reports)
        problems = [p for r in reports for p in r.problems]
        steps, batch = self._steps(req, conversations), self._batch_size
        per_step = round(batch * data_tokens / conversations) if batch and conversations else None
        train_tokens = per_step * steps if per_step else None
        if per_step:
            details = (f"Offline estimate: data_tokens counts {conversations} conversations with Mistral's v3 "
                       f"tokenizer; a step is {batch} conversations, {per_step // batch} tokens each on average. "
                       f"The cost uses the course's example price of ${EXAMPLE_PRICE_PER_MILLION:g} per million "
                       "training tokens, not a quote.")
        else:
            details = "Offline: only the data was counted (this backend has no trainer, or no valid conversation)."
        if problems:
            details += (f" {len(problems)} line(s) have problems and were not counted, so the job would fail "
                        f"validation; the first: {problems[0]}.")
        return {"object": "job.metadata", "deprecated": True, "details": details, "training_steps": steps,
                "train_tokens_per_step": per_step, "train_tokens": train_tokens, "data_tokens": data_tokens,
                "epochs": round(steps * batch / conversations, 4) if per_step else None,
                "expected_duration_seconds": None, "estimated_start_time": None,
                "cost": round(train_tokens / 1e6 * EXAMPLE_PRICE_PER_MILLION, 4) if train_tokens else None,
                "cost_currency": "USD" if train_tokens else None}

    def _steps(self, req: JobRequest, conversations: int) -> int:
        """training_steps as asked; else enough steps for `epochs` passes; else the default."""
        hp = req.hyperparameters
        if hp.training_steps:
            return hp.training_steps
        if hp.epochs and self._batch_size and conversations:
            return max(1, math.ceil(hp.epochs * conversations / self._batch_size))
        return DEFAULT_TRAINING_STEPS

    @property
    def _batch_size(self) -> int | None:
        """Conversations per training step, if the trainer says."""
        return getattr(self.trainer, "batch_size", None)

    def _check(self, req: JobRequest, known_model) -> None:
        if not known_model(req.model):
            raise errors.invalid_model(req.model)
        if not req.training_files:
            raise errors.bad_request("At least one training file is required")
        for file_id in [f.file_id for f in req.training_files] + list(req.validation_files or []):
            if file_id not in self.files:
                raise errors.not_found(f"File {file_id} not found")
            if self.files[file_id].purpose != "fine-tune":
                raise errors.bad_request(
                    f"File {file_id} was uploaded with purpose '{self.files[file_id].purpose}'; "
                    "fine-tuning needs files uploaded with purpose 'fine-tune'")

    def job(self, job_id: str) -> Job:
        if job_id not in self.jobs:
            raise errors.not_found(f"Job {job_id} not found")
        return self.jobs[job_id]

    def list_jobs(self, status: str | None = None) -> dict:
        data = [j.summary() for j in self.jobs.values() if status in (None, j.status)]
        return {"data": data, "object": "list", "total": len(data)}

    def poll(self, job_id: str) -> dict:
        """GET a job: it moves one step, then is reported."""
        job = self.job(job_id)
        self._advance(job)
        return job.detail()

    def start(self, job_id: str) -> dict:
        job = self.job(job_id)
        if job.status != "VALIDATED":
            raise errors.bad_request(f"Job {job_id} cannot be started: its status is {job.status}")
        self._set(job, "RUNNING")
        return job.detail()

    def cancel(self, job_id: str) -> dict:
        job = self.job(job_id)
        if job.status in TERMINAL:
            raise errors.bad_request(f"Job {job_id} cannot be cancelled: its status is {job.status}")
        self._set(job, "CANCELLATION_REQUESTED")
        return job.detail()

    def _event(self, job: Job, **data) -> None:
        job.events.append({"name": "status-updated", "data": {"status": job.status, **data},
                           "created_at": job.modified_at})

    def _set(self, job: Job, status: str, **data) -> None:
        job.status, job.modified_at = status, self._tick()
        self._event(job, **data)

    def _advance(self, job: Job) -> None:
        step = {
            "QUEUED": lambda: self._set(job, "VALIDATING"),
            "VALIDATING": lambda: self._validate(job),
            "VALIDATED": lambda: job.request.auto_start and self._set(job, "RUNNING"),
            "RUNNING": lambda: self._train(job),
            "CANCELLATION_REQUESTED": lambda: self._set(job, "CANCELLED"),
        }.get(job.status)
        if step:
            step()

    def _validate(self, job: Job) -> None:
        from ..finetune_data import first_problem  # the same checks the fine-tuning lesson teaches

        for tf in job.request.training_files:
            file = self.files[tf.file_id]
            problem = first_problem(file.data.decode("utf-8", errors="replace"))
            if problem:
                self._set(job, "FAILED_VALIDATION", error=f"{file.filename}, line {problem.line}: {problem.message}")
                return
        self._set(job, "VALIDATED")

    def _train(self, job: Job) -> None:
        if self.trainer is None:
            self._set(job, "FAILED", error="This offline backend was started without a trainer, "
                                           "so it cannot run fine-tuning jobs.")
            return
        r = job.request
        training_data = [self.files[f.file_id].data for f in r.training_files]
        conversations = sum(1 for data in training_data for line in data.splitlines() if line.strip())
        hyperparameters = {**r.hyperparameters.model_dump(), "training_steps": self._steps(r, conversations)}
        run = TrainingRun(job.id, r.model, hyperparameters, training_data,
                          [self.files[f].data for f in r.validation_files or []])
        outcome = self.trainer(run)
        name = f"ft:{r.model}:{job.id[:8]}:{_date(job.created_at)}:{r.suffix or job.id[-8:]}"
        job.checkpoints = [{**c, "created_at": job.modified_at} for c in outcome.checkpoints]
        job.trained_tokens, job.fine_tuned_model = outcome.trained_tokens, name
        self.models[name] = outcome.model
        self._set(job, "SUCCESS")


def _date(timestamp: int) -> str:
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).strftime("%Y%m%d")

