"""What the scenario scripts share: the CLI's JSON answers, a free port, HTTP calls that never
raise, waiting for a server, and a fresh workspace with its API key."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = __file__.rsplit("/scripts/", 1)[0]
BINARY = f"{ROOT}/.build/debug/replywright"


def run(binary, *args, env=None):
    """A `replywright` command's JSON answer (its last line of output)."""
    out = subprocess.run([binary, *args], capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def fresh_workspace(binary, database, name):
    """Migrates `database` and creates a workspace there: (workspace id, API key)."""
    run(binary, "migrate", "--database", database)
    workspace = run(binary, "admin", "create-workspace", "--name", name, "--database", database)["id"]
    return workspace, run(binary, "admin", "create-api-key", "--workspace", workspace, "--database", database)["key"]


def sqlite_scratch(prefix):
    """A new scratch folder with the path of a SQLite file in it: (folder, file, database URL)."""
    scratch = tempfile.mkdtemp(prefix=prefix)
    path = os.path.join(scratch, "replywright.sqlite")
    return scratch, path, "sqlite:" + path


def start_serve(binary, database, scratch, *flags, env=None):
    """`replywright serve` on a free port, logging to scratch/serve.log, once it answers:
    (process, base URL). `env` adds to the environment."""
    port = free_port()
    log = open(os.path.join(scratch, "serve.log"), "a")
    process = subprocess.Popen([binary, "serve", "--port", str(port), "--database", database, *flags], stdout=log, stderr=log,
                               env=dict(os.environ, **(env or {})))
    base = f"http://127.0.0.1:{port}"
    wait_for_http(base)
    return process, base


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url, key=None, body=None, content_type="application/json", method=None, opener=None, timeout=30):
    """(status, body bytes); status 0 when no answer came (refused, reset, timed out).
    `body`: bytes as they are, anything else as JSON."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method or ("POST" if data is not None else "GET"))
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    if data is not None:
        request.add_header("Content-Type", content_type)
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except Exception as error:
        return 0, str(error).encode()


def wait_for_http(base, timeout=60):
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if call(base + "/health/live", timeout=2)[0] == 200:
            return
        time.sleep(0.1)
    sys.exit(f"the server at {base} did not come up")
