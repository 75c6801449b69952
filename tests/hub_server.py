"""A stand-in for the Hugging Face Hub's HTTP API, for tests that download with the real client.

The real ``huggingface_hub`` code (``snapshot_download``, ``hf_hub_download``, ``HfApi``) runs
against it once ``HF_ENDPOINT`` names ``hub.url``, so the tests exercise the client's own caching,
offline fallback and resume logic rather than a mock of it. It listens on 127.0.0.1 only and
serves model repos from memory:

- ``GET /api/models/{repo}`` and ``/api/models/{repo}/revision/{rev}``: model info
- ``GET /api/models/{repo}/tree/{rev}[/{path}]``: the file listing (one page, no ``Link``)
- ``GET /api/models/{repo}/refs``: branches and tags
- ``HEAD`` and ``GET /{repo}/resolve/{rev}/{path}``: file metadata and bytes (``Range`` honoured)
- ``GET /api/agent-harnesses``: an empty registry (the client asks once a day per ``HF_HOME``)

Errors carry ``X-Error-Code`` (``RepoNotFound``, ``RevisionNotFound``, ``EntryNotFound``) because
that header, not the status code, is what the client turns into its typed exceptions.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

# Files the real Hub keeps in LFS: its default .gitattributes patterns, plus anything large.
LFS_SUFFIXES = frozenset(
    {".bin", ".safetensors", ".model", ".spm", ".pt", ".pth", ".onnx", ".h5", ".msgpack", ".gguf"}
)
LFS_MIN_SIZE = 1024 * 1024

_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def _git_blob_sha1(data: bytes) -> str:
    """The id git gives a blob: what the Hub reports as ``oid`` and uses as a non-LFS ETag."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _lfs_pointer(sha256: str, size: int) -> bytes:
    """The pointer file git stores in place of an LFS file (its blob id is the tree ``oid``)."""
    return (
        f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()
    )


@dataclass(frozen=True)
class HubFile:
    """One file of a commit, with the hashes the client checks against."""

    path: str
    data: bytes
    blob_id: str
    sha256: str | None  # set only for LFS files
    pointer_size: int | None

    @classmethod
    def build(cls, path: str, data: bytes) -> HubFile:
        if len(data) > LFS_MIN_SIZE or Path(path).suffix.lower() in LFS_SUFFIXES:
            sha256 = hashlib.sha256(data).hexdigest()
            pointer = _lfs_pointer(sha256, len(data))
            return cls(path, data, _git_blob_sha1(pointer), sha256, len(pointer))
        return cls(path, data, _git_blob_sha1(data), None, None)

    @property
    def etag(self) -> str:
        """The client names the cached blob after this: sha256 for LFS files, else git sha1."""
        return self.sha256 or self.blob_id

    def lfs(self) -> dict[str, Any] | None:
        if self.sha256 is None:
            return None
        return {"oid": self.sha256, "size": len(self.data), "pointerSize": self.pointer_size}


@dataclass
class Commit:
    sha: str
    files: dict[str, HubFile]
    date: str


@dataclass
class Repo:
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    created: str = ""

    def resolve(self, revision: str) -> Commit | None:
        """A branch, tag or full commit sha, as the Hub accepts them."""
        sha = self.branches.get(revision) or self.tags.get(revision) or revision
        return self.commits.get(sha)

    def default_branch(self) -> str:
        return "main" if "main" in self.branches else next(iter(self.branches))


@dataclass
class _CutOff:
    times: int
    after_bytes: int | None


class StandInHub:
    """An in-memory Hub on 127.0.0.1; ``stop()`` closes every socket to simulate an outage."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._repos: dict[str, Repo] = {}
        self._cut_offs: dict[str, _CutOff] = {}
        self._requests: list[tuple[str, str]] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0  # a restart binds the same port, so an imported HF_ENDPOINT stays valid

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``, the value for ``HF_ENDPOINT``."""
        if not self._port:
            raise RuntimeError("the hub has not been started")
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> StandInHub:
        """Listen (again, on the same port after a ``stop()``) and serve in a daemon thread."""
        if self._server is not None:
            return self
        server = _Server(self, self._port)
        self._port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close the listening socket and every open connection, so clients get refused."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._server = self._thread = None
        server.shutdown()
        server.server_close()
        server.drop_connections()
        if thread is not None:
            thread.join()

    def __enter__(self) -> StandInHub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- content ---------------------------------------------------------------------------

    def add_commit(
        self, repo_id: str, folder: Path, branch: str = "main", tags: tuple[str, ...] = ()
    ) -> str:
        """Publish the files under ``folder`` as a new commit on ``branch``; return its sha.

        The sha depends only on the repo, how many commits it has and the files, so a test run
        is reproducible. Earlier commits stay downloadable by sha; ``tags`` move to this one.
        """
        folder = Path(folder)
        if not folder.is_dir():
            raise NotADirectoryError(folder)
        files: dict[str, HubFile] = {}
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                path = file.relative_to(folder).as_posix()
                files[path] = HubFile.build(path, file.read_bytes())
        with self._lock:
            repo = self._repos.setdefault(repo_id, Repo())
            index = len(repo.commits)
            digest = hashlib.sha1(f"{repo_id}\0{index}\0".encode())
            for path, hub_file in files.items():
                digest.update(f"{path}\0{hub_file.blob_id}\0".encode())
            sha = digest.hexdigest()
            date = (_EPOCH + timedelta(minutes=index)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            repo.commits[sha] = Commit(sha, files, date)
            repo.created = repo.created or date
            repo.branches[branch] = sha
            for tag in tags:
                repo.tags[tag] = sha
        return sha

    # -- fault injection and inspection ----------------------------------------------------

    def cut_off(self, path_in_repo: str, times: int = 1, after_bytes: int | None = None) -> None:
        """Truncate the next ``times`` GETs of that file: full ``Content-Length``, partial body
        (``after_bytes``, default half of what the response owes), then the connection closes."""
        with self._lock:
            self._cut_offs[path_in_repo] = _CutOff(times, after_bytes)

    @property
    def requests(self) -> list[tuple[str, str]]:
        """A copy of ``(method, path)`` for every request so far; path unquoted, no query."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    # -- used by the handler ---------------------------------------------------------------

    def _record(self, method: str, path: str) -> None:
        with self._lock:
            self._requests.append((method, path))

    def _repo(self, repo_id: str) -> Repo | None:
        with self._lock:
            return self._repos.get(repo_id)

    def _take_cut_off(self, path_in_repo: str) -> _CutOff | None:
        with self._lock:
            cut = self._cut_offs.get(path_in_repo)
            if cut is None:
                return None
            cut.times -= 1
            if cut.times <= 0:
                del self._cut_offs[path_in_repo]
            return cut


class _Server(ThreadingHTTPServer):
    """Tracks its connections: ``shutdown()`` alone leaves keep-alive ones being served."""

    daemon_threads = True

    def __init__(self, hub: StandInHub, port: int) -> None:
        self.hub = hub
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can stall on DNS; skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-response are routine here; keep the test output clean."""

    def drop_connections(self) -> None:
        with self._open_lock:
            conns = list(self._open)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """Routes the few URLs ``huggingface_hub`` downloads through; anything else is a 404."""

    protocol_version = "HTTP/1.1"  # keep-alive, and Content-Length framing the client checks
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request lines BaseHTTPRequestHandler writes to stderr."""

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    def do_POST(self) -> None:
        self._dispatch(head=False)

    do_PUT = do_DELETE = do_PATCH = do_POST

    # -- routing ---------------------------------------------------------------------------

    def _dispatch(self, head: bool) -> None:
        split = urlsplit(self.path)
        hub = self.server.hub
        hub._record(self.command, unquote(split.path))
        if self.command not in ("GET", "HEAD"):
            self.close_connection = True  # its body is unread; don't parse it as a request
            self._error(404, None, "Not found", head)
            return
        segments = split.path.split("/")[1:]
        query = parse_qs(split.query)
        if segments == ["api", "agent-harnesses"]:
            # Fetched once a day per HF_HOME for the user agent; an empty registry is cached.
            self._json({"standardEnvVars": [], "harnesses": {}}, head)
        elif segments[:2] == ["api", "models"]:
            self._api(segments[2:], query, head)
        elif "resolve" in segments[1:3]:
            self._resolve(segments, head)
        else:
            self._error(404, None, "Not found", head)

    def _split_repo(self, segments: list[str], marker: str | None) -> tuple[str, int] | None:
        """The repo id at the start of ``segments`` (``ns/name`` or a bare legacy ``name``) and
        how many segments it took; ``marker`` is the word that must follow it, if any."""
        names = [unquote(s) for s in segments]
        for n in (2, 1):
            if len(names) < n or (marker is not None and names[n : n + 1] != [marker]):
                continue
            if self.server.hub._repo("/".join(names[:n])) is not None:
                return "/".join(names[:n]), n
        for n in (2, 1):
            if marker is None or names[n : n + 1] == [marker]:
                return "/".join(names[:n]), n
        return None

    def _api(self, rest: list[str], query: dict[str, list[str]], head: bool) -> None:
        found = self._split_repo(rest, None)
        repo = self.server.hub._repo(found[0]) if found else None
        if found is None or repo is None:
            self._error(404, "RepoNotFound", "Repository not found", head)
            return
        repo_id, n = found
        action = rest[n:]
        if not action or (action[0] == "revision" and len(action) == 2):
            revision = unquote(action[1]) if action else repo.default_branch()
            commit = self._commit(repo, revision, head)
            if commit is not None:
                blobs = _flag(query, "blobs")
                self._json(_model_info(repo_id, repo, commit, blobs), head)
        elif action[0] == "tree" and len(action) >= 2:
            commit = self._commit(repo, unquote(action[1]), head)
            if commit is not None:
                prefix = unquote("/".join(action[2:])).strip("/")
                entries = _tree(commit, prefix, _flag(query, "recursive"))
                if entries is None:
                    self._error(404, "EntryNotFound", f"{prefix} does not exist", head)
                else:
                    self._json(entries, head)
        elif action == ["refs"]:
            with self.server.hub._lock:  # add_commit may be adding a branch meanwhile
                refs = _refs(repo)
            self._json(refs, head)
        else:
            self._error(404, None, "Not found", head)

    def _resolve(self, segments: list[str], head: bool) -> None:
        found = self._split_repo(segments, "resolve")
        repo = self.server.hub._repo(found[0]) if found else None
        if found is None or repo is None:
            self._error(404, "RepoNotFound", "Repository not found", head)
            return
        _, n = found
        if len(segments) < n + 3:
            self._error(404, None, "Not found", head)
            return
        commit = self._commit(repo, unquote(segments[n + 1]), head)
        if commit is None:
            return
        path = "/".join(unquote(s) for s in segments[n + 2 :])
        hub_file = commit.files.get(path)
        if hub_file is None:
            # The client caches the absence per commit (.no_exist/<sha>/...) from this header.
            extra = {"X-Repo-Commit": commit.sha}
            self._error(404, "EntryNotFound", "Entry not found", head, extra)
            return
        self._send_file(commit, hub_file, head)

    def _commit(self, repo: Repo, revision: str, head: bool) -> Commit | None:
        commit = repo.resolve(revision)
        if commit is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}", head)
        return commit

    # -- responses -------------------------------------------------------------------------

    def _send_file(self, commit: Commit, hub_file: HubFile, head: bool) -> None:
        data, size = hub_file.data, len(hub_file.data)
        start, end = 0, size - 1
        status = 200
        byte_range = self.headers.get("Range")
        if not head and byte_range:
            parsed = _parse_range(byte_range, size)
            if parsed is None:
                extra = {"Content-Range": f"bytes */{size}"}
                self._error(416, None, "Range not satisfiable", head, extra)
                return
            start, end = parsed
            status = 206
        body = data[start : end + 1]
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", f'"{hub_file.etag}"')
        self.send_header("X-Repo-Commit", commit.sha)
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if head:
            return
        cut = self.server.hub._take_cut_off(hub_file.path)
        if cut is None:
            self.wfile.write(body)
            return
        sent = len(body) // 2 if cut.after_bytes is None else min(cut.after_bytes, len(body))
        with contextlib.suppress(OSError):
            self.wfile.write(body[:sent])
            self.wfile.flush()
            # FIN after a short body: the client sees the message end early and may resume.
            self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def _json(self, payload: Any, head: bool, status: int = 200) -> None:
        self._reply(status, json.dumps(payload).encode(), {}, head)

    def _error(
        self,
        status: int,
        code: str | None,
        message: str,
        head: bool,
        extra: dict[str, str] | None = None,
    ) -> None:
        headers = {"X-Error-Message": message, **(extra or {})}
        if code is not None:
            headers["X-Error-Code"] = code
        self._reply(status, json.dumps({"error": message}).encode(), headers, head)

    def _reply(self, status: int, body: bytes, headers: dict[str, str], head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _flag(query: dict[str, list[str]], name: str) -> bool:
    """Boolean query parameters arrive as ``true``/``True``/``1`` depending on the caller."""
    return query.get(name, ["false"])[-1].lower() in ("1", "true")


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """``bytes=N-`` (what the client sends to resume) or ``bytes=N-M``; None if unsatisfiable."""
    unit, _, spec = header.partition("=")
    first, sep, last = spec.partition("-")
    if unit.strip() != "bytes" or not sep or "," in spec:
        return None
    try:
        if first:
            start, end = int(first), int(last) if last else size - 1
        else:  # suffix range: the last N bytes
            start, end = max(size - int(last), 0), size - 1
    except ValueError:
        return None
    if start >= size or start > end:
        return None
    return start, min(end, size - 1)


def _model_info(repo_id: str, repo: Repo, commit: Commit, blobs: bool) -> dict[str, Any]:
    """The fields ``ModelInfo`` reads; ``blobs=true`` adds sizes and LFS info to siblings."""
    siblings = []
    for hub_file in commit.files.values():
        sibling: dict[str, Any] = {"rfilename": hub_file.path}
        if blobs:
            sibling.update(size=len(hub_file.data), blobId=hub_file.blob_id)
            if hub_file.sha256 is not None:
                sibling["lfs"] = {
                    "sha256": hub_file.sha256,
                    "size": len(hub_file.data),
                    "pointerSize": hub_file.pointer_size,
                }
        siblings.append(sibling)
    author = repo_id.split("/")[0] if "/" in repo_id else None
    return {
        "_id": hashlib.sha1(repo_id.encode()).hexdigest()[:24],
        "id": repo_id,
        "modelId": repo_id,
        "author": author,
        "sha": commit.sha,
        "lastModified": commit.date,
        "createdAt": repo.created,
        "private": False,
        "disabled": False,
        "gated": False,
        "downloads": 0,
        "likes": 0,
        "tags": [],
        "siblings": siblings,
        "spaces": [],
        "usedStorage": sum(len(f.data) for f in commit.files.values()),
    }


def _tree(commit: Commit, prefix: str, recursive: bool) -> list[dict[str, Any]] | None:
    """Files and folders under ``prefix``, as ``/tree`` lists them; None if no such folder."""
    base = f"{prefix}/" if prefix else ""
    paths = [p for p in commit.files if p.startswith(base)]
    if prefix and not paths:
        return None
    folders: set[str] = set()
    entries: list[dict[str, Any]] = []
    for path in paths:
        parts = path[len(base) :].split("/")
        depth = len(parts) if recursive else 1
        for i in range(1, min(depth, len(parts) - 1) + 1):
            folders.add(base + "/".join(parts[:i]))
        if recursive or len(parts) == 1:
            hub_file = commit.files[path]
            entry: dict[str, Any] = {
                "type": "file",
                "oid": hub_file.blob_id,
                "size": len(hub_file.data),
                "path": path,
            }
            if (lfs := hub_file.lfs()) is not None:
                entry["lfs"] = lfs
            entries.append(entry)
    for folder in folders:
        oid = hashlib.sha1(f"tree {commit.sha} {folder}".encode()).hexdigest()
        entries.append({"type": "directory", "oid": oid, "size": 0, "path": folder})
    return sorted(entries, key=lambda e: e["path"])


def _refs(repo: Repo) -> dict[str, Any]:
    """What ``HfApi.list_repo_refs`` parses."""

    def refs(kind: str, names: dict[str, str]) -> list[dict[str, str]]:
        return [
            {"name": name, "ref": f"refs/{kind}/{name}", "targetCommit": sha}
            for name, sha in names.items()
        ]

    return {
        "branches": refs("heads", repo.branches),
        "tags": refs("tags", repo.tags),
        "converts": [],
        "pullRequests": [],
    }
