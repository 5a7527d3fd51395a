"""Everything a lesson needs to talk to Mistral's models. Read me!

    from helper import get_client, mistral
    client = get_client()                       # prints which backend is active
    print(mistral("Hello, who are you?"))

The backend is chosen by environment variables (a `.env` file works too):
- MISTRAL_BACKEND=offline|mistral|local, if set;
- otherwise `mistral` when MISTRAL_API_KEY is set, else `offline`.
`offline` needs no key and no network; `local` talks to MISTRAL_SERVER_URL.
"""

from mistral_course import backend
from mistral_course.reply_text import text_of  # noqa: F401  (the text of any answer, for the lessons)

_client = None  # the client `mistral()` and `get_text_embedding()` share


def load_mistral_api_key():
    """Your key from the environment or a `.env` file, or None. It is never printed."""
    return backend.api_key()


def get_client(quiet=False):
    """A ready `mistralai.client.Mistral` for the active backend."""
    global _client
    client = backend.make_client()
    if not quiet:
        print(backend.banner())
    _client = client
    return client


def _shared_client():
    global _client
    if _client is None:
        _client = backend.make_client()
    return _client


def mistral(prompt, model="mistral-small-latest", is_json=False):
    """Send one user message and return the answer's text (without a reasoning model's thinking)."""
    response = _shared_client().chat.complete(
        model=model,
        messages=[{"role": "user", "content": prompt}],
        response_format={"type": "json_object"} if is_json else None,
    )
    return text_of(response)


def get_text_embedding(text_or_texts, model="mistral-embed"):
    """One embedding (a list of 1024 floats) for a string, or a list of them for a list of strings."""
    texts = [text_or_texts] if isinstance(text_or_texts, str) else list(text_or_texts)
    response = _shared_client().embeddings.create(model=model, inputs=texts)
    vectors = [item.embedding for item in response.data]
    return vectors[0] if isinstance(text_or_texts, str) else vectors
