"""The portal as production runs it, for tests and benches that need a real server: gunicorn
serving alscare.wsgi with DEBUG off on a free loopback port (`PortalServer`), the environment
`make serve` gives it (`production_env`), the deployment steps (`prepare`, `manage`), and
`Visitor`, one person's browser over plain HTTP.

Used by tests/ops, tests/scale, bench/throughput.py and, through bench/served.py,
bench/loadtest.py and bench/outage.py.
"""

import html
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def free_port():
    """A TCP port on 127.0.0.1 that nothing listened on a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout, interval=0.05):
    """True as soon as `condition()` is true, False if it is still false after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def production_env(database_url, redis_url=None, **extra):
    """The environment `make serve` gives the portal, on loopback without TLS: Redis as the
    shared cache only when `redis_url` is given, else the database's cache table."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no redirect to https, no proxy to trust.
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXY_COUNT": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args, timeout=600):
    """Run `manage.py *args` in `env` and return what it printed; raise if it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(env):
    """Migrate the database, make the cache table and collect static files, as a deployment does."""
    manage(env, "migrate", "--noinput")
    # Only used when the cache lives in the database, not in Redis.
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput")


class PortalServer:
    """gunicorn serving the portal in `env` on a free loopback port: `workers` processes, each
    with `threads` threads (gunicorn's sync worker when None). `start()` returns once
    `health_path` answers 200."""

    def __init__(self, env, workers=2, threads=None, health_path="/healthz"):
        self.env = env
        self.workers = workers
        self.threads = threads
        self.health_path = health_path
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, timeout=60):
        command = [
            GUNICORN,
            "alscare.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
        ]
        if self.threads:
            command += ["--threads", str(self.threads)]
        # A worker stuck on a stopped database is replaced after 30 s; stop() need not wait long.
        command += ["--timeout", "30", "--graceful-timeout", "5"]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: a pipe nobody reads fills up and then blocks every worker.
            stderr=self.log,
        )
        if not wait_until(lambda: self.process.poll() is not None or self.healthy(), timeout, 0.1):
            raise RuntimeError(f"gunicorn did not answer {self.health_path} in time:\n{self.stop()}")
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.stop()}")
        return self

    def healthy(self):
        try:
            return Visitor(self.base_url).get(self.health_path).status == 200
        except OSError:
            return False

    def stop(self):
        """Stop gunicorn and return what it wrote to stderr (its log)."""
        if self.process is None:
            return ""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        self.log.seek(0)
        log = self.log.read().decode(errors="replace")
        self.log.close()
        return log


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def header(self, name):
        """The first value of the header `name`, or None."""
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return values[0] if values else None

    def hidden_value(self, name):
        """The value of the hidden input `name` in the page, or None."""
        match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.text) or re.search(
            rf'value="([^"]*)" name="{re.escape(name)}"', self.text
        )
        return html.unescape(match.group(1)) if match else None


class Visitor:
    """One person's browser reduced to cookies and forms; it follows no redirects. It can
    talk to any server of the portal (`on`), as a browser behind a load balancer does.

    Production marks cookies Secure, which a browser sends only over https; this one talks
    plain HTTP to loopback, so it keeps and sends them itself. Every server sees the same
    host name, as behind a load balancer (allauth counts failed logins per host and address).
    """

    HOST = "127.0.0.1"

    def __init__(self, base_url, timeout=15):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = {}

    def on(self, base_url):
        """The same visitor, now talking to another server."""
        self.base_url = base_url
        return self

    def request(self, method, path, fields=None, headers=None):
        host, port = self.base_url.removeprefix("http://").split(":")
        body = urlencode(fields, doseq=True).encode() if fields is not None else None
        sent = {"Host": self.HOST, **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        connection = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            reply = connection.getresponse()
            response = Response(reply.status, reply.getheaders(), reply.read())
        finally:
            connection.close()
        for key, value in response.headers:
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie = rest.split(";", 1)[0]
                if cookie in ("", '""'):
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = cookie
        return response

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        return self.request("POST", path, fields, headers=headers)

    def submit(self, path, fields, form_path=None):
        """POST `fields` to `path` with the CSRF token of its form (on `form_path`, by default
        `path` itself), as a browser does."""
        page = self.get(form_path or path)
        token = page.hidden_value("csrfmiddlewaretoken")
        if token is None:
            raise AssertionError(f"no CSRF token on {path} (status {page.status})")
        return self.post(
            path, {**fields, "csrfmiddlewaretoken": token}, headers={"Referer": self.base_url + path}
        )

    def log_in(self, email, password):
        """Sign in through the login form; raise unless the portal redirects (signed in)."""
        response = self.submit("/accounts/login/", {"login": email, "password": password})
        if response.status != 302:
            raise AssertionError(f"logging in as {email} answered {response.status}")
        return response
