"""The backend's memory: uploaded files and fine-tuning jobs, per token.

Everything here lives in the server's memory and is gone when it stops. Each
bearer token sees only its own files and jobs. One lock guards this state and
is held only while it is read or changed, never while a file is validated or a
model trains.

Ids come from a hash of the content and a counter that never goes back (so an
id is never given twice, even after a delete), and time is a counter too, so
the same sequence of calls gives the same ids and bodies in any process.

Jobs run in one background worker, one job at a time, fed by a queue:

    QUEUED -> VALIDATING -> VALIDATED -> RUNNING -> SUCCESS
                        \\-> FAILED_VALIDATION        \\-> FAILED
    (auto_start=False waits at VALIDATED for POST .../start;
     POST .../cancel gives CANCELLATION_REQUESTED, then CANCELLED within one training step)

Every failure ends in FAILED_VALIDATION or FAILED with an event saying why.
Looking at a job never does its work; each look shows the next status the job
went through (waiting for it if the job has not moved on yet), so a polling
loop sees every status once, in order, whatever the machine's speed.

The training itself is done by a `trainer` the backend is given (the
fine-tuning lesson supplies one that really trains); without one a job fails
with an event that says so. A trainer may say how many conversations make one
step (`batch_size`), which lets a dry run estimate the job and lets `epochs`
stand in for `training_steps`, and it calls `run.check()` after each step so
that a cancelled job stops.

`?dry_run=true` creates nothing: it runs the job's own validator, counts the
training files' tokens with Mistral's v3 tokenizer and answers what the job
would consume.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import queue
import threading
import uuid
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Callable

from . import errors
from .catalog import CREATED
from .schemas import LIMITS, JobRequest

PURPOSES = ("fine-tune", "batch", "ocr")
TERMINAL = {"SUCCESS", "FAILED", "FAILED_VALIDATION", "CANCELLED"}
DEFAULT_TRAINING_STEPS = 100


def _uuid(*parts: bytes) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(b"|".join(parts)).digest()[:16], version=4))


def _missing_file() -> errors.ApiError:
    return errors.validation([{"type": "missing", "loc": ["body", "file"], "msg": "Field required", "input": None}])


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """Form fields of a multipart/form-data body: name -> (filename, bytes)."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise _missing_file()
    try:
        message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode("latin-1") +
                                                      b"\r\n\r\n" + body)
        if not message.is_multipart():
            raise _missing_file()
        fields = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            fields[str(name)] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
        return fields
    except errors.ApiError:
        raise
    except Exception as exc:  # the email parser's view of a malformed form
        raise errors.bad_request(f"The multipart form cannot be read: {type(exc).__name__}") from None


@dataclass
class StoredFile:
    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int
    owner: str = ""

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
    owner: str = ""
    status: str = "QUEUED"
    modified_at: int = 0
    started: bool = False  # POST .../start was called (or auto_start)
    fine_tuned_model: str | None = None
    trained_tokens: int | None = None
    checkpoints: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)  # the job as it was after each status change
    shown: int = 0  # the entry of `history` the client last saw

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

    @property
    def resting(self) -> bool:
        """Nothing will happen to the job until someone acts (or ever)."""
        return self.status in TERMINAL or (self.status == "VALIDATED" and not self.started)


class TrainingCancelled(Exception):
    """Raised by `TrainingRun.check()` when the job was cancelled; the store ends the job CANCELLED."""


@dataclass(frozen=True)
class TrainingRun:
    """What a trainer is handed: the job, and the texts of its files."""
    job_id: str
    base_model: str
    hyperparameters: dict  # training_steps and seq_len are resolved (never None)
    training_data: list[bytes]
    validation_data: list[bytes]
    stop_requested: Callable[[], bool] = lambda: False

    def check(self) -> None:
        """A trainer calls this after each step: it raises TrainingCancelled once the job is cancelled."""
        if self.stop_requested():
            raise TrainingCancelled(self.job_id)


@dataclass(frozen=True)
class TrainingOutcome:
    checkpoints: list[dict]  # {"step_number", "metrics": {"train_loss", "valid_loss", "valid_mean_token_accuracy"}}
    trained_tokens: int
    model: object = None  # whatever the trainer wants chat requests for the new model to reach


def check_training_data(files: list[tuple[str, bytes]]):
    """The one validator of training data, for the dry run and for the job: (reports, first problem or None).

    Each file must be UTF-8 JSONL that passes the fine-tuning lesson's checks and mistral-common's, and there
    must be at least one conversation to learn from.
    """
    from ..finetune_data import validate_text  # the same checks the fine-tuning lesson teaches

    reports, error = [], None
    for name, data in files:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            error = error or f"{name}: not UTF-8 text (byte {exc.start} cannot be decoded)"
            continue
        try:
            report = validate_text(text, name)
        except Exception as exc:  # a check that cannot cope with a line is a problem of that file, not a crash
            error = error or f"{name}: the file could not be checked ({type(exc).__name__}: {exc})"
            continue
        reports.append(report)
        if report.problems and not error:
            error = f"{name}, line {report.problems[0].line}: {report.problems[0].message}"
    if not error and not sum(r.conversations for r in reports):
        error = f"{', '.join(name for name, _ in files)}: no conversations to train on"
    return reports, error


class Store:
    def __init__(self, trainer=None):
        self.files: dict[str, StoredFile] = {}
        self.jobs: dict[str, Job] = {}
        self.models: dict[str, object] = {}  # fine-tuned model name -> trainer's model
        self.trainer = trainer
        self.lock = threading.RLock()  # guards files, jobs, models and the counters; never held while working
        self._clock = 0
        self._uploads = 0
        self._created_jobs = 0
        self._queue: queue.Queue[str] = queue.Queue()
        self._worker: threading.Thread | None = None

    def _tick(self) -> int:
        self._clock += 1
        return CREATED + self._clock

    # ------------------------------------------------------------------ files
    def upload(self, fields: dict, owner: str = "") -> dict:
        if "file" not in fields:
            raise _missing_file()
        filename, data = fields["file"]
        raw_purpose = fields.get("purpose", (None, b"fine-tune"))[1]
        try:
            purpose = raw_purpose.decode("utf-8") or "fine-tune"
        except UnicodeDecodeError:
            purpose = raw_purpose.decode("latin-1")
        if purpose not in PURPOSES:
            raise errors.validation([{"type": "enum", "loc": ["body", "purpose"], "input": purpose,
                                      "msg": "Input should be " + ", ".join(f"'{p}'" for p in PURPOSES)}])
        with self.lock:
            file = StoredFile(_uuid(b"file", str(self._uploads).encode(), data), filename or "upload",
                              purpose, data, self._tick(), owner)
            self._uploads += 1  # never goes back, so a new upload never takes a deleted file's id
            self.files[file.id] = file
        return file.card()

    def file(self, file_id: str, owner: str = "") -> StoredFile:
        with self.lock:
            file = self.files.get(file_id)
        if file is None or file.owner != owner:
            raise errors.not_found(f"File {file_id} not found")
        return file

    def list_files(self, purpose: str | None = None, owner: str = "") -> dict:
        with self.lock:
            data = [f.card() for f in self.files.values() if purpose in (None, f.purpose) and f.owner == owner]
        return {"data": data, "object": "list", "total": len(data)}

    def delete_file(self, file_id: str, owner: str = "") -> dict:
        with self.lock:
            self.file(file_id, owner)
            del self.files[file_id]
        return {"id": file_id, "object": "file", "deleted": True}

    # ------------------------------------------------------------------ jobs
    def create_job(self, req: JobRequest, known_model, owner: str = "") -> dict:
        with self.lock:
            self._check(req, known_model, owner)
            job_id = _uuid(b"job", str(self._created_jobs).encode(), req.model_dump_json().encode())
            self._created_jobs += 1
            job = Job(job_id, req, self._tick(), owner, started=req.auto_start)
            job.modified_at = job.created_at
            self._event(job)
            self.jobs[job_id] = job
            self._enqueue(job_id)
            return job.summary()

    def dry_run(self, req: JobRequest, known_model, owner: str = "") -> dict:
        """What the job would consume, counted and estimated by the job's own validator; nothing is created."""
        from ..finetune_data import EXAMPLE_PRICE_PER_MILLION

        with self.lock:
            self._check(req, known_model, owner)
            files = [(self.files[f.file_id].filename, self.files[f.file_id].data) for f in req.training_files]
        reports, error = check_training_data(files)
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
        elif error:
            details += f" The job would fail validation: {error}."
        return {"object": "job.metadata", "deprecated": True, "details": details, "training_steps": steps,
                "train_tokens_per_step": per_step, "train_tokens": train_tokens, "data_tokens": data_tokens,
                "epochs": round(steps * batch / conversations, 4) if per_step else None,
                "expected_duration_seconds": None, "estimated_start_time": None,
                "cost": round(train_tokens / 1e6 * EXAMPLE_PRICE_PER_MILLION, 4) if train_tokens else None,
                "cost_currency": "USD" if train_tokens else None}

    def _steps(self, req: JobRequest, conversations: int) -> int:
        """training_steps as asked; else enough steps for `epochs` passes (at most the limit); else the default."""
        hp = req.hyperparameters
        if hp.training_steps:
            return hp.training_steps
        if hp.epochs and self._batch_size and conversations:
            return min(LIMITS.max_training_steps, max(1, math.ceil(hp.epochs * conversations / self._batch_size)))
        return DEFAULT_TRAINING_STEPS

    @property
    def _batch_size(self) -> int | None:
        """Conversations per training step, if the trainer says."""
        return getattr(self.trainer, "batch_size", None)

    def _check(self, req: JobRequest, known_model, owner: str) -> None:
        if not known_model(req.model):
            raise errors.invalid_model(req.model)
        if not req.training_files:
            raise errors.bad_request("At least one training file is required")
        for file_id in [f.file_id for f in req.training_files] + list(req.validation_files or []):
            file = self.file(file_id, owner)
            if file.purpose != "fine-tune":
                raise errors.bad_request(
                    f"File {file_id} was uploaded with purpose '{file.purpose}'; "
                    "fine-tuning needs files uploaded with purpose 'fine-tune'")

    def job(self, job_id: str, owner: str = "") -> Job:
        with self.lock:
            job = self.jobs.get(job_id)
        if job is None or job.owner != owner:
            raise errors.not_found(f"Job {job_id} not found")
        return job

    def list_jobs(self, status: str | None = None, owner: str = "") -> dict:
        with self.lock:
            data = [j.summary() for j in self.jobs.values() if status in (None, j.status) and j.owner == owner]
        return {"data": data, "object": "list", "total": len(data)}

    def has_news(self, job_id: str, owner: str = "") -> bool:
        """Whether a look at the job can answer now: it has a status the client has not seen, or it is resting
        (or it does not exist, which is answered at once too)."""
        with self.lock:
            job = self.jobs.get(job_id)
            return job is None or job.owner != owner or job.shown < len(job.history) - 1 or job.resting

    def poll(self, job_id: str, owner: str = "") -> dict:
        """GET a job: the next status it went through that the client has not seen, else the job as it is."""
        with self.lock:
            job = self.job(job_id, owner)
            job.shown = min(job.shown + 1, len(job.history) - 1)
            return job.history[job.shown]

    def start(self, job_id: str, owner: str = "") -> dict:
        with self.lock:
            job = self.job(job_id, owner)
            if job.status != "VALIDATED" or job.started:
                raise errors.bad_request(f"Job {job_id} cannot be started: its status is {job.status}")
            job.started = True
            self._set(job, "RUNNING")
            self._enqueue(job_id)
            return self._shown(job)

    def cancel(self, job_id: str, owner: str = "") -> dict:
        with self.lock:
            job = self.job(job_id, owner)
            if job.status in TERMINAL:
                raise errors.bad_request(f"Job {job_id} cannot be cancelled: its status is {job.status}")
            if job.status != "CANCELLATION_REQUESTED":
                waiting = job.resting  # at VALIDATED waiting for start: not in the worker's hands
                self._set(job, "CANCELLATION_REQUESTED")
                if waiting:
                    self._enqueue(job_id)
            return self._shown(job)

    def _shown(self, job: Job) -> dict:
        job.shown = len(job.history) - 1
        return job.history[-1]

    def _event(self, job: Job, **data) -> None:
        job.events.append({"name": "status-updated", "data": {"status": job.status, **data},
                           "created_at": job.modified_at})
        job.history.append(job.detail())

    def _set(self, job: Job, status: str, **data) -> None:
        job.status, job.modified_at = status, self._tick()
        self._event(job, **data)

    # ------------------------------------------------------------------ the worker
    def _enqueue(self, job_id: str) -> None:
        self._queue.put(job_id)
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._work, name="fine-tuning-worker", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            try:
                self._run(self.jobs[job_id])
            except Exception as exc:  # the last guard: a job never stays stuck
                with self.lock:
                    job = self.jobs[job_id]
                    if job.status not in TERMINAL:
                        self._set(job, "FAILED", error=f"Internal error in the offline backend: "
                                                       f"{type(exc).__name__}: {exc}")

    def _files_of(self, job: Job, ids: list[str]) -> tuple[list[tuple[str, bytes]], str | None]:
        """(name, bytes) of the job's files, or the first one that is gone; called with the lock held."""
        out = []
        for file_id in ids:
            file = self.files.get(file_id)
            if file is None or file.owner != job.owner:
                return [], f"file {file_id} was deleted"
            out.append((file.filename, file.data))
        return out, None

    def _run(self, job: Job) -> None:
        r = job.request
        ids = [f.file_id for f in r.training_files] + list(r.validation_files or [])
        with self.lock:
            status = job.status
            if status == "CANCELLATION_REQUESTED":
                self._set(job, "CANCELLED")
                return
            if status == "QUEUED":
                self._set(job, "VALIDATING")
                files, gone = self._files_of(job, ids)
        if status == "RUNNING":  # started by hand after validation
            self._train(job)
        if status != "QUEUED":
            return
        _, error = check_training_data(files) if not gone else ([], gone)
        with self.lock:
            if job.status == "CANCELLATION_REQUESTED":
                self._set(job, "CANCELLED")
                return
            if error:
                self._set(job, "FAILED_VALIDATION", error=error)
                return
            self._set(job, "VALIDATED")
            if not job.started:
                return  # POST .../start queues it again
            self._set(job, "RUNNING")
        self._train(job)

    def _train(self, job: Job) -> None:
        r = job.request
        with self.lock:
            if self.trainer is None:
                self._set(job, "FAILED", error="This offline backend was started without a trainer, "
                                               "so it cannot run fine-tuning jobs.")
                return
            training, gone = self._files_of(job, [f.file_id for f in r.training_files])
            validation, gone_too = self._files_of(job, list(r.validation_files or []))
            if gone or gone_too:
                self._set(job, "FAILED", error=f"Training could not start: {gone or gone_too}.")
                return
        training_data = [data for _, data in training]
        conversations = sum(1 for data in training_data for line in data.splitlines() if line.strip())
        hyperparameters = {**r.hyperparameters.model_dump(), "training_steps": self._steps(r, conversations),
                           "seq_len": r.hyperparameters.seq_len or LIMITS.max_seq_len}
        run = TrainingRun(job.id, r.model, hyperparameters, training_data, [data for _, data in validation],
                          stop_requested=lambda: job.status == "CANCELLATION_REQUESTED")
        try:
            outcome = self.trainer(run)
        except TrainingCancelled:
            outcome = None
        except Exception as exc:
            with self.lock:
                self._set(job, "FAILED", error=f"Training failed: {type(exc).__name__}: {exc}")
            return
        with self.lock:
            if job.status == "CANCELLATION_REQUESTED" or outcome is None:
                self._set(job, "CANCELLED")
                return
            name = f"ft:{r.model}:{job.id[:8]}:{_date(job.created_at)}:{r.suffix or job.id[-8:]}"
            job.checkpoints = [{**c, "created_at": job.modified_at} for c in outcome.checkpoints]
            job.trained_tokens, job.fine_tuned_model = outcome.trained_tokens, name
            self.models[name] = outcome.model
            self._set(job, "SUCCESS")


def _date(timestamp: int) -> str:
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).strftime("%Y%m%d")
