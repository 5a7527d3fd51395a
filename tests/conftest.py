import pytest

from mistral_course.backend import course_api
from mistral_course.offline import offline_client, offline_http_client
from mistral_course.offline.server import make_server


@pytest.fixture
def api():
    return course_api()


@pytest.fixture
def client(api):
    """The real SDK, answered in-process by a fresh offline API."""
    return offline_client(api)


@pytest.fixture
def http(api):
    """A plain HTTP client on the same API, for paths the SDK no longer has."""
    return offline_http_client(api)


@pytest.fixture
def server(api):
    """The same API served on a real socket on 127.0.0.1; yields its base URL."""
    srv = make_server(api, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def user(text):
    return [{"role": "user", "content": text}]
