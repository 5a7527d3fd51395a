"""Running a GGUF file with llama.cpp, through llama-cpp-python: logits, perplexity, speed, llama.cpp's own
quantizer, and its OpenAI-compatible server on loopback. Lesson 08 and tests/test_llamacpp_server.py use it.

llama-cpp-python compiles llama.cpp when it is installed (requirements-llama.txt); where that failed,
`missing()` says so in one sentence and lessons 00-07 are unaffected.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

INSTALL = ('CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install -r requirements-llama.txt (it compiles llama.cpp: '
           'a C++ compiler and CMake are needed, and about 5 minutes)')
FTYPES = {"Q8_0": 7, "Q4_0": 2}  # llama.cpp's LLAMA_FTYPE_MOSTLY_Q8_0 and _Q4_0


def missing() -> str | None:
    """None when llama-cpp-python and gguf import; otherwise one sentence saying what to install."""
    try:
        import gguf  # noqa: F401
        import llama_cpp  # noqa: F401
    except Exception as exc:  # not installed, or its compiled library would not load
        return f"llama-cpp-python or gguf is missing ({type(exc).__name__}: {exc}); install them with {INSTALL}."
    return None


def quiet() -> None:
    """Silence llama.cpp's own log lines (they go straight to the process's stderr, bypassing Python)."""
    import llama_cpp

    @llama_cpp.llama_log_callback
    def drop(level, text, user_data):
        pass

    quiet.callback = drop  # keep a reference: C holds the pointer
    llama_cpp.llama_log_set(drop, None)


GGML_TYPE_F32 = 0


def load(path: str | Path, n_ctx: int = 512, threads: int = 2, cache_f32: bool = False):
    """A llama.cpp model and context for `path`, keeping the logits of every position.
    cache_f32: keep the KV cache in 32-bit floats (llama.cpp's default is 16 bits)."""
    from llama_cpp import Llama

    quiet()
    cache = {"type_k": GGML_TYPE_F32, "type_v": GGML_TYPE_F32} if cache_f32 else {}
    return Llama(model_path=str(path), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads, logits_all=True,
                 verbose=False, seed=0, **cache)


def logits(llm, tokens: list[int]) -> np.ndarray:
    """llama.cpp's logits (positions x vocabulary) for `tokens`, evaluated from an empty cache."""
    llm.reset()
    llm.eval(tokens)
    return np.array(llm.scores[:len(tokens)], dtype=np.float32)


def answer_loss(llm, encoded: list[tuple[list[int], list[int]]]) -> float:
    """Mean cross-entropy over the answer tokens (labels other than -100), as lesson 06 measures it."""
    total, count = 0.0, 0
    for ids, labels in encoded:
        scores = logits(llm, ids)[:-1].astype(np.float64)
        targets = np.array(labels[1:])
        keep = targets != -100
        shifted = scores[keep] - scores[keep].max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        total -= log_probs[np.arange(keep.sum()), targets[keep]].sum()
        count += int(keep.sum())
    return total / count


def perplexity(llm, encoded) -> float:
    return math.exp(answer_loss(llm, encoded))


def tokens_per_second(llm, prompt: list[int], new_tokens: int = 128) -> float:
    """Speed of greedy generation after `prompt`, on this machine (the prompt's own processing not counted)."""
    llm.reset()
    llm.eval(prompt)
    start, produced = time.perf_counter(), 0
    for _ in range(new_tokens):
        token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        llm.eval([token])
        produced += 1
    return produced / (time.perf_counter() - start)


def quantize(source: str | Path, target: str | Path, kind: str, pure: bool = True, threads: int = 2) -> Path:
    """llama.cpp's own quantizer (llama_model_quantize), as its `llama-quantize` tool runs it.
    pure: every matrix in `kind`; otherwise llama.cpp keeps some (the embedding here) at a higher precision."""
    import ctypes

    import llama_cpp

    quiet()
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype, params.nthread, params.pure = FTYPES[kind], threads, pure
    status = llama_cpp.llama_model_quantize(str(source).encode(), str(target).encode(), ctypes.byref(params))
    if status != 0:
        raise RuntimeError(f"llama.cpp could not quantize {source} to {kind} (status {status})")
    return Path(target)


# --------------------------------------------------------------------------- the OpenAI-compatible server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    """llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`) on loopback, serving one
    GGUF file under two names: `chat_name` for chat, and `embed_name` for embeddings (llama.cpp loads a
    model either for generation or for embeddings). Stop it with stop(), or use it in a `with` block."""

    def __init__(self, gguf: str | Path, chat_name: str = "tiny-mistral", embed_name: str = "tiny-mistral-embed",
                 n_ctx: int = 512, port: int | None = None, config_dir: str | Path | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.chat_name, self.embed_name = chat_name, embed_name
        config = {"host": "127.0.0.1", "port": self.port, "models": [
            {"model": str(gguf), "model_alias": chat_name, "n_ctx": n_ctx, "n_threads": 2, "verbose": False},
            {"model": str(gguf), "model_alias": embed_name, "n_ctx": n_ctx, "n_threads": 2, "embedding": True,
             "verbose": False}]}
        folder = Path(config_dir or Path(gguf).parent)
        self.config_file = folder / f"llama-server-{self.port}.json"
        self.config_file.write_text(json.dumps(config, indent=1))
        self.log_file = folder / f"llama-server-{self.port}.log"  # a file, not a pipe: a full pipe would block it
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> "LlamaServer":
        import httpx2

        with self.log_file.open("wb") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--config_file",
                                             str(self.config_file)], stdout=log, stderr=subprocess.STDOUT,
                                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        atexit.register(self.stop)  # never outlive the kernel or test run that started it
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("llama.cpp's server stopped: " + self.log_file.read_text(errors="replace")[-500:])
            try:
                if httpx2.get(self.url + "/v1/models", timeout=2).status_code == 200:
                    return self
            except httpx2.TransportError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"llama.cpp's server did not answer on {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.config_file.unlink(missing_ok=True)
        self.log_file.unlink(missing_ok=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
