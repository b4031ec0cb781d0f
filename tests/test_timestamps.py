"""Trusted timestamps: a time-stamping authority built with OpenSSL on loopback (a CA and
a TSA certificate made in the test's folder, `openssl ts -reply` answering each query),
`archiver timestamp` asking it to sign the chain head, and `verify --integrity` checking
every token kept: a good one, one for another head, a corrupted one."""

import hashlib
import shutil
import sqlite3
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import cli

from .conftest import SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")

TSA_CONFIG = """
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ ca_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ tsa_ext ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = {dir}/serial
signer_cert = {dir}/tsa.pem
signer_key = {dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def tsa(tmp_path_factory):
    """(URL, CA certificate file, the queries it answered) of a TSA on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("tsa")
    (folder / "tsa.cnf").write_text(TSA_CONFIG.format(dir=folder))
    (folder / "serial").write_text("01\n")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
             "ca.pem", "-days", "2", "-subj", "/CN=Loopback Test Root", "-config", "tsa.cnf",
             "-extensions", "ca_ext", cwd=folder)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
             "-subj", "/CN=Loopback Test TSA", "-config", "tsa.cnf", cwd=folder)
    _openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "tsa.pem", "-days", "2", "-extfile", "tsa.cnf",
             "-extensions", "tsa_ext", cwd=folder)
    lock = threading.Lock()
    queries: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                queries.append(query)
                (folder / "query.tsq").write_bytes(query)
                done = subprocess.run(
                    ["openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", "query.tsq",
                     "-out", "reply.tsr"], cwd=folder, capture_output=True, timeout=60)
                reply = (folder / "reply.tsr").read_bytes() if done.returncode == 0 else b""
            if self.path == "/garbage":
                reply = b"not a timestamp reply"
            self.send_response(200 if reply else 500)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsr", folder / "ca.pem", queries
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, sample_server):
    from archiver.pipeline import Archiver, archive_sources
    from archiver.resolve import Resolver
    from archiver.store import open_archive

    from .conftest import local_http

    path = tmp_path_factory.mktemp("stamped") / "archive.db"
    db = open_archive(path)
    http = local_http(retries=0)
    archiver = Archiver(db, http, Resolver(http, syndication_url=f"{sample_server.url}/x",
                                           oembed_url=f"{sample_server.url}/x"))
    list(archive_sources(archiver, [str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt"),
                                    *sample_server.page_urls()[:2]]))
    db.conn.close()
    return path


@pytest.fixture
def archive(pristine, tmp_path):
    copy = tmp_path / "archive.db"
    shutil.copy(pristine, copy)
    return copy


def head(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT seq, chain_sha256 FROM evidence_chain ORDER BY seq DESC"
                            " LIMIT 1").fetchone()
    finally:
        conn.close()


def stamp(archive, tsa_url, ca, *extra):
    return CliRunner().invoke(cli, ["timestamp", "--tsa", tsa_url, "--tsa-ca", str(ca),
                                    "--db", str(archive), *extra])


def integrity(archive):
    result = CliRunner().invoke(cli, ["verify", "--integrity", "--db", str(archive)])
    return result.exit_code, result.stdout.splitlines()


def tamper(path, *statements):
    """Drop the guard, write, and put the guard back, as an attacker would."""
    conn = sqlite3.connect(path)
    (guard,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'timestamps_no_update'"
                            ).fetchone()
    conn.execute("DROP TRIGGER timestamps_no_update")
    for statement, params in statements:
        conn.execute(statement, params)
    conn.execute(guard)
    conn.commit()
    conn.close()


def test_a_good_token_signs_the_head_and_verifies_here_and_with_openssl(archive, tsa, tmp_path):
    url, ca, _queries = tsa
    seq, sha = head(archive)
    result = stamp(archive, url, ca)
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"timestamp 1: {url} signed head #{seq} {sha} at ")
    code, lines = integrity(archive)
    assert code == 0 and lines[-3].endswith(": intact"), lines
    assert lines[-1].startswith(f"timestamps: 1, the newest by {url} at ")
    assert lines[-1].endswith(f"over head #{seq}")
    # The token kept is what OpenSSL itself verifies over the head's 32 bytes.
    conn = sqlite3.connect(archive)
    token, head_sha = conn.execute("SELECT token, head_sha256 FROM timestamps").fetchone()
    conn.close()
    (tmp_path / "token.tsr").write_bytes(token)
    (tmp_path / "head.bin").write_bytes(bytes.fromhex(head_sha))
    check = subprocess.run(["openssl", "ts", "-verify", "-data", "head.bin", "-in", "token.tsr",
                            "-CAfile", str(ca)], cwd=tmp_path, capture_output=True, text=True)
    assert "Verification: OK" in check.stdout, check.stdout + check.stderr
    # The token is chained: the head moved past it.
    assert head(archive)[0] == seq + 1


def test_a_token_for_another_head(archive, tsa):
    url, ca, _queries = tsa
    assert stamp(archive, url, ca).exit_code == 0
    conn = sqlite3.connect(archive)
    other_seq, other = conn.execute("SELECT seq, chain_sha256 FROM evidence_chain"
                                    " WHERE seq = 3").fetchone()
    conn.close()
    tamper(archive, ("UPDATE timestamps SET head_seq = ?, head_sha256 = ? WHERE id = 1",
                     (other_seq, other)))
    code, lines = integrity(archive)
    assert code == 1
    assert lines[:2] == [  # the row that fails its hash first, then what it says
        "timestamps 1: row changed: the row differs from the one chained when it was written",
        f"timestamps 1: timestamp: the token signs another head than {other}"]


def test_a_corrupted_token(archive, tsa):
    url, ca, _queries = tsa
    assert stamp(archive, url, ca).exit_code == 0
    conn = sqlite3.connect(archive)
    (token,) = conn.execute("SELECT token FROM timestamps").fetchone()
    conn.close()
    broken = bytearray(token)
    broken[-20] ^= 0x01  # inside the signature
    tamper(archive, ("UPDATE timestamps SET token = ? WHERE id = 1", (bytes(broken),)))
    code, lines = integrity(archive)
    assert code == 1
    assert lines[:2] == [
        "timestamps 1: content mismatch: token no longer hashes to its token_sha256",
        "timestamps 1: row changed: the row differs from the one chained when it was written"]
    assert lines[2].startswith("timestamps 1: timestamp: the token does not verify: ")
    assert all(len(line) < 300 for line in lines)


def test_a_token_not_up_to_a_trusted_root_is_refused_and_not_kept(archive, tsa, tmp_path):
    url, _ca, _queries = tsa
    other = tmp_path / "other-ca.pem"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out",
             str(other), "-days", "1", "-subj", "/CN=Someone Else", cwd=tmp_path)
    seq, sha = head(archive)
    result = stamp(archive, url, other)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"archiver: {url}: the token does not hold: ")
    assert len(result.stderr.splitlines()) == 1
    assert head(archive) == (seq, sha)  # nothing stored


def test_an_authority_that_answers_nonsense_or_nothing(archive, tsa):
    url, ca, _queries = tsa
    result = stamp(archive, url.replace("/tsr", "/garbage"), ca)
    assert result.exit_code == 1
    assert "answered something that is not a timestamp response" in result.stderr
    closed = stamp(archive, "http://127.0.0.1:9/tsr", ca)
    assert closed.exit_code == 1 and closed.stderr.startswith("archiver: POST http://127.0.0.1:9/")
    missing = CliRunner().invoke(cli, ["timestamp", "--tsa", url, "--db",
                                       str(Path(archive).with_name("none.db"))])
    assert (missing.exit_code, missing.stderr) == (
        1, f"archiver: no archive at {Path(archive).with_name('none.db')}\n")


def test_an_authority_url_that_is_not_a_url_is_one_line(archive, tsa):
    _url, ca, _queries = tsa
    seq_sha = head(archive)
    result = stamp(archive, "http://[::1/tsr", ca)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    [line] = result.stderr.splitlines()
    assert line.startswith("archiver: ") and "http://[::1/tsr" in line
    assert line.endswith("not a valid URL (Invalid IPv6 URL)")
    assert head(archive) == seq_sha  # nothing stored


def test_the_query_asks_for_the_heads_sha256_with_a_nonce(archive, tsa):
    url, ca, queries = tsa
    _seq, sha = head(archive)
    before = len(queries)
    assert stamp(archive, url, ca).exit_code == 0
    query = queries[before]
    assert hashlib.sha256(bytes.fromhex(sha)).digest() in query  # the message imprint
    text = subprocess.run(["openssl", "ts", "-query", "-in", "/dev/stdin", "-text"],
                          input=query, capture_output=True).stdout.decode()
    assert "Nonce: 0x" in text and "sha256" in text
