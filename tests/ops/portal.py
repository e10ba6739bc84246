"""The portal as production runs it: gunicorn, DEBUG off, on a given PostgreSQL database,
listening on a free loopback port; and `Visitor`, a person using it over HTTP.

Used by the outage and load tests and by bench/outage.py and bench/loadtest.py.
"""

import html
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from tests.ops.pgcluster import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


class PortalServer:
    """gunicorn serving alscare.wsgi with production settings over plain HTTP on 127.0.0.1."""

    def __init__(self, database_url, workers=2, threads=4):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.workers, self.threads = workers, threads
        self.process = None
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Loopback only, no TLS proxy in front: no redirect to https, no proxy to trust.
            "SECURE_SSL_REDIRECT": "0",
            "TRUSTED_PROXY_COUNT": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("REDIS_URL", None)

    def manage(self, *args):
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self):
        """Migrate the database and collect static files, as a deployment does."""
        self.manage("migrate", "--noinput")
        # Only does something when the cache lives in the database.
        self.manage("createcachetable")
        self.manage("collectstatic", "--noinput")

    def start(self, timeout=60):
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "alscare.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: a pipe nobody reads fills up and then blocks every worker.
            stderr=self.log,
        )
        if not wait_until(lambda: self.process.poll() is not None or self.healthy(), timeout, 0.2):
            self.stop()
            raise RuntimeError("gunicorn did not answer /healthz in time")
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.stop()}")

    def healthy(self):
        try:
            return Visitor(self.base_url).get("/healthz").status == 200
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
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def hidden_value(self, name):
        """The value of the hidden input `name` in the page, or None."""
        match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.text) or re.search(
            rf'value="([^"]*)" name="{re.escape(name)}"', self.text
        )
        return html.unescape(match.group(1)) if match else None


class Visitor:
    """One person's browser, reduced to cookies and forms: no redirects are followed.

    Production marks cookies Secure; a browser would only send them over https, but this
    visitor talks plain HTTP to loopback, so it keeps and sends them itself.
    """

    def __init__(self, base_url, timeout=10):
        self.host, port = base_url.removeprefix("http://").split(":")
        self.port = int(port)
        self.timeout = timeout
        self.cookies = {}

    def request(self, method, path, fields=None):
        body = urlencode(fields, doseq=True).encode() if fields is not None else None
        headers = {"Host": f"{self.host}:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.getheaders(), answer.read())
        finally:
            connection.close()
        for key, value in response.headers:
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, fields)

    def submit(self, path, fields, form_page=None):
        """POST `fields` to `path` with the CSRF token of the form page (GET `path` by default)."""
        page = form_page or self.get(path)
        token = page.hidden_value("csrfmiddlewaretoken")
        if token is None:
            raise AssertionError(f"no CSRF token on {path} (status {page.status})")
        return self.post(path, {**fields, "csrfmiddlewaretoken": token})

    def log_in(self, email, password):
        response = self.submit("/accounts/login/", {"login": email, "password": password})
        if response.status != 302:
            raise AssertionError(f"logging in as {email} answered {response.status}")
        return response


SEED_CAREGIVERS = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from alscare.diary import services
from alscare.diary.models import Membership, Role

count, diaries, password, tag = {args!r}
User = get_user_model()
owner_email = f"owner-{{tag}}@example.com"
owner = User.objects.create_user(username=owner_email.split("@")[0], email=owner_email, password=password)
diary_ids = [services.create_diary(owner, f"Load {{tag}} {{n}}").pk for n in range(diaries)]
people = []
for n in range(count):
    email = f"caregiver{{n}}-{{tag}}@example.com"
    user = User.objects.create_user(username=email.split("@")[0], email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    diary_id = diary_ids[n % diaries]
    Membership.objects.create(diary_id=diary_id, user=user, role=Role.EDITOR)
    people.append([email, diary_id])
print(json.dumps({{"diaries": diary_ids, "caregivers": people}}))
"""


def seed_caregivers(server, count, diaries, password):
    """`count` caregivers, each an editor of one of `diaries` new diaries (shared in turn).

    Returns {"diaries": [id, ...], "caregivers": [[email, diary_id], ...]}.
    """
    tag = secrets.token_hex(4)
    output = server.manage("shell", "-c", SEED_CAREGIVERS.format(args=(count, diaries, password, tag)))
    return json.loads(output.strip().splitlines()[-1])
