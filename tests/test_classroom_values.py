"""classroom/z2jh-values.yaml, checked the way the Zero to JupyterHub chart checks values, without helm.

KEYS lists every key the file may set, each read in the chart's documented values schema (chart 4.x,
JupyterHub 5.5) with the type it documents there; a key outside it, or of another type, fails. Under a
free-form key (hub.services.NAME, hub.loadRoles.NAME, hub.extraConfig, hub.config.CLASS, extraEnv, and
Kubernetes objects such as extraContainers) the chart passes what it gets through, so the checks there are
the file's own: ports that agree, one image, and no key written in it.
"""

from pathlib import Path

import pytest
import yaml

VALUES = Path(__file__).resolve().parents[1] / "classroom" / "z2jh-values.yaml"

KEYS = {  # path: the documented type (a tuple where the schema allows several); "free" = passed through
    "hub": dict, "hub.config": dict, "hub.config.JupyterHub": "free", "hub.config.Authenticator": "free",
    "hub.services": dict, "hub.services.gateway": "free",
    "hub.loadRoles": dict, "hub.loadRoles.user": "free", "hub.loadRoles.gateway": "free",
    "hub.extraConfig": dict, "hub.extraConfig.classroom": str,
    "hub.service": dict, "hub.service.extraPorts": list,
    "hub.extraContainers": list,
    "hub.networkPolicy": dict, "hub.networkPolicy.ingress": list,
    "proxy": dict, "proxy.chp": dict, "proxy.chp.networkPolicy": dict, "proxy.chp.networkPolicy.egress": list,
    "singleuser": dict, "singleuser.image": dict, "singleuser.image.name": str, "singleuser.image.tag": str,
    "singleuser.defaultUrl": (str, type(None)), "singleuser.storage": dict,
    "singleuser.storage.type": ("dynamic", "static", "none"),
    "singleuser.extraEnv": (dict, list),
    "singleuser.networkPolicy": dict, "singleuser.networkPolicy.egress": list,
}


def walk(node, prefix=""):
    for key, value in node.items():
        path = f"{prefix}.{key}" if prefix else key
        yield path, value
        if isinstance(value, dict) and KEYS.get(path) is dict:
            yield from walk(value, path)


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load(VALUES.read_text())


def test_every_key_is_one_the_chart_documents_with_its_type(values):
    for path, value in walk(values):
        assert path in KEYS, f"{path} is not a key this file was checked for"
        expected = KEYS[path]
        if expected == "free":
            assert isinstance(value, dict), path
        elif isinstance(expected, tuple) and isinstance(expected[0], str):
            assert value in expected, path
        else:
            assert isinstance(value, expected), path


def test_the_gateway_the_hub_routes_to_is_the_one_learners_call_and_the_container_serves(values):
    hub, singleuser = values["hub"], values["singleuser"]
    (container,) = hub["extraContainers"]
    env = {item["name"]: item for item in container["env"]}
    port = container["ports"][0]["containerPort"]
    assert hub["services"]["gateway"]["url"] == f"http://hub:{port}"
    assert {"name": "gateway", "port": port, "targetPort": port} in hub["service"]["extraPorts"]
    assert singleuser["extraEnv"]["MISTRAL_SERVER_URL"] == f"http://hub:{port}/services/gateway"
    assert env["JUPYTERHUB_SERVICE_URL"]["value"].endswith(f":{port}")
    assert env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == "/services/gateway/"
    for rules in (hub["networkPolicy"]["ingress"], singleuser["networkPolicy"]["egress"],
                  values["proxy"]["chp"]["networkPolicy"]["egress"]):
        assert any({"port": port} in rule["ports"] for rule in rules)
    assert container["image"] == f"{singleuser['image']['name']}:{singleuser['image']['tag']}"
    assert container["command"] == ["python", "-m", "mistral_course.gateway"]
    assert "access:services!service=gateway" in hub["loadRoles"]["user"]["scopes"]
    assert "spawner.api_token" in hub["extraConfig"]["classroom"]


def test_no_key_or_password_is_written_in_the_file(values):
    (container,) = values["hub"]["extraContainers"]
    env = {item["name"]: item for item in container["env"]}
    assert env["MISTRAL_API_KEY"] == {"name": "MISTRAL_API_KEY", "valueFrom": {"secretKeyRef": {
        "name": "mistral-instructor-key", "key": "MISTRAL_API_KEY"}}}
    assert "value" not in env["JUPYTERHUB_API_TOKEN"]
    assert values["singleuser"]["extraEnv"]["MISTRAL_API_KEY"] == ""
    assert "SharedPasswordAuthenticator" not in values["hub"]["config"]
    assert "api_token" not in values["hub"]["services"]["gateway"]
